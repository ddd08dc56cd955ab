import { z } from 'zod';
import { PaymentsEnv, paymentsConfig } from './wechat/pay/config';
import { parseTrustProxy } from './http/client-address';
import { parseFieldKeys } from './crypto/field-keys';
import { fieldHashKeyOf } from './crypto/field-crypto';
import { isLoopbackUrl, isSandboxEndpoint, weakKeyReason, weakSecretReason } from './config-checks';
import { StorageEnv, storageConfig } from './storage/config';
import { ConfigError, intSetting, nameSetting } from './config-error';
import { runtimeSettings } from './runtime/settings';
import { BookingEnv, bookingSettings } from './modules/booking/settings';
import { VaccinesEnv, vaccineSettings } from './modules/vaccines/settings';
import { RecordsEnv, recordsSettings } from './modules/records/settings';
import { DoctorEnv, doctorSettings } from './modules/doctor/alert-settings';
import { ContentEnv, loadContentSettings } from './modules/content/settings';
import { HealthCardEnv, healthCardSettings } from './modules/healthcard/settings';

export { ConfigError } from './config-error';

/** Development-only secrets: production refuses to start with any of them. */
export const DEV_JWT_SECRET = 'healthpocket-dev-jwt-secret-never-use-in-production';
export const DEV_FIELD_KEY = Buffer.alloc(32, 7).toString('base64');

const url = z.string().url();

const Env = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  DATABASE_URL: z.string().default('sqlite:data/healthpocket.sqlite'),
  REDIS_URL: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  JWT_SECRET: z.string().min(32, 'JWT_SECRET must be at least 32 characters').default(DEV_JWT_SECRET),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86400).default(900),
  REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  FIELD_ENCRYPTION_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'FIELD_ENCRYPTION_KEY must be 32 bytes, base64')
    .optional(),
  /** Key rotation (crypto/field-keys.ts): numbered keys "2:<base64>,1:<base64>", the current one, the look-up key. */
  FIELD_KEYS: z.string().optional(),
  FIELD_KEY_CURRENT: z.coerce.number().int().min(1).max(9999).optional(),
  FIELD_HASH_KEY: z.string().optional(),
  WECHAT_APPID: z.string().default('wxsandbox0000000001'),
  WECHAT_SECRET: z.string().default('sandbox-app-secret'),
  WECHAT_API_BASE: url.default('http://127.0.0.1:8081/wechat'),
  WECHATPAY_API_BASE: url.default('http://127.0.0.1:8081/wechatpay'),
  HIS_API_BASE: url.default('http://127.0.0.1:8081/his'),
  PLATFORM_API_BASE: url.default('http://127.0.0.1:8081/platform'),
  UPSTREAM_TIMEOUT_MS: z.coerce.number().int().min(100).max(30000).default(3000),
  PUBLIC_BASE_URL: url.default('http://127.0.0.1:8080'),
  /** Shown to the H5 build in the embedded default only, so it can mint sandbox login codes. */
  SANDBOX_PUBLIC_URL: url.optional(),
  H5_DIST_DIR: z.string().default('dist/h5'),
  /** false, true (every hop trusted) or the proxies' addresses / CIDRs, comma-separated (http/client-address.ts). */
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform((v, ctx) => {
      try {
        return parseTrustProxy(v);
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: `TRUST_PROXY: ${(e as Error).message}` });
        return z.NEVER;
      }
    }),
  /** WebSocket: sockets one client address may hold open before they authenticate, and how long they may take. */
  WS_UNAUTHENTICATED_PER_ADDRESS: z.coerce.number().int().min(1).max(10_000).default(10),
  WS_AUTH_TIMEOUT_MS: z.coerce.number().int().min(500).max(60_000).default(5000),
  /** Per-client budget (requests a minute, per address) of the public routes that reach the HIS. */
  PUBLIC_BROWSE_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(240),
  /**
   * How long a pending Idempotency-Key stays leased to the instance running its handler (renewed
   * while it runs): a retry within it answers 409, one after it (the instance died) takes it over.
   */
  IDEMPOTENCY_LEASE_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  /** Audit rows are kept this long (Cybersecurity Law Art. 21: at least six months), then pruned from the chain's start. */
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(180, 'AUDIT_RETENTION_DAYS must be at least 180 (the Cybersecurity Law keeps network logs six months)').max(36500).default(180),
  /** How often the retention job runs; 0 turns it off. */
  AUDIT_RETENTION_INTERVAL_SECONDS: z.coerce
    .number()
    .int()
    .min(0)
    .max(7 * 86400)
    .default(3600),
  /** BullMQ (background work, periodic jobs): its own Redis if set (it needs maxmemory-policy noeviction), else REDIS_URL. */
  QUEUE_REDIS_URL: z.string().optional(),
  /** Names the Redis keys of one deployment's queues and the health-card app token. */
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,32}$/)
    .default('hp'),
  /** Names the rate limiter's Redis keys (default rl). */
  RATE_LIMIT_PREFIX: z.string().optional(),
  FAMILY_ACCESS_TEMPLATE_ID: nameSetting('sbx_tmpl_family_access'),
  /** How often 消息中心 messages past retention are deleted; 0 turns it off (default 6 h). */
  MESSAGES_PRUNE_EVERY_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(7 * 86_400_000)
    .default(6 * 3600_000),
  /** How often retained records past their period are looked for; 0 turns it off (default 6 h). */
  ACCOUNT_PURGE_EVERY_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(7 * 86_400_000)
    .default(6 * 3600_000),
  /** The field-reencrypt job: how often (0 = off), rows per query, rows per run (the next run goes on). */
  FIELD_REENCRYPT_INTERVAL_MS: intSetting(3_600_000, 0, 7 * 86_400_000),
  FIELD_REENCRYPT_BATCH: intSetting(200, 1, 100_000),
  FIELD_REENCRYPT_MAX_ROWS: intSetting(20_000, 1, 100_000_000),
  ...PaymentsEnv,
  ...StorageEnv,
  ...BookingEnv,
  ...VaccinesEnv,
  ...RecordsEnv,
  ...DoctorEnv,
  ...ContentEnv,
  ...HealthCardEnv,
});

export type Config = ReturnType<typeof loadConfig>;

/** The development secret in any dress (padded, upper-cased, with a suffix) is still public. */
const isDevJwtSecret = (v: string) => v.trim().toLowerCase().includes(DEV_JWT_SECRET);
/** Compared as bytes: another base64 spelling of the same 32 bytes is the same key (or the look-up key derived from it). */
const DEV_KEY_BYTES = Buffer.from(DEV_FIELD_KEY, 'base64');
const isDevFieldKey = (k: { key: Buffer; hash?: boolean }) => k.key.equals(k.hash ? fieldHashKeyOf(DEV_KEY_BYTES) : DEV_KEY_BYTES);

const UPSTREAMS = ['WECHAT_API_BASE', 'WECHATPAY_API_BASE', 'HIS_API_BASE', 'PLATFORM_API_BASE'] as const;

/**
 * zod over the environment, every module's settings included; refuses to start when a setting is
 * wrong, naming it (ConfigError: the entry points exit 78). Modules get their typed part
 * (config.booking, config.vaccines …), never the variables. Durations: each variable names its unit
 * (`_MS`, `_SECONDS`, `_MINUTES`, `_HOURS`, `_DAYS`), and every job period, poll and timeout is
 * milliseconds here (`…Ms`); a count a resident is told (pay within N minutes) keeps its unit in its name.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env) {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  const fieldKeys = parseFieldKeys(e, DEV_KEY_BYTES);
  if (fieldKeys.errors.length) throw new ConfigError(`Invalid configuration:\n  ${fieldKeys.errors.join('\n  ')}`);
  const encKeys = fieldKeys.configured.filter((k) => !k.hash);
  // WeChat Pay keys: a half-configured set is refused everywhere, a missing one in production.
  const payments = paymentsConfig(e, e.NODE_ENV === 'production');
  if (e.NODE_ENV !== 'production' && payments.problems.length) throw new ConfigError(`Invalid configuration:\n  ${payments.problems.join('\n  ')}`);
  const storage = storageConfig(e, e.NODE_ENV === 'production');
  if (e.NODE_ENV !== 'production' && storage.problems.length) throw new ConfigError(`Invalid configuration:\n  ${storage.problems.join('\n  ')}`);
  if (e.NODE_ENV !== 'production') {
    // The development secrets are public: they may only sign for the sandbox on this machine.
    const real = UPSTREAMS.filter((key) => !isLoopbackUrl(e[key]));
    const dev: string[] = [];
    if (isDevJwtSecret(e.JWT_SECRET)) dev.push('JWT_SECRET');
    if (!encKeys.length) dev.push('FIELD_ENCRYPTION_KEY');
    for (const k of fieldKeys.configured) if (isDevFieldKey(k)) dev.push(k.name);
    if (real.length && dev.length) {
      throw new ConfigError(
        `Refusing to start: ${real.join(', ')} ${real.length > 1 ? 'are' : 'is'} not the local sandbox, so ${dev.join(' and ')} must be set to a random secret (the development ${dev.length > 1 ? 'ones are' : 'one is'} public)`,
      );
    }
  }
  if (e.NODE_ENV === 'production') {
    const problems: string[] = [...payments.problems, ...storage.problems];
    for (const key of [...UPSTREAMS, 'PUBLIC_BASE_URL'] as const) {
      if (isSandboxEndpoint(e[key])) problems.push(`${key} points at a sandbox or non-https endpoint (${e[key]})`);
    }
    if (isDevJwtSecret(e.JWT_SECRET)) problems.push('JWT_SECRET is the development secret; set a random secret of 32+ characters');
    else {
      const weak = weakSecretReason(e.JWT_SECRET);
      if (weak) problems.push(`JWT_SECRET ${weak}`);
    }
    if (!encKeys.length) problems.push('FIELD_ENCRYPTION_KEY is missing; set 32 random bytes, base64 (or numbered keys in FIELD_KEYS)');
    for (const k of fieldKeys.configured) {
      const weak = isDevFieldKey(k) ? 'is the development key' : weakKeyReason(k.key);
      if (weak) problems.push(`${k.name} ${weak}`);
    }
    if (e.WECHAT_SECRET === 'sandbox-app-secret') problems.push('WECHAT_SECRET is the sandbox secret');
    if (e.SANDBOX_PUBLIC_URL) problems.push('SANDBOX_PUBLIC_URL must not be set in production');
    if (e.DATABASE_URL.startsWith('sqlite:')) problems.push('DATABASE_URL is SQLite; production runs on MySQL (mysql://…)');
    if (problems.length) throw new ConfigError(`Refusing to start in production:\n  ${problems.join('\n  ')}`);
  }
  const runtime = runtimeSettings(env, e.NODE_ENV, e.REDIS_URL);
  const healthcard = healthCardSettings(e, e.NODE_ENV === 'production');
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    logLevel: e.LOG_LEVEL,
    jwt: { secret: e.JWT_SECRET, accessTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS, refreshTtlDays: e.REFRESH_TOKEN_TTL_DAYS },
    /** The field keys: numbered encryption keys, the current one, the look-up key (crypto/field-crypto.ts). */
    fieldKeys: fieldKeys.ring,
    wechat: { appid: e.WECHAT_APPID, secret: e.WECHAT_SECRET, apiBase: e.WECHAT_API_BASE },
    wechatPayApiBase: e.WECHATPAY_API_BASE,
    hisApiBase: e.HIS_API_BASE,
    platformApiBase: e.PLATFORM_API_BASE,
    upstreamTimeoutMs: e.UPSTREAM_TIMEOUT_MS,
    publicBaseUrl: e.PUBLIC_BASE_URL,
    sandboxPublicUrl: e.SANDBOX_PUBLIC_URL,
    h5DistDir: e.H5_DIST_DIR,
    trustProxy: e.TRUST_PROXY,
    realtime: { unauthenticatedPerAddress: e.WS_UNAUTHENTICATED_PER_ADDRESS, authTimeoutMs: e.WS_AUTH_TIMEOUT_MS },
    publicBrowseRatePerMinute: e.PUBLIC_BROWSE_RATE_PER_MINUTE,
    idempotencyLeaseMs: e.IDEMPOTENCY_LEASE_MS,
    payments: payments.config,
    /** Uploads: local disk, or S3 when S3_BUCKET is set (storage/). */
    storage: storage.settings,
    audit: { retentionDays: e.AUDIT_RETENTION_DAYS, retentionEveryMs: e.AUDIT_RETENTION_INTERVAL_SECONDS * 1000 },
    /** Roles, boot migration, metrics, readiness (runtime/settings.ts). */
    runtime,
    queue: { redisUrl: e.QUEUE_REDIS_URL ?? e.REDIS_URL, prefix: e.QUEUE_PREFIX },
    rateLimitPrefix: e.RATE_LIMIT_PREFIX || undefined,
    familyAccessTemplateId: e.FAMILY_ACCESS_TEMPLATE_ID,
    messages: { pruneEveryMs: e.MESSAGES_PRUNE_EVERY_MS },
    account: { purgeEveryMs: e.ACCOUNT_PURGE_EVERY_MS },
    keyRotation: { everyMs: e.FIELD_REENCRYPT_INTERVAL_MS, batch: e.FIELD_REENCRYPT_BATCH, maxRows: e.FIELD_REENCRYPT_MAX_ROWS },
    booking: bookingSettings(e),
    vaccines: vaccineSettings(e),
    records: recordsSettings(e),
    doctor: doctorSettings(e, e.NODE_ENV),
    content: loadContentSettings(e, e.QUEUE_PREFIX),
    healthcard,
    /** The variables as given: to start another instance with the same environment (tests). Modules read the typed settings above. */
    raw: env,
  };
}
