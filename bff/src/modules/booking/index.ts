import type { DataSource } from 'typeorm';
import type { Tx } from '../../db/data-source';
import type { FieldCrypto } from '../../crypto/field-crypto';
import type { Audit } from '../../audit/audit';
import type { Logger } from '../../logger';
import type { SoldOutGate } from '../../http/sold-out';
import type { AdmissionCounter } from '../../http/admission';
import type { Job } from '../../job';
import type { Upstream } from '../../upstream/http';
import type { WechatClient } from '../../wechat/client';
import type { FamilyService } from '../family/service';
import { BrowseService } from './browse';
import { HisClient } from './his-client';
import { ReminderSender } from './jobs';
import { intervalJob } from '../../jobs';
import { PatientResolver } from './patients';
import type { OutboxPort, PaymentsPort } from './ports';
import type { Notices } from '../messages';
import { BookingService } from './service';
import { WaitlistService } from './waitlist';
import { VisitDayService } from './visit-day';
import { DoctorIndex } from './doctor-index';
import { TriageService } from './triage';
import type { BookingSettings } from './settings';

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
  settings: BookingSettings;
  /** 消息中心: every subscribe message also leaves its durable copy there. */
  notices: Notices;
}

/** The booking module: its service, the reminder sender, and its background jobs. */
export function buildBooking(d: BookingDeps): { service: BookingService; waitlist: WaitlistService; visitDay: VisitDayService; doctorIndex: DoctorIndex; triage: TriageService; jobs: Job[] } {
  const settings = d.settings;
  const his = new HisClient(d.upstream.his);
  const doctorIndex = new DoctorIndex(d.ds, d.tx, his, d.logger);
  const browse = new BrowseService(his, undefined, doctorIndex);
  const patients = new PatientResolver(d.ds, d.crypto, d.family, d.upstream.platform);
  const reminders = new ReminderSender(d.ds, d.wechat, settings.reminderTemplateId, d.logger, d.notices);
  const service = new BookingService(
    d.ds,
    d.tx,
    his,
    browse,
    patients,
    d.family,
    d.payments,
    d.outbox,
    d.audit,
    d.logger,
    { reminderTemplateId: settings.reminderTemplateId, queueTemplateId: settings.queueTemplateId },
    reminders,
    d.soldOut,
    d.admission,
  );
  const visitDay = new VisitDayService(d.ds, his, service, d.wechat, settings.queueTemplateId, d.audit, d.logger, d.notices);
  const waitlist = new WaitlistService(d.ds, d.tx, his, service, patients, d.family, d.outbox, d.audit, d.wechat, d.logger, settings.waitlist, d.notices);
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
