import type Redis from 'ioredis';
import { chinaToday } from '@healthpocket/shared-types';
import type { Logger } from '../logger';

const CHANNEL = 'hp:userviews:changed';
const MAX_USERS = 50_000;

/** The views kept per user: what GET /api/v1/me and GET /api/v1/family/members answer. */
export type UserViewName = 'me' | 'members';

interface Entry {
  /** The China day the views were built on: a member's age is counted from it. */
  day: string;
  views: Partial<Record<UserViewName, Promise<unknown>>>;
}

/**
 * A user's own read views kept per instance, so reading them again costs no database round trip
 * while nothing changed. The discipline is Principals' (auth/principals.ts): every write that
 * changes what a view shows calls `changed(userId)` after its commit, which drops the user's views
 * here at once and, through Redis pub/sub when REDIS_URL is set, on every other instance; a change
 * of the principal (identity, roles, doctor binding, account deletion) drops them too.
 *
 * A load in flight when the user changes is dropped with the entry, so its (older) answer is never
 * kept; a failed load is not kept either. Views are dropped when the China day turns (ages).
 */
export class UserViews {
  private readonly cache = new Map<string, Entry>();
  private sub: Redis | null = null;

  constructor(
    private readonly redis: Redis | null,
    private readonly logger: Logger,
    /** Movable for tests: the day views are built on. */
    private readonly today: () => string = () => chinaToday(),
  ) {
    if (redis) {
      this.sub = redis.duplicate();
      this.sub.on('error', (err) => logger.warn({ err: err.message }, 'user views redis subscriber error'));
      void this.sub.subscribe(CHANNEL).catch((err: Error) => logger.warn({ err: err.message }, 'user views subscribe failed'));
      this.sub.on('message', (channel, userId: string) => channel === CHANNEL && this.drop(userId));
    }
  }

  get<T>(userId: string, name: UserViewName, load: () => Promise<T>): Promise<T> {
    const day = this.today();
    let entry = this.cache.get(userId);
    if (entry && entry.day !== day) entry = undefined;
    if (entry) {
      // Re-insert: the Map's order is then least recently used first.
      this.cache.delete(userId);
    } else {
      entry = { day, views: {} };
    }
    this.cache.set(userId, entry);
    if (this.cache.size > MAX_USERS) this.cache.delete(this.cache.keys().next().value!);
    const hit = entry.views[name] as Promise<T> | undefined;
    if (hit) return hit;
    const loading = load();
    entry.views[name] = loading;
    const e = entry;
    loading.catch(() => e.views[name] === loading && delete e.views[name]);
    return loading;
  }

  /** Call after a write that changes a user's /me or family members (after the commit). */
  async changed(userId: string): Promise<void> {
    this.drop(userId);
    if (!this.redis) return;
    try {
      await this.redis.publish(CHANNEL, userId);
    } catch (err) {
      // Committed and dropped here; the other instances keep the old view until it leaves their LRU
      // or the day turns. Logged loudly rather than failing a write that already happened.
      this.logger.error({ err: (err as Error).message, userId }, 'user view change not shared through Redis');
    }
  }

  /** Drops the user's views on this instance only (a change another instance already published). */
  drop(userId: string): void {
    this.cache.delete(userId);
  }

  async close(): Promise<void> {
    if (this.sub) this.sub.disconnect();
  }
}
