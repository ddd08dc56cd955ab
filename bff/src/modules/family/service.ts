import { IsNull, Not, type DataSource, type EntityManager } from 'typeorm';
import { CONSENT_TEXTS, GUARDIAN_CONSENT_UNDER_AGE, MAX_FAMILY_MEMBERS, ageOn, chinaToday, parseIdNumber, type MemberView, type Relation } from '@healthpocket/shared-types';
import { Consent, FamilyMember, User } from '../../db/entities';
import { newId } from '../../db/columns';
import type { Tx } from '../../db/data-source';
import { lockRow } from '../../db/lock';
import type { FieldCrypto } from '../../crypto/field-crypto';
import type { Audit, Scope } from '../../audit/audit';
import { AppError, errors } from '../../errors';
import { decideMemberAccess, type MemberDecision, type MemberPurpose } from '../../policies/member-access';
import { presentMember } from '../profile/presenters';
import { FAMILY_ACCESS_SCOPE_LABELS } from '@healthpocket/shared-types';
import { FamilyAccessGrant } from './access-entity';
import type { Guardianship } from './guardianship';
import type { UserViews } from '../../auth/user-views';

/** A member may be added without an ID number only before the age an ID card is compulsory. */
export const NO_ID_CARD_UNDER_AGE = 16;

type CreateInput =
  | { name: string; relation: Exclude<Relation, 'self'>; phone?: string; guardianConsentVersion?: string; idNumber: string }
  | { name: string; relation: Exclude<Relation, 'self'>; phone?: string; guardianConsentVersion?: string; birthDate: string; sex: 'male' | 'female' };

/** One request's member decisions, so a route's check and its service's check cost one look-up. */
const decided = new WeakMap<object, Map<string, Promise<FamilyMember>>>();

/** 就诊人: the people a user acts for. Every feature takes a member id and calls `memberFor` with its purpose. */
export class FamilyService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: Tx,
    private readonly crypto: FieldCrypto,
    private readonly audit: Audit,
    private readonly guardianship: Guardianship,
    private readonly views: UserViews,
  ) {}

  /** Kept per instance until a member of the user changes (auth/user-views.ts: every write below says so). */
  list(scope: Scope): Promise<{ items: MemberView[]; max: number }> {
    const userId = scope.actor.userId;
    return this.views.get(userId, 'members', async () => {
      const rows = await this.ds.getRepository(FamilyMember).find({ where: { ownerUserId: userId }, order: { createdAt: 'ASC' } });
      rows.sort((a, b) => Number(b.relation === 'self') - Number(a.relation === 'self'));
      return { items: rows.map((r) => presentMember(r, this.crypto)), max: MAX_FAMILY_MEMBERS };
    });
  }

  /**
   * The member, if the actor may act for it for this purpose (the one policy: policies/member-access.ts).
   * Not the actor's: 404. Theirs but not allowed: 403 with what is missing (IDENTITY_UNVERIFIED,
   * GUARDIAN_UNCONFIRMED, FAMILY_AUTHORIZATION_REQUIRED naming the scope to ask for).
   */
  async memberFor(scope: Scope, memberId: string, purpose: MemberPurpose, m: EntityManager = this.ds.manager): Promise<FamilyMember> {
    if (m !== this.ds.manager) return this.decide(scope, memberId, purpose, m);
    let mine = decided.get(scope);
    if (!mine) decided.set(scope, (mine = new Map()));
    const key = `${memberId}|${purpose}`;
    let hit = mine.get(key);
    if (!hit) mine.set(key, (hit = this.decide(scope, memberId, purpose, m)));
    return hit;
  }

  private async decide(scope: Scope, memberId: string, purpose: MemberPurpose, m: EntityManager): Promise<FamilyMember> {
    const member = await m.getRepository(FamilyMember).findOneBy({ id: memberId });
    // The same 404 whether the member does not exist or is someone else's.
    if (!member) throw errors.notFound();
    const decision = await decideMemberAccess(
      scope.actor,
      {
        ownerUserId: member.ownerUserId,
        relation: member.relation,
        age: ageOn(member.birthDate),
        guardianConfirmed: () => this.guardianConfirmed(scope.actor.userId, member, m),
        approvedScopes: () => this.approvedScopes(scope.actor.userId, member.id, m),
      },
      purpose,
    );
    if (!decision.allow) throw refusal(decision, member.id);
    return member;
  }

  /**
   * Something that belongs to a member (a booking, an order, a vaccine appointment, a device …),
   * reached by its own id: only its creator, and only while the member policy still grants the
   * purpose for its member (an adult's 家人授权 can be revoked, an account can lose its proven
   * identity, after the thing was made). Someone else's: 404, as if it did not exist.
   * A member removed from the list keeps its bookings visible to their creator (book is the
   * owner's own action); anything more needs the member's relation, which is gone: 404.
   */
  async resourceFor(scope: Scope, resource: { userId: string; memberId: string }, purpose: MemberPurpose): Promise<void> {
    if (resource.userId !== scope.actor.userId) throw errors.notFound();
    if (purpose === 'book' || purpose === 'manage') {
      const member = await this.ds.getRepository(FamilyMember).findOne({ where: { id: resource.memberId }, withDeleted: true });
      if (member?.deletedAt && member.ownerUserId === scope.actor.userId) return;
    }
    await this.memberFor(scope, resource.memberId, purpose).catch((e: unknown) => {
      // memberFor may word its 404 for a member; the resource's 404 is the plain one.
      throw e instanceof AppError && e.status === 404 ? errors.notFound() : e;
    });
  }

  /** resourceFor as a yes/no, for lists: a list shows only what its items' own ids would open. */
  async reaches(scope: Scope, resource: { userId: string; memberId: string }, purpose: MemberPurpose): Promise<boolean> {
    try {
      await this.resourceFor(scope, resource, purpose);
      return true;
    } catch (e) {
      if (e instanceof AppError && (e.status === 403 || e.status === 404)) return false;
      throw e;
    }
  }

  /**
   * Whether the member's owner may still do this for the member, asked without a request of theirs
   * (a push or a message to them about the member): the decision memberFor makes, for the owner.
   */
  async ownerMay(memberId: string, purpose: MemberPurpose): Promise<boolean> {
    const member = await this.ds.getRepository(FamilyMember).findOneBy({ id: memberId });
    if (!member) return false;
    const owner = await this.ds.getRepository(User).findOne({ where: { id: member.ownerUserId }, select: { id: true, realNameVerifiedAt: true } });
    if (!owner) return false;
    const actor = { userId: owner.id, roles: [], verified: !!owner.realNameVerifiedAt };
    try {
      await this.decide({ actor, requestId: '' }, member.id, purpose, this.ds.manager);
      return true;
    } catch (e) {
      if (e instanceof AppError && (e.status === 403 || e.status === 404)) return false;
      throw e;
    }
  }

  private async guardianConfirmed(userId: string, child: FamilyMember, m: EntityManager): Promise<boolean> {
    const guardian = await m.getRepository(User).findOne({ where: { id: userId }, select: { id: true, idNumberEnc: true, realNameVerifiedAt: true } });
    if (!guardian?.idNumberEnc || !guardian.realNameVerifiedAt) return false;
    return this.guardianship.confirmed(this.crypto.decrypt(guardian.idNumberEnc), { idNumber: this.idNumberOf(child), name: child.name, birthDate: child.birthDate });
  }

  /** What the adult behind the member approved for this requester (家人授权), not revoked. */
  async approvedScopes(requesterUserId: string, memberId: string, m: EntityManager = this.ds.manager) {
    const grants = await m.getRepository(FamilyAccessGrant).findBy({ memberId, requesterUserId, status: 'approved' });
    return [...new Set(grants.flatMap((g) => g.scopes))];
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

    const created = await this.tx.run(async (m) => {
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
    await this.views.changed(scope.actor.userId);
    return created;
  }

  async update(scope: Scope, memberId: string, input: { relation?: Exclude<Relation, 'self'>; phone?: string | null; idNumber?: string }): Promise<MemberView> {
    const { view, ownerUserId } = await this.tx.run(async (m) => {
      const member = await this.memberFor(scope, memberId, 'manage', m);
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
      return { view: presentMember(await m.getRepository(FamilyMember).findOneByOrFail({ id: member.id }), this.crypto), ownerUserId: member.ownerUserId };
    });
    await this.views.changed(ownerUserId);
    return view;
  }

  /**
   * Keeps the account holder's own phone (a WeChat phone number the BFF exchanged itself, never one
   * typed by the client) on their self member, for features that need a contact phone later.
   */
  async rememberSelfPhone(scope: Scope, phone: string): Promise<void> {
    await this.tx.run(async (m) => {
      const self = await m.getRepository(FamilyMember).findOneBy({ ownerUserId: scope.actor.userId, relation: 'self' });
      if (!self) throw errors.of('REAL_NAME_REQUIRED');
      await m.getRepository(FamilyMember).update({ id: self.id }, { phoneEnc: this.crypto.encrypt(phone) });
      await this.audit.record(scope, { action: 'member.update', subjectType: 'member', subjectId: self.id, detail: { fields: ['phone'], source: 'wechat_phone' } }, m);
    });
    await this.views.changed(scope.actor.userId);
  }

  async remove(scope: Scope, memberId: string): Promise<void> {
    const ownerUserId = await this.tx.run(async (m) => {
      const member = await this.memberFor(scope, memberId, 'manage', m);
      if (member.relation === 'self') throw errors.of('SELF_MEMBER_LOCKED');
      await m.getRepository(FamilyMember).softDelete({ id: member.id });
      await m.getRepository(Consent).update({ memberId: member.id, withdrawnAt: IsNull() }, { withdrawnAt: new Date() });
      await this.audit.record(scope, { action: 'member.delete', subjectType: 'member', subjectId: member.id }, m);
      return member.ownerUserId;
    });
    await this.views.changed(ownerUserId);
  }
}

function refusal(d: Exclude<MemberDecision, { allow: true }>, memberId: string): AppError {
  switch (d.reason) {
    case 'not_found':
      return errors.notFound();
    case 'identity_unverified':
      return errors.of('IDENTITY_UNVERIFIED');
    case 'guardian_unconfirmed':
      return errors.of('GUARDIAN_UNCONFIRMED', undefined, { memberId });
    case 'authorization_required':
      return errors.of(
        'FAMILY_AUTHORIZATION_REQUIRED',
        `该家庭成员已成年，「${FAMILY_ACCESS_SCOPE_LABELS[d.scope]}」需要其本人授权：请在「家庭成员」中向其发起授权请求，并请家人在健康口袋「我的 - 家人授权」中同意`,
        { scope: d.scope, memberId },
      );
  }
}
