import { createHash, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type Koa from 'koa';
import type { Role } from '@healthpocket/shared-types';
import { errors } from '../errors';

export interface Actor {
  userId: string;
  roles: Role[];
  /** For doctors: their platform doctor id, which decides which teams' residents they see. */
  doctorId?: string | null;
  /** Identity proven against an authority; until then the account reads no health information. */
  verified?: boolean;
  /** The login (refresh-token family) the access token belongs to; absent in tokens from before sessions were named. */
  sessionId?: string;
}

/** What an access token says: whose it is and the session version it was issued under. */
export interface TokenClaims {
  userId: string;
  sessionVersion: number;
  /** The refresh-token family (one login) the token was issued for: logout revokes it. */
  sessionId?: string;
}

/** Verified tokens kept per instance; a client re-sends the same token for its whole life (15 min). */
const VERIFIED_MAX = 20_000;

/**
 * Short-lived HS256 access tokens. The secret is a KeyObject: a string secret verified ~45x slower
 * in jsonwebtoken (../shared/notes/stack.md).
 *
 * A token verified once is remembered until its `exp` (bounded, least recently used first out): the
 * same bytes under the same key verify the same way until then, so the HMAC and JSON parse are not
 * repeated on every request. Only what the token says is cached — whether its user, roles and
 * login still hold is asked of Principals and RevokedSessions on every request (auth/principals.ts).
 */
export class AccessTokens {
  private readonly key: KeyObject;
  private readonly verified = new Map<string, { claims: TokenClaims; expMs: number }>();
  constructor(
    secret: string,
    readonly ttlSeconds: number,
    /** Movable for tests. */
    private readonly now: () => number = Date.now,
  ) {
    this.key = createSecretKey(Buffer.from(secret, 'utf8'));
  }

  /** Roles are not in the token: they are read fresh for every request (auth/principals.ts). */
  sign(claims: { userId: string; sessionVersion?: number; sessionId?: string }): string {
    return jwt.sign({ iat: Math.floor(this.now() / 1000), sv: claims.sessionVersion ?? 0, ...(claims.sessionId ? { sid: claims.sessionId } : {}) }, this.key, {
      algorithm: 'HS256',
      subject: claims.userId,
      expiresIn: this.ttlSeconds,
      issuer: 'healthpocket',
    });
  }

  verify(token: string): TokenClaims {
    const now = this.now();
    const hit = this.verified.get(token);
    if (hit) {
      this.verified.delete(token);
      // jsonwebtoken's own rule: expired once the current second reaches exp.
      if (Math.floor(now / 1000) * 1000 >= hit.expMs) throw errors.unauthenticated('TOKEN_EXPIRED');
      this.verified.set(token, hit);
      return hit.claims;
    }
    try {
      const p = jwt.verify(token, this.key, { algorithms: ['HS256'], issuer: 'healthpocket', clockTimestamp: Math.floor(now / 1000) }) as jwt.JwtPayload;
      const claims: TokenClaims = Object.freeze({ userId: String(p.sub), sessionVersion: typeof p.sv === 'number' ? p.sv : -1, ...(typeof p.sid === 'string' ? { sessionId: p.sid } : {}) });
      // sign() always sets exp; a token without one (not ours) is not remembered.
      if (typeof p.exp === 'number') {
        this.verified.set(token, { claims, expMs: p.exp * 1000 });
        while (this.verified.size > VERIFIED_MAX) this.verified.delete(this.verified.keys().next().value!);
      }
      return claims;
    } catch (e) {
      if (e instanceof jwt.TokenExpiredError) throw errors.unauthenticated('TOKEN_EXPIRED');
      throw errors.unauthenticated();
    }
  }

  /** Reads `Authorization: Bearer …`; null when absent. */
  fromContext(ctx: Koa.Context): TokenClaims | null {
    const h = ctx.get('authorization');
    if (!h) return null;
    const m = /^Bearer\s+(\S+)$/i.exec(h);
    if (!m) throw errors.unauthenticated();
    return this.verify(m[1]);
  }
}

export function newOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

export function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}
