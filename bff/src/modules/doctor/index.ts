import { createHmac } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Config } from '../../config';
import type { Tx } from '../../db/data-source';
import type { FieldCrypto } from '../../crypto/field-crypto';
import type { Audit } from '../../audit/audit';
import type { Upstream } from '../../upstream/http';
import type { WechatClient } from '../../wechat/client';
import type { Notices } from '../messages';
import type { Logger } from '../../logger';
import type { RealtimeServer } from '../../realtime';
import type { ConsumeRateLimit } from '../../http/rate-limit';
import type { FamilyService } from '../family/service';
import type { ProfileService } from '../profile/service';
import type { Storage } from '../../storage';
import type { Outbox } from '../../outbox/outbox';
import type { Job } from '../../job';
import { PlatformDirectory } from './platform';
import { DoctorSettingsStore } from './settings';
import { ImageStore } from './images';
import { ResidentNotifier } from './notifier';
import { ChatService } from './chat-service';
import { ChatBodies } from './chat-bodies';
import { ContractService } from './contract-service';
import { ContractAgreements } from './contract-agreement';
import { ContractRenewalReminders } from './contract-renewal';
import { ReadingsService } from './readings-service';
import { WorkbenchService } from './workbench-service';
import { chatFrames } from './chat-frames';
import { RotaService } from './rota';
import { AlertAck } from './alert-ack';
import { AlertDelivery } from './alert-delivery';
import { AlertEscalation } from './alert-escalation';
import { RobotWebhook } from './robot-webhook';
import { FollowupService } from './followup-service';
import { SelfReportService } from './self-report-service';
import { ChatSearch } from './chat-search';
import { ChatSearchBackfill } from './chat-search-backfill';
import { TeamWork } from './team-work';
import { Workload } from './workload';
import { FollowupCompletion } from './followup-figures';

export interface DoctorDeps {
  config: Config;
  ds: DataSource;
  tx: Tx;
  crypto: FieldCrypto;
  audit: Audit;
  platformHttp: Upstream;
  wechat: WechatClient;
  /** 消息中心: doctor replies, urgent readings and follow-up reminders leave their durable copy there. */
  notices: Notices;
  family: FamilyService;
  profile: ProfileService;
  realtime: RealtimeServer;
  rateLimit: ConsumeRateLimit;
  outbox: Outbox;
  logger: Logger;
  storage: Storage;
}

/** Family-doctor services; their settings (config.doctor) are described in alert-settings.ts. */
export function buildDoctor(d: DoctorDeps) {
  const cfg = d.config.doctor;
  const templates = { doctorReply: cfg.templates.doctorReply, healthAlert: cfg.templates.healthAlert };
  const platform = new PlatformDirectory(d.platformHttp, d.ds, d.crypto);
  const settings = new DoctorSettingsStore(d.ds);
  const images = new ImageStore(d.storage.area('chat', cfg.uploadDir), createHmac('sha256', d.config.jwt.secret).update('chat-image-urls').digest());
  const notifier = new ResidentNotifier(d.ds, d.wechat, d.realtime.presence, templates, d.logger, d.notices);
  const chat = new ChatService(d.ds, d.tx, platform, d.family, d.audit, d.wechat, images, d.realtime, notifier, settings, d.logger, new ChatBodies(d.crypto));
  const search = new ChatSearch(d.ds, d.crypto, chat.bodies);
  chat.search = search;
  const teamWork = new TeamWork(d.ds, d.tx, chat, platform, search, d.audit, d.realtime);
  const contracts = new ContractService(d.ds, platform, d.family, chat, d.audit, d.realtime, new ContractAgreements(d.ds));
  const readings = new ReadingsService(d.ds, d.family, d.profile, platform, chat, notifier, d.realtime, d.audit, d.config.publicBaseUrl, d.logger);
  const workbench = new WorkbenchService(d.ds, chat, readings, platform, settings, d.audit, teamWork);
  d.realtime.setHandler(chatFrames(chat, d.rateLimit));
  // Urgent alerts that reach someone: rota → delivery (outbox) → escalation job; ack with an outcome.
  const alertsCfg = cfg.alerts;
  const rota = new RotaService(d.ds, platform, chat, d.audit, alertsCfg.replyMinutes);
  const robot = alertsCfg.robotWebhookUrl ? new RobotWebhook(alertsCfg.robotWebhookUrl, d.config.upstreamTimeoutMs, d.logger) : null;
  const delivery = new AlertDelivery(d.ds, d.outbox, d.wechat, platform, robot, alertsCfg.staffTemplateId, d.logger);
  const escalation = new AlertEscalation(d.ds, d.tx, rota, delivery, readings, d.realtime, d.logger, alertsCfg.escalateMs);
  readings.afterAlert = (alertId) => escalation.start(alertId);
  chat.cover = async (teamId, doctorId, at) => {
    const r = await rota.rules(teamId);
    const date = new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    const doctorAway = r.leave.some((l) => l.staffId === doctorId && l.from <= date && date <= l.to);
    return { doctorAway, note: await rota.coverNote(teamId, at) };
  };
  const alertAck = new AlertAck(d.ds, chat, platform, readings, d.realtime, d.audit);
  const followups = new FollowupService(d.ds, d.platformHttp, platform, d.outbox, d.audit, d.logger, d.wechat, cfg.templates.followupReminder, d.notices);
  const selfReports = new SelfReportService(d.ds, d.family, d.profile, platform, followups, readings, d.audit);
  const renewals = new ContractRenewalReminders(d.ds, platform, (teamId) => followups.roster(teamId), d.outbox, d.wechat, cfg.templates.contractRenewal, d.logger);
  renewals.messageCentre = d.notices;
  const searchBackfill = new ChatSearchBackfill(d.ds, d.tx, search, chat.bodies);
  const jobs: Job[] = [
    escalation.job(alertsCfg.pollMs, d.logger),
    followups.job(cfg.followupRemindEveryMs, d.logger),
    renewals.job(cfg.renewalRemindEveryMs, d.logger),
    searchBackfill.job(cfg.searchBackfillEveryMs, d.logger),
  ];
  const workload = new Workload(d.ds, chat, platform);
  workload.followUps = new FollowupCompletion(d.ds);
  return { platform, images, notifier, chat, search, teamWork, searchBackfill, workload, contracts, renewals, readings, workbench, rota, escalation, alertAck, followups, selfReports, jobs };
}
