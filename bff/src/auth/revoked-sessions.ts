import type Redis from 'ioredis';
import type { Logger } from '../logger';

const CHANNEL = 'hp:session:revoked';
const KEY = 'hp:session:revoked:';

/**
 * Logins (refresh-token families) ended before their access tokens expire. An access token names
 * its login (`sid`); a revoked one is refused on the next request. Kept in memory, checked with no
 * round trip: each entry lives as long as an access token can, after which no token of that login
 * is left to refuse. With REDIS_URL a revocation reaches every instance through pub/sub, and a key
 * with the same lifetime lets an instance that starts later learn the revocations still in force.
 */
export class RevokedSessions {
  private readonly until = new Map<string, number>();
  private readonly listeners: ((sessionId: string) => void)[] = [];
  private readonly loaded: Promise<void>;

  constructor(
    private readonly redis: Redis | null,
    private readonly sub: Redis | null,
    private readonly ttlMs: number,
    private readonly logger: Logger,
  ) {
    this.loaded = this.load();
    if (sub) {
      void sub.subscribe(CHANNEL).catch((err: Error) => logger.warn({ err: err.message }, 'revoked sessions subscribe failed'));
      sub.on('message', (channel, sessionId: string) => channel === CHANNEL && this.mark(sessionId));
    }
  }

  has(sessionId: string): boolean {
    const t = this.until.get(sessionId);
    if (t === undefined) return false;
    if (t > Date.now()) return true;
    this.until.delete(sessionId);
    return false;
  }

  /** Ends the login here at once and, through Redis, on every other instance. */
  async revoke(sessionId: string): Promise<void> {
    this.mark(sessionId);
    if (!this.redis) return;
    try {
      await this.redis.set(KEY + sessionId, '1', 'PX', this.ttlMs);
      await this.redis.publish(CHANNEL, sessionId);
    } catch (err) {
      // Ended here and its refresh tokens are revoked; other instances refuse it when its token expires.
      this.logger.error({ err: (err as Error).message, sessionId }, 'session revocation not shared through Redis');
    }
  }

  /** Told of every revocation seen here (local or from another instance), e.g. to close its sockets. */
  onRevoke(listener: (sessionId: string) => void): void {
    this.listeners.push(listener);
  }

  /** Resolves once the revocations already in Redis are known here. */
  ready(): Promise<void> {
    return this.loaded;
  }

  private mark(sessionId: string) {
    this.until.set(sessionId, Date.now() + this.ttlMs);
    if (this.until.size > 100_000) this.prune();
    for (const l of this.listeners) {
      try {
        l(sessionId);
      } catch (err) {
        this.logger.warn({ err: (err as Error).message }, 'session revocation listener failed');
      }
    }
  }

  private prune() {
    const now = Date.now();
    for (const [id, t] of this.until) if (t <= now) this.until.delete(id);
  }

  private async load(): Promise<void> {
    if (!this.redis) return;
    try {
      let cursor = '0';
      do {
        const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${KEY}*`, 'COUNT', 500);
        cursor = next;
        if (!keys.length) continue;
        const ttls = await Promise.all(keys.map((k) => this.redis!.pttl(k)));
        keys.forEach((k, i) => ttls[i] > 0 && this.until.set(k.slice(KEY.length), Date.now() + ttls[i]));
      } while (cursor !== '0');
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'loading revoked sessions failed');
    }
  }
}
