import { z } from 'zod';
import { DEFAULT_SCHEDULE_FILE } from './schedule/schema';

const Env = z.object({
  /** The programme as data; replace the file (or point here) for a new edition. */
  VACCINE_SCHEDULE_FILE: z.string().default(DEFAULT_SCHEDULE_FILE),
  VACCINE_APPOINTMENT_TEMPLATE_ID: z.string().min(1).default('sbx_tmpl_vaccine_appointment'),
  VACCINE_DUE_TEMPLATE_ID: z.string().min(1).default('sbx_tmpl_vaccine_due'),
  /** A self-paid appointment holds its dose this long for payment. */
  VACCINE_PAY_MINUTES: z.coerce.number().int().min(5).max(60).default(15),
  /** Reminder and attendance job period; 0 turns the job off (tests run it by hand). */
  VACCINE_JOB_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(86400).default(300),
  /** Booking attempts per user per minute (a rush is many users, not one user many times). */
  VACCINE_BOOK_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(10000).default(20),
  /** Remind guardians of doses due within this many days. */
  VACCINE_DUE_REMINDER_DAYS: z.coerce.number().int().min(0).max(60).default(7),
});

export type VaccineSettings = ReturnType<typeof vaccineSettings>;

/** The vaccines module's settings from the raw environment (config.raw); wrong values stop the start. */
export function vaccineSettings(raw: Record<string, string | undefined>) {
  const r = Env.safeParse(raw);
  if (!r.success) throw new Error(`Invalid vaccines configuration: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const e = r.data;
  return {
    scheduleFile: e.VACCINE_SCHEDULE_FILE,
    templates: { appointment: e.VACCINE_APPOINTMENT_TEMPLATE_ID, due: e.VACCINE_DUE_TEMPLATE_ID },
    payMinutes: e.VACCINE_PAY_MINUTES,
    jobIntervalMs: e.VACCINE_JOB_INTERVAL_SECONDS * 1000,
    dueReminderDays: e.VACCINE_DUE_REMINDER_DAYS,
    bookRatePerMinute: e.VACCINE_BOOK_RATE_PER_MINUTE,
  };
}
