import { z } from 'zod';
import { intSetting, nameSetting } from '../../config-error';

/** A job period in ms: 0 turns the job off, anything else is at least 100 ms. */
const period = (d: number) => intSetting(d, 0, 86_400_000).refine((v) => v === 0 || v >= 100, 'must be 0 (off) or at least 100 (ms)');

/** The booking module's variables (parsed with the rest in config.ts). */
export const BookingEnv = {
  /** The 就诊提醒 subscribe-message template (a real one is registered in the mini-program admin). */
  BOOKING_REMINDER_TEMPLATE_ID: nameSetting('sbx_tmpl_visit_reminder'),
  /** The 候诊提醒 subscribe-message template (three ahead in the doctor's queue). */
  BOOKING_QUEUE_TEMPLATE_ID: nameSetting('sbx_tmpl_queue_notice'),
  BOOKING_QUEUE_NOTICE_INTERVAL_MS: period(30_000),
  /** How often the doctor full-text index is brought in step with the HIS's doctors. */
  BOOKING_DOCTOR_INDEX_INTERVAL_MS: period(10 * 60_000),
  BOOKING_EXPIRY_INTERVAL_MS: period(30_000),
  BOOKING_VISIT_SYNC_INTERVAL_MS: period(5 * 60_000),
  BOOKING_REMINDER_INTERVAL_MS: period(10 * 60_000),
  /** A place held for the first in line waits this long for payment (at most the HIS's 15-minute hold). */
  BOOKING_WAITLIST_PAY_MINUTES: intSetting(10, 1, 15),
  /** The 候补成功 subscribe-message template. */
  BOOKING_WAITLIST_TEMPLATE_ID: nameSetting('sbx_tmpl_waitlist_offer'),
  /** At most this many wait for one session. */
  BOOKING_WAITLIST_MAX: intSetting(50, 1, 500),
  /** How often sessions with a waitlist are read again (places the HIS added, holds it let go). */
  BOOKING_WAITLIST_INTERVAL_MS: period(30_000),
};

type Parsed = z.output<z.ZodObject<typeof BookingEnv>>;

export function bookingSettings(e: Parsed) {
  return {
    reminderTemplateId: e.BOOKING_REMINDER_TEMPLATE_ID,
    queueTemplateId: e.BOOKING_QUEUE_TEMPLATE_ID,
    queueNoticeEveryMs: e.BOOKING_QUEUE_NOTICE_INTERVAL_MS,
    doctorIndexEveryMs: e.BOOKING_DOCTOR_INDEX_INTERVAL_MS,
    expiryEveryMs: e.BOOKING_EXPIRY_INTERVAL_MS,
    visitSyncEveryMs: e.BOOKING_VISIT_SYNC_INTERVAL_MS,
    reminderEveryMs: e.BOOKING_REMINDER_INTERVAL_MS,
    waitlist: {
      payMinutes: e.BOOKING_WAITLIST_PAY_MINUTES,
      templateId: e.BOOKING_WAITLIST_TEMPLATE_ID,
      maxWaiting: e.BOOKING_WAITLIST_MAX,
      everyMs: e.BOOKING_WAITLIST_INTERVAL_MS,
    },
  };
}

export type BookingSettings = ReturnType<typeof bookingSettings>;
