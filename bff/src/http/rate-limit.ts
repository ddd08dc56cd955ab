import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type Redis from 'ioredis';
import { errors } from '../errors';
import type { RateLimit } from './route';

/** Spends one point of `limit` for `key`; throws RATE_LIMITED (with retryAfterSeconds) when none is left. */
export type ConsumeRateLimit = (limit: RateLimit, key: string) => Promise<void>;

/**
 * rate-limiter-flexible: in memory for one instance, Redis when several instances share limits.
 * `prefix` names the instances that share them (RATE_LIMIT_PREFIX; each test file has its own).
 */
export function createRateLimiter(redis: Redis | null, prefix = 'rl'): ConsumeRateLimit {
  const limiters = new Map<string, RateLimiterAbstract>();
  const limiterFor = (l: RateLimit) => {
    let lim = limiters.get(l.name);
    if (!lim) {
      const opts = { keyPrefix: `${prefix}:${l.name}`, points: l.points, duration: l.durationSeconds };
      lim = redis ? new RateLimiterRedis({ ...opts, storeClient: redis, useRedisPackage: false }) : new RateLimiterMemory(opts);
      limiters.set(l.name, lim);
    }
    return lim;
  };
  return async (l: RateLimit, key: string) => {
    try {
      await limiterFor(l).consume(key);
    } catch (e) {
      if (e instanceof RateLimiterRes) {
        throw errors.of('RATE_LIMITED', undefined, { retryAfterSeconds: Math.ceil(e.msBeforeNext / 1000) });
      }
      throw e;
    }
  };
}
