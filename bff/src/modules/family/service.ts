import { IsNull, Not, type DataSource, type EntityManager } from 'typeorm';
import {
  CONSENT_TEXTS,
  GUARDIAN_CONSENT_UNDER_AGE,
  MAX_FAMILY_MEMBERS,
  ageOn,
  chinaToday,
  parseIdNumber,
  type CreateMemberRequest,
  type MemberView,
  type Relation,
} from '@healthpocket/shared-types';
import { Consent, FamilyMember, User } from '../../db/entities';
import { newId } from '../../db/columns';
import type { Tx } from '../../db/data-source';
import { lockRow } from '../../db/lock';
import type { FieldCrypto } from '../../crypto/field-crypto';
import type { Audit, Scope } from '../../audit/audit';
import { authorize } from '../../policies';
import { errors } from '../../errors';
import { presentMember } from '../profile/presenters';

/** A member may be added without an ID number only before the age an ID card is compulsory. */
export const NO_ID_CARD_UNDER_AGE = 16;

type CreateInput =
  | { name: string; relation: Exclude<Relation, 'self'>; phone?: string; guardianConsentVersion?: string; idNumber: string }
  | { name: string; relation: Exclude<Relation, 'self'>; phone?: string; guardianConsentVersion?: string; birthDate: string; sex: 'male' | 'female' };

/** 就诊人: the people a user acts for. Every later feature takes a member id and calls `memberFor`. */
export class FamilyService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: Tx,
    private readonly crypto: FieldCrypto,
    private readonly audit: Audit,
  ) {}

  async list(scope: Scope): Promise<{ items: MemberView[]; max: number }> {
    const rows = await this.ds.getRepository(FamilyMember).find({ where: { ownerUserId: scope.actor.userId }, order: { createdAt: 'ASC' } });
    rows.sort((a, b) => Number(b.relation === 'self') - Number(a.relation === 'self'));
    return { items: rows.map((r) => presentMember(r, this.crypto)), max: MAX_FAMILY_MEMBERS };
  }

  /** The member, if the actor may act for it; otherwise 404. */
  async memberFor(scope: Scope, memberId: string, m: EntityManager = this.ds.manager): Promise<FamilyMember> {
    const member = await m.getRepository(FamilyMember).findOneBy({ id: memberId });
    // The same 404 whether the member does not exist or is someone else's.
    if (!member) throw errors.notFound();
    await authorize(scope.actor, 'member.manage', member);
    return member;
  }

  /** The decrypted ID number of a member (for upstream look-ups only; never returned to clients). */
  idNumberOf(member: FamilyMember): string | null {
    return member.idNumberEnc ? this.crypto.decrypt(member.idNumberEnc) : null;
  }

  async create(scope: Scope, input: CreateInput): Promise<MemberView> {
    let sex: 'male' | 'female';
    let birthDate: string;
    let idNumber: string | null = null;
    if ('idNumber' in input) {
      const p = parseIdNumber(input.idNumber);
      if (!p.ok) throw errors.of('ID_NUMBER_INVALID');
      ({ sex, birthDate, idNumber } = p.value);
    } else {
      ({ sex, birthDate } = input);
      const parsed = new Date(`${birthDate}T00:00:00Z`);
      if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== birthDate) {
        throw errors.badInput([{ path: 'birthDate', message: '出生日期不存在' }], '出生日期不存在，请重新选择');
      }
      if (birthDate > chinaToday()) throw errors.badInput([{ path: 'birthDate', message: '出生日期不能晚于今天' }], '出生日期不能晚于今天');
      if (ageOn(birthDate) >= NO_ID_CARD_UNDER_AGE) {
        throw errors.badInput([{ path: 'idNumber', message: '年满16周岁的成员请填写身份证号' }], '年满16周岁的成员请填写身份证号');
      }
    }
    const needsGuardian = ageOn(birthDate) < GUARDIAN_CONSENT_UNDER_AGE;
    if (needsGuardian && input.guardianConsentVersion !== CONSENT_TEXTS.guardian.version) {
      throw input.guardianConsentVersion ? errors.of('CONSENT_VERSION_OUTDATED') : errors.of('GUARDIAN_CONSENT_REQUIRED');
    }
    const idHash = idNumber ? this.crypto.hash(idNumber) : null;

    return this.tx.run(async (m) => {
      // Lock the owner: two devices adding at once must not pass the limit together.
      const owner = await lockRow(m, this.tx.dialect, User, scope.actor.userId);
      if (!owner?.realNameVerifiedAt) throw errors.of('REAL_NAME_REQUIRED', '添加家庭成员前请先完成本人实名认证');
      const repo = m.getRepository(FamilyMember);
      const others = await repo.find({ where: { ownerUserId: owner.id, relation: Not('self') } });
      if (others.length >= MAX_FAMILY_MEMBERS) throw errors.of('FAMILY_LIMIT_REACHED');
      const duplicate = idHash
        ? idHash === owner.idNumberHash || others.some((o) => o.idNumberHash === idHash)
        : others.some((o) => !o.idNumberHash && o.name === input.name && o.birthDate === birthDate);
      if (duplicate) throw errors.of('MEMBER_DUPLICATE');
      const row = repo.create({
        id: newId(),
        ownerUserId: owner.id,
        relation: input.relation,
        name: input.name,
        idNumberEnc: idNumber ? this.crypto.encrypt(idNumber) : null,
        idNumberHash: idHash,
        sex,
        birthDate,
        phoneEnc: input.phone ? this.crypto.encrypt(input.phone) : null,
        verified: !!idNumber,
      });
      await repo.insert(row);
      if (needsGuardian) {
        await m.getRepository(Consent).insert({
          id: newId(),
          userId: owner.id,
          memberId: row.id,
          kind: 'guardian',
          textVersion: CONSENT_TEXTS.guardian.version,
          grantedAt: new Date(),
          withdrawnAt: null,
        });
      }
      await this.audit.record(scope, { action: 'member.create', subjectType: 'member', subjectId: row.id, detail: { relation: row.relation, guardianConsent: needsGuardian } }, m);
      const saved = await repo.findOneByOrFail({ id: row.id });
      return presentMember(saved, this.crypto);
    });
  }

  async update(scope: Scope, memberId: string, input: { relation?: Exclude<Relation, 'self'>; phone?: string | null; idNumber?: string }): Promise<MemberView> {
    return this.tx.run(async (m) => {
      const member = await this.memberFor(scope, memberId, m);
      if (member.relation === 'self') throw errors.of('SELF_MEMBER_LOCKED');
      const patch: Partial<FamilyMember> = {};
      if (input.relation) patch.relation = input.relation;
      if (input.phone !== undefined) patch.phoneEnc = input.phone ? this.crypto.encrypt(input.phone) : null;
      if (input.idNumber) {
        const p = parseIdNumber(input.idNumber);
        if (!p.ok) throw errors.of('ID_NUMBER_INVALID');
        if (member.idNumberHash && member.idNumberHash !== this.crypto.hash(p.value.idNumber)) {
          throw errors.badInput([{ path: 'idNumber', message: '已登记的身份证号不能修改，如有错误请删除后重新添加' }], '已登记的身份证号不能修改，如有错误请删除后重新添加');
        }
        if (p.value.birthDate !== member.birthDate || p.value.sex !== member.sex) {
          throw errors.badInput([{ path: 'idNumber', message: '身份证号中的出生日期或性别与已登记信息不一致' }], '身份证号中的出生日期或性别与已登记信息不一致');
        }
        const hash = this.crypto.hash(p.value.idNumber);
        const clash = await m.getRepository(FamilyMember).findOneBy({ ownerUserId: member.ownerUserId, idNumberHash: hash, id: Not(member.id) });
        if (clash) throw errors.of('MEMBER_DUPLICATE');
        Object.assign(patch, { idNumberEnc: this.crypto.encrypt(p.value.idNumber), idNumberHash: hash, verified: true });
      }
      if (Object.keys(patch).length) await m.getRepository(FamilyMember).update({ id: member.id }, patch);
      await this.audit.record(scope, { action: 'member.update', subjectType: 'member', subjectId: member.id, detail: { fields: Object.keys(input) } }, m);
      return presentMember(await m.getRepository(FamilyMember).findOneByOrFail({ id: member.id }), this.crypto);
    });
  }

  async remove(scope: Scope, memberId: string): Promise<void> {
    await this.tx.run(async (m) => {
      const member = await this.memberFor(scope, memberId, m);
      if (member.relation === 'self') throw errors.of('SELF_MEMBER_LOCKED');
      await m.getRepository(FamilyMember).softDelete({ id: member.id });
      await m.getRepository(Consent).update({ memberId: member.id, withdrawnAt: IsNull() }, { withdrawnAt: new Date() });
      await this.audit.record(scope, { action: 'member.delete', subjectType: 'member', subjectId: member.id }, m);
    });
  }
}

export type { CreateMemberRequest };
