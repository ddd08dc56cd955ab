import type { DataSource } from 'typeorm';
import type { Tx } from '../../db/data-source';
import type { FieldCrypto } from '../../crypto/field-crypto';
import type { Audit } from '../../audit/audit';
import type { Logger } from '../../logger';
import type { Job } from '../../services';
import type { Upstream } from '../../upstream/http';
import type { WechatClient } from '../../wechat/client';
import type { FamilyService } from '../family/service';
import { BrowseService } from './browse';
import { HisClient } from './his-client';
import { ReminderSender } from './jobs';
import { intervalJob } from '../../jobs';
import { PatientResolver } from './patients';
import type { OutboxPort, PaymentsPort } from './ports';
import { BookingService } from './service';
import { WaitlistService } from './waitlist';
import { VisitDayService } from './visit-day';
import { DoctorIndex } from './doctor-index';
import { TriageService } from './triage';

/** Settings from the environment (config.raw), with the embedded default's values. */
export function bookingSettings(raw: Record<string, string | undefined>) {
  const ms = (v: string | undefined, d: number) => (v && Number.isInteger(Number(v)) && Number(v) >= 100 ? Number(v) : d);
  return {
    /** The 就诊提醒 subscribe-message template (a real one is registered in the mini-program admin). */
    reminderTemplateId: raw.BOOKING_REMINDER_TEMPLATE_ID || 'sbx_tmpl_visit_reminder',
    /** The 候诊提醒 subscribe-message template (three ahead in the doctor's queue). */
    queueTemplateId: raw.BOOKING_QUEUE_TEMPLATE_ID || 'sbx_tmpl_queue_notice',
    queueNoticeEveryMs: ms(raw.BOOKING_QUEUE_NOTICE_INTERVAL_MS, 30_000),
    /** How often the doctor full-text index is brought in step with the HIS's doctors. */
    doctorIndexEveryMs: ms(raw.BOOKING_DOCTOR_INDEX_INTERVAL_MS, 10 * 60_000),
    expiryEveryMs: ms(raw.BOOKING_EXPIRY_INTERVAL_MS, 30_000),
    visitSyncEveryMs: ms(raw.BOOKING_VISIT_SYNC_INTERVAL_MS, 5 * 60_000),
    reminderEveryMs: ms(raw.BOOKING_REMINDER_INTERVAL_MS, 10 * 60_000),
    waitlist: {
      /** A place held for the first in line waits this long for payment (at most the HIS's 15-minute hold). */
      payMinutes: intIn(raw.BOOKING_WAITLIST_PAY_MINUTES, 10, 1, 15, 'BOOKING_WAITLIST_PAY_MINUTES'),
      /** The 候补成功 subscribe-message template. */
      templateId: raw.BOOKING_WAITLIST_TEMPLATE_ID || 'sbx_tmpl_waitlist_offer',
      /** At most this many wait for one session. */
      maxWaiting: intIn(raw.BOOKING_WAITLIST_MAX, 50, 1, 500, 'BOOKING_WAITLIST_MAX'),
      /** How often sessions with a waitlist are read again (places the HIS added, holds it let go); 0 turns it off. */
      everyMs: raw.BOOKING_WAITLIST_INTERVAL_MS === '0' ? 0 : ms(raw.BOOKING_WAITLIST_INTERVAL_MS, 30_000),
    },
  };
}

export type BookingModuleSettings = ReturnType<typeof bookingSettings>;

/** An integer setting within bounds; a wrong value stops the start rather than being guessed at. */
function intIn(v: string | undefined, d: number, min: number, max: number, name: string): number {
  if (v === undefined || v === '') return d;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`Invalid booking configuration: ${name} must be an integer from ${min} to ${max}`);
  return n;
}

export interface BookingDeps {
  ds: DataSource;
  tx: Tx;
  crypto: FieldCrypto;
  audit: Audit;
  logger: Logger;
  upstream: { his: Upstream; platform: Upstream };
  wechat: WechatClient;
  family: FamilyService;
  payments: PaymentsPort;
  outbox: OutboxPort;
  soldOut: SoldOutGate;
  admission: AdmissionCounter;
  raw: Record<string, string | undefined>;
}

import type { SoldOutGate } from '../../http/sold-out';
import type { AdmissionCounter } from '../../http/admission';

/** The booking module: its service, the reminder sender, and its background jobs. */
export function buildBooking(d: BookingDeps): { service: BookingService; waitlist: WaitlistService; visitDay: VisitDayService; doctorIndex: DoctorIndex; triage: TriageService; jobs: Job[] } {
  const settings = bookingSettings(d.raw);
  const his = new HisClient(d.upstream.his);
  const doctorIndex = new DoctorIndex(d.ds, d.tx, his, d.logger);
  const browse = new BrowseService(his, undefined, doctorIndex);
  const patients = new PatientResolver(d.ds, d.crypto, d.family, d.upstream.platform);
  const reminders = new ReminderSender(d.ds, d.wechat, settings.reminderTemplateId, d.logger);
  const service = new BookingService(d.ds, d.tx, his, browse, patients, d.family, d.payments, d.outbox, d.audit, d.logger, { reminderTemplateId: settings.reminderTemplateId, queueTemplateId: settings.queueTemplateId }, reminders, d.soldOut, d.admission);
  const visitDay = new VisitDayService(d.ds, his, service, d.wechat, settings.queueTemplateId, d.audit, d.logger);
  const waitlist = new WaitlistService(d.ds, d.tx, his, service, patients, d.family, d.outbox, d.audit, d.wechat, d.logger, settings.waitlist);
  const jobs = [
    intervalJob('booking-expiry', settings.expiryEveryMs, () => service.expireDue(), d.logger),
    intervalJob('booking-visit-sync', settings.visitSyncEveryMs, () => service.syncVisits(), d.logger),
    intervalJob('booking-reminders', settings.reminderEveryMs, () => service.sendReminders(), d.logger),
    intervalJob('booking-waitlist', settings.waitlist.everyMs, () => waitlist.sweep(), d.logger),
    intervalJob('booking-doctor-index', settings.doctorIndexEveryMs, () => doctorIndex.sync(), d.logger),
    intervalJob('booking-queue-notices', settings.queueNoticeEveryMs, () => visitDay.sendQueueNotices(), d.logger),
  ];
  return { service, waitlist, visitDay, doctorIndex, triage: new TriageService(his), jobs };
}
