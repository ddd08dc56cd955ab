import os from 'node:os';
import path from 'node:path';
import { createHmac } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Config } from '../../config';
import type { Tx } from '../../db/data-source';
import type { FieldCrypto } from '../../crypto/field-crypto';
import type { Audit } from '../../audit/audit';
import type { Upstream } from '../../upstream/http';
import type { WechatClient } from '../../wechat/client';
import type { Logger } from '../../logger';
import type { RealtimeServer } from '../../realtime';
import type { ConsumeRateLimit } from '../../http/rate-limit';
import type { FamilyService } from '../family/service';
import type { ProfileService } from '../profile/service';
import type { Storage } from '../../storage';
import type { Outbox } from '../../outbox/outbox';
import type { Job } from '../../services';
import { PlatformDirectory } from './platform';
import { DoctorSettingsStore } from './settings';
import { ImageStore } from './images';
import { ResidentNotifier } from './notifier';
import { ChatService } from './chat-service';
import { ChatBodies } from './chat-bodies';
import { ContractService } from './contract-service';
import { ReadingsService } from './readings-service';
import { WorkbenchService } from './workbench-service';
import { chatFrames } from './chat-frames';
import { RotaService } from './rota';
import { AlertAck } from './alert-ack';
import { AlertDelivery } from './alert-delivery';
import { AlertEscalation } from './alert-escalation';
import { RobotWebhook } from './robot-webhook';
import { alertSettings } from './alert-settings';
import { FollowupService } from './followup-service';
import { ChatSearch } from './chat-search';
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
  family: FamilyService;
  profile: ProfileService;
  realtime: RealtimeServer;
  rateLimit: ConsumeRateLimit;
  outbox: Outbox;
  logger: Logger;
  storage: Storage;
}

/**
 * Family-doctor services. Settings read from the environment (config.raw):
 * CHAT_UPLOAD_DIR (chat images on local disk, without S3_BUCKET; default data/uploads/chat), WECHAT_TMPL_DOCTOR_REPLY and
 * WECHAT_TMPL_HEALTH_ALERT and WECHAT_TMPL_FOLLOWUP_REMINDER (subscribe-message template ids), FOLLOWUP_REMIND_EVERY_MS (reminder job, default hourly); alerts to staff: alert-settings.ts.
 */
export function buildDoctor(d: DoctorDeps) {
  const raw = d.config.raw;
  const uploadDir = raw.CHAT_UPLOAD_DIR ?? (d.config.env === 'test' ? path.join(os.tmpdir(), 'hp-chat-uploads') : 'data/uploads/chat');
  const templates = { doctorReply: raw.WECHAT_TMPL_DOCTOR_REPLY ?? 'sbx_tmpl_doctor_reply', healthAlert: raw.WECHAT_TMPL_HEALTH_ALERT ?? 'sbx_tmpl_health_alert' };
  const platform = new PlatformDirectory(d.platformHttp, d.ds, d.crypto);
  const settings = new DoctorSettingsStore(d.ds);
  const images = new ImageStore(d.storage.area('chat', uploadDir), createHmac('sha256', d.config.jwt.secret).update('chat-image-urls').digest());
  const notifier = new ResidentNotifier(d.ds, d.wechat, d.realtime.presence, templates, d.logger);
  const chat = new ChatService(d.ds, d.tx, platform, d.family, d.audit, d.wechat, images, d.realtime, notifier, settings, d.logger, new ChatBodies(d.crypto));
  chat.search = new ChatSearch(d.ds, d.crypto, chat.bodies);
  const teamWork = new TeamWork(d.ds, d.tx, chat, platform, chat.search, d.audit, d.realtime);
  const contracts = new ContractService(d.ds, platform, d.family, chat, d.audit, d.realtime);
  const readings = new ReadingsService(d.ds, d.family, d.profile, platform, chat, notifier, d.realtime, d.audit, d.config.publicBaseUrl, d.logger);
  const workbench = new WorkbenchService(d.ds, chat, readings, platform, settings, d.audit, teamWork);
  d.realtime.setHandler(chatFrames(chat, d.rateLimit));
  // Urgent alerts that reach someone: rota → delivery (outbox) → escalation job; ack with an outcome.
  const alertsCfg = alertSettings(raw);
  const rota = new RotaService(d.ds, platform, chat, d.audit);
  const robot = alertsCfg.robotWebhookUrl ? new RobotWebhook(alertsCfg.robotWebhookUrl, d.config.upstreamTimeoutMs, d.logger) : null;
  const delivery = new AlertDelivery(d.ds, d.outbox, d.wechat, platform, robot, alertsCfg.staffTemplateId, d.logger);
  const escalation = new AlertEscalation(d.ds, d.tx, rota, delivery, readings, d.realtime, d.logger, alertsCfg.escalateMinutes * 60_000);
  readings.afterAlert = (alertId) => escalation.start(alertId);
  chat.cover = async (teamId, doctorId, at) => {
    const r = await rota.rules(teamId);
    const date = new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    const doctorAway = r.leave.some((l) => l.staffId === doctorId && l.from <= date && date <= l.to);
    return { doctorAway, note: await rota.coverNote(teamId, at, alertsCfg.replyMinutes) };
  };
  const alertAck = new AlertAck(d.ds, chat, platform, readings, d.realtime, d.audit);
  const followups = new FollowupService(d.ds, d.platformHttp, platform, d.outbox, d.audit, d.logger, d.wechat, raw.WECHAT_TMPL_FOLLOWUP_REMINDER ?? 'sbx_tmpl_followup_reminder');
  const jobs: Job[] = [escalation.job(alertsCfg.pollMs, d.logger), followups.job(Number(raw.FOLLOWUP_REMIND_EVERY_MS ?? 3_600_000), d.logger)];
  const workload = new Workload(d.ds, chat, platform);
  workload.followUps = new FollowupCompletion(d.ds);
  return { platform, images, notifier, chat, teamWork, workload, contracts, readings, workbench, rota, escalation, alertAck, followups, jobs };
}

export type DoctorServices = ReturnType<typeof buildDoctor>;
