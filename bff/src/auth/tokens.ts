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

/**
 * Short-lived HS256 access tokens. The secret is a KeyObject: a string secret verified ~45x slower
 * in jsonwebtoken (../shared/notes/stack.md).
 */
export class AccessTokens {
  private readonly key: KeyObject;
  constructor(secret: string, readonly ttlSeconds: number) {
    this.key = createSecretKey(Buffer.from(secret, 'utf8'));
  }

  /** Roles are not in the token: they are read fresh for every request (auth/principals.ts). */
  sign(claims: { userId: string; sessionVersion?: number; sessionId?: string }): string {
    return jwt.sign({ sv: claims.sessionVersion ?? 0, ...(claims.sessionId ? { sid: claims.sessionId } : {}) }, this.key, {
      algorithm: 'HS256',
      subject: claims.userId,
      expiresIn: this.ttlSeconds,
      issuer: 'healthpocket',
    });
  }

  verify(token: string): TokenClaims {
    try {
      const p = jwt.verify(token, this.key, { algorithms: ['HS256'], issuer: 'healthpocket' }) as jwt.JwtPayload;
      return { userId: String(p.sub), sessionVersion: typeof p.sv === 'number' ? p.sv : -1, ...(typeof p.sid === 'string' ? { sessionId: p.sid } : {}) };
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
