import type { DataSource } from 'typeorm';
import type Redis from 'ioredis';
import type { Role } from '@healthpocket/shared-types';
import { User } from '../db/entities';
import type { Logger } from '../logger';
import { errors } from '../errors';
import type { Actor, TokenClaims } from './tokens';
import { RevokedSessions } from './revoked-sessions';

/** Who the caller is now: roles, doctor binding, identity and session version, read fresh from the user row. */
export interface Principal {
  roles: Role[];
  doctorId: string | null;
  /** Identity proven against an authority (face verification or the platform's phone on file). */
  verified: boolean;
  /** Bumped when every session must end at once (logout everywhere, role change, account takeover). */
  sessionVersion: number;
}

const CHANNEL = 'hp:principal:changed';
const MAX_ENTRIES = 50_000;

/**
 * The one answer to "who is this token's user right now". An access token only names the user and
 * the session version it was issued under; roles and identity come from here, so a revoked role or a
 * taken-over account stops working on the next request, not when the token expires.
 *
 * Each instance keeps the principals it has seen in memory (an authenticated read costs no database
 * round trip) and drops one when told it changed: locally at once, and on the other instances
 * through Redis pub/sub when REDIS_URL is set.
 */
export class Principals {
  private readonly cache = new Map<string, Promise<Principal | null>>();
  private readonly listeners: ((userId: string) => void)[] = [];
  private sub: Redis | null = null;
  /** Logins ended before their access tokens expire (logout, a leaked refresh token). */
  readonly sessions: RevokedSessions;

  constructor(
    private readonly ds: DataSource,
    private readonly redis: Redis | null,
    private readonly logger: Logger,
    accessTtlSeconds = 900,
  ) {
    if (redis) {
      this.sub = redis.duplicate();
      this.sub.on('error', (err) => logger.warn({ err: err.message }, 'principals redis subscriber error'));
      void this.sub.subscribe(CHANNEL).catch((err: Error) => logger.warn({ err: err.message }, 'principals subscribe failed'));
      this.sub.on('message', (channel, userId: string) => channel === CHANNEL && this.drop(userId));
    }
    // A little longer than a token lives: clocks of instances differ by a few seconds.
    this.sessions = new RevokedSessions(redis, this.sub, (accessTtlSeconds + 60) * 1000, logger);
  }

  get(userId: string): Promise<Principal | null> {
    let hit = this.cache.get(userId);
    if (hit) {
      // Re-insert: the Map's order is then least recently used first.
      this.cache.delete(userId);
      this.cache.set(userId, hit);
      return hit;
    }
    hit = this.load(userId);
    this.cache.set(userId, hit);
    // A failed load must not stay cached.
    hit.catch(() => this.cache.get(userId) === hit && this.cache.delete(userId));
    if (this.cache.size > MAX_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
    return hit;
  }

  /** Call after changing a user's roles, doctor binding, identity or session version (after the commit). */
  async changed(userId: string): Promise<void> {
    this.drop(userId);
    if (this.redis) await this.redis.publish(CHANNEL, userId);
  }

  /** Ends every session of the user: access tokens stop working on the next request, sockets close. */
  async revokeSessions(userId: string, m = this.ds.manager): Promise<void> {
    await m.getRepository(User).increment({ id: userId }, 'sessionVersion', 1);
  }

  /** Told of every change seen here (local or from another instance), e.g. to close a user's sockets. */
  onChange(listener: (userId: string) => void): void {
    this.listeners.push(listener);
  }

  async close(): Promise<void> {
    if (this.sub) this.sub.disconnect();
  }

  private drop(userId: string) {
    this.cache.delete(userId);
    for (const l of this.listeners) {
      try {
        l(userId);
      } catch (err) {
        this.logger.warn({ err: (err as Error).message }, 'principal change listener failed');
      }
    }
  }

  private async load(userId: string): Promise<Principal | null> {
    const u = await this.ds.getRepository(User).findOne({
      where: { id: userId },
      select: { id: true, roles: true, doctorId: true, realNameVerifiedAt: true, sessionVersion: true },
    });
    if (!u) return null;
    return { roles: u.roles, doctorId: u.doctorId, verified: !!u.realNameVerifiedAt, sessionVersion: u.sessionVersion };
  }
}

/** Turns an access token into the caller as they are now; a token from before a revocation, or of a logged-out login, is refused. */
export async function actorFor(principals: Principals, claims: TokenClaims): Promise<Actor> {
  const p = await principals.get(claims.userId);
  // TOKEN_EXPIRED makes the app refresh once: a role change then takes effect at once, while a
  // revoked login (takeover, logout everywhere) also lost its refresh tokens and signs in again.
  if (!p || p.sessionVersion !== claims.sessionVersion) throw errors.unauthenticated('TOKEN_EXPIRED');
  // A logged-out login: its refresh tokens are revoked too, so the app's refresh fails and it signs in again.
  if (claims.sessionId && principals.sessions.has(claims.sessionId)) throw errors.unauthenticated('TOKEN_EXPIRED');
  return { userId: claims.userId, roles: p.roles, doctorId: p.doctorId, verified: p.verified, sessionId: claims.sessionId };
}
