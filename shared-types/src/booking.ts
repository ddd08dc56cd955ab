import { z } from 'zod';
import { IsoDate, EntityId } from './common';
import { BOOKING_STATUS_LABELS, CANCEL_REASONS } from './booking-labels';

/**
 * Appointments (预约挂号): browse hospitals → departments → doctors → schedules, book a time slot
 * for a family member (HIS hold 15 min → pay → confirmed), cancel with refund, 我的预约.
 * Money in fen; times ISO 8601 with +08:00; dates YYYY-MM-DD (China).
 */

export const SessionCode = z.enum(['am', 'pm']);
export type SessionCode = z.infer<typeof SessionCode>;

// ---- rules (data per hospital) ---------------------------------------------------------------

const HHmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 HH:mm');

export const BookingRules = z.object({
  /** Dates today … today + windowDays − 1 can be booked; the last of them opens at releaseTime. */
  windowDays: z.number().int().min(7).max(28),
  /** 放号时间: when the newest day of the window opens, e.g. 07:00. */
  releaseTime: HHmm,
  /** Whether today's slots can be booked online (otherwise at the hospital's window). */
  sameDayBooking: z.boolean(),
  /** Booking for tomorrow closes at this time today, e.g. 15:00. */
  nextDayCutoff: HHmm,
  limits: z.object({
    /** Per patient, per hospital department, per session (上午/下午), per day. */
    perDepartmentSession: z.number().int().min(1),
    /** Per patient per calendar week (Monday–Sunday) of the visit date. */
    perWeek: z.number().int().min(1),
    /** Per patient per calendar month of the visit date. */
    perMonth: z.number().int().min(1),
  }),
  /** Cancel (and get the fee back) until `time` on the day `daysBefore` days before the visit. */
  cancelCutoff: z.object({ daysBefore: z.number().int().min(0).max(7), time: HHmm }),
  /** No-shows (爽约) in one calendar year: `count` of them suspend booking for `blockDays` days. */
  noShow: z.object({ tiers: z.array(z.object({ count: z.number().int().min(1), blockDays: z.number().int().min(1) })).min(1) }),
  /**
   * 签到 on the visit day: from `opensMinutesBefore` the slot's start until `closesMinutesAfter` it
   * (later than that the patient goes to the 分诊台, where the HIS's 过号 rule applies).
   */
  checkIn: z.object({ opensMinutesBefore: z.number().int().min(0).max(240), closesMinutesAfter: z.number().int().min(0).max(240) }),
});
export type BookingRules = z.infer<typeof BookingRules>;

/** Which rule refused a booking or cancellation (the error body's `rule`). */
export const BookingRuleName = z.enum(['slot_started', 'same_day', 'next_day_cutoff', 'release_time', 'booking_window', 'per_department_session', 'per_week', 'per_month', 'no_show', 'cancel_cutoff']);
export type BookingRuleName = z.infer<typeof BookingRuleName>;

// ---- browse --------------------------------------------------------------------------------

export const HospitalView = z.object({
  id: z.string(),
  name: z.string(),
  shortName: z.string(),
  level: z.string(),
  type: z.string(),
  address: z.string(),
  phone: z.string(),
  outpatientHours: z.string(),
  intro: z.string(),
  departmentCount: z.number().int(),
});
export type HospitalView = z.infer<typeof HospitalView>;

export const HospitalList = z.object({ items: z.array(HospitalView) });

export const HospitalDetail = HospitalView.extend({
  rules: BookingRules,
  /** The rules in words, for the booking notice (预约须知). */
  notice: z.array(z.string()),
});
export type HospitalDetail = z.infer<typeof HospitalDetail>;

export const DepartmentView = z.object({
  id: z.string(),
  hospitalId: z.string(),
  name: z.string(),
  group: z.string(),
  intro: z.string(),
  location: z.string(),
  doctorCount: z.number().int(),
});
export type DepartmentView = z.infer<typeof DepartmentView>;

export const DepartmentGroups = z.object({
  hospitalId: z.string(),
  groups: z.array(z.object({ group: z.string(), items: z.array(DepartmentView) })),
});
export type DepartmentGroups = z.infer<typeof DepartmentGroups>;

export const DoctorView = z.object({
  id: z.string(),
  hospitalId: z.string(),
  hospitalName: z.string(),
  departmentId: z.string(),
  departmentName: z.string(),
  name: z.string(),
  sex: z.enum(['male', 'female']),
  title: z.string(),
  /** 号别: 知名专家 or the title; the fee depends on it. */
  registrationLevel: z.string(),
  feeFen: z.number().int(),
  specialty: z.string(),
  intro: z.string(),
  nextAvailableDate: z.string().nullable(),
});
export type DoctorView = z.infer<typeof DoctorView>;

export const DoctorList = z.object({ departmentId: z.string(), items: z.array(DoctorView) });

export const SlotView = z.object({
  id: z.string(),
  start: z.string(),
  end: z.string(),
  remaining: z.number().int(),
  bookable: z.boolean(),
});
export type SlotView = z.infer<typeof SlotView>;

export const SessionView = z.object({
  id: z.string(),
  date: z.string(),
  session: SessionCode,
  sessionLabel: z.string(),
  start: z.string(),
  end: z.string(),
  slotMinutes: z.number().int(),
  feeFen: z.number().int(),
  capacity: z.number().int(),
  remaining: z.number().int(),
  /** Open for booking now by the hospital's rules (window, release time, cut-offs) and not full. */
  bookable: z.boolean(),
  /** Why not, in words (未放号 … / 已约满 / 已截止), when not bookable. */
  status: z.enum(['open', 'full', 'not_open', 'closed']),
  statusText: z.string(),
  /** When it opens, for a not-yet-released date. */
  opensAt: z.string().nullable(),
  slots: z.array(SlotView),
});
export type SessionView = z.infer<typeof SessionView>;

export const ScheduleQuery = z.object({ from: IsoDate.optional(), to: IsoDate.optional() });

export const DoctorSchedule = z.object({
  doctor: DoctorView,
  from: z.string(),
  to: z.string(),
  items: z.array(SessionView),
  /** True when the hospital system could not be reached and these counts are from a few moments ago. */
  stale: z.boolean(),
});
export type DoctorSchedule = z.infer<typeof DoctorSchedule>;

export const SearchQuery = z.object({
  q: z.string().trim().min(1, '请输入医生姓名或科室名称').max(20, '搜索词不能超过20个字'),
  hospitalId: EntityId.max(16).optional(),
});

export const SearchResult = z.object({
  q: z.string(),
  departments: z.array(DepartmentView.extend({ hospitalName: z.string() })),
  doctors: z.array(DoctorView),
});
export type SearchResult = z.infer<typeof SearchResult>;

// ---- bookings ------------------------------------------------------------------------------

export const BookingStatus = z.enum([
  'pending_payment', // held at the HIS, waiting for payment
  'confirming', // paid; the HIS confirmation is on its way
  'confirmed', // 预约成功
  'checked_in', // 已签到 (then seen; the queue tells which)
  'no_show', // 爽约
  'cancelled', // 已取消 (by the user, or by the system when the HIS refused)
  'expired', // 未支付，已超时
]);
export type BookingStatus = z.infer<typeof BookingStatus>;

export { BOOKING_STATUS_LABELS, CANCEL_REASONS };

export const CreateBookingRequest = z
  .object({
    slotId: EntityId,
    memberId: EntityId,
    /** The user accepted the visit-reminder subscribe message (wx.requestSubscribeMessage). */
    subscribeReminder: z.boolean().optional(),
  })
  .strict();
export type CreateBookingRequest = z.infer<typeof CreateBookingRequest>;

export const CancelBookingRequest = z.object({ reason: z.enum(CANCEL_REASONS).optional() }).strict();
export type CancelBookingRequest = z.infer<typeof CancelBookingRequest>;

export const BookingView = z.object({
  id: z.string(),
  status: BookingStatus,
  statusLabel: z.string(),
  memberId: z.string(),
  patientName: z.string(),
  hospital: z.object({ id: z.string(), name: z.string() }),
  department: z.object({ id: z.string(), name: z.string(), location: z.string() }),
  doctor: z.object({ id: z.string(), name: z.string(), title: z.string(), registrationLevel: z.string() }),
  date: z.string(),
  session: SessionCode,
  sessionLabel: z.string(),
  start: z.string(),
  end: z.string(),
  feeFen: z.number().int(),
  /** 挂号单号 and 就诊序号 from the HIS. */
  hisAppointmentId: z.string().nullable(),
  visitNo: z.number().int().nullable(),
  /** While pending_payment: the payment order to pay, and when the hold (and the order) run out. */
  payment: z.object({ orderId: z.string(), amountFen: z.number().int() }).nullable(),
  holdExpiresAt: z.string().nullable(),
  /** Whether it can be cancelled now, the cut-off, and why not. */
  cancellable: z.boolean(),
  cancelDeadline: z.string(),
  cancelBlockedReason: z.string().nullable(),
  cancelReason: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  refund: z.object({ amountFen: z.number().int(), status: z.enum(['pending', 'refunded']) }).nullable(),
  reminder: z.enum(['none', 'requested', 'sent', 'refused']),
  /** 签到: the window (always shown for a confirmed visit), whether it is open now, and why not. */
  checkIn: z
    .object({
      opensAt: z.string(),
      closesAt: z.string(),
      open: z.boolean(),
      blockedReason: z.string().nullable(),
      checkedInAt: z.string().nullable(),
      /** The 候诊提醒 subscribe-message template to ask for when checking in (three ahead). */
      queueTemplateId: z.string(),
    })
    .nullable(),
  createdAt: z.string(),
});
export type BookingView = z.infer<typeof BookingView>;

export const BookingTab = z.enum(['upcoming', 'past', 'cancelled']);
export type BookingTab = z.infer<typeof BookingTab>;

export const BookingListQuery = z.object({
  tab: BookingTab.default('upcoming'),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

export const BookingList = z.object({ items: z.array(BookingView), nextCursor: z.string().nullable() });
export type BookingList = z.infer<typeof BookingList>;

export const QuoteQuery = z.object({ slotId: EntityId, memberId: EntityId });

/** What the confirm page shows before money moves: the slot (live count), the fee, the rules, and any refusal. */
export const BookingQuote = z.object({
  slot: z.object({
    id: z.string(),
    date: z.string(),
    session: SessionCode,
    sessionLabel: z.string(),
    start: z.string(),
    end: z.string(),
    remaining: z.number().int(),
  }),
  hospital: z.object({ id: z.string(), name: z.string() }),
  department: z.object({ id: z.string(), name: z.string(), location: z.string() }),
  doctor: z.object({ id: z.string(), name: z.string(), title: z.string(), registrationLevel: z.string() }),
  patientName: z.string(),
  feeFen: z.number().int(),
  holdMinutes: z.number().int(),
  cancelDeadline: z.string(),
  /** False when the cancellation cut-off has already passed: a booking made now cannot be cancelled. */
  cancellableAfterBooking: z.boolean(),
  notice: z.array(z.string()),
  /** null when the booking would be accepted by the rules; otherwise why not. */
  refusal: z.object({ code: z.string(), message: z.string(), rule: BookingRuleName.optional(), until: z.string().optional() }).nullable(),
  /** The visit-reminder subscribe-message template to ask for (wx.requestSubscribeMessage). */
  reminderTemplateId: z.string(),
});
export type BookingQuote = z.infer<typeof BookingQuote>;

// ---- 候补挂号 (waitlist) ------------------------------------------------------------------

/**
 * waiting: in line · offered: a place was held for them (pay the booking before offerExpiresAt) ·
 * booked: they paid · lapsed: the held place was not paid in time (it went to the next in line) ·
 * left: they left the list · skipped: their turn came but the booking rules refused it (they had
 * booked elsewhere meanwhile, a limit) · closed: the session began before a place freed.
 */
export const WaitlistStatus = z.enum(['waiting', 'offered', 'booked', 'lapsed', 'left', 'skipped', 'closed']);
export type WaitlistStatus = z.infer<typeof WaitlistStatus>;

export const WAITLIST_STATUS_LABELS: Record<WaitlistStatus, string> = {
  waiting: '候补中',
  offered: '已为您锁号，待支付',
  booked: '候补成功',
  lapsed: '未按时支付，候补失效',
  left: '已退出候补',
  skipped: '候补未成功',
  closed: '候补未成功',
};

export const JoinWaitlistRequest = z
  .object({
    sessionId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, '出诊时段编号无效'),
    memberId: EntityId,
    /** The user accepted the 候补成功 subscribe message (wx.requestSubscribeMessage). */
    subscribe: z.boolean().optional(),
  })
  .strict();
export type JoinWaitlistRequest = z.infer<typeof JoinWaitlistRequest>;

/** The session waited for, as the entry and the join page show it. */
const WaitlistSessionFields = {
  sessionId: z.string(),
  hospital: z.object({ id: z.string(), name: z.string() }),
  department: z.object({ id: z.string(), name: z.string() }),
  doctor: z.object({ id: z.string(), name: z.string(), title: z.string() }),
  date: z.string(),
  session: SessionCode,
  sessionLabel: z.string(),
  feeFen: z.number().int(),
};

export const WaitlistEntryView = z.object({
  id: z.string(),
  status: WaitlistStatus,
  statusLabel: z.string(),
  memberId: z.string(),
  patientName: z.string(),
  ...WaitlistSessionFields,
  /** While waiting: 1 = next in line. */
  position: z.number().int().nullable(),
  /** While offered: the held booking to pay, and until when. */
  bookingId: z.string().nullable(),
  offerExpiresAt: z.string().nullable(),
  endReason: z.string().nullable(),
  createdAt: z.string(),
});
export type WaitlistEntryView = z.infer<typeof WaitlistEntryView>;

export const WaitlistList = z.object({ items: z.array(WaitlistEntryView) });
export type WaitlistList = z.infer<typeof WaitlistList>;

/** What the join page shows: the session, how many wait, and the rules in words. */
export const WaitlistQuote = z.object({
  ...WaitlistSessionFields,
  /** Free places now (0 when the session is full: only then can one join). */
  remaining: z.number().int(),
  waiting: z.number().int(),
  payMinutes: z.number().int(),
  rules: z.array(z.string()),
  templateId: z.string(),
});
export type WaitlistQuote = z.infer<typeof WaitlistQuote>;

export const WaitlistQuoteQuery = z.object({ sessionId: JoinWaitlistRequest.shape.sessionId });
