import { IsNull, type DataSource, type EntityManager } from 'typeorm';
import type { AuthTokens, UserView } from '@healthpocket/shared-types';
import { RefreshToken, User } from '../../db/entities';
import { newId } from '../../db/columns';
import { isUniqueViolation } from '../../db/unique-violation';
import { AccessTokens, newOpaqueToken, sha256, type Actor } from '../../auth/tokens';
import type { FieldCrypto } from '../../crypto/field-crypto';
import type { WechatClient } from '../../wechat/client';
import { errors } from '../../errors';
import type { Logger } from '../../logger';
import type { Principals } from '../../auth/principals';
import type { ConsumeRateLimit } from '../../http/rate-limit';
import type { RateLimit } from '../../http/route';
import type { Audit } from '../../audit/audit';

/** Who is asking, for the audit rows of logins (the client address as TRUST_PROXY resolves it). */
export interface RequestInfo {
  requestId: string;
  ip: string;
}

/** Logins of one WeChat account (openid), from any address. */
const LOGIN_PER_ACCOUNT: RateLimit = { name: 'login-account', points: 10, durationSeconds: 60, by: 'user' };

/**
 * WeChat login and our own session tokens: a short-lived access JWT and a rotating refresh token
 * stored hashed. A refresh token used twice means it leaked: the whole family (login) is revoked.
 */
export class AuthService {
  constructor(
    private readonly ds: DataSource,
    private readonly wechat: WechatClient,
    private readonly tokens: AccessTokens,
    private readonly crypto: FieldCrypto,
    private readonly refreshTtlDays: number,
    private readonly logger: Logger,
    private readonly principals: Principals,
    /** The user as the app sees it (identity state included); the profile module's presenter. */
    private readonly present: (userId: string) => Promise<UserView>,
    private readonly consume: ConsumeRateLimit,
    private readonly audit: Audit,
  ) {}

  async loginWithWechatCode(code: string, req: RequestInfo): Promise<AuthTokens> {
    const session = await this.wechat.code2session(code);
    // Per account as well as per address (the route's limit): many addresses cannot log one account in and out.
    await this.consume(LOGIN_PER_ACCOUNT, `openid:${sha256(session.openid)}`);
    const users = this.ds.getRepository(User);
    let user = await users.findOneBy({ openid: session.openid });
    const firstLogin = !user;
    if (!user) {
      try {
        user = users.create({
          id: newId(),
          openid: session.openid,
          unionid: session.unionid,
          roles: ['resident'],
          sessionKeyEnc: this.crypto.encrypt(session.sessionKey),
          name: null,
          idNumberEnc: null,
          idNumberHash: null,
          phoneEnc: null,
          sex: null,
          birthDate: null,
          realNameVerifiedAt: null,
          doctorId: null,
        });
        await users.insert(user);
      } catch (e) {
        // Two first logins of one WeChat user at once: the other one created the row.
        if (!isUniqueViolation(e)) throw e;
        user = await users.findOneByOrFail({ openid: session.openid });
      }
    } else {
      await users.update({ id: user.id }, { sessionKeyEnc: this.crypto.encrypt(session.sessionKey), unionid: session.unionid ?? user.unionid });
    }
    const sessionId = newId();
    const tokens = await this.issue(user, sessionId);
    await this.audit.record(
      { actor: { userId: user.id, roles: user.roles }, requestId: req.requestId },
      { action: 'auth.login', subjectType: 'user', subjectId: user.id, detail: { method: 'wechat', firstLogin, sessionId, ip: req.ip } },
    );
    return tokens;
  }

  async refresh(refreshToken: string, req: RequestInfo): Promise<AuthTokens> {
    const repo = this.ds.getRepository(RefreshToken);
    const row = await repo.findOneBy({ tokenHash: sha256(refreshToken) });
    if (!row) throw errors.unauthenticated('REFRESH_TOKEN_INVALID');
    if (row.revokedAt) {
      await this.revokeFamily(row.familyId);
      this.logger.warn({ userId: row.userId, familyId: row.familyId }, 'refresh token reuse: family revoked');
      // A leaked token: the login it belongs to is ended; who presented it is recorded.
      await this.audit.record(
        { actor: { userId: '', roles: ['resident'] }, requestId: req.requestId },
        { action: 'auth.refresh_reuse', subjectType: 'user', subjectId: row.userId, detail: { sessionId: row.familyId, ip: req.ip } },
      );
      throw errors.unauthenticated('REFRESH_TOKEN_INVALID');
    }
    if (row.expiresAt.getTime() < Date.now()) throw errors.unauthenticated('REFRESH_TOKEN_INVALID');
    const nextId = newId();
    // Conditional update: of two concurrent refreshes with one token, exactly one wins.
    const res = await repo.update({ id: row.id, revokedAt: IsNull() }, { revokedAt: new Date(), replacedById: nextId });
    if (!res.affected) {
      await this.revokeFamily(row.familyId);
      throw errors.unauthenticated('REFRESH_TOKEN_INVALID');
    }
    const user = await this.ds.getRepository(User).findOneBy({ id: row.userId });
    if (!user) throw errors.unauthenticated('REFRESH_TOKEN_INVALID');
    return this.issue(user, row.familyId, nextId);
  }

  /**
   * Ends this login: its refresh tokens, and its access tokens on the next request (every instance).
   * The login is the access token's own, and the refresh token's when it is the same user's.
   */
  async logout(refreshToken: string, actor: Actor, req: RequestInfo): Promise<void> {
    const row = await this.ds.getRepository(RefreshToken).findOneBy({ tokenHash: sha256(refreshToken) });
    const families = new Set<string>();
    if (actor.sessionId) families.add(actor.sessionId);
    if (row && row.userId === actor.userId) families.add(row.familyId);
    for (const f of families) await this.revokeFamily(f);
    await this.audit.record({ actor, requestId: req.requestId }, { action: 'auth.logout', subjectType: 'user', subjectId: actor.userId, detail: { sessionIds: [...families], ip: req.ip } });
  }

  /** Ends every login of the user (account takeover): each refresh token is revoked. */
  async revokeRefreshTokens(userId: string, m: EntityManager = this.ds.manager): Promise<void> {
    await m.getRepository(RefreshToken).update({ userId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  /** Revokes a login's refresh tokens, then its access tokens (a reused refresh token means a leak too). */
  private async revokeFamily(familyId: string) {
    await this.ds.getRepository(RefreshToken).update({ familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
    await this.principals.sessions.revoke(familyId);
  }

  private async issue(user: User, familyId: string, id: string = newId()): Promise<AuthTokens> {
    // The family id names the login in the access token (`sid`), so logout can end its access tokens.
    const refreshToken = newOpaqueToken();
    await this.ds.getRepository(RefreshToken).insert({
      id,
      userId: user.id,
      familyId,
      tokenHash: sha256(refreshToken),
      expiresAt: new Date(Date.now() + this.refreshTtlDays * 86400_000),
      revokedAt: null,
      replacedById: null,
    });
    return {
      accessToken: this.tokens.sign({ userId: user.id, sessionVersion: user.sessionVersion, sessionId: familyId }),
      accessTokenExpiresIn: this.tokens.ttlSeconds,
      refreshToken,
      user: await this.present(user.id),
    };
  }

  /** Admin command: grant roles (and a doctor's platform id), creating the user by openid if needed. */
  async grant(openid: string, roles: User['roles'], doctorId?: string): Promise<User> {
    const users = this.ds.getRepository(User);
    let user = await users.findOneBy({ openid });
    if (!user) {
      user = users.create({
        id: newId(),
        openid,
        unionid: null,
        roles: ['resident'],
        sessionKeyEnc: null,
        name: null,
        idNumberEnc: null,
        idNumberHash: null,
        phoneEnc: null,
        sex: null,
        birthDate: null,
        realNameVerifiedAt: null,
        doctorId: null,
      });
      await users.insert(user);
    }
    user.roles = [...new Set([...user.roles, ...roles])];
    if (doctorId) user.doctorId = doctorId;
    await users.update({ id: user.id }, { roles: user.roles, doctorId: user.doctorId });
    await this.principals.changed(user.id);
    return user;
  }
}
