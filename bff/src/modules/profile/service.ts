import { IsNull, type DataSource } from 'typeorm';
import { CONSENT_TEXTS, parseIdNumber, type ConsentKind, type ConsentView, type UserView } from '@healthpocket/shared-types';
import { Consent, FamilyMember, User } from '../../db/entities';
import { newId } from '../../db/columns';
import type { Tx } from '../../db/data-source';
import type { FieldCrypto } from '../../crypto/field-crypto';
import type { WechatClient } from '../../wechat/client';
import type { Audit, Scope } from '../../audit/audit';
import { errors } from '../../errors';
import { presentUser } from './presenters';
import { isUniqueViolation } from '../../db/unique-violation';
import { lockRow } from '../../db/lock';
import type { Principals } from '../../auth/principals';

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
    private readonly wechat: WechatClient,
    private readonly audit: Audit,
    private readonly principals: Principals,
  ) {}

  async me(scope: Scope): Promise<UserView> {
    const user = await this.ds.getRepository(User).findOneBy({ id: scope.actor.userId });
    if (!user) throw errors.unauthenticated();
    return presentUser(user, this.crypto);
  }

  /**
   * Binds name + ID number (GB 11643 checked by the schema) + the WeChat-verified phone. The ID
   * number is stored encrypted with a keyed hash for look-ups; one ID number binds one WeChat user.
   */
  async bindRealName(scope: Scope, input: { name: string; idNumber: string; phoneCode: string }): Promise<UserView> {
    const parsed = parseIdNumber(input.idNumber);
    if (!parsed.ok) throw errors.of('ID_NUMBER_INVALID');
    const idHash = this.crypto.hash(parsed.value.idNumber);
    // The phone code is one-time: exchange it before opening the transaction.
    const phone = await this.wechat.phoneNumber(input.phoneCode);
    try {
      const view = await this.tx.run(async (m) => {
        const user = await lockRow(m, this.tx.dialect, User, scope.actor.userId);
        if (!user) throw errors.unauthenticated();
        if (user.idNumberHash && user.idNumberHash !== idHash) throw errors.of('REAL_NAME_ALREADY_BOUND');
        const other = await m.getRepository(User).findOneBy({ idNumberHash: idHash });
        if (other && other.id !== user.id) throw errors.of('ID_NUMBER_TAKEN');
        Object.assign(user, {
          name: input.name,
          idNumberEnc: this.crypto.encrypt(parsed.value.idNumber),
          idNumberHash: idHash,
          phoneEnc: this.crypto.encrypt(phone),
          sex: parsed.value.sex,
          birthDate: parsed.value.birthDate,
          realNameVerifiedAt: user.realNameVerifiedAt ?? new Date(),
        });
        await m.getRepository(User).save(user);
        const members = m.getRepository(FamilyMember);
        const self = await members.findOneBy({ ownerUserId: user.id, relation: 'self' });
        const selfFields = {
          name: input.name,
          idNumberEnc: user.idNumberEnc,
          idNumberHash: idHash,
          sex: parsed.value.sex,
          birthDate: parsed.value.birthDate,
          phoneEnc: user.phoneEnc,
          verified: true,
        };
        if (self) await members.update({ id: self.id }, selfFields);
        else await members.insert({ id: newId(), ownerUserId: user.id, relation: 'self', ...selfFields });
        await this.audit.record(scope, { action: 'real_name.bind', subjectType: 'user', subjectId: user.id }, m);
        return presentUser(user, this.crypto);
      });
      await this.principals.changed(scope.actor.userId);
      return view;
    } catch (e) {
      if (isUniqueViolation(e)) throw errors.of('ID_NUMBER_TAKEN');
      throw e;
    }
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
