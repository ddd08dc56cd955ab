import { IsNull, type DataSource } from 'typeorm';
import { CONSENT_TEXTS, type ConsentKind, type ConsentView, type UserView } from '@healthpocket/shared-types';
import { Consent, FamilyMember, User } from '../../db/entities';
import { newId } from '../../db/columns';
import type { Tx } from '../../db/data-source';
import type { FieldCrypto } from '../../crypto/field-crypto';
import type { Audit, Scope } from '../../audit/audit';
import { errors } from '../../errors';
import { presentUser } from './presenters';

export function presentConsent(c: Consent): ConsentView {
  return {
    id: c.id,
    kind: c.kind,
    textVersion: c.textVersion,
    memberId: c.memberId,
    grantedAt: c.grantedAt.toISOString(),
    withdrawnAt: c.withdrawnAt ? c.withdrawnAt.toISOString() : null,
  };
}

/** The signed-in user: real-name binding and consents. */
export class ProfileService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: Tx,
    private readonly crypto: FieldCrypto,
    private readonly audit: Audit,
  ) {}

  async me(scope: Scope): Promise<UserView> {
    return this.present(scope.actor.userId);
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

  async grantConsent(scope: Scope, kind: 'privacy_guide' | 'health_data', textVersion: string): Promise<ConsentView> {
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

  async withdrawConsent(scope: Scope, kind: 'privacy_guide' | 'health_data'): Promise<void> {
    await this.tx.run(async (m) => {
      const res = await m.getRepository(Consent).update({ userId: scope.actor.userId, kind, withdrawnAt: IsNull() }, { withdrawnAt: new Date() });
      if (res.affected) await this.audit.record(scope, { action: 'consent.withdraw', subjectType: 'user', subjectId: scope.actor.userId, detail: { kind } }, m);
    });
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
