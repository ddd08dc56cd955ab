import { Between, In, type DataSource } from 'typeorm';
import { chinaToday, type FollowupKind, type WorkloadFigures, type WorkloadView } from '@healthpocket/shared-types';
import type { Scope } from '../../audit/audit';
import { User } from '../../db/entities';
import { errors } from '../../errors';
import { authorize } from '../../policies';
import type { ChatService } from './chat-service';
import { ChatMessage, Conversation, HealthAlert } from './entities';
import type { PlatformDirectory } from './platform';

const DAY_MS = 24 * 3600_000;
const MAX_DAYS = 366;

/** 随访 due and done, in all and per disease. */
export interface FollowUpCounts {
  due: number;
  done: number;
  byKind: Record<FollowupKind, { due: number; done: number }>;
}
/** 随访 completion for the figures; the follow-up module fills it (until then: none, counted 0). */
export interface FollowUpFigures {
  completion(teamId: string, from: Date, to: Date): Promise<FollowUpCounts & { byStaff: Record<string, FollowUpCounts> }>;
}
const NO_FOLLOWUPS: FollowUpCounts = { due: 0, done: 0, byKind: { hypertension: { due: 0, done: 0 }, diabetes: { due: 0, done: 0 } } };
const rate = (c: { due: number; done: number }) => ({ due: c.due, done: c.done, rate: c.due ? round(c.done / c.due) : null });

export const median = (xs: number[]) => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return round(s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2);
};
const round = (x: number) => Math.round(x * 10) / 10;
/** Nearest-rank 90th percentile: the smallest value with at least 90 % of the values at or below it. */
export const p90 = (xs: number[]) => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return round(s[Math.ceil(0.9 * s.length) - 1]);
};
const chinaDate = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

/**
 * Workload figures (考核 indicators), per team and per staff member, for a period of China days:
 * first-response time, consultations a day, follow-up completion, alert acknowledgement time.
 * Computed from the stored messages and alerts when asked (team staff only).
 */
export class Workload {
  followUps: FollowUpFigures | null = null;
  clock: () => Date = () => new Date();

  constructor(
    private readonly ds: DataSource,
    private readonly chat: ChatService,
    private readonly platform: PlatformDirectory,
  ) {}

  async figures(scope: Scope, query: { teamId?: string; from: string; to: string }): Promise<WorkloadView> {
    const mine = await this.chat.staffTeams(scope.actor);
    const q = { ...query, teamId: query.teamId ?? mine[0] ?? '' };
    if (!q.teamId) throw errors.notFound('您还不是任何家庭医生团队的成员');
    await authorize(scope.actor, 'team.staff', { teamId: q.teamId }, mine);
    const start = new Date(`${q.from}T00:00:00+08:00`);
    const end = new Date(Date.parse(`${q.to}T00:00:00+08:00`) + DAY_MS);
    const days = Math.round((end.getTime() - start.getTime()) / DAY_MS);
    if (days < 1 || days > MAX_DAYS) throw errors.badInput([{ path: 'to', message: '统计区间应为 1–366 天' }], '统计区间应为 1–366 天，且结束日期不早于开始日期');
    if (q.to > chinaToday(this.clock())) throw errors.badInput([{ path: 'to', message: '结束日期不能晚于今天' }], '结束日期不能晚于今天');
    const team = await this.platform.team(q.teamId);
    if (!team) throw errors.notFound();
    // The team lead sees each member's figures; another member their own and the team's totals.
    const viewerId = scope.actor.doctorId ?? '';
    const isLead = team.leaderId === viewerId || team.members.some((m) => m.id === viewerId && m.isLeader);

    const convIds = (await this.ds.getRepository(Conversation).find({ where: { teamId: q.teamId }, select: { id: true } })).map((c) => c.id);
    const msgs = convIds.length
      ? await this.ds.getRepository(ChatMessage).find({
          where: { conversationId: In(convIds), senderRole: In(['resident', 'doctor']), createdAt: Between(start, end) },
          select: { conversationId: true, seq: true, senderRole: true, senderUserId: true, createdAt: true },
          order: { conversationId: 'ASC', seq: 'ASC' },
        })
      : [];
    const doctorUsers = [...new Set(msgs.filter((m) => m.senderRole === 'doctor').map((m) => m.senderUserId))];
    const staffOf = new Map((doctorUsers.length ? await this.ds.getRepository(User).findBy({ id: In(doctorUsers) }) : []).map((u) => [u.id, u.doctorId ?? '']));

    const responses: Array<{ staffId: string; minutes: number }> = [];
    const consults = new Set<string>();
    const answered = new Map<string, Set<string>>();
    let conv = '';
    let waiting: Date | null = null;
    for (const m of msgs) {
      if (m.conversationId !== conv) [conv, waiting] = [m.conversationId, null];
      const key = `${m.conversationId}|${chinaDate(m.createdAt)}`;
      if (m.senderRole === 'resident') {
        waiting ??= m.createdAt;
        consults.add(key);
      } else {
        const staffId = staffOf.get(m.senderUserId) ?? '';
        if (waiting) responses.push({ staffId, minutes: (m.createdAt.getTime() - waiting.getTime()) / 60_000 });
        waiting = null;
        if (consults.has(key)) (answered.get(staffId) ?? answered.set(staffId, new Set()).get(staffId)!).add(key);
      }
    }
    const alerts = await this.ds.getRepository(HealthAlert).find({ where: { teamId: q.teamId, createdAt: Between(start, end) } });
    const acks = alerts.filter((a) => a.acknowledgedAt).map((a) => ({ staffId: a.acknowledgedByStaffId ?? '', minutes: (a.acknowledgedAt!.getTime() - a.createdAt.getTime()) / 60_000 }));
    const fu = this.followUps ? await this.followUps.completion(q.teamId, start, end) : { ...NO_FOLLOWUPS, byStaff: {} as Record<string, FollowUpCounts> };

    const build = (staffId: string | null): WorkloadFigures => {
      const r = responses.filter((x) => staffId === null || x.staffId === staffId).map((x) => x.minutes);
      const a = acks.filter((x) => staffId === null || x.staffId === staffId).map((x) => x.minutes);
      const c = staffId === null ? consults.size : (answered.get(staffId)?.size ?? 0);
      const f = staffId === null ? fu : (fu.byStaff[staffId] ?? NO_FOLLOWUPS);
      return {
        firstResponse: { count: r.length, medianMinutes: median(r), p90Minutes: p90(r), meanMinutes: r.length ? round(r.reduce((x, y) => x + y, 0) / r.length) : null },
        consultations: { total: c, perDay: round(c / days) },
        followUp: { ...rate(f), hypertension: rate(f.byKind.hypertension), diabetes: rate(f.byKind.diabetes) },
        alertAck: { count: a.length, medianMinutes: median(a), p90Minutes: p90(a), open: staffId === null ? alerts.filter((x) => !x.acknowledgedAt).length : 0 },
      };
    };
    return {
      teamId: q.teamId,
      teamName: team.name,
      from: q.from,
      to: q.to,
      days,
      team: build(null),
      staff: team.members.filter((m) => isLead || m.id === viewerId).map((m) => ({ staffId: m.id, name: m.name, role: m.role, ...build(m.id) })),
      viewer: { staffId: viewerId, isLead },
      teams: (await Promise.all(mine.map((id) => this.platform.team(id)))).flatMap((t) => (t ? [{ id: t.id, name: t.name }] : [])),
      followUpAvailable: this.followUps !== null,
    };
  }
}
