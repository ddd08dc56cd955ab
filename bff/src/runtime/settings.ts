import { z } from 'zod';
import { ConfigError } from '../config-error';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const Env = z.object({
  /** web: HTTP + WebSocket only; worker: periodic jobs + queue only; all: both (the default). */
  ROLE: z.enum(['web', 'worker', 'all']).default('all'),
  /** Apply pending migrations at boot (under the lock). Default: yes outside production, no in production. */
  MIGRATE_ON_BOOT: bool.optional(),
  /** Serve /metrics on its own port (not exposed to the internet); or behind METRICS_TOKEN on PORT. */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  METRICS_HOST: z.string().optional(),
  METRICS_TOKEN: z.string().min(16, 'METRICS_TOKEN must be at least 16 characters').optional(),
  /** /readyz fails when the oldest due outbox message has waited longer than this (instances that run jobs). */
  READY_OUTBOX_LAG_SECONDS: z.coerce.number().int().min(1).default(300),
  /** BullMQ: a job whose worker stops renewing its lock for this long is stalled and retried elsewhere. */
  JOB_LOCK_MS: z.coerce.number().int().min(500).max(600_000).default(30_000),
});

export type RuntimeSettings = ReturnType<typeof runtimeSettings>;

/** Roles, boot migration, metrics and readiness settings (README: Production). */
export function runtimeSettings(raw: Record<string, string | undefined>, env: string, redisUrl: string | undefined) {
  const parsed = Env.safeParse(raw);
  if (!parsed.success) throw new ConfigError(`Invalid configuration:\n  ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n  ')}`);
  const e = parsed.data;
  const queueRedis = raw.QUEUE_REDIS_URL ?? redisUrl;
  if (e.ROLE !== 'all' && !(redisUrl && queueRedis)) {
    throw new ConfigError(`Invalid configuration:\n  ROLE=${e.ROLE} needs REDIS_URL: web and worker instances share jobs, chat and rate limits through Redis`);
  }
  return {
    role: e.ROLE,
    serveHttp: e.ROLE !== 'worker',
    runJobs: e.ROLE !== 'web',
    migrateOnBoot: e.MIGRATE_ON_BOOT ?? env !== 'production',
    metrics: { port: e.METRICS_PORT, host: e.METRICS_HOST, token: e.METRICS_TOKEN },
    readyOutboxLagSeconds: e.READY_OUTBOX_LAG_SECONDS,
    jobLockMs: e.JOB_LOCK_MS,
    /** Where periodic jobs are scheduled: BullMQ on this Redis, else in-process. */
    queueRedisUrl: queueRedis,
  };
}
