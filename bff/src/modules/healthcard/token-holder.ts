import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import { errors } from '../../errors';

export interface HeldToken {
  token: string;
  /** Epoch ms. */
  expiresAt: number;
}

export type FetchToken = () => Promise<{ token: string; expiresInSeconds: number }>;

/** Where the one token lives, and the lock that lets exactly one fetcher at a time replace it. */
export interface TokenStore {
  read(): Promise<HeldToken | null>;
  write(t: HeldToken): Promise<void>;
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
}

/**
 * The platform's app token: fetching a new one invalidates the previous one, so every BFF instance
 * must share one. Reads are served from the store; a refresh (before expiry, or once when the
 * platform calls the token invalid) runs under the store's lock, and whoever waited for the lock
 * re-reads and takes the token the winner fetched instead of fetching again.
 */
export class AppTokenHolder {
  private flight: Promise<string> | null = null;

  constructor(
    private readonly store: TokenStore,
    private readonly fetchToken: FetchToken,
    private readonly opts: { now?: () => number; refreshBeforeMs?: number } = {},
  ) {}

  private now() {
    return (this.opts.now ?? Date.now)();
  }

  private fresh(t: HeldToken | null): boolean {
    return !!t && t.expiresAt - (this.opts.refreshBeforeMs ?? 5 * 60_000) > this.now();
  }

  async get(): Promise<string> {
    const held = await this.store.read();
    if (held && this.fresh(held)) return held.token;
    return this.refresh(held?.token ?? null, false);
  }

  /** The platform refused `stale`: replace it, unless another caller or instance already has. */
  invalidate(stale: string): Promise<string> {
    return this.refresh(stale, true);
  }

  private refresh(seen: string | null, forced: boolean): Promise<string> {
    // In-process single-flight first: one caller per process even reaches the shared lock.
    if (this.flight) return this.flight;
    const flight = this.store
      .exclusive(async () => {
        const held = await this.store.read();
        if (held && this.fresh(held) && (held.token !== seen || !forced)) return held.token;
        const got = await this.fetchToken();
        const next = { token: got.token, expiresAt: this.now() + got.expiresInSeconds * 1000 };
        await this.store.write(next);
        return next.token;
      })
      .finally(() => {
        this.flight = null;
      });
    this.flight = flight;
    return flight;
  }
}

/** The embedded default: one process, so memory and a promise chain are enough. */
export class InProcessTokenStore implements TokenStore {
  private held: HeldToken | null = null;
  private chain: Promise<unknown> = Promise.resolve();

  async read() {
    return this.held;
  }
  async write(t: HeldToken) {
    this.held = t;
  }
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn);
    this.chain = run.catch(() => undefined);
    return run;
  }
}

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/** Several instances: the token in a Redis key, the fetch under a Redis lock (SET NX PX, owner-checked release). */
export class RedisTokenStore implements TokenStore {
  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly opts: { lockTtlMs?: number; pollMs?: number; waitMs?: number } = {},
  ) {}

  async read(): Promise<HeldToken | null> {
    const raw = await this.redis.get(this.key);
    return raw ? (JSON.parse(raw) as HeldToken) : null;
  }

  async write(t: HeldToken): Promise<void> {
    const ttl = Math.max(1000, t.expiresAt - Date.now());
    await this.redis.set(this.key, JSON.stringify(t), 'PX', ttl);
  }

  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const lockKey = `${this.key}:lock`;
    const owner = randomUUID();
    const lockTtl = this.opts.lockTtlMs ?? 10_000;
    const deadline = Date.now() + (this.opts.waitMs ?? lockTtl * 2);
    // Another instance is fetching: wait for its lock to go, then re-read what it stored.
    while ((await this.redis.set(lockKey, owner, 'PX', lockTtl, 'NX')) !== 'OK') {
      if (Date.now() > deadline) throw errors.of('HEALTH_CARD_UNAVAILABLE');
      await new Promise((r) => setTimeout(r, this.opts.pollMs ?? 50));
    }
    try {
      return await fn();
    } finally {
      await this.redis.eval(RELEASE, 1, lockKey, owner).catch(() => undefined);
    }
  }
}
