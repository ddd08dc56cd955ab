import { In, IsNull, Not, type DataSource } from 'typeorm';
import {
  RELATION_LABELS,
  ageOn,
  toChinaIso,
  type FamilyAccessRequestView,
  type FamilyAccessStatus,
  type IncomingAccessRequest,
  type Relation,
} from '@healthpocket/shared-types';
import { FamilyMember, User } from '../../db/entities';
import { newId } from '../../db/columns';
import type { Tx } from '../../db/data-source';
import { lockRow } from '../../db/lock';
import type { Audit, Scope } from '../../audit/audit';
import { errors } from '../../errors';
import type { FamilyService } from './service';
import { FamilyAccessGrant } from './access-entity';

/** From this age a person decides alone who reads their health record (PIPL Art. 28–29; 民法典 Art. 17). */
export const ADULT_AGE = 18;

/** Whether reading this member's record needs the member's own authorization: adults other than oneself. */
export function needsFamilyAuthorization(member: Pick<FamilyMember, 'relation' | 'birthDate'>): boolean {
  return member.relation !== 'self' && ageOn(member.birthDate) >= ADULT_AGE;
}

type Decision = 'approve' | 'decline' | 'revoke';
/** Which status each decision needs, and what it leads to. Repeating a decision answers as before. */
const TRANSITIONS: Record<Decision, { from: FamilyAccessStatus; to: FamilyAccessStatus }> = {
  approve: { from: 'pending', to: 'approved' },
  decline: { from: 'pending', to: 'declined' },
  revoke: { from: 'approved', to: 'revoked' },
};

/**
 * 家人授权: the resident asks the adult behind one of their members; the adult (a real-named user
 * with the same ID number) approves, declines or later revokes. Records read only approved grants.
 */
export class FamilyAccessService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: Tx,
    private readonly family: FamilyService,
    private readonly audit: Audit,
  ) {}

  /** True when the adult behind `memberId` approved reads by `requesterUserId` and has not revoked it. */
  async isApproved(requesterUserId: string, memberId: string): Promise<boolean> {
    return (await this.ds.getRepository(FamilyAccessGrant).countBy({ memberId, requesterUserId, status: 'approved' })) > 0;
  }

  /** The latest request for one of my members ('none' before any). */
  async statusFor(scope: Scope, memberId: string): Promise<FamilyAccessRequestView> {
    const member = await this.family.memberFor(scope, memberId);
    const latest = await this.ds.getRepository(FamilyAccessGrant).findOne({
      where: { memberId: member.id, requesterUserId: scope.actor.userId },
      order: { requestedAt: 'DESC' },
    });
    return latest ? this.view(latest) : { id: null, memberId: member.id, status: 'none', requestedAt: null, decidedAt: null };
  }

  /** Ask the adult behind my member; an open (pending or approved) request is returned as it is. */
  async request(scope: Scope, memberId: string): Promise<FamilyAccessRequestView> {
    return this.tx.run(async (m) => {
      // Lock the member first: two taps at once must leave one pending request, and on MySQL the
      // reads below must start their snapshot after the lock, or they miss the other tap's row.
      await lockRow(m, this.tx.dialect, FamilyMember, memberId);
      const member = await this.family.memberFor(scope, memberId, m);
      if (!needsFamilyAuthorization(member)) throw errors.of('FAMILY_ACCESS_NOT_NEEDED');
      const repo = m.getRepository(FamilyAccessGrant);
      const open = await repo.findOneBy({ memberId: member.id, requesterUserId: scope.actor.userId, status: In(['pending', 'approved']) });
      if (open) return this.view(open);
      const grantor = member.idNumberHash
        ? await m.getRepository(User).findOneBy({ idNumberHash: member.idNumberHash, realNameVerifiedAt: Not(IsNull()) })
        : null;
      if (!grantor || grantor.id === scope.actor.userId) throw errors.of('FAMILY_MEMBER_NOT_REGISTERED');
      const row = repo.create({
        id: newId(),
        memberId: member.id,
        requesterUserId: scope.actor.userId,
        grantorUserId: grantor.id,
        status: 'pending',
        requestedAt: new Date(),
        decidedAt: null,
        revokedAt: null,
      });
      await repo.insert(row);
      await this.audit.record(scope, { action: 'family.access.request', subjectType: 'family_access', subjectId: row.id, detail: { memberId: member.id, grantorUserId: grantor.id } }, m);
      return this.view(row);
    });
  }

  /** Requests addressed to me, newest first. */
  async incoming(scope: Scope): Promise<{ items: IncomingAccessRequest[] }> {
    const rows = await this.ds.getRepository(FamilyAccessGrant).find({ where: { grantorUserId: scope.actor.userId }, order: { requestedAt: 'DESC' }, take: 100 });
    const users = await this.ds.getRepository(User).findBy({ id: In([...new Set(rows.map((r) => r.requesterUserId)), '']) });
    const members = await this.ds.getRepository(FamilyMember).find({ where: { id: In([...new Set(rows.map((r) => r.memberId)), '']) }, withDeleted: true });
    return {
      items: rows.map((r) =>
        this.incomingView(r, users.find((u) => u.id === r.requesterUserId)?.name ?? '', members.find((x) => x.id === r.memberId)?.relation ?? 'other'),
      ),
    };
  }

  async decide(scope: Scope, id: string, decision: Decision): Promise<IncomingAccessRequest> {
    const { from, to } = TRANSITIONS[decision];
    const row = await this.tx.run(async (m) => {
      const grant = await lockRow(m, this.tx.dialect, FamilyAccessGrant, id);
      // Someone else's request is as invisible as one that does not exist.
      if (!grant || grant.grantorUserId !== scope.actor.userId) throw errors.notFound();
      if (grant.status === to) return grant;
      if (grant.status !== from) throw errors.of('ACCESS_REQUEST_DECIDED');
      const now = new Date();
      const patch: Partial<FamilyAccessGrant> = decision === 'revoke' ? { status: to, revokedAt: now } : { status: to, decidedAt: now };
      await m.getRepository(FamilyAccessGrant).update({ id: grant.id }, patch);
      await this.audit.record(scope, { action: `family.access.${decision}`, subjectType: 'family_access', subjectId: grant.id, detail: { memberId: grant.memberId, requesterUserId: grant.requesterUserId } }, m);
      return { ...grant, ...patch } as FamilyAccessGrant;
    });
    const requester = await this.ds.getRepository(User).findOneBy({ id: row.requesterUserId });
    const member = await this.ds.getRepository(FamilyMember).findOne({ where: { id: row.memberId }, withDeleted: true });
    return this.incomingView(row, requester?.name ?? '', member?.relation ?? 'other');
  }

  private view(g: FamilyAccessGrant): FamilyAccessRequestView {
    return { id: g.id, memberId: g.memberId, status: g.status, requestedAt: toChinaIso(g.requestedAt), decidedAt: g.decidedAt ? toChinaIso(g.decidedAt) : null };
  }

  private incomingView(g: FamilyAccessGrant, requesterName: string, relation: string): IncomingAccessRequest {
    return {
      id: g.id,
      requesterName: maskName(requesterName),
      relation,
      relationLabel: RELATION_LABELS[relation as Relation] ?? '其他',
      status: g.status,
      requestedAt: toChinaIso(g.requestedAt),
      decidedAt: g.revokedAt ? toChinaIso(g.revokedAt) : g.decidedAt ? toChinaIso(g.decidedAt) : null,
    };
  }
}

/** 张伟 → 张*, 欧阳娜娜 → 欧**娜 */
function maskName(name: string): string {
  if (name.length <= 1) return name || '';
  if (name.length === 2) return `${name[0]}*`;
  return `${name[0]}${'*'.repeat(name.length - 2)}${name.at(-1)}`;
}
