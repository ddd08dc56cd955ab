import type { EntityManager } from 'typeorm';
import { FamilyMember, User } from '../../db/entities';
import { newId } from '../../db/columns';
import { lockRow } from '../../db/lock';
import type { Dialect } from '../../db/data-source';
import type { FieldCrypto } from '../../crypto/field-crypto';
import type { Audit, Scope } from '../../audit/audit';
import type { Principals } from '../../auth/principals';
import type { UserViews } from '../../auth/user-views';
import { errors } from '../../errors';

/** Name + ID number as entered (checked against GB 11643), with what the number says. */
export interface ClaimedIdentity {
  name: string;
  idNumber: string;
  idHash: string;
  sex: 'male' | 'female';
  birthDate: string;
}

export interface SessionRevoker {
  /** Revokes every refresh token of the user (inside the caller's transaction). */
  revokeRefreshTokens(userId: string, m: EntityManager): Promise<void>;
}

/**
 * Writes identity state, always inside the caller's transaction: the claim an unverified account
 * makes (its self member, verified=false, never the unique users.idNumberHash), the binding of a
 * proven identity, and — for a face-proven one only — the takeover from the account that held it.
 */
export class IdentityBinder {
  constructor(
    private readonly dialect: Dialect,
    private readonly crypto: FieldCrypto,
    private readonly audit: Audit,
    private readonly principals: Principals,
    private readonly sessions: SessionRevoker,
    private readonly views: UserViews,
  ) {}

  /** The identity an unverified account says it is: enough to book for itself, never to read health information. */
  async claim(m: EntityManager, userId: string, c: ClaimedIdentity): Promise<void> {
    const members = m.getRepository(FamilyMember);
    const self = await members.findOneBy({ ownerUserId: userId, relation: 'self' });
    if (self?.verified) return;
    const fields = { name: c.name, idNumberEnc: this.crypto.encrypt(c.idNumber), idNumberHash: c.idHash, sex: c.sex, birthDate: c.birthDate, verified: false };
    if (self) await members.update({ id: self.id }, fields);
    else await members.insert({ id: newId(), ownerUserId: userId, relation: 'self', phoneEnc: null, ...fields });
  }

  /**
   * Binds a proven identity to the actor. A phone match never displaces anyone (ID_NUMBER_TAKEN);
   * a face match takes the identity over from the account holding it. Returns that account's id.
   */
  async bind(scope: Scope, m: EntityManager, c: ClaimedIdentity, proof: { method: 'face' | 'phone'; phone: string | null }): Promise<{ user: User; displaced: string | null }> {
    const user = await lockRow(m, this.dialect, User, scope.actor.userId);
    if (!user) throw errors.unauthenticated();
    if (user.idNumberHash && user.idNumberHash !== c.idHash) throw errors.of('REAL_NAME_ALREADY_BOUND');
    let displaced: string | null = null;
    const holder = await m.getRepository(User).findOneBy({ idNumberHash: c.idHash });
    if (holder && holder.id !== user.id) {
      if (proof.method !== 'face') throw errors.of('ID_NUMBER_TAKEN');
      await this.release(scope, m, holder.id);
      displaced = holder.id;
    }
    const now = new Date();
    Object.assign(user, {
      name: c.name,
      idNumberEnc: this.crypto.encrypt(c.idNumber),
      idNumberHash: c.idHash,
      phoneEnc: proof.phone ? this.crypto.encrypt(proof.phone) : user.phoneEnc,
      sex: c.sex,
      birthDate: c.birthDate,
      realNameVerifiedAt: user.realNameVerifiedAt ?? now,
      identityMethod: user.identityMethod ?? proof.method,
    });
    await m.getRepository(User).save(user);
    const members = m.getRepository(FamilyMember);
    const self = await members.findOneBy({ ownerUserId: user.id, relation: 'self' });
    const selfFields = { name: c.name, idNumberEnc: user.idNumberEnc, idNumberHash: c.idHash, sex: c.sex, birthDate: c.birthDate, phoneEnc: user.phoneEnc, verified: true };
    if (self) await members.update({ id: self.id }, selfFields);
    else await members.insert({ id: newId(), ownerUserId: user.id, relation: 'self', ...selfFields });
    await this.audit.record(scope, { action: 'real_name.bind', subjectType: 'user', subjectId: user.id, detail: { method: proof.method, takeoverFrom: displaced } }, m);
    if (displaced) {
      await this.audit.record(scope, { action: 'identity.takeover', subjectType: 'user', subjectId: user.id, detail: { fromUserId: displaced, method: 'face' } }, m);
    }
    return { user, displaced };
  }

  /** After the commit of a claim: /me shows the claimed identity (its self member) on every instance. */
  async claimed(userId: string): Promise<void> {
    await this.views.changed(userId);
  }

  /** After the commit: every instance re-reads both principals (verified flag, session version) and their views. */
  async changed(...userIds: Array<string | null>): Promise<void> {
    for (const id of userIds) if (id) await this.principals.changed(id);
  }

  /** The earlier account loses the identity: fields cleared, self member retired, every session ended. */
  private async release(scope: Scope, m: EntityManager, holderId: string): Promise<void> {
    await lockRow(m, this.dialect, User, holderId);
    await m
      .getRepository(User)
      .update({ id: holderId }, { name: null, idNumberEnc: null, idNumberHash: null, phoneEnc: null, sex: null, birthDate: null, realNameVerifiedAt: null, identityMethod: null });
    const members = m.getRepository(FamilyMember);
    const self = await members.findOneBy({ ownerUserId: holderId, relation: 'self' });
    if (self) {
      await members.update({ id: self.id }, { idNumberEnc: null, idNumberHash: null, phoneEnc: null, verified: false });
      await members.softDelete({ id: self.id });
    }
    await this.principals.revokeSessions(holderId, m);
    await this.sessions.revokeRefreshTokens(holderId, m);
    await this.audit.record(scope, { action: 'identity.taken_over', subjectType: 'user', subjectId: holderId, detail: { byUserId: scope.actor.userId } }, m);
  }
}
