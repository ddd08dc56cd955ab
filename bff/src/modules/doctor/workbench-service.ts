import { In, type DataSource } from 'typeorm';
import { ageOn, type DoctorSettingsView, type Inbox, type InboxItem, type RecordSummary } from '@healthpocket/shared-types';
import type { Audit, Scope } from '../../audit/audit';
import { FamilyMember } from '../../db/entities';
import { errors } from '../../errors';
import type { ChatService } from './chat-service';
import { inboxPage } from './inbox-page';
import { ChatMessage, Conversation, HealthAlert } from './entities';
import type { PlatformDirectory } from './platform';
import type { ReadingsService } from './readings-service';
import { chinaIso } from './presenters';
import type { DoctorSettingsStore } from './settings';
import type { TeamWork } from './team-work';

/** Conversations per inbox page (the workbench shows 加载更多 for the next). */
const INBOX_PAGE = 50;

/** The doctor's workbench: inbox, a conversation with the resident's record beside it, settings. */
export class WorkbenchService {
  constructor(
    private readonly ds: DataSource,
    private readonly chat: ChatService,
    private readonly readings: ReadingsService,
    private readonly platform: PlatformDirectory,
    private readonly settings: DoctorSettingsStore,
    private readonly audit: Audit,
    private readonly teamWork: TeamWork,
  ) {}

  /** Open alerts first, then waiting longest, then most recent; paged by a keyset cursor (inbox-page.ts). */
  async inbox(scope: Scope, q: { status?: 'open' | 'resolved' | 'all'; cursor?: string; limit?: number } = {}): Promise<Inbox> {
    const teams = await this.chat.staffTeams(scope.actor);
    if (teams.length === 0) return { items: [], nextCursor: null };
    const { ids: pageIds, nextCursor } = await inboxPage(this.ds, { teams, status: q.status ?? 'all', cursor: q.cursor, limit: q.limit ?? INBOX_PAGE });
    const byId = new Map((pageIds.length ? await this.ds.getRepository(Conversation).findBy({ id: In(pageIds) }) : []).map((c) => [c.id, c]));
    const convs = pageIds.map((id) => byId.get(id)).filter((c): c is Conversation => !!c);
    if (convs.length === 0) return { items: [], nextCursor };
    const ids = convs.map((c) => c.id);
    const unreadRows: Array<{ conversationId: string; n: string | number }> = await this.ds
      .getRepository(ChatMessage)
      .createQueryBuilder('m')
      .innerJoin(Conversation, 'c', 'c.id = m.conversationId')
      .select('m.conversationId', 'conversationId')
      .addSelect('COUNT(*)', 'n')
      .where('m.conversationId IN (:...ids)', { ids })
      .andWhere("m.senderRole = 'resident'")
      .andWhere('m.seq > c.teamReadSeq')
      .groupBy('m.conversationId')
      .getRawMany();
    const alertRows: Array<{ conversationId: string; n: string | number }> = await this.ds
      .getRepository(HealthAlert)
      .createQueryBuilder('a')
      .select('a.conversationId', 'conversationId')
      .addSelect('COUNT(*)', 'n')
      .where('a.conversationId IN (:...ids)', { ids })
      .andWhere("a.status = 'open'")
      .groupBy('a.conversationId')
      .getRawMany();
    const unread = new Map(unreadRows.map((r) => [r.conversationId, Number(r.n)]));
    const alerts = new Map(alertRows.map((r) => [r.conversationId, Number(r.n)]));
    const handovers = await this.teamWork.latestHandovers(convs);
    const members = new Map((await this.ds.getRepository(FamilyMember).find({ where: { id: In(convs.map((c) => c.memberId)) }, withDeleted: true })).map((m) => [m.id, m]));
    const items: InboxItem[] = convs.map((c) => {
      const m = members.get(c.memberId);
      return {
        conversationId: c.id,
        memberId: c.memberId,
        memberName: c.memberName,
        memberAge: m ? ageOn(m.birthDate) : null,
        memberSex: m ? (m.sex === 'male' ? '男' : '女') : null,
        status: c.status,
        lastMessage: this.chat.bodies.open(c.lastMessagePreview),
        lastMessageAt: c.lastMessageAt ? chinaIso(c.lastMessageAt) : null,
        waitingSince: c.waitingSince ? chinaIso(c.waitingSince) : null,
        unread: unread.get(c.id) ?? 0,
        openAlerts: alerts.get(c.id) ?? 0,
        assignedStaffId: c.assignedStaffId,
        handover: handovers.get(c.id) ?? null,
      };
    });
    return { items, nextCursor };
  }

  /** The conversation with the member's basic record and contract (from the platform), readings and alerts. */
  async conversation(scope: Scope, conversationId: string, summaryFor?: (scope: Scope, ref: { recordNumber: string }) => Promise<RecordSummary>) {
    const { conv, side } = await this.chat.access(scope.actor, conversationId);
    if (side !== 'doctor') throw errors.notFound('没有找到该会话');
    const member = await this.ds.getRepository(FamilyMember).findOne({ where: { id: conv.memberId }, withDeleted: true });
    const resident = conv.recordNumber ? await this.platform.resident(conv.recordNumber).catch(() => null) : null;
    const contract = conv.recordNumber ? await this.platform.contract(conv.recordNumber).catch(() => null) : null;
    let summary: RecordSummary | null = null;
    if (summaryFor && conv.recordNumber) {
      try {
        summary = await summaryFor(scope, { recordNumber: conv.recordNumber });
      } catch {
        summary = null; // the records service decides what a doctor sees; a refusal leaves the platform basics
      }
    }
    await this.audit.record(scope, { action: 'workbench.conversation.view', subjectType: 'conversation', subjectId: conv.id, detail: { memberId: conv.memberId } });
    return {
      conversation: await this.chat.view(conv, 'doctor'),
      member: {
        name: conv.memberName,
        sex: member ? (member.sex === 'male' ? '男' : '女') : null,
        age: member ? ageOn(member.birthDate) : null,
        recordNumber: conv.recordNumber,
        conditions: resident?.chronicConditions.map((c) => `${c.name}（${c.code}）`) ?? [],
        allergies: resident?.allergies ?? [],
        contract: contract ? { packages: contract.packages.map((p) => p.name), validTo: contract.validTo } : null,
      },
      summary,
      ...(await this.teamWork.handoversOf(conv)),
      readings: await this.readings.recentFor(conv.memberId),
      alerts: await this.readings.alertsForMember(conv.memberId, conv.teamId),
    };
  }

  async getSettings(scope: Scope): Promise<DoctorSettingsView> {
    return this.settings.get(this.doctorId(scope));
  }

  async putSettings(scope: Scope, s: DoctorSettingsView): Promise<DoctorSettingsView> {
    if (s.hours.days.length > 0 && s.hours.start >= s.hours.end) {
      throw errors.badInput([{ path: 'hours.end', message: '下班时间应晚于上班时间' }], '下班时间应晚于上班时间');
    }
    const saved = await this.settings.put(this.doctorId(scope), { ...s, hours: { ...s.hours, days: [...new Set(s.hours.days)].sort() } });
    await this.audit.record(scope, { action: 'workbench.settings.update', subjectType: 'doctor', subjectId: this.doctorId(scope) });
    return saved;
  }

  private doctorId(scope: Scope): string {
    if (!scope.actor.doctorId) throw errors.forbidden('您的账号未关联医生身份，请联系管理员');
    return scope.actor.doctorId;
  }
}
