import type { DataSource } from 'typeorm';
import { ageOn, type ApplicationView, type ContractView, type MyContract, type TeamView } from '@healthpocket/shared-types';
import type { Audit, Scope } from '../../audit/audit';
import { AppError, errors } from '../../errors';
import type { RealtimeServer } from '../../realtime';
import type { FamilyService } from '../family/service';
import type { FamilyMember } from '../../db/entities';
import { ContractApplicationLink } from './entities';
import type { PlatformApplication, PlatformContract, PlatformDirectory } from './platform';
import { maskPhone, presentApplication, presentTeam } from './presenters';
import type { ChatService } from './chat-service';

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
      return { ...base, contract: null, application: null, unavailableReason: member.idNumberEnc ? '未找到该成员的居民健康档案，请先到社区卫生服务中心建档' : '未能匹配到该儿童的健康档案，请核对姓名和出生日期' };
    }
    const [contract, apps] = await Promise.all([this.platform.contract(rn), this.platform.applications({ recordNumber: rn })]);
    const latest = apps.filter((a) => a.status !== 'approved').at(-1) ?? null;
    const resident = await this.platform.resident(rn);
    return {
      ...base,
      contract: contract ? this.contractView(contract, resident?.community ?? null) : null,
      application: latest && !contract ? presentApplication(latest, await this.platform.team(latest.teamId), member.id) : null,
      unavailableReason: null,
    };
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

  async apply(scope: Scope, input: { memberId: string; teamId: string; packageIds: string[]; note?: string }): Promise<ApplicationView> {
    const member = await this.family.memberFor(scope, input.memberId, 'health');
    const rn = await this.requireRecord(member);
    if (await this.platform.contract(rn, true)) throw errors.of('ALREADY_CONTRACTED');
    const team = await this.platform.team(input.teamId);
    if (!team) throw errors.notFound('没有找到该家庭医生团队');
    const res = await this.platform.apply({ recordNumber: rn, teamId: team.id, packageIds: input.packageIds, note: input.note });
    if (res.status === 409) throw errors.of(res.body.code === 'ALREADY_CONTRACTED' ? 'ALREADY_CONTRACTED' : 'APPLICATION_PENDING');
    if (res.status === 400) throw errors.badInput([{ path: 'packageIds', message: '服务包须包含基础服务包，且属于所选团队' }], '服务包须包含基础服务包，且属于所选团队');
    if (res.status !== 201) throw errors.upstreamUnavailable('签约申请暂时无法提交，请稍后再试');
    await this.ds.getRepository(ContractApplicationLink).insert({ id: res.body.id, memberId: member.id, ownerUserId: member.ownerUserId, teamId: team.id, status: 'pending' });
    await this.audit.record(scope, { action: 'contract.apply', subjectType: 'member', subjectId: member.id, detail: { applicationId: res.body.id, teamId: team.id } });
    const view = presentApplication(res.body, team, member.id);
    await this.realtime.publish({ to: [`t:${team.id}`], frame: { type: 'application', application: { ...view, memberId: null } } });
    return view;
  }

  /** Workbench: pending applications to the doctor's teams, with what the doctor needs to decide. */
  async pending(scope: Scope): Promise<{ items: ApplicationView[] }> {
    const teams = await this.chat.staffTeams(scope.actor);
    const lists = await Promise.all(teams.map((teamId) => this.platform.applications({ teamId, status: 'pending' })));
    const items = await Promise.all(lists.flat().map((a) => this.workbenchView(a)));
    return { items };
  }

  async decide(scope: Scope, id: string, verdict: 'approve' | 'decline', reason?: string): Promise<ApplicationView> {
    const app = await this.platform.application(id);
    const teams = await this.chat.staffTeams(scope.actor);
    if (!app || !teams.includes(app.teamId) || !scope.actor.doctorId) throw errors.notFound('没有找到该签约申请');
    const want = verdict === 'approve' ? 'approved' : 'declined';
    const res = await this.platform.decide(id, verdict, { staffId: scope.actor.doctorId, reason });
    let decided: PlatformApplication;
    if (res.status === 200) decided = res.body;
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
    const view = presentApplication(decided, await this.platform.team(decided.teamId), link?.memberId ?? null);
    await this.realtime.publish({ to: [`t:${decided.teamId}`], frame: { type: 'application', application: { ...view, memberId: null } } });
    if (link) await this.realtime.publish({ to: [`u:${link.ownerUserId}`], frame: { type: 'application', application: view } });
    return view;
  }

  private async requireRecord(member: FamilyMember): Promise<string> {
    const rn = await this.platform.recordNumberOf(member);
    if (!rn) throw errors.of('MEMBER_RECORD_UNAVAILABLE');
    return rn;
  }

  private async workbenchView(a: PlatformApplication): Promise<ApplicationView> {
    const [team, resident] = await Promise.all([this.platform.team(a.teamId), this.platform.resident(a.recordNumber)]);
    const view = presentApplication(a, team, null);
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
