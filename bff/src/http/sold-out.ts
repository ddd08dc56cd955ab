import type Redis from 'ioredis';
import { LRUCache } from 'lru-cache';

/**
 * Places recently seen sold out (a doctor's slot, a clinic's vaccine), for a moment. A rush's late
 * comers are refused before any write or upstream read. It only ever refuses early: the
 * authoritative check (the HIS hold, the conditional UPDATE) still decides every attempt that gets
 * through, and a place that comes back is seen again within `ttlMs` at the latest. With Redis the
 * gate is shared between BFF instances.
 */
export class SoldOutGate {
  private readonly local: LRUCache<string, true>;

  constructor(
    private readonly redis: Redis | null,
    private readonly ttlMs = 1000,
  ) {
    this.local = new LRUCache({ max: 10_000, ttl: ttlMs });
  }

  async isClosed(key: string): Promise<boolean> {
    if (this.local.has(key)) return true;
    if (!this.redis) return false;
    const shared = await this.redis.get(`soldout:${key}`).catch(() => null);
    if (shared) this.local.set(key, true);
    return !!shared;
  }

  close(key: string): void {
    this.local.set(key, true);
    this.redis?.set(`soldout:${key}`, '1', 'PX', this.ttlMs).catch(() => undefined);
  }

  /** A place came back (a hold expired, a booking was cancelled): look again at once. */
  open(key: string): void {
    this.local.delete(key);
    this.redis?.del(`soldout:${key}`).catch(() => undefined);
  }
}
