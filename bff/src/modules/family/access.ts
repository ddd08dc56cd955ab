import { randomBytes } from 'node:crypto';
import { In, IsNull, Not, type DataSource, type EntityManager } from 'typeorm';
import {
  FAMILY_ACCESS_SCOPE_LABELS,
  RELATION_LABELS,
  ageOn,
  maskPhone,
  toChinaIso,
  type FamilyAccessRequestView,
  type FamilyAccessScope,
  type FamilyAccessStatus,
  type IncomingAccessRequest,
  type Relation,
} from '@healthpocket/shared-types';
import { FamilyMember, User } from '../../db/entities';
import { newId } from '../../db/columns';
import type { Tx } from '../../db/data-source';
import { lockRow } from '../../db/lock';
import type { FieldCrypto } from '../../crypto/field-crypto';
import type { Audit, Scope } from '../../audit/audit';
import { ADULT_AGE } from '../../policies/member-access';
import { errors } from '../../errors';
import type { Logger } from '../../logger';
import type { WechatClient } from '../../wechat/client';
import type { Notices } from '../messages';
import type { FamilyService } from './service';
import { FamilyAccessGrant } from './access-entity';

/** Whether acting for this member beyond booking needs the member's own authorization: adults other than oneself. */
function needsFamilyAuthorization(member: Pick<FamilyMember, 'relation' | 'birthDate'>): boolean {
  return member.relation !== 'self' && ageOn(member.birthDate) >= ADULT_AGE;
}

type Decision = 'approve' | 'decline' | 'revoke';
/** Which status each decision needs, and what it leads to. Repeating a decision answers as before. */
const TRANSITIONS: Record<Decision, { from: FamilyAccessStatus; to: FamilyAccessStatus }> = {
  approve: { from: 'pending', to: 'approved' },
  decline: { from: 'pending', to: 'declined' },
  revoke: { from: 'approved', to: 'revoked' },
};
const ALL_SCOPES: FamilyAccessScope[] = ['proxy', 'health'];

export interface FamilyAccessSettings {
  /** Subscribe-message template telling an adult that a relative asks for 家人授权 (thing/name/time fields). */
  requestTemplateId: string;
}

/**
 * 家人授权: the resident asks the adult behind one of their members for scopes (代办挂号与缴费,
 * 查看健康信息); the adult — a verified user with the same ID number, on the app already or invited by
 * a share card — approves (all or some scopes), declines or later revokes. The member policy
 * (policies/member-access.ts) reads only approved, unrevoked grants.
 */
export class FamilyAccessService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: Tx,
    private readonly family: FamilyService,
    private readonly audit: Audit,
    private readonly crypto: FieldCrypto,
    private readonly wechat: WechatClient,
    private readonly settings: FamilyAccessSettings,
    private readonly logger: Logger,
    private readonly notices: Notices,
  ) {}

  /** The latest request for one of my members ('none' before any). */
  async statusFor(scope: Scope, memberId: string): Promise<FamilyAccessRequestView> {
    const member = await this.family.memberFor(scope, memberId, 'manage');
    const latest = await this.ds.getRepository(FamilyAccessGrant).findOne({
      where: { memberId: member.id, requesterUserId: scope.actor.userId },
      order: { requestedAt: 'DESC' },
    });
    return latest ? this.view(latest) : { id: null, memberId: member.id, status: 'none', scopes: [], requestedAt: null, decidedAt: null, inviteCode: null, grantorOnApp: false };
  }

  /** Every request I made for this member, newest first. */
  async history(scope: Scope, memberId: string): Promise<{ items: FamilyAccessRequestView[] }> {
    const member = await this.family.memberFor(scope, memberId, 'manage');
    const rows = await this.ds.getRepository(FamilyAccessGrant).find({ where: { memberId: member.id, requesterUserId: scope.actor.userId }, order: { requestedAt: 'DESC' }, take: 50 });
    return { items: rows.map((r) => this.view(r)) };
  }

  /**
   * Ask the adult behind my member. A pending request is returned as it is; an approved one too,
   * unless it lacks a scope asked for now (then a new pending request asks for the union).
   */
  async request(scope: Scope, memberId: string, scopes: FamilyAccessScope[] = ALL_SCOPES): Promise<FamilyAccessRequestView> {
    if (!scope.actor.verified) throw errors.of('IDENTITY_UNVERIFIED');
    const { row, grantor } = await this.tx.run(async (m) => {
      // Lock the member first: two taps at once must leave one pending request, and on MySQL the
      // reads below must start their snapshot after the lock, or they miss the other tap's row.
      await lockRow(m, this.tx.dialect, FamilyMember, memberId);
      const member = await this.family.memberFor(scope, memberId, 'manage', m);
      if (!needsFamilyAuthorization(member)) throw errors.of('FAMILY_ACCESS_NOT_NEEDED');
      if (!member.idNumberHash || !member.verified) throw errors.of('FAMILY_MEMBER_NOT_REGISTERED', '请先在成员资料中填写该家人的身份证号，再发起授权请求');
      const repo = m.getRepository(FamilyAccessGrant);
      const open = await repo.find({ where: { memberId: member.id, requesterUserId: scope.actor.userId, status: In(['pending', 'approved']) } });
      const pending = open.find((g) => g.status === 'pending');
      if (pending) return { row: pending, grantor: null };
      const approved = open.find((g) => g.status === 'approved');
      if (approved && scopes.every((x) => approved.scopes.includes(x))) return { row: approved, grantor: null };
      const grantor = await this.verifiedUserWith(m, member.idNumberHash);
      if (grantor?.id === scope.actor.userId) throw errors.of('FAMILY_ACCESS_NOT_NEEDED');
      const row = repo.create({
        id: newId(),
        memberId: member.id,
        requesterUserId: scope.actor.userId,
        grantorUserId: grantor?.id ?? null,
        scopes: [...new Set([...(approved?.scopes ?? []), ...scopes])].sort(),
        inviteCode: randomBytes(18).toString('base64url'),
        status: 'pending',
        requestedAt: new Date(),
        decidedAt: null,
        revokedAt: null,
      });
      // Insert a copy: on MySQL, TypeORM reads the defaulted columns back into the inserted object
      // raw, without the column transformer (scopes came back as the string 'health,proxy').
      await repo.insert({ ...row });
      await this.audit.record(
        scope,
        { action: 'family.access.request', subjectType: 'family_access', subjectId: row.id, detail: { memberId: member.id, grantorUserId: row.grantorUserId, scopes: row.scopes } },
        m,
      );
      return { row, grantor };
    });
    // Off the answer's path: its time must not tell whether someone holds the ID number.
    if (grantor) this.notifyLater(grantor, row);
    return this.view(row);
  }

  /** Requests addressed to me, newest first; invitations sent before I verified are claimed here. */
  async incoming(scope: Scope): Promise<{ items: IncomingAccessRequest[]; pending: number }> {
    await this.claimInvitations(scope);
    const rows = await this.ds.getRepository(FamilyAccessGrant).find({ where: { grantorUserId: scope.actor.userId }, order: { requestedAt: 'DESC' }, take: 100 });
    const items = await this.incomingViews(rows);
    return { items, pending: items.filter((i) => i.status === 'pending').length };
  }

  /** The share card's request, for the invited adult only (after their own login and verification). */
  async byInvite(scope: Scope, code: string): Promise<IncomingAccessRequest> {
    if (!scope.actor.verified) throw errors.of('IDENTITY_UNVERIFIED', '请先完成实名认证，再查看家人发来的授权请求');
    const grant = await this.ds.getRepository(FamilyAccessGrant).findOneBy({ inviteCode: code });
    if (!grant) throw errors.of('ACCESS_INVITE_INVALID');
    if (grant.grantorUserId === null) await this.claimInvitations(scope);
    const fresh = await this.ds.getRepository(FamilyAccessGrant).findOneByOrFail({ id: grant.id });
    if (fresh.grantorUserId !== scope.actor.userId) {
      if (fresh.requesterUserId === scope.actor.userId) throw errors.of('ACCESS_INVITE_NOT_FOR_YOU', '这是您发出的授权邀请，请转发给家人本人处理');
      throw errors.of('ACCESS_INVITE_NOT_FOR_YOU');
    }
    const [view] = await this.incomingViews([fresh]);
    return view;
  }

  async decide(scope: Scope, id: string, decision: Decision, scopes?: FamilyAccessScope[]): Promise<IncomingAccessRequest> {
    const { from, to } = TRANSITIONS[decision];
    const row = await this.tx.run(async (m) => {
      const grant = await lockRow(m, this.tx.dialect, FamilyAccessGrant, id);
      // Someone else's request is as invisible as one that does not exist.
      if (!grant || grant.grantorUserId !== scope.actor.userId) throw errors.notFound();
      if (!scope.actor.verified) throw errors.of('IDENTITY_UNVERIFIED');
      if (grant.status === to) return grant;
      if (grant.status !== from) throw errors.of('ACCESS_REQUEST_DECIDED');
      const now = new Date();
      const patch: Partial<FamilyAccessGrant> = decision === 'revoke' ? { status: to, revokedAt: now } : { status: to, decidedAt: now };
      // The adult may allow less than was asked for, never more.
      if (decision === 'approve' && scopes) patch.scopes = grant.scopes.filter((x) => scopes.includes(x));
      if (decision === 'approve' && patch.scopes?.length === 0) throw errors.badInput([{ path: 'scopes', message: '请至少同意一项授权' }], '请至少同意一项授权');
      const replaced: string[] = [];
      if (decision === 'approve') {
        // One approval in force per requester and member: a wider new one replaces the older.
        const older = await m.getRepository(FamilyAccessGrant).find({ where: { memberId: grant.memberId, requesterUserId: grant.requesterUserId, status: 'approved', id: Not(grant.id) } });
        for (const o of older) await m.getRepository(FamilyAccessGrant).update({ id: o.id }, { status: 'revoked', revokedAt: now });
        replaced.push(...older.map((o) => o.id));
      }
      await m.getRepository(FamilyAccessGrant).update({ id: grant.id }, patch);
      // The approval that replaced an older one names it: that grant's end is in the audit log too.
      const detail = { memberId: grant.memberId, requesterUserId: grant.requesterUserId, scopes: patch.scopes ?? grant.scopes, ...(replaced.length ? { replaced } : {}) };
      await this.audit.record(scope, { action: `family.access.${decision}`, subjectType: 'family_access', subjectId: grant.id, detail }, m);
      return { ...grant, ...patch } as FamilyAccessGrant;
    });
    const [view] = await this.incomingViews([row]);
    return view;
  }

  /** Invitations for members whose ID number is mine, sent before I was on the app or verified. */
  private async claimInvitations(scope: Scope): Promise<void> {
    if (!scope.actor.verified) return;
    const me = await this.ds.getRepository(User).findOne({ where: { id: scope.actor.userId }, select: { id: true, idNumberHash: true, realNameVerifiedAt: true } });
    if (!me?.idNumberHash || !me.realNameVerifiedAt) return;
    const members = await this.ds.getRepository(FamilyMember).find({ where: { idNumberHash: me.idNumberHash, verified: true, ownerUserId: Not(me.id) }, select: { id: true } });
    if (!members.length) return;
    await this.ds.getRepository(FamilyAccessGrant).update({ memberId: In(members.map((x) => x.id)), grantorUserId: IsNull(), status: 'pending' }, { grantorUserId: me.id });
  }

  private verifiedUserWith(m: EntityManager, idNumberHash: string) {
    return m.getRepository(User).findOneBy({ idNumberHash, realNameVerifiedAt: Not(IsNull()) });
  }

  private notifyLater(grantor: User, row: FamilyAccessGrant) {
    setImmediate(() => void this.notify(grantor, row).catch((e: Error) => this.logger.warn({ grantId: row.id, err: e.message }, 'family access request message failed')));
  }

  /** A subscribe message to the adult, when they accepted one for this template (best effort), and its copy in the 消息中心. */
  private async notify(grantor: User, row: FamilyAccessGrant) {
    const requester = await this.ds.getRepository(User).findOneBy({ id: row.requesterUserId });
    await this.notices.post(grantor.id, {
      category: 'family_access',
      title: '家人授权申请',
      body: `${requester?.name ?? '家人'}申请家人授权（${row.scopes.map((x) => FAMILY_ACCESS_SCOPE_LABELS[x] ?? x).join('、')}），请查看并处理`,
      link: `profile/pages/family-access/index?invite=${row.inviteCode}`,
      dedupeKey: `family-access:${row.id}`,
    });
    try {
      const r = await this.wechat.sendSubscribeMessage({
        touser: grantor.openid,
        templateId: this.settings.requestTemplateId,
        page: `profile/pages/family-access/index?invite=${row.inviteCode}`,
        data: { name1: (requester?.name ?? '家人').slice(0, 10), thing2: '申请家人授权，请查看并处理', time3: toChinaIso(row.requestedAt).slice(0, 16).replace('T', ' ') },
      });
      if (r.result !== 'sent') this.logger.info({ grantId: row.id, errcode: r.errcode }, 'family access request message not sent');
    } catch (e) {
      this.logger.warn({ grantId: row.id, err: (e as Error).message }, 'family access request message failed');
    }
  }

  private view(g: FamilyAccessGrant): FamilyAccessRequestView {
    return {
      id: g.id,
      memberId: g.memberId,
      status: g.status,
      scopes: g.scopes,
      requestedAt: toChinaIso(g.requestedAt),
      decidedAt: g.revokedAt ? toChinaIso(g.revokedAt) : g.decidedAt ? toChinaIso(g.decidedAt) : null,
      inviteCode: g.status === 'pending' ? g.inviteCode : null,
      // Not grantorUserId !== null: that would tell whether the ID number is registered (issue 12).
      grantorOnApp: g.status !== 'pending',
    };
  }

  private async incomingViews(rows: FamilyAccessGrant[]): Promise<IncomingAccessRequest[]> {
    const users = await this.ds.getRepository(User).findBy({ id: In([...new Set(rows.map((r) => r.requesterUserId)), '']) });
    const members = await this.ds.getRepository(FamilyMember).find({ where: { id: In([...new Set(rows.map((r) => r.memberId)), '']) }, withDeleted: true });
    return rows.map((g) => {
      const u = users.find((x) => x.id === g.requesterUserId);
      const relation = members.find((x) => x.id === g.memberId)?.relation ?? 'other';
      return {
        id: g.id,
        // The requester's verified real name: the adult must recognise who asks (not "张*").
        requesterName: u?.name ?? '',
        requesterPhoneMasked: u?.phoneEnc ? maskPhone(this.crypto.decrypt(u.phoneEnc)) : null,
        relation,
        relationLabel: RELATION_LABELS[relation as Relation] ?? '其他',
        status: g.status,
        scopes: g.scopes,
        requestedAt: toChinaIso(g.requestedAt),
        decidedAt: g.revokedAt ? toChinaIso(g.revokedAt) : g.decidedAt ? toChinaIso(g.decidedAt) : null,
      };
    });
  }
}
