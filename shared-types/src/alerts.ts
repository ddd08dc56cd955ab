import { z } from 'zod';
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
export const RotaView = z.object({
  teamId: z.string(),
  entries: z.array(RotaEntry).max(20),
  updatedAt: z.string().nullable(),
});
export type RotaView = z.infer<typeof RotaView>;
export const PutRotaRequest = z.object({
  teamId: z.string().min(1).max(16),
  entries: z.array(RotaEntry).max(20, '值班表最多 20 人'),
});
export type PutRotaRequest = z.infer<typeof PutRotaRequest>;
