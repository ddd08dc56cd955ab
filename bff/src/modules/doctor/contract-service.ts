import type { DataSource } from 'typeorm';
import {
  addDays,
  ageOn,
  chinaToday,
  RENEWAL_WINDOW_DAYS,
  type AgreementSignature,
  type ApplicationView,
  type ContractView,
  type MyContract,
  type SignedAgreementView,
  type TeamView,
} from '@healthpocket/shared-types';
import type { Audit, Scope } from '../../audit/audit';
import { AppError, errors } from '../../errors';
import type { RealtimeServer } from '../../realtime';
import type { FamilyService } from '../family/service';
import type { FamilyMember } from '../../db/entities';
import { ContractApplicationLink } from './entities';
import type { PlatformApplication, PlatformContract, PlatformDirectory, PlatformTeam } from './platform';
import { maskPhone, presentApplication, presentTeam } from './presenters';
import type { ChatService } from './chat-service';
import type { ContractAgreements } from './contract-agreement';

const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

/**
 * 家庭医生签约: the member's contract from the platform, browsing teams, applying, and the team's
 * approve/decline in the workbench. The platform is the source of truth; the BFF keeps a link
 * (application → resident user) only to tell the applicant the result.
 */
export class ContractService {
  constructor(
    private readonly ds: DataSource,
    private readonly platform: PlatformDirectory,
    private readonly family: FamilyService,
    private readonly chat: ChatService,
    private readonly audit: Audit,
    private readonly realtime: RealtimeServer,
    readonly agreements: ContractAgreements,
  ) {}

  /** Every family member with their contract or latest application. */
  async overview(scope: Scope): Promise<{ items: MyContract[] }> {
    const { items } = await this.family.list(scope);
    // A member the actor may not see the contract of (unverified, adult without 家人授权) is listed
    // with the refusal's message, so the page can say what to do instead of failing whole.
    const one = (m: (typeof items)[number]) =>
      this.forMember(scope, m.id).catch((e: unknown) => {
        if (e instanceof AppError && e.status === 403) return { memberId: m.id, memberName: m.name, contract: null, application: null, unavailableReason: e.message, refusal: e.code };
        throw e;
      });
    return { items: await Promise.all(items.map(one)) };
  }

  async forMember(scope: Scope, memberId: string): Promise<MyContract> {
    const member = await this.family.memberFor(scope, memberId, 'health');
    const rn = await this.platform.recordNumberOf(member);
    const base = { memberId: member.id, memberName: member.name };
    if (!rn) {
      return {
        ...base,
        contract: null,
        application: null,
        unavailableReason: member.idNumberEnc ? '未找到该成员的居民健康档案，请先到社区卫生服务中心建档' : '未能匹配到该儿童的健康档案，请核对姓名和出生日期',
      };
    }
    const [contract, apps] = await Promise.all([this.platform.contract(rn), this.platform.applications({ recordNumber: rn })]);
    const latest = apps.filter((a) => a.status !== 'approved').at(-1) ?? null;
    const resident = await this.platform.resident(rn);
    const pendingRenewal = contract ? apps.find((a) => a.kind === 'renewal' && a.status === 'pending') : undefined;
    const shown = contract
      ? (pendingRenewal ?? apps.filter((a) => a.kind === 'renewal' && a.status === 'declined' && a.appliedAt.slice(0, 10) >= addDays(contract.validTo, -RENEWAL_WINDOW_DAYS)).at(-1))
      : latest;
    const signed = await this.agreements.latest(rn);
    return {
      ...base,
      contract: contract ? this.contractView(contract, resident?.community ?? null) : null,
      application: shown ? presentApplication(shown, await this.platform.team(shown.teamId), member.id, (await this.agreements.forApplications([shown.id])).get(shown.id) ?? null) : null,
      unavailableReason: null,
      signedAgreement: contract ? signed : null,
      renewal: contract ? this.renewalState(contract.validTo, signed?.version ?? null) : null,
    };
  }

  /** 续约 opens RENEWAL_WINDOW_DAYS before the contract year ends; a signature of an older version (or none kept here) must be renewed. */
  private renewalState(validTo: string, signedVersion: string | null) {
    const today = chinaToday(this.agreements.clock());
    const daysLeft = daysBetween(today, validTo);
    const currentVersion = this.agreements.current().version;
    return { open: daysLeft <= RENEWAL_WINDOW_DAYS, daysLeft, opensOn: addDays(validTo, -RENEWAL_WINDOW_DAYS), resignRequired: signedVersion !== currentVersion, currentVersion };
  }

  async teams(scope: Scope, memberId?: string): Promise<{ items: TeamView[] }> {
    let community: string | null = null;
    if (memberId) {
      const member = await this.family.memberFor(scope, memberId, 'health');
      const rn = await this.platform.recordNumberOf(member);
      community = rn ? ((await this.platform.resident(rn))?.community ?? null) : null;
    }
    const items = (await this.platform.teams()).map((t) => presentTeam(t, community));
    // Teams that serve the member's community first: family doctors are signed where one lives.
    items.sort((a, b) => Number(b.servesMember) - Number(a.servesMember));
    return { items };
  }

  agreement() {
    return this.agreements.current();
  }

  async apply(scope: Scope, input: { memberId: string; teamId: string; packageIds: string[]; note?: string; agreement: AgreementSignature }): Promise<ApplicationView> {
    const member = await this.family.memberFor(scope, input.memberId, 'health');
    const rn = await this.requireRecord(member);
    if (await this.platform.contract(rn, true)) throw errors.of('ALREADY_CONTRACTED');
    const team = await this.platform.team(input.teamId);
    if (!team) throw errors.notFound('没有找到该家庭医生团队');
    const signer = await this.agreements.check(scope, input.agreement);
    return this.submit(scope, { kind: 'new', member, rn, team, packageIds: input.packageIds, note: input.note, signer });
  }

  /** 续约 with the current team for another year, in the last RENEWAL_WINDOW_DAYS of the contract year. */
  async renew(scope: Scope, memberId: string, input: { packageIds: string[]; agreement?: AgreementSignature }): Promise<ApplicationView> {
    const member = await this.family.memberFor(scope, memberId, 'health');
    const rn = await this.requireRecord(member);
    const contract = await this.platform.contract(rn, true);
    if (!contract) throw errors.of('NOT_CONTRACTED');
    const state = this.renewalState(contract.validTo, (await this.agreements.latest(rn))?.version ?? null);
    if (!state.open) throw errors.of('RENEWAL_NOT_OPEN');
    if (state.resignRequired && !input.agreement) throw errors.of('AGREEMENT_RESIGN_REQUIRED');
    const signer = input.agreement ? await this.agreements.check(scope, input.agreement) : null;
    const team = await this.platform.team(contract.teamId);
    if (!team) throw errors.notFound('没有找到该家庭医生团队');
    return this.submit(scope, { kind: 'renewal', member, rn, team, packageIds: input.packageIds, signer });
  }

  private async submit(
    scope: Scope,
    a: { kind: 'new' | 'renewal'; member: FamilyMember; rn: string; team: PlatformTeam; packageIds: string[]; note?: string; signer: { signerName: string; version: string } | null },
  ): Promise<ApplicationView> {
    const { member, team } = a;
    const res = await this.platform.apply({ recordNumber: a.rn, teamId: team.id, packageIds: a.packageIds, note: a.note, kind: a.kind });
    if (!res.ok && res.status === 409) {
      const code = res.body.code;
      throw errors.of(code === 'ALREADY_CONTRACTED' || code === 'RENEWAL_NOT_OPEN' || code === 'NOT_CONTRACTED' ? code : 'APPLICATION_PENDING');
    }
    if (res.status === 400) throw errors.badInput([{ path: 'packageIds', message: '服务包须包含基础服务包，且属于所选团队' }], '服务包须包含基础服务包，且属于所选团队');
    if (!res.ok || res.status !== 201) throw errors.upstreamUnavailable('签约申请暂时无法提交，请稍后再试');
    await this.ds.getRepository(ContractApplicationLink).insert({ id: res.body.id, memberId: member.id, ownerUserId: member.ownerUserId, teamId: team.id, status: 'pending' });
    const signed = a.signer
      ? await this.agreements.record({
          applicationId: res.body.id,
          kind: a.kind,
          recordNumber: a.rn,
          memberId: member.id,
          signerUserId: scope.actor.userId,
          signerName: a.signer.signerName,
          version: a.signer.version,
          packageIds: res.body.packageIds,
        })
      : null;
    await this.audit.record(scope, {
      action: a.kind === 'new' ? 'contract.apply' : 'contract.renew',
      subjectType: 'member',
      subjectId: member.id,
      detail: { applicationId: res.body.id, teamId: team.id, agreementVersion: signed?.version ?? null },
    });
    const view = presentApplication(res.body, team, member.id, signed);
    await this.realtime.publish({ to: [`t:${team.id}`], frame: { type: 'application', application: { ...view, memberId: null } } });
    return view;
  }

  /** Workbench: pending applications to the doctor's teams, with what the doctor needs to decide. */
  async pending(scope: Scope): Promise<{ items: ApplicationView[] }> {
    const teams = await this.chat.staffTeams(scope.actor);
    const lists = await Promise.all(teams.map((teamId) => this.platform.applications({ teamId, status: 'pending' })));
    const signed = await this.agreements.forApplications(lists.flat().map((a) => a.id));
    const items = await Promise.all(lists.flat().map((a) => this.workbenchView(a, signed.get(a.id) ?? null)));
    return { items };
  }

  async decide(scope: Scope, id: string, verdict: 'approve' | 'decline', reason?: string): Promise<ApplicationView> {
    const app = await this.platform.application(id);
    const teams = await this.chat.staffTeams(scope.actor);
    if (!app || !teams.includes(app.teamId) || !scope.actor.doctorId) throw errors.notFound('没有找到该签约申请');
    const want = verdict === 'approve' ? 'approved' : 'declined';
    const res = await this.platform.decide(id, verdict, { staffId: scope.actor.doctorId, reason });
    let decided: PlatformApplication;
    if (res.ok && res.status === 200) decided = res.body;
    else if (res.status === 409) {
      // Already decided: the same verdict again (a retry, or a colleague) is fine; the opposite is not.
      const now = await this.platform.application(id);
      if (!now || now.status !== want) throw errors.of('APPLICATION_DECIDED');
      decided = now;
    } else throw errors.upstreamUnavailable('暂时无法处理签约申请，请稍后再试');
    await this.platform.contract(decided.recordNumber, true);
    const link = await this.ds.getRepository(ContractApplicationLink).findOneBy({ id });
    if (link) await this.ds.getRepository(ContractApplicationLink).update({ id }, { status: decided.status });
    await this.audit.record(scope, { action: `contract.${verdict}`, subjectType: 'contract_application', subjectId: id, detail: { teamId: app.teamId, reason: reason ?? null } });
    const view = presentApplication(decided, await this.platform.team(decided.teamId), link?.memberId ?? null, (await this.agreements.forApplications([id])).get(id) ?? null);
    await this.realtime.publish({ to: [`t:${decided.teamId}`], frame: { type: 'application', application: { ...view, memberId: null } } });
    if (link) await this.realtime.publish({ to: [`u:${link.ownerUserId}`], frame: { type: 'application', application: view } });
    return view;
  }

  private async requireRecord(member: FamilyMember): Promise<string> {
    const rn = await this.platform.recordNumberOf(member);
    if (!rn) throw errors.of('MEMBER_RECORD_UNAVAILABLE');
    return rn;
  }

  private async workbenchView(a: PlatformApplication, signed: SignedAgreementView | null): Promise<ApplicationView> {
    const [team, resident] = await Promise.all([this.platform.team(a.teamId), this.platform.resident(a.recordNumber)]);
    const view = presentApplication(a, team, null, signed);
    if (resident) {
      view.applicant = {
        sex: resident.sex === 'male' ? '男' : '女',
        age: ageOn(resident.birthDate),
        community: resident.community,
        conditions: resident.chronicConditions.map((c) => c.name),
        phoneMasked: maskPhone(resident.phone),
        outsideCommunity: !!team && !team.area.communities.includes(resident.community),
      };
    }
    return view;
  }

  private contractView(c: PlatformContract, community: string | null): ContractView {
    return {
      id: c.id,
      teamId: c.teamId,
      teamName: c.team.name,
      doctorId: c.doctorId,
      doctorName: c.doctorName,
      packages: c.packages,
      validFrom: c.validFrom,
      validTo: c.validTo,
      team: presentTeam(c.team, community),
    };
  }
}
