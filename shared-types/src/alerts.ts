import { z } from 'zod';
import { CalendarDay } from './common';
import { WorkingHours } from './doctor';
import { ALERT_NOTE_MAX, ALERT_OUTCOMES } from './alert-constants';

export * from './alert-constants';

export const AckAlertRequest = z.object({
  outcome: z.enum(ALERT_OUTCOMES, { message: '请选择处理结果' }),
  note: z.string().trim().max(ALERT_NOTE_MAX, `备注不能超过 ${ALERT_NOTE_MAX} 字`).optional(),
});
export type AckAlertRequest = z.infer<typeof AckAlertRequest>;

/** One step of an alert's delivery: level 0 is the doctor on duty, then the next on the rota, then the team lead. */
export const AlertNotifiedStep = z.object({ level: z.number().int(), staffIds: z.array(z.string()), at: z.string() });
export type AlertNotifiedStep = z.infer<typeof AlertNotifiedStep>;

/** A team's on-call rota: ordered, each person with the hours they cover (end ≤ start: overnight). */
export const RotaEntry = WorkingHours.extend({ staffId: z.string().min(1).max(64) });
export type RotaEntry = z.infer<typeof RotaEntry>;
const RotaDate = CalendarDay;
/** Leave (请假、休假): the person covers none of the shifts that start on these dates, inclusive. */
export const RotaLeave = z.object({ staffId: z.string().min(1).max(64), from: RotaDate, to: RotaDate, note: z.string().trim().max(60).optional() });
export type RotaLeave = z.infer<typeof RotaLeave>;
/** A holiday (法定节假日): its own cover replaces the weekday shifts that would start that day. */
export const RotaHoliday = z.object({
  date: RotaDate,
  name: z.string().trim().min(1, '请填写节假日名称').max(20),
  cover: z.array(z.object({ staffId: z.string().min(1).max(64), start: WorkingHours.shape.start, end: WorkingHours.shape.end })).max(20),
});
export type RotaHoliday = z.infer<typeof RotaHoliday>;
export const RotaMember = z.object({ id: z.string(), name: z.string(), role: z.string(), isLeader: z.boolean() });
export const RotaView = z.object({
  teamId: z.string(),
  entries: z.array(RotaEntry).max(20),
  leave: z.array(RotaLeave),
  holidays: z.array(RotaHoliday),
  /** The team's members, to pick from. */
  members: z.array(RotaMember),
  /** Who covers right now, in order, and until when (HH:mm, China time). */
  onDutyNow: z.array(z.object({ staffId: z.string(), name: z.string(), until: z.string() })),
  /** Whether the caller may change it (the team lead). */
  editable: z.boolean(),
  /** What the automatic reply tells a resident who writes now (who covers, by when to expect a reply); null without a rota. */
  replyPreview: z.string().nullable(),
  updatedAt: z.string().nullable(),
});
export type RotaView = z.infer<typeof RotaView>;
export const PutRotaRequest = z.object({
  teamId: z.string().min(1).max(16),
  entries: z.array(RotaEntry).max(20, '值班表最多 20 人'),
  leave: z.array(RotaLeave).max(100, '请假记录最多 100 条').default([]),
  holidays: z.array(RotaHoliday).max(60, '节假日最多 60 天').default([]),
});
export type PutRotaRequest = z.infer<typeof PutRotaRequest>;
