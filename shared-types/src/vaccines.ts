import { z } from 'zod';
import { EntityId } from './common';

/**
 * Vaccination (疫苗接种): the child's timeline from the national programme, clinics and sessions,
 * booking (programme doses free and confirmed at once; self-paid doses paid), 我的接种预约 and the
 * 电子接种证. Money in fen; times ISO 8601 with +08:00; dates YYYY-MM-DD (China).
 */

export const VaccineDoseStatus = z.enum(['done', 'due', 'overdue', 'upcoming', 'not_needed']);
export type VaccineDoseStatus = z.infer<typeof VaccineDoseStatus>;

export const VACCINE_DOSE_STATUS_LABELS: Record<VaccineDoseStatus, string> = {
  done: '已接种',
  due: '待接种',
  overdue: '已逾期',
  upcoming: '未到时间',
  not_needed: '无需接种',
};

export const VaccineKind = z.enum(['programme', 'self_paid']);
export type VaccineKind = z.infer<typeof VaccineKind>;

const Date10 = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const VaccineAppointmentStatus = z.enum(['pending_payment', 'confirmed', 'cancelled', 'expired', 'completed', 'no_show']);
export type VaccineAppointmentStatus = z.infer<typeof VaccineAppointmentStatus>;

export const VACCINE_APPOINTMENT_STATUS_LABELS: Record<VaccineAppointmentStatus, string> = {
  pending_payment: '待支付',
  confirmed: '已预约',
  cancelled: '已取消',
  expired: '已失效',
  completed: '已接种',
  no_show: '爽约',
};

// ---- timeline and record -----------------------------------------------------------------

export const VaccineTimelineEntry = z.object({
  code: z.string(),
  name: z.string(),
  series: z.string(),
  dose: z.number().int(),
  totalDoses: z.number().int(),
  status: VaccineDoseStatus,
  recommendedAge: z.string(),
  recommendedDate: Date10,
  earliestDate: Date10.nullable(),
  overdueFrom: Date10.nullable(),
  givenOn: Date10.nullable(),
  live: z.boolean(),
  /** Codes that would equally complete this need (乙脑减毒 ↔ 乙脑灭活). */
  alternatives: z.array(z.string()),
  conditions: z.array(z.string()),
  reason: z.string(),
  /** The member's open appointment for this vaccine, if any. */
  appointment: z.object({ id: z.string(), sessionDate: Date10, clinicName: z.string(), status: VaccineAppointmentStatus }).nullable(),
});
export type VaccineTimelineEntry = z.infer<typeof VaccineTimelineEntry>;

export const VaccineMemberBrief = z.object({
  id: z.string(),
  name: z.string(),
  relationLabel: z.string(),
  sex: z.enum(['male', 'female']),
  birthDate: Date10,
  ageLabel: z.string(),
});

export const VaccineTimeline = z.object({
  member: VaccineMemberBrief,
  today: Date10,
  /** 预防接种证 number (children on the platform). */
  certNo: z.string().nullable(),
  /** The national programme covers children under 18; adults get an empty list and a note. */
  inProgramme: z.boolean(),
  note: z.string().nullable(),
  summary: z.object({ done: z.number().int(), due: z.number().int(), overdue: z.number().int(), upcoming: z.number().int() }),
  entries: z.array(VaccineTimelineEntry),
  scheduleTitle: z.string(),
});
export type VaccineTimeline = z.infer<typeof VaccineTimeline>;

export const VaccinationRecordItem = z.object({
  id: z.string(),
  vaccineCode: z.string(),
  vaccineName: z.string(),
  dose: z.number().int(),
  date: Date10,
  kind: VaccineKind,
  institution: z.string(),
  site: z.string(),
  batchNo: z.string(),
  manufacturer: z.string(),
});

/** 电子接种证: the member's record as the platform holds it. */
export const VaccinationRecord = z.object({
  member: VaccineMemberBrief,
  certNo: z.string().nullable(),
  onPlatform: z.boolean(),
  items: z.array(VaccinationRecordItem),
  programmeSummary: z.object({ done: z.number().int(), outstanding: z.number().int() }),
});
export type VaccinationRecord = z.infer<typeof VaccinationRecord>;

// ---- catalogue, clinics, sessions --------------------------------------------------------

export const VaccineProductView = z.object({
  code: z.string(),
  name: z.string(),
  kind: VaccineKind,
  /** 0 for programme vaccines. The clinic's price for self-paid ones is on the session. */
  priceFen: z.number().int(),
  manufacturer: z.string().nullable(),
  live: z.boolean(),
  doses: z.number().int().nullable(),
  eligibility: z.string(),
  note: z.string(),
});
export type VaccineProductView = z.infer<typeof VaccineProductView>;

export const VaccineCatalogue = z.object({
  programme: z.array(VaccineProductView),
  selfPaid: z.array(VaccineProductView),
  /** Subscribe-message templates to ask for after booking (wx.requestSubscribeMessage). */
  templateIds: z.array(z.string()),
});
export type VaccineCatalogue = z.infer<typeof VaccineCatalogue>;

export const VaccineClinicView = z.object({
  id: z.string(),
  name: z.string(),
  address: z.string(),
  phone: z.string(),
  hours: z.string(),
  intro: z.string(),
  type: z.enum(['children', 'adult']),
  /** Whom the clinic vaccinates (服务对象), by age in whole years: minYears inclusive, maxYears exclusive, null for no bound. */
  serves: z.object({ minYears: z.number().int().nullable(), maxYears: z.number().int().nullable(), label: z.string() }),
  vaccineCodes: z.array(z.string()),
});
export type VaccineClinicView = z.infer<typeof VaccineClinicView>;

export const VaccineClinicList = z.object({ items: z.array(VaccineClinicView) });

export const VaccineClinicsQuery = z.object({
  vaccineCode: z.string().min(1).max(16).optional(),
  /** With a member: only the clinics that serve the member's age today. */
  memberId: EntityId.optional(),
});

export const VaccineSessionsQuery = z.object({
  vaccineCode: z.string().min(1).max(16),
  memberId: EntityId.optional(),
});

export const VaccineSessionView = z.object({
  id: z.string(),
  clinicId: z.string(),
  date: Date10,
  period: z.enum(['am', 'pm']),
  periodLabel: z.string(),
  start: z.string(),
  end: z.string(),
  vaccineCode: z.string(),
  capacity: z.number().int(),
  remaining: z.number().int(),
  priceFen: z.number().int(),
  /** Self-paid only: doses left at the clinic, and when the next batch opens if none is open yet. */
  stock: z.object({ remaining: z.number().int(), nextReleaseAt: z.string().nullable() }).nullable(),
  bookable: z.boolean(),
  /** Why not bookable (full, closed, not yet eligible on that day …). */
  reason: z.string().nullable(),
});
export type VaccineSessionView = z.infer<typeof VaccineSessionView>;

export const VaccineSessionList = z.object({ clinicId: z.string(), vaccineCode: z.string(), vaccineName: z.string(), items: z.array(VaccineSessionView) });
export type VaccineSessionList = z.infer<typeof VaccineSessionList>;

// ---- appointments ------------------------------------------------------------------------

export const CreateVaccineAppointmentRequest = z.object({
  memberId: EntityId,
  clinicId: EntityId.max(16),
  sessionId: EntityId,
  vaccineCode: z.string().min(1).max(16),
});
export type CreateVaccineAppointmentRequest = z.infer<typeof CreateVaccineAppointmentRequest>;

export const VaccineAppointmentView = z.object({
  id: z.string(),
  memberId: z.string(),
  memberName: z.string(),
  clinicId: z.string(),
  clinicName: z.string(),
  clinicAddress: z.string(),
  sessionId: z.string(),
  sessionDate: Date10,
  periodLabel: z.string(),
  start: z.string(),
  end: z.string(),
  vaccineCode: z.string(),
  vaccineName: z.string(),
  dose: z.number().int(),
  kind: VaccineKind,
  priceFen: z.number().int(),
  status: VaccineAppointmentStatus,
  statusLabel: z.string(),
  /** Self-paid: the payment order to pay (payOrder) while pending. */
  orderId: z.string().nullable(),
  payBy: z.string().nullable(),
  refundedFen: z.number().int(),
  cancellable: z.boolean(),
  createdAt: z.string(),
  cancelledAt: z.string().nullable(),
});
export type VaccineAppointmentView = z.infer<typeof VaccineAppointmentView>;

export const VaccineAppointmentList = z.object({ items: z.array(VaccineAppointmentView) });
export type VaccineAppointmentList = z.infer<typeof VaccineAppointmentList>;

export const VaccineAppointmentsQuery = z.object({ scope: z.enum(['active', 'all']).default('all') });

export const CancelVaccineAppointmentRequest = z.object({ reason: z.string().max(60).optional() });
