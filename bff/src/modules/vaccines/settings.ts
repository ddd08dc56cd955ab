import { z } from 'zod';
import { DEFAULT_SCHEDULE_FILE } from './schedule/schema';

/** The vaccines module's variables (parsed with the rest in config.ts). */
export const VaccinesEnv = {
  /** The programme as data; replace the file (or point here) for a new edition. */
  VACCINE_SCHEDULE_FILE: z.string().default(DEFAULT_SCHEDULE_FILE),
  VACCINE_APPOINTMENT_TEMPLATE_ID: z.string().min(1).default('sbx_tmpl_vaccine_appointment'),
  VACCINE_DUE_TEMPLATE_ID: z.string().min(1).default('sbx_tmpl_vaccine_due'),
  /** 到苗提醒: the one-time subscribe message sent when a vaccine is back at a clinic. */
  VACCINE_STOCK_TEMPLATE_ID: z.string().min(1).default('sbx_tmpl_vaccine_stock'),
  /** A self-paid appointment holds its dose this long for payment. */
  VACCINE_PAY_MINUTES: z.coerce.number().int().min(5).max(60).default(15),
  /** Reminder and attendance job period; 0 turns the job off (tests run it by hand). */
  VACCINE_JOB_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(86400).default(300),
  /** Booking attempts per user per minute (a rush is many users, not one user many times). */
  VACCINE_BOOK_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(10000).default(20),
  /** Remind guardians of doses due within this many days. */
  VACCINE_DUE_REMINDER_DAYS: z.coerce.number().int().min(0).max(60).default(7),
};

export type VaccineSettings = ReturnType<typeof vaccineSettings>;

export function vaccineSettings(e: z.output<z.ZodObject<typeof VaccinesEnv>>) {
  return {
    scheduleFile: e.VACCINE_SCHEDULE_FILE,
    templates: { appointment: e.VACCINE_APPOINTMENT_TEMPLATE_ID, due: e.VACCINE_DUE_TEMPLATE_ID, stock: e.VACCINE_STOCK_TEMPLATE_ID },
    payMinutes: e.VACCINE_PAY_MINUTES,
    jobIntervalMs: e.VACCINE_JOB_INTERVAL_SECONDS * 1000,
    dueReminderDays: e.VACCINE_DUE_REMINDER_DAYS,
    bookRatePerMinute: e.VACCINE_BOOK_RATE_PER_MINUTE,
  };
}
