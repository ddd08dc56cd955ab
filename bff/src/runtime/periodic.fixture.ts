/**
 * A worker process for periodic.redis.test.ts: runs one periodic job through the JobRunner whose
 * run records that it started (Redis list LOG_KEY) and then never ends, until the test kills it -9.
 */
import Redis from 'ioredis';
import { createLogger } from '../logger';
import { JobRunner } from './periodic';

const { REDIS_URL, PREFIX, LOG_KEY, LOCK_MS } = process.env as Record<string, string>;
const redis = new Redis(REDIS_URL);
const job = {
  name: 'slow',
  start() {},
  stop: async () => undefined,
  periodic: {
    everyMs: 60_000,
    run: async (ctx?: { runId: string }) => {
      await redis.rpush(LOG_KEY, `started ${ctx?.runId}`);
      await new Promise(() => undefined);
    },
  },
};
void new JobRunner([job], { logger: createLogger('silent'), redisUrl: REDIS_URL, prefix: PREFIX, lockMs: Number(LOCK_MS) }).start();
