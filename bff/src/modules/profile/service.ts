import { IsNull, type DataSource, type EntityManager } from 'typeorm';
import { CONSENT_TEXTS, type ConsentKind, type ConsentView, type SelfConsentKind, type UserView } from '@healthpocket/shared-types';
import { Consent, FamilyMember, User } from '../../db/entities';
import { newId } from '../../db/columns';
import type { Tx } from '../../db/data-source';
import type { FieldCrypto } from '../../crypto/field-crypto';
import type { Audit, Scope } from '../../audit/audit';
import { errors } from '../../errors';
import type { UserViews } from '../../auth/user-views';
import { presentUser } from './presenters';

function presentConsent(c: Consent): ConsentView {
  return {
    id: c.id,
    kind: c.kind,
    textVersion: c.textVersion,
    memberId: c.memberId,
    grantedAt: c.grantedAt.toISOString(),
    withdrawnAt: c.withdrawnAt ? c.withdrawnAt.toISOString() : null,
  };
}

/** Ends every login of a user (inside the caller's transaction), then tells every instance (after it). */
export interface SessionEnder {
  endAll(userId: string, m: EntityManager): Promise<void>;
  changed(userId: string): Promise<void>;
}

/** The signed-in user: real-name binding and consents. */
export class ProfileService {
  private sessions: SessionEnder | null = null;

  constructor(
    private readonly ds: DataSource,
    private readonly tx: Tx,
    private readonly crypto: FieldCrypto,
    private readonly audit: Audit,
    private readonly views: UserViews,
  ) {}

  /** Set once auth is built (auth needs the profile first). */
  useSessions(s: SessionEnder): void {
    this.sessions = s;
  }

  /** Kept per instance until the user changes (auth/user-views.ts); `present` always reads fresh. */
  async me(scope: Scope): Promise<UserView> {
    const userId = scope.actor.userId;
    return this.views.get(userId, 'me', () => this.present(userId));
  }

  /** The user with their identity state (none / claimed / verified); identity changes live in ../identity. */
  async present(userId: string): Promise<UserView> {
    const user = await this.ds.getRepository(User).findOneBy({ id: userId });
    if (!user) throw errors.unauthenticated();
    const self = user.realNameVerifiedAt ? null : await this.ds.getRepository(FamilyMember).findOneBy({ ownerUserId: userId, relation: 'self' });
    return presentUser(user, this.crypto, self);
  }

  async listConsents(scope: Scope) {
    const items = await this.ds.getRepository(Consent).find({ where: { userId: scope.actor.userId }, order: { grantedAt: 'DESC' } });
    return { items: items.map(presentConsent), current: CONSENT_TEXTS };
  }

  async grantConsent(scope: Scope, kind: SelfConsentKind, textVersion: string): Promise<ConsentView> {
    if (CONSENT_TEXTS[kind].version !== textVersion) throw errors.of('CONSENT_VERSION_OUTDATED');
    return this.tx.run(async (m) => {
      const repo = m.getRepository(Consent);
      const active = await repo.findOneBy({ userId: scope.actor.userId, kind, memberId: IsNull(), withdrawnAt: IsNull() });
      if (active && active.textVersion === textVersion) return presentConsent(active);
      if (active) await repo.update({ id: active.id }, { withdrawnAt: new Date() });
      const row = repo.create({ id: newId(), userId: scope.actor.userId, memberId: null, kind, textVersion, grantedAt: new Date(), withdrawnAt: null });
      await repo.insert(row);
      await this.audit.record(scope, { action: 'consent.grant', subjectType: 'consent', subjectId: row.id, detail: { kind, textVersion } }, m);
      return presentConsent(row);
    });
  }

  /**
   * Withdrawal stops what the consent covered (CONSENT_TEXTS[kind].stops): health_data reads stop
   * (requireConsent), push sends stop (pushAllowed), and withdrawing the privacy guide ends every
   * login at once: the app asks for the guide again before it can be used.
   */
  async withdrawConsent(scope: Scope, kind: SelfConsentKind): Promise<void> {
    const userId = scope.actor.userId;
    const ended = await this.tx.run(async (m) => {
      const repo = m.getRepository(Consent);
      const now = new Date();
      const res = await repo.update({ userId, kind, memberId: IsNull(), withdrawnAt: IsNull() }, { withdrawnAt: now });
      let withdrew = !!res.affected;
      // Push is on until withdrawn (the resident subscribes in WeChat): a withdrawal with no grant on file is recorded as one.
      if (!withdrew && kind === 'push' && (await this.pushAllowed(userId, m))) {
        await repo.insert({ id: newId(), userId, memberId: null, kind, textVersion: CONSENT_TEXTS.push.version, grantedAt: now, withdrawnAt: now });
        withdrew = true;
      }
      if (!withdrew) return false;
      await this.audit.record(scope, { action: 'consent.withdraw', subjectType: 'user', subjectId: userId, detail: { kind } }, m);
      if (kind !== 'privacy_guide' || !this.sessions) return false;
      await this.sessions.endAll(userId, m);
      return true;
    });
    if (ended) await this.sessions!.changed(userId);
  }

  /** Campaign pushes may go to the user unless their latest push consent is withdrawn. */
  async pushAllowed(userId: string, m: EntityManager = this.ds.manager): Promise<boolean> {
    const latest = await m.getRepository(Consent).findOne({ where: { userId, kind: 'push', memberId: IsNull() }, order: { grantedAt: 'DESC', id: 'DESC' } });
    return !latest || !latest.withdrawnAt;
  }

  /** True when the user holds an active consent of this kind in its current text version. */
  async hasConsent(userId: string, kind: ConsentKind): Promise<boolean> {
    const row = await this.ds.getRepository(Consent).findOneBy({ userId, kind, memberId: IsNull(), withdrawnAt: IsNull() });
    return !!row && row.textVersion === CONSENT_TEXTS[kind].version;
  }

  async requireConsent(userId: string, kind: ConsentKind): Promise<void> {
    if (!(await this.hasConsent(userId, kind))) throw errors.of('CONSENT_REQUIRED');
  }
}
