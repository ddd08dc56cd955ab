import type { DataSource } from 'typeorm';
import type Redis from 'ioredis';
import type { ClientConfig } from '@healthpocket/shared-types';
import type { Config } from './config';
import type { Logger } from './logger';
import type { Job } from './job';
import { Tx } from './db/data-source';
import { FieldCrypto } from './crypto/field-crypto';
import { buildKeyRotation } from './crypto/rotation-job';
import { AccessTokens } from './auth/tokens';
import { UserViews } from './auth/user-views';
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
import { buildVaccines } from './modules/vaccines';
import { buildPayments } from './modules/payments';
import { buildBills } from './modules/bills';
import { Outbox } from './outbox/outbox';
import { buildInpatient, inpatientAccountData } from './modules/inpatient';
import { buildBooking } from './modules/booking';
import { createQueueBackend } from './queue';
import { buildContent } from './modules/content';
import { createRealtime } from './realtime';
import { buildDoctor } from './modules/doctor';
import { buildRecords } from './modules/records';
import { recordsAccountData } from './modules/records/account-data';
import { buildHealthCards } from './modules/healthcard';
import { StaffService } from './modules/staff/service';
import { StaffDirectory } from './modules/staff/directory';
import { createStorage } from './storage';
import { buildAccount } from './modules/account';
import { buildMessages } from './modules/messages';
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

export function buildServices(deps: Deps) {
  const { config, ds, logger } = deps;
  const tx = new Tx(ds);
  const crypto = new FieldCrypto(config.fieldKeys);
  const tokens = new AccessTokens(config.jwt.secret, config.jwt.accessTtlSeconds);
  const principals = new Principals(ds, deps.redis, logger, config.jwt.accessTtlSeconds);
  // /me and the family list without a database round trip while nothing changed; a principal's change drops them too.
  const userViews = new UserViews(deps.redis, logger);
  principals.onChange((userId) => userViews.drop(userId));
  const authenticate = async (token: string) => actorFor(principals, tokens.verify(token));
  const audit = new Audit(ds, tx);
  // Uploads (covers, chat images): local directories, or one S3 bucket shared by every instance.
  const storage = createStorage(config.storage);
  // One limiter for every path (HTTP routes, WebSocket frames, services): one budget per key.
  const rateLimit = createRateLimiter(deps.redis, config.rateLimitPrefix);
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
  const profile = new ProfileService(ds, tx, crypto, audit, userViews);
  const auth = new AuthService(ds, wechat, tokens, crypto, config.jwt.refreshTtlDays, logger, principals, (id) => profile.present(id), rateLimit, audit);
  profile.useSessions({
    endAll: async (userId, m) => {
      await principals.revokeSessions(userId, m);
      await auth.revokeRefreshTokens(userId, m);
    },
    changed: (userId) => principals.changed(userId),
  });
  const identity = new IdentityService(ds, tx, crypto, wechat, upstream.platform, audit, new IdentityBinder(tx.dialect, crypto, audit, principals, auth, userViews), rateLimit, (id) =>
    profile.present(id),
  );
  // 消息中心 first: every sender gets its Notices port.
  const messages = buildMessages({ ds, logger, pruneEveryMs: config.messages.pruneEveryMs });
  const notices = messages.notices;
  const family = new FamilyService(ds, tx, crypto, audit, new Guardianship(upstream.platform), userViews);
  // The transactional outbox every module enqueues to (HIS settlements, refunds, pushes …).
  const outbox = new Outbox(ds, logger, { pollMs: config.payments.outboxPollMs, retryBaseMs: config.payments.outboxRetryBaseMs });
  // Payments come early: bills, appointments, vaccines and inpatient register their purposes on its port.
  const payments = buildPayments({ config, ds, tx, logger, family, audit, outbox, notices });
  const bills = buildBills({ ds, tx, his: upstream.his, family, payments: payments.service, outbox, audit, crypto, logger, webViewDomains: config.content.webViewDomains });
  const inpatient = buildInpatient({ ds, tx, his: upstream.his, family, payments: payments.service, outbox, audit, crypto, logger });
  const familyAccess = new FamilyAccessService(
    ds,
    tx,
    family,
    audit,
    crypto,
    wechat,
    {
      requestTemplateId: config.familyAccessTemplateId,
    },
    logger,
    notices,
  );
  const records = buildRecords({ ds, platformHttp: upstream.platform, his: upstream.his, family, profile, audit, wechat, settings: config.records, logger, notices });
  const auditRetention = new AuditRetention(tx, logger, { retentionDays: config.audit.retentionDays, everyMs: config.audit.retentionEveryMs });
  const booking = buildBooking({ ds, tx, crypto, audit, logger, upstream, wechat, family, payments: payments.service, outbox, soldOut, admission, settings: config.booking, notices });
  const vaccines = buildVaccines({
    ds,
    tx,
    logger,
    settings: config.vaccines,
    family,
    profile,
    audit,
    wechat,
    notices,
    platformHttp: upstream.platform,
    soldOut,
    admission,
    payments: payments.service,
    outbox,
  });
  // Background work (scheduled publication, pushes …): BullMQ when REDIS_URL (or QUEUE_REDIS_URL) is set, else in-process.
  const queue = createQueueBackend({ redisUrl: config.queue.redisUrl, prefix: config.queue.prefix, logger });
  const content = buildContent({ config, ds, tx, logger, audit, crypto, platform: upstream.platform, wechat, queue, storage, pushAllowed: (userId) => profile.pushAllowed(userId), notices });
  // "Children with a vaccine due within N days" is answered by the vaccines schedule engine.
  content.segments.useVaccines(vaccines.service);
  const realtime = createRealtime(
    { redis: deps.redis, authenticate, logger, clientAddress: (req) => clientAddress.resolve(req.socket.remoteAddress, req.headers['x-forwarded-for']) },
    config.realtime,
  );
  const healthCards = buildHealthCards({ config, ds, tx, crypto, audit, logger, redis: deps.redis, family, profile, wechat });
  const doctor = buildDoctor({ config, ds, tx, crypto, audit, platformHttp: upstream.platform, wechat, notices, family, profile, realtime, rateLimit, outbox, logger, storage });
  // Field-key rotation: moves every encrypted column to the current key (and seals plaintext chat rows).
  const keys = buildKeyRotation({ ds, crypto, logger, settings: config.keyRotation });
  const staff = new StaffService(ds, tx, audit, principals, new StaffDirectory(upstream.platform));
  // The resident's rights: each module says what it holds of a resident (export, deletion).
  const account = buildAccount({
    ds,
    tx,
    crypto,
    audit,
    principals,
    logger,
    purgeEveryMs: config.account.purgeEveryMs,
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
      recordsAccountData(ds),
      auditAccountData(ds),
      idempotencyAccountData(),
      messages.accountData,
    ],
  });
  // Every module's background jobs (runtime/periodic.ts runs them where ROLE says).
  const jobs: Job[] = [
    ...records.jobs,
    auditRetention.job(),
    outbox.job,
    ...payments.jobs,
    ...booking.jobs,
    ...vaccines.jobs,
    ...content.jobs,
    { name: 'queue', start: () => queue.start(), stop: () => queue.stop() },
    ...doctor.jobs,
    keys.job,
    ...account.jobs,
    ...messages.jobs,
  ];
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
    userViews,
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
    vaccines: vaccines.service,
    outbox,
    payments: payments.service,
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
    records: records.service,
    reportAlerts: records.reportAlerts,
    healthCards,
    staff,
    account,
    queue,
    storage,
    content,
    messages,
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
