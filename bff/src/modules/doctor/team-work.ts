import { In, type DataSource } from 'typeorm';
import type { Tx } from '../../db/data-source';
import {
  QUICK_REPLY_VARIABLES,
  unknownVariables,
  type AssignRequest,
  type ChatSearchResult,
  type CreateQuickReplyRequest,
  type HandoverView,
  type MyTeams,
  type TeamQuickReplyView,
} from '@healthpocket/shared-types';
import type { Audit, Scope } from '../../audit/audit';
import { newId } from '../../db/columns';
import { AppError, errors } from '../../errors';
import { authorize } from '../../policies';
import type { RealtimeServer } from '../../realtime';
import type { ChatService } from './chat-service';
import type { ChatSearch } from './chat-search';
import { Conversation, ConversationHandover, TeamQuickReply } from './entities';
import type { PlatformDirectory } from './platform';
import { chinaIso } from './presenters';

const QUICK_REPLIES_PER_TEAM = 50;

/**
 * Team work (issue 13 §6): hand a conversation to a team member (the nurse) with a note that is
 * kept and shown to the team in the conversation, quick replies shared by the team, and search
 * across the team's conversations (chat-search.ts). Every call is for a team the actor is staff of
 * (policy team.staff / doctor.care); anything else answers 404.
 */
export class TeamWork {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: Tx,
    private readonly chat: ChatService,
    private readonly platform: PlatformDirectory,
    private readonly search: ChatSearch,
    private readonly audit: Audit,
    private readonly realtime: RealtimeServer,
  ) {}

  async assign(scope: Scope, conversationId: string, req: AssignRequest): Promise<{ assignedTo: { staffId: string; name: string }; handover: HandoverView }> {
    const { conv, side } = await this.chat.access(scope.actor, conversationId);
    if (side !== 'doctor' || !scope.actor.doctorId) throw errors.notFound('没有找到该会话');
    const team = await this.platform.team(conv.teamId);
    const to = team?.members.find((m) => m.id === req.staffId);
    if (!to) throw new AppError('ASSIGNEE_NOT_TEAM_MEMBER', undefined, [{ path: 'staffId', message: '该人员不属于本团队' }]);
    const fromName = team?.members.find((m) => m.id === scope.actor.doctorId)?.name ?? '团队成员';
    const row = { id: newId(), conversationId: conv.id, teamId: conv.teamId, fromStaffId: scope.actor.doctorId, fromName, toStaffId: to.id, toName: to.name, note: this.chat.bodies.seal(req.note) };
    await this.tx.run(async (em) => {
      await em.getRepository(ConversationHandover).insert(row);
      await em.getRepository(Conversation).update({ id: conv.id }, { assignedStaffId: to.id });
    });
    await this.audit.record(scope, { action: 'chat.assign', subjectType: 'conversation', subjectId: conv.id, detail: { from: scope.actor.doctorId, to: to.id } });
    await this.realtime.publish({ to: [`t:${conv.teamId}`], frame: { type: 'inbox', conversationId: conv.id } });
    const stored = await this.ds.getRepository(ConversationHandover).findOneByOrFail({ id: row.id });
    return { assignedTo: { staffId: to.id, name: to.name }, handover: this.presentHandover(stored) };
  }

  async myTeams(scope: Scope): Promise<MyTeams> {
    const ids = await this.chat.staffTeams(scope.actor);
    const teams = await Promise.all(ids.map((id) => this.platform.team(id)));
    return {
      staffId: scope.actor.doctorId ?? null,
      items: teams.flatMap((t) => (t ? [{ id: t.id, name: t.name, members: t.members.map((m) => ({ id: m.id, name: m.name, role: m.role, isLeader: m.isLeader })) }] : [])),
    };
  }

  /** The conversation's handovers, oldest first, and who has it now (for the workbench pane). */
  async handoversOf(conv: Conversation): Promise<{ assignedTo: { staffId: string; name: string } | null; handovers: HandoverView[] }> {
    const rows = await this.ds.getRepository(ConversationHandover).find({ where: { conversationId: conv.id }, order: { createdAt: 'ASC' } });
    const last = rows.at(-1);
    const assignedTo = conv.assignedStaffId
      ? { staffId: conv.assignedStaffId, name: last?.toStaffId === conv.assignedStaffId ? last.toName : await this.platform.staffName(conv.teamId, conv.assignedStaffId) }
      : null;
    return { assignedTo, handovers: rows.map((r) => this.presentHandover(r)) };
  }

  /** For an inbox page: each assigned conversation's handover to its current holder (the newest), note opened. */
  async latestHandovers(convs: Conversation[]): Promise<Map<string, Pick<HandoverView, 'fromName' | 'toName' | 'note' | 'at'>>> {
    const assigned = convs.filter((c) => c.assignedStaffId);
    const out = new Map<string, Pick<HandoverView, 'fromName' | 'toName' | 'note' | 'at'>>();
    if (assigned.length === 0) return out;
    const rows = await this.ds.getRepository(ConversationHandover).find({ where: { conversationId: In(assigned.map((c) => c.id)) }, order: { createdAt: 'DESC' } });
    for (const c of assigned) {
      const r = rows.find((h) => h.conversationId === c.id && h.toStaffId === c.assignedStaffId);
      if (r) out.set(c.id, { fromName: r.fromName, toName: r.toName, note: this.chat.bodies.open(r.note) ?? '', at: chinaIso(r.createdAt) });
    }
    return out;
  }

  async quickReplies(scope: Scope, teamId: string): Promise<{ items: TeamQuickReplyView[]; variables: string[] }> {
    await this.teamStaff(scope, teamId);
    const rows = await this.ds.getRepository(TeamQuickReply).find({ where: { teamId }, order: { createdAt: 'ASC' } });
    return { items: rows.map(presentQuickReply), variables: [...QUICK_REPLY_VARIABLES] };
  }

  async createQuickReply(scope: Scope, req: CreateQuickReplyRequest): Promise<TeamQuickReplyView> {
    await this.teamStaff(scope, req.teamId);
    checkVariables(req.text);
    if ((await this.ds.getRepository(TeamQuickReply).countBy({ teamId: req.teamId })) >= QUICK_REPLIES_PER_TEAM) throw errors.of('QUICK_REPLY_LIMIT');
    const id = newId();
    await this.ds.getRepository(TeamQuickReply).insert({ id, teamId: req.teamId, title: req.title, text: req.text, ...(await this.by(scope, req.teamId)) });
    await this.audit.record(scope, { action: 'quick_reply.create', subjectType: 'team', subjectId: req.teamId, detail: { id } });
    return presentQuickReply(await this.ds.getRepository(TeamQuickReply).findOneByOrFail({ id }));
  }

  async updateQuickReply(scope: Scope, id: string, req: { title: string; text: string }): Promise<TeamQuickReplyView> {
    const row = await this.ownQuickReply(scope, id);
    checkVariables(req.text);
    await this.ds.getRepository(TeamQuickReply).update({ id }, { title: req.title, text: req.text, ...(await this.by(scope, row.teamId)) });
    await this.audit.record(scope, { action: 'quick_reply.update', subjectType: 'team', subjectId: row.teamId, detail: { id } });
    return presentQuickReply(await this.ds.getRepository(TeamQuickReply).findOneByOrFail({ id }));
  }

  async deleteQuickReply(scope: Scope, id: string): Promise<void> {
    const row = await this.ownQuickReply(scope, id);
    await this.ds.getRepository(TeamQuickReply).delete({ id });
    await this.audit.record(scope, { action: 'quick_reply.delete', subjectType: 'team', subjectId: row.teamId, detail: { id } });
  }

  /** Search the caller's teams' conversations (or one of them); the search is audited as a health read. */
  async searchChats(scope: Scope, q: string, teamId?: string): Promise<ChatSearchResult> {
    const teams = await this.chat.staffTeams(scope.actor);
    if (teamId) await authorize(scope.actor, 'team.staff', { teamId }, teams);
    const result = await this.search.search(teamId ? [teamId] : teams, q);
    await this.audit.record(scope, {
      action: 'chat.search',
      subjectType: 'team',
      subjectId: teamId ?? teams.join(','),
      detail: { hits: result.items.length, conversationIds: [...new Set(result.items.map((h) => h.conversationId))] },
    });
    return result;
  }

  private async teamStaff(scope: Scope, teamId: string) {
    await authorize(scope.actor, 'team.staff', { teamId }, await this.chat.staffTeams(scope.actor));
  }

  private async ownQuickReply(scope: Scope, id: string): Promise<TeamQuickReply> {
    const row = await this.ds.getRepository(TeamQuickReply).findOneBy({ id });
    if (!row) throw errors.notFound('没有找到该快捷回复');
    await this.teamStaff(scope, row.teamId);
    return row;
  }

  private async by(scope: Scope, teamId: string) {
    return { updatedByStaffId: scope.actor.doctorId ?? '', updatedByName: await this.platform.staffName(teamId, scope.actor.doctorId) };
  }

  private presentHandover(r: ConversationHandover): HandoverView {
    return { id: r.id, fromStaffId: r.fromStaffId, fromName: r.fromName, toStaffId: r.toStaffId, toName: r.toName, note: this.chat.bodies.open(r.note) ?? '', at: chinaIso(r.createdAt) };
  }
}

function checkVariables(text: string) {
  const unknown = unknownVariables(text);
  if (unknown.length) throw new AppError('QUICK_REPLY_UNKNOWN_VARIABLE', undefined, [{ path: 'text', message: `无法识别的变量：${unknown.map((v) => `{${v}}`).join('、')}` }]);
}

function presentQuickReply(r: TeamQuickReply): TeamQuickReplyView {
  return { id: r.id, teamId: r.teamId, title: r.title, text: r.text, updatedByName: r.updatedByName, updatedAt: chinaIso(r.updatedAt) };
}
