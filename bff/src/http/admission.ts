import type Redis from 'ioredis';

/** What the authoritative source says is left, and which limit it is (the refusal names it). */
export interface Seed {
  remaining: number;
  /** Which limit decides (e.g. 'stock' or 'session'): handed back with every refusal. */
  tag: string;
}

export type Admission = { admitted: true; tag: string; giveBack: () => void } | { admitted: false; tag: string };

// KEYS[1] the counter; ARGV: seed remaining ('' to only try), tag, ttl ms.
// -> {1, tag} admitted, {0, tag} none left, {-1, ''} not seeded yet.
const TAKE = `
if redis.call('EXISTS', KEYS[1]) == 0 then
  if ARGV[1] == '' then return {-1, ''} end
  redis.call('HSET', KEYS[1], 'n', ARGV[1], 'k', ARGV[2])
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
end
local n = tonumber(redis.call('HGET', KEYS[1], 'n'))
local k = redis.call('HGET', KEYS[1], 'k')
if n <= 0 then return {0, k} end
redis.call('HINCRBY', KEYS[1], 'n', -1)
return {1, k}
`;
// Gives a place back to a counter that still exists (an expired one is re-seeded from the source anyway).
const GIVE_BACK = `
if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('HINCRBY', KEYS[1], 'n', 1) end
return -1
`;

type Scripted = Redis & {
  hpAdmitTake(key: string, seed: string, tag: string, ttlMs: number): Promise<[number, string]>;
  hpAdmitGiveBack(key: string): Promise<number>;
};

interface LocalCounter {
  n: number;
  tag: string;
  until: number;
}

/**
 * A rush's admission step: an atomic per-place counter (a doctor's slot, a session's doses) that
 * admits at most the places left, before any database or upstream work, so the losers are refused
 * from memory. It is a filter, never the decider: the HIS hold and the conditional UPDATEs still
 * decide every admitted attempt, so a counter that admits too many costs time, not a place.
 *
 * The counter is seeded lazily from the authoritative source and lives `ttlMs`, after which it is
 * seeded again (so drift from instances that died, or places that came back, lasts a moment at
 * most); `reset` forgets it at once when a place comes back (a cancellation, an expired hold). An
 * admitted attempt that then fails gives its place back. With Redis the counter is a Lua script
 * shared by every instance; without, it lives in this process.
 */
export class AdmissionCounter {
  private readonly local = new Map<string, LocalCounter>();
  private readonly seeding = new Map<string, Promise<Seed | null>>();
  private readonly redis: Scripted | null;

  constructor(
    redis: Redis | null,
    private readonly ttlMs = 2000,
  ) {
    this.redis = redis as Scripted | null;
    if (redis && !(redis as Scripted).hpAdmitTake) {
      redis.defineCommand('hpAdmitTake', { numberOfKeys: 1, lua: TAKE });
      redis.defineCommand('hpAdmitGiveBack', { numberOfKeys: 1, lua: GIVE_BACK });
    }
  }

  /**
   * Takes one place of `key`. `seed` reads what is left at the source (null: no counter for this
   * one, let the request through). Null when no counter applies.
   */
  async take(key: string, seed: () => Promise<Seed | null>): Promise<Admission | null> {
    const k = `admit:${key}`;
    const first = await this.tryTake(k, null);
    if (first) return first;
    const pending = this.seedOnce(k, seed);
    const s = await pending;
    if (!s) {
      this.forgetSeeding(k, pending);
      return null;
    }
    const taken = await this.tryTake(k, s);
    // Kept until a seeded take has answered: replies on one connection come in order, so every
    // "not seeded yet" sent before the seed has been read by then and none starts a second read.
    this.forgetSeeding(k, pending);
    return taken;
  }

  private forgetSeeding(k: string, p: Promise<Seed | null>): void {
    if (this.seeding.get(k) === p) this.seeding.delete(k);
  }

  /** A place came back: the next attempt reads the source again. */
  reset(key: string): void {
    const k = `admit:${key}`;
    this.local.delete(k);
    this.redis?.del(k).catch(() => undefined);
  }

  private async tryTake(k: string, seed: Seed | null): Promise<Admission | null> {
    let admitted: boolean;
    let tag: string;
    if (this.redis) {
      const [r, t] = await this.redis.hpAdmitTake(k, seed ? String(Math.max(0, seed.remaining)) : '', seed?.tag ?? '', this.ttlMs);
      if (r === -1) return null;
      admitted = r === 1;
      tag = t;
    } else {
      const now = Date.now();
      let c = this.local.get(k);
      if (c && c.until <= now) {
        this.local.delete(k);
        c = undefined;
      }
      if (!c) {
        if (!seed) return null;
        c = { n: Math.max(0, seed.remaining), tag: seed.tag, until: now + this.ttlMs };
        this.local.set(k, c);
        if (this.local.size > 10_000) this.local.delete(this.local.keys().next().value!);
      }
      admitted = c.n > 0;
      if (admitted) c.n--;
      tag = c.tag;
    }
    if (!admitted) return { admitted: false, tag };
    let given = false;
    return {
      admitted: true,
      tag,
      giveBack: () => {
        if (given) return;
        given = true;
        this.giveBack(k);
      },
    };
  }

  private giveBack(k: string): void {
    if (this.redis) {
      this.redis.hpAdmitGiveBack(k).catch(() => undefined);
      return;
    }
    const c = this.local.get(k);
    if (c) c.n++;
  }

  /** Concurrent first attempts share one read of the source. */
  private seedOnce(k: string, seed: () => Promise<Seed | null>): Promise<Seed | null> {
    let p = this.seeding.get(k);
    if (!p) {
      p = seed().catch(() => null);
      this.seeding.set(k, p);
    }
    return p;
  }
}
