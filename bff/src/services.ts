import type { DataSource } from 'typeorm';
import type Redis from 'ioredis';
import type { ClientConfig } from '@healthpocket/shared-types';
import type { Config } from './config';
import type { Logger } from './logger';
import type { Periodic } from './jobs';
import { Tx } from './db/data-source';
import { FieldCrypto } from './crypto/field-crypto';
import { buildKeyRotation } from './crypto/rotation-job';
import { AccessTokens } from './auth/tokens';
import { Principals, actorFor } from './auth/principals';
import { Audit } from './audit/audit';
import { AuditRetention } from './audit/retention';
import { AuditSearch } from './audit/search';
import { Upstream } from './upstream/http';
import { SoldOutGate } from './http/sold-out';
import { AdmissionCounter } from './http/admission';
import { Idempotency } from './http/idempotency';
import { WechatClient } from './wechat/client';
import { AuthService } from './modules/auth/service';
import { ProfileService } from './modules/profile/service';
import { IdentityService } from './modules/identity/service';
import { IdentityBinder } from './modules/identity/binding';
import { createRateLimiter } from './http/rate-limit';
import { ClientAddress } from './http/client-address';
import { FamilyService } from './modules/family/service';
import { FamilyAccessService } from './modules/family/access';
import { Guardianship } from './modules/family/guardianship';
import { VaccinesService } from './modules/vaccines/service';
import { vaccineSettings } from './modules/vaccines/settings';
import { buildPayments } from './modules/payments';
import { buildInpatient, inpatientAccountData } from './modules/inpatient';
import { buildBooking } from './modules/booking/module';
import { createQueueBackend } from './queue';
import { buildContent } from './modules/content/service';
import { createRealtime } from './realtime';
import { buildDoctor } from './modules/doctor';
import { RecordsService } from './modules/records/service';
import { PlatformRecords } from './modules/records/platform-client';
import { recordsSettings } from './modules/records/settings';
import { buildHealthCards } from './modules/healthcard';
import { StaffService } from './modules/staff/service';
import { StaffDirectory } from './modules/staff/directory';
import { createStorage } from './storage';
import { buildAccount } from './modules/account';
import { profileAccountData } from './modules/profile/account-data';
import { authAccountData } from './modules/auth/account-data';
import { identityAccountData } from './modules/identity/account-data';
import { familyAccountData } from './modules/family/account-data';
import { bookingAccountData, waitlistAccountData } from './modules/booking/account-data';
import { vaccinesAccountData } from './modules/vaccines/account-data';
import { paymentsAccountData } from './modules/payments/account-data';
import { doctorAccountData } from './modules/doctor/account-data';
import { ChatBodies } from './modules/doctor/chat-bodies';
import { healthCardAccountData } from './modules/healthcard/account-data';
import { contentAccountData } from './modules/content/account-data';
import { auditAccountData } from './audit/account-data';
import { idempotencyAccountData } from './http/account-data';

export interface Deps {
  config: Config;
  ds: DataSource;
  logger: Logger;
  /** Present when REDIS_URL is set: shared state between BFF instances. */
  redis: Redis | null;
  /** Outermost HTTP middleware (request metrics), when the server provides one. */
  observeHttp?: import('koa').Middleware;
}

/** A background job a service runs while the server is up (reconciliation, reminders …). */
export interface Job {
  name: string;
  start(): void;
  stop(): Promise<void>;
  /** A periodic job: with REDIS_URL it runs as a BullMQ Job Scheduler (once across instances) instead of start(). */
  periodic?: Periodic;
}

export function buildServices(deps: Deps) {
  const { config, ds, logger } = deps;
  const tx = new Tx(ds);
  const crypto = new FieldCrypto(config.fieldKeys);
  const tokens = new AccessTokens(config.jwt.secret, config.jwt.accessTtlSeconds);
  const principals = new Principals(ds, deps.redis, logger, config.jwt.accessTtlSeconds);
  const authenticate = async (token: string) => actorFor(principals, tokens.verify(token));
  const audit = new Audit(ds, tx);
  // Uploads (covers, chat images): local directories, or one S3 bucket shared by every instance.
  const storage = createStorage(config.storage);
  // One limiter for every path (HTTP routes, WebSocket frames, services): one budget per key.
  const rateLimit = createRateLimiter(deps.redis, config.raw.RATE_LIMIT_PREFIX || undefined);
  const clientAddress = new ClientAddress(config.trustProxy);
  const soldOut = new SoldOutGate(deps.redis);
  // A rush's counters (a slot's places, a session's doses): losers are refused before any write.
  const admission = new AdmissionCounter(deps.redis);
  // Idempotency-Key rows, leased to this instance while their handler runs (crash-safe retries).
  const idempotency = new Idempotency(ds, config.idempotencyLeaseMs);
  const upstream = {
    wechat: new Upstream({ name: 'wechat', baseUrl: config.wechat.apiBase, timeoutMs: config.upstreamTimeoutMs, unavailableMessage: '微信服务暂时无法访问，请稍后再试', logger }),
    // Messages (subscribe sends, content checks) get their own breaker: a failing push must not block logins.
    wechatMessages: new Upstream({ name: 'wechat-messages', baseUrl: config.wechat.apiBase, timeoutMs: config.upstreamTimeoutMs, unavailableMessage: '微信消息服务暂时无法访问，请稍后再试', logger }),
    his: new Upstream({ name: 'his', baseUrl: config.hisApiBase, timeoutMs: config.upstreamTimeoutMs, unavailableMessage: '医院系统暂时无法访问，请稍后再试', logger }),
    platform: new Upstream({ name: 'platform', baseUrl: config.platformApiBase, timeoutMs: config.upstreamTimeoutMs, unavailableMessage: '健康档案平台暂时无法访问，请稍后再试', logger }),
  };
  const wechat = new WechatClient(upstream.wechat, config.wechat, logger, upstream.wechatMessages);
  const profile = new ProfileService(ds, tx, crypto, audit);
  const auth = new AuthService(ds, wechat, tokens, crypto, config.jwt.refreshTtlDays, logger, principals, (id) => profile.present(id), rateLimit, audit);
  profile.useSessions({
    endAll: async (userId, m) => {
      await principals.revokeSessions(userId, m);
      await auth.revokeRefreshTokens(userId, m);
    },
    changed: (userId) => principals.changed(userId),
  });
  const identity = new IdentityService(ds, tx, crypto, wechat, upstream.platform, audit, new IdentityBinder(tx.dialect, crypto, audit, principals, auth), rateLimit, (id) => profile.present(id));
  const family = new FamilyService(ds, tx, crypto, audit, new Guardianship(upstream.platform));
  // Payments come early: appointments and vaccines register their purposes on services.payments.
  const { outbox, payments, bills, jobs: paymentJobs } = buildPayments({ config, ds, tx, logger, family, audit, crypto, his: upstream.his });
  const inpatient = buildInpatient({ ds, tx, his: upstream.his, family, payments, outbox, audit, crypto, logger });
  const familyAccess = new FamilyAccessService(ds, tx, family, audit, crypto, wechat, {
    requestTemplateId: String(config.raw.FAMILY_ACCESS_TEMPLATE_ID || 'sbx_tmpl_family_access'),
  }, logger);
  const records = new RecordsService(ds, new PlatformRecords(upstream.platform, recordsSettings(config.raw)), upstream.his, family, profile, audit);
  const jobs: Job[] = [];
  const auditRetention = new AuditRetention(tx, logger, { retentionDays: config.audit.retentionDays, everyMs: config.audit.retentionEveryMs });
  jobs.push(auditRetention.job());
  jobs.push(...paymentJobs);
  const booking = buildBooking({ ds, tx, crypto, audit, logger, upstream, wechat, family, payments, outbox, soldOut, admission, raw: config.raw });
  jobs.push(...booking.jobs);
  const vaccines = new VaccinesService({ ds, tx, logger, settings: vaccineSettings(config.raw), family, profile, audit, wechat, platformHttp: upstream.platform, soldOut, admission, payments: () => payments });
  vaccines.registerPaymentPurpose();
  jobs.push(vaccines.job);
  // Background work (scheduled publication, pushes …): BullMQ when REDIS_URL is set, else in-process.
  // QUEUE_REDIS_URL may point BullMQ at its own Redis (it needs maxmemory-policy noeviction).
  const queue = createQueueBackend({ redisUrl: config.raw.QUEUE_REDIS_URL ?? config.redisUrl, prefix: config.raw.QUEUE_PREFIX, logger });
  const content = buildContent({ config, ds, tx, logger, audit, crypto, platform: upstream.platform, wechat, queue, storage, pushAllowed: (userId) => profile.pushAllowed(userId) });
  // "Children with a vaccine due within N days" is answered by the vaccines schedule engine.
  content.segments.useVaccines(vaccines);
  jobs.push(content.job, { name: 'queue', start: () => queue.start(), stop: () => queue.stop() });
  const realtime = createRealtime({ redis: deps.redis, authenticate, logger, clientAddress: (req) => clientAddress.resolve(req.socket.remoteAddress, req.headers['x-forwarded-for']) }, config.realtime);
  const healthCards = buildHealthCards({ config, ds, tx, crypto, audit, logger, redis: deps.redis, family, profile, wechat });
  const doctor = buildDoctor({ config, ds, tx, crypto, audit, platformHttp: upstream.platform, wechat, family, profile, realtime, rateLimit, outbox, logger, storage });
  jobs.push(...doctor.jobs);
  // Field-key rotation: moves every encrypted column to the current key (and seals plaintext chat rows).
  const keys = buildKeyRotation({ ds, crypto, logger, raw: config.raw });
  jobs.push(keys.job);
  const staff = new StaffService(ds, tx, audit, principals, new StaffDirectory(upstream.platform));
  // The resident's rights: each module says what it holds of a resident (export, deletion).
  const account = buildAccount({
    ds,
    tx,
    crypto,
    audit,
    principals,
    logger,
    purgeEveryMs: config.raw.ACCOUNT_PURGE_EVERY_MS === undefined ? undefined : Number(config.raw.ACCOUNT_PURGE_EVERY_MS),
    handlers: [
      profileAccountData(ds, crypto),
      familyAccountData(ds, crypto),
      authAccountData(ds),
      identityAccountData(ds, crypto),
      bookingAccountData(ds),
      waitlistAccountData(ds),
      vaccinesAccountData(ds),
      paymentsAccountData(ds),
      inpatientAccountData(ds),
      doctorAccountData(ds, doctor.images, new ChatBodies(crypto)),
      healthCardAccountData(ds),
      contentAccountData(ds),
      auditAccountData(ds),
      idempotencyAccountData(),
    ],
  });
  jobs.push(account.job);
  // A changed principal (a revoked role …) closes the user's sockets here, whichever instance made
  // the change: they reconnect with the topics their roles now allow.
  principals.onChange((userId) => realtime.disconnectUser(userId));
  // A logged-out login's sockets close too, on whichever instance holds them.
  principals.sessions.onRevoke((sessionId) => realtime.disconnectSession(sessionId));

  let personas: ClientConfig['personas'] | undefined;
  const clientConfig = async (): Promise<ClientConfig> => {
    if (!config.sandboxPublicUrl) return { env: config.env };
    if (!personas) {
      try {
        const res = await fetch(`${config.sandboxPublicUrl}/sandbox/personas`, { signal: AbortSignal.timeout(2000) });
        personas = ((await res.json()) as { items: NonNullable<ClientConfig['personas']> }).items.map(({ openid, label, role }) => ({ openid, label, role }));
      } catch {
        return { env: config.env, sandboxUrl: config.sandboxPublicUrl };
      }
    }
    return { env: config.env, sandboxUrl: config.sandboxPublicUrl, personas };
  };

  return {
    config,
    logger,
    ds,
    redis: deps.redis,
    tx,
    crypto,
    keyRotation: keys.rotation,
    tokens,
    principals,
    authenticate,
    audit,
    auditRetention,
    auditSearch: new AuditSearch(ds, audit),
    upstream,
    wechat,
    auth,
    profile,
    identity,
    family,
    familyAccess,
    vaccines,
    outbox,
    payments,
    bills,
    inpatient,
    booking: booking.service,
    waitlist: booking.waitlist,
    visitDay: booking.visitDay,
    doctorIndex: booking.doctorIndex,
    triage: booking.triage,
    realtime,
    rateLimit,
    idempotency,
    clientAddress,
    doctor,
    records,
    healthCards,
    staff,
    account,
    queue,
    storage,
    content,
    jobs,
    clientConfig,
    health: {
      db: async (): Promise<'up' | 'down'> => {
        try {
          await ds.query('SELECT 1');
          return 'up';
        } catch {
          return 'down';
        }
      },
    },
  };
}

export type Services = ReturnType<typeof buildServices>;
