import { In, MoreThanOrEqual, type DataSource } from 'typeorm';
import type { z } from 'zod';
import {
  addDays,
  upstream,
  ageOn,
  chinaToday,
  classifyBp,
  CHILD_UNTIL_AGE,
  ELDERLY_FROM_AGE,
  FOLLOWUP_DUE_WINDOW_DAYS,
  FOLLOWUP_INTERVAL_DAYS,
  UNCONTROLLED_LOOKBACK_DAYS,
  type DueItem,
  type DueList,
  type FollowupForm,
  type FollowupKind,
  type FollowupView,
  type PanelFilter,
  type PanelPage,
  type PanelResident,
  type TrendCategory,
} from '@healthpocket/shared-types';
import type { Actor } from '../../auth/tokens';
import { User } from '../../db/entities';
import { intervalJob } from '../../jobs';
import type { WechatClient } from '../../wechat/client';
import type { Notices } from '../messages';
import type { Audit, Scope } from '../../audit/audit';
import { newId } from '../../db/columns';
import { isUniqueViolation } from '../../db/unique-violation';
import { errors } from '../../errors';
import type { Logger } from '../../logger';
import type { Outbox } from '../../outbox/outbox';
import { authorize } from '../../policies';
import type { Upstream } from '../../upstream/http';
import { upstreamPath } from '../../upstream/path';
import { readingValue } from './alert-delivery';
import { Conversation, HealthReading } from './entities';
import { FollowupRecord } from './followup-entities';
import type { PlatformDirectory } from './platform';
import { openSelfReports } from './self-report-entities';
import { chinaIso } from './presenters';

const FOLLOWUP_TOPIC = 'platform.followup';
const REMINDER_TOPIC = 'followup.remind';
/** A resident is reminded this many days before a follow-up falls due (and once if it is already overdue). */
const REMIND_DAYS_BEFORE = 3;

type Reminder = { userId: string; kind: FollowupKind | 'checkup'; name: string; date: string };

/** One contracted resident of a team as the platform lists them (GET /platform/teams/:id/residents). */
export type RosterEntry = z.infer<typeof upstream.platform.RosterEntry>;

const MANAGED: Record<FollowupKind, string> = { hypertension: 'I10', diabetes: 'E11' };
const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
const RANK: Record<TrendCategory, number> = { normal: 0, uncontrolled: 1, urgent: 2 };

/**
 * The patient panel (the team's contracted residents with filters) and 随访: due / overdue lists,
 * recording the national form, and writing it back to the regional platform through the outbox.
 * Only staff of the resident's team (policy `team.staff`) see or record anything.
 */
export class FollowupService {
  clock: () => Date = () => new Date();

  constructor(
    private readonly ds: DataSource,
    private readonly http: Upstream,
    private readonly platform: PlatformDirectory,
    private readonly outbox: Outbox,
    private readonly audit: Audit,
    private readonly logger: Logger,
    private readonly wechat: WechatClient,
    private readonly templateId: string,
    private readonly notices: Notices,
  ) {
    outbox.register<{ followupId: string }>(FOLLOWUP_TOPIC, (p) => this.writeBack(p.followupId));
    outbox.register<Reminder>(REMINDER_TOPIC, (p) => this.sendReminder(p));
  }

  /**
   * The reminder job: a resident whose 随访 falls due within 3 days (or is overdue) is told once per
   * due date; a resident aged 65+ once a year of the free yearly health check-up (老年人健康管理服务规范:
   * 每年1次). Reaches the family account that talks to the team (its conversation links the record);
   * each reminder is an outbox message whose dedupe key makes it once-only across runs and instances.
   */
  async remind(): Promise<number> {
    const today = this.today();
    const soon = addDays(today, REMIND_DAYS_BEFORE);
    let queued = 0;
    for (const team of await this.platform.teams()) {
      const roster = (await this.roster(team.id)).map((e) => ({ ...e, teamId: team.id }));
      if (!roster.length) continue;
      const convs = await this.ds
        .getRepository(Conversation)
        .find({ where: { teamId: team.id, recordNumber: In(roster.map((e) => e.recordNumber)) }, select: { recordNumber: true, ownerUserId: true } });
      const owner = new Map(convs.map((c) => [c.recordNumber!, c.ownerUserId]));
      const people = await this.present(
        roster.filter((e) => owner.has(e.recordNumber)),
        [team.id],
      );
      const jobs: Array<[Reminder, string]> = [];
      for (const p of people) {
        const userId = owner.get(p.recordNumber)!;
        for (const f of p.followups) if (f.dueDate <= soon) jobs.push([{ userId, kind: f.kind, name: p.name, date: f.dueDate }, `fu-remind:${p.recordNumber}:${f.kind}:${f.dueDate}`]);
        if (p.age >= ELDERLY_FROM_AGE) jobs.push([{ userId, kind: 'checkup', name: p.name, date: today }, `checkup-remind:${p.recordNumber}:${today.slice(0, 4)}`]);
      }
      if (!jobs.length) continue;
      await this.ds.transaction(async (m) => {
        for (const [payload, key] of jobs) await this.outbox.enqueue(m, REMINDER_TOPIC, payload, key);
      });
      queued += jobs.length;
    }
    return queued;
  }

  job(everyMs: number, logger: Logger) {
    return intervalJob('followup-reminders', everyMs, () => this.remind(), logger);
  }

  private async sendReminder(r: Reminder): Promise<void> {
    const user = await this.ds.getRepository(User).findOneBy({ id: r.userId });
    if (!user) return;
    const what = r.kind === 'checkup' ? '老年人年度免费健康体检' : r.kind === 'hypertension' ? '高血压随访' : '糖尿病随访';
    const advice = r.kind === 'checkup' ? '请预约社区卫生服务中心体检' : '请按时随访或在线自报血压血糖';
    await this.notices.post(r.userId, {
      category: 'followup',
      title: `${what}提醒`,
      body: `${r.name}：${what}${r.kind === 'checkup' ? '' : `（${r.date}前）`}，${advice}`,
      link: 'doctor/pages/index/index',
      dedupeKey: `followup:${r.userId}:${r.kind}:${r.date}`,
    });
    const res = await this.wechat.sendSubscribeMessage({
      touser: user.openid,
      templateId: this.templateId,
      page: 'doctor/pages/index/index',
      data: { name1: [...r.name].slice(0, 10).join(''), thing2: what, date3: r.date, thing4: advice },
    });
    // A refusal (no subscription quota) is the resident's choice: not retried.
    if (res.result !== 'sent') this.logger.info({ userId: r.userId, errcode: res.errcode }, 'reminder not sent');
  }

  private today() {
    return chinaToday(this.clock());
  }

  private async myTeams(actor: Actor): Promise<string[]> {
    if (!actor.roles.includes('doctor') || !actor.doctorId) throw errors.forbidden('您的账号未关联医生身份，请联系管理员');
    return this.platform.teamIdsOf(actor.doctorId);
  }

  /** The whole roster of a team: a team's list is bounded (one community's contracted residents), walked page by page and cached briefly. */
  async roster(teamId: string): Promise<RosterEntry[]> {
    const out: RosterEntry[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 50; i++) {
      const query: Record<string, string> = { limit: '500', ...(cursor ? { cursor } : {}) };
      const res = await this.http.get(upstreamPath`/teams/${teamId}/residents`, upstream.platform.RosterPage, { query, cacheTtlMs: 60_000, staleIfErrorMs: 60 * 60_000 });
      if (!res.ok) throw errors.upstreamUnavailable('健康档案平台暂时无法访问，请稍后再试');
      out.push(...res.body.items);
      cursor = res.body.nextCursor;
      if (!cursor) break;
    }
    return out;
  }

  /** Follow-ups recorded here since the roster was read count at once (the platform may not have them yet). */
  private async localLast(recordNumbers: string[]): Promise<Map<string, string>> {
    const map = new Map<string, string>();
    if (!recordNumbers.length) return map;
    // Oldest first: of two follow-ups on one date, the later one recorded sets the next date.
    const rows = await this.ds
      .getRepository(FollowupRecord)
      .find({ where: { recordNumber: In(recordNumbers) }, select: { recordNumber: true, kind: true, date: true, nextVisitDate: true, createdAt: true }, order: { createdAt: 'ASC' } });
    for (const r of rows) {
      const k = `${r.recordNumber}|${r.kind}`;
      const prev = map.get(k);
      if (!prev || prev.split('|')[0] <= r.date) map.set(k, `${r.date}|${r.nextVisitDate}`);
    }
    return map;
  }

  private followupState(e: RosterEntry, local: Map<string, string>, today: string): PanelResident['followups'] {
    return (Object.keys(MANAGED) as FollowupKind[])
      .filter((k) => e.chronicConditions.some((c) => c.code === MANAGED[k]))
      .map((kind) => {
        const up = e.lastFollowups.find((f) => f.kind === kind);
        const mine = local.get(`${e.recordNumber}|${kind}`)?.split('|');
        const [lastDate, next] = mine && (!up || mine[0] >= up.date) ? [mine[0], mine[1]] : up ? [up.date, up.nextVisitDate] : [null, null];
        // At least 4 a year: due by the date set at the last visit, never later than a quarter after it.
        const quarter = lastDate ? addDays(lastDate, FOLLOWUP_INTERVAL_DAYS) : e.contract.validFrom;
        const dueDate = next && next < quarter ? next : quarter;
        return { kind, lastDate, dueDate, overdue: dueDate < today };
      });
  }

  /** The worst home reading of the last 7 days of the resident's members known to this team (conversations link them). */
  private async uncontrolled(teamIds: string[], recordNumbers: string[]): Promise<Map<string, PanelResident['uncontrolledReading']>> {
    const out = new Map<string, PanelResident['uncontrolledReading']>();
    if (!recordNumbers.length) return out;
    const convs = await this.ds.getRepository(Conversation).find({ where: { teamId: In(teamIds), recordNumber: In(recordNumbers) }, select: { memberId: true, recordNumber: true } });
    if (!convs.length) return out;
    const byMember = new Map(convs.map((c) => [c.memberId, c.recordNumber!]));
    const since = new Date(this.clock().getTime() - UNCONTROLLED_LOOKBACK_DAYS * 86_400_000);
    const rows = await this.ds
      .getRepository(HealthReading)
      .find({ where: { memberId: In([...byMember.keys()]), measuredAt: MoreThanOrEqual(since), category: In(['uncontrolled', 'urgent']) }, order: { measuredAt: 'DESC' } });
    for (const r of rows) {
      const rn = byMember.get(r.memberId)!;
      const prev = out.get(rn);
      if (!prev || RANK[r.category as TrendCategory] > RANK[prev.category]) out.set(rn, { text: readingValue(r), category: r.category as TrendCategory, measuredAt: chinaIso(r.measuredAt) });
    }
    return out;
  }

  private async present(entries: Array<RosterEntry & { teamId: string }>, teamIds: string[]): Promise<PanelResident[]> {
    const today = this.today();
    const rns = entries.map((e) => e.recordNumber);
    const [local, readings] = await Promise.all([this.localLast(rns), this.uncontrolled(teamIds, rns)]);
    return entries.map((e) => {
      const age = ageOn(e.birthDate, today);
      const followups = this.followupState(e, local, today);
      const uncontrolledReading = readings.get(e.recordNumber) ?? null;
      const tags: PanelFilter[] = [];
      if (e.chronicConditions.some((c) => c.code === 'I10')) tags.push('hypertension');
      if (e.chronicConditions.some((c) => c.code === 'E11')) tags.push('diabetes');
      if (age >= ELDERLY_FROM_AGE) tags.push('elderly');
      if (e.maternal) tags.push('pregnant');
      if (age <= CHILD_UNTIL_AGE) tags.push('child');
      if (followups.some((f) => f.overdue)) tags.push('overdue');
      if (uncontrolledReading) tags.push('uncontrolled');
      return {
        recordNumber: e.recordNumber,
        name: e.name,
        sex: e.sex === 'male' ? '男' : '女',
        age,
        community: e.community,
        conditions: e.chronicConditions.map((c) => c.name),
        tags,
        doctorId: e.contract.doctorId,
        doctorName: e.contract.doctorName,
        followups,
        uncontrolledReading,
      };
    });
  }

  private async teamRoster(teamIds: string[]) {
    return (await Promise.all(teamIds.map(async (t) => (await this.roster(t)).map((e) => ({ ...e, teamId: t }))))).flat().sort((a, b) => (a.recordNumber < b.recordNumber ? -1 : 1));
  }

  /** The panel: every filter must hold; `q` matches part of the name, or digits the start or the end (serial) of the record number; keyset-paged by record number. */
  async panel(scope: Scope, q: { q?: string; filters: PanelFilter[]; cursor?: string; limit: number }): Promise<PanelPage> {
    const teams = await this.myTeams(scope.actor);
    if (!teams.length) return { items: [], nextCursor: null, total: 0 };
    const needle = q.q?.trim() ?? '';
    const roster = (await this.teamRoster(teams)).filter((e) => !needle || (/^\d+$/.test(needle) ? e.recordNumber.startsWith(needle) || e.recordNumber.endsWith(needle) : e.name.includes(needle)));
    const all = (await this.present(roster, teams)).filter((p) => q.filters.every((f) => p.tags.includes(f)));
    const after = q.cursor ? all.filter((p) => p.recordNumber > q.cursor!) : all;
    const items = after.slice(0, q.limit);
    await this.audit.record(scope, { action: 'workbench.panel.view', subjectType: 'team', subjectId: teams.join(','), detail: { filters: q.filters, q: needle ? 'yes' : 'no' } });
    return { items, nextCursor: after.length > q.limit ? items[items.length - 1].recordNumber : null, total: all.length };
  }

  /** Overdue and due within 14 days, for me (my contracted residents) or my whole team. */
  async due(scope: Scope, which: 'mine' | 'team'): Promise<DueList> {
    const teams = await this.myTeams(scope.actor);
    const today = this.today();
    const until = addDays(today, FOLLOWUP_DUE_WINDOW_DAYS);
    const roster = (await this.teamRoster(teams)).filter((e) => which === 'team' || e.contract.doctorId === scope.actor.doctorId);
    const people = await this.present(roster, teams);
    const items: DueItem[] = people.flatMap((p) =>
      p.followups
        .filter((f) => f.dueDate <= until)
        .map((f) => ({
          recordNumber: p.recordNumber,
          name: p.name,
          age: p.age,
          kind: f.kind,
          dueDate: f.dueDate,
          overdueDays: Math.max(0, daysBetween(f.dueDate, today)),
          doctorId: p.doctorId,
          doctorName: p.doctorName,
        })),
    );
    items.sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.recordNumber < b.recordNumber ? -1 : 1));
    return { overdue: items.filter((i) => i.dueDate < today), due: items.filter((i) => i.dueDate >= today), today };
  }

  /** The managed follow-ups of a resident contracted with `teamId` and when each is due (null when the roster does not list them). */
  async dueFor(teamId: string, recordNumber: string): Promise<{ entry: RosterEntry; followups: PanelResident['followups'] } | null> {
    const entry = (await this.roster(teamId)).find((e) => e.recordNumber === recordNumber);
    if (!entry) return null;
    return { entry, followups: this.followupState(entry, await this.localLast([recordNumber]), this.today()) };
  }

  /** One resident of my team: the panel entry and the follow-ups recorded here. */
  async resident(scope: Scope, recordNumber: string) {
    const { entry, teams } = await this.entryFor(scope.actor, recordNumber);
    const [resident] = await this.present([entry], teams);
    const rows = await this.ds.getRepository(FollowupRecord).find({ where: { recordNumber }, order: { date: 'DESC', createdAt: 'DESC' }, take: 50 });
    const selfReports = await openSelfReports(this.ds, recordNumber, resident.followups);
    await this.audit.record(scope, { action: 'workbench.panel.resident', subjectType: 'record', subjectId: recordNumber });
    return { resident, followups: rows.map((r) => this.view(r, resident.age)), selfReports };
  }

  /** The roster entry, when the resident is contracted to one of the actor's teams (else 404 through the policy). */
  private async entryFor(actor: Actor, recordNumber: string) {
    const teams = await this.myTeams(actor);
    for (const t of teams) {
      const entry = (await this.roster(t)).find((e) => e.recordNumber === recordNumber);
      if (entry) {
        await authorize(actor, 'team.staff', { teamId: t }, teams);
        return { entry: { ...entry, teamId: t }, teams };
      }
    }
    throw errors.notFound('没有找到该签约居民');
  }

  /** Record a follow-up; a retry with the same clientId answers the stored one. Written back by the outbox. */
  async record(scope: Scope, form: FollowupForm): Promise<FollowupView> {
    const { entry } = await this.entryFor(scope.actor, form.recordNumber);
    if (!entry.chronicConditions.some((c) => c.code === MANAGED[form.kind])) {
      throw errors.conflict('NOT_MANAGED', `该居民未纳入${form.kind === 'hypertension' ? '高血压' : '2型糖尿病'}患者健康管理`);
    }
    const today = this.today();
    if (form.date > today) throw errors.badInput([{ path: 'date', message: '随访日期不能晚于今天' }], '随访日期不能晚于今天');
    if (form.date < addDays(today, -30)) throw errors.badInput([{ path: 'date', message: '只能补录30天内的随访' }], '只能补录30天内的随访');
    if (form.nextVisitDate <= form.date) throw errors.badInput([{ path: 'nextVisitDate', message: '下次随访日期应晚于本次随访' }], '下次随访日期应晚于本次随访');
    if (form.dbp >= form.sbp) throw errors.badInput([{ path: 'dbp', message: '舒张压应低于收缩压' }], '舒张压应低于收缩压');
    const doctorId = scope.actor.doctorId!;
    const existing = await this.ds.getRepository(FollowupRecord).findOneBy({ doctorId, clientId: form.clientId });
    if (existing) return this.view(existing, ageOn(entry.birthDate, today));
    const bmi = Math.round((form.weightKg / (form.heightCm / 100) ** 2) * 10);
    const row = this.ds.getRepository(FollowupRecord).create({
      id: newId(),
      recordNumber: form.recordNumber,
      teamId: entry.teamId,
      kind: form.kind,
      residentName: entry.name,
      date: form.date,
      nextVisitDate: form.nextVisitDate,
      classification: form.classification,
      sbp: form.sbp,
      dbp: form.dbp,
      bmiX10: bmi,
      fastingGlucoseX10: form.kind === 'diabetes' ? Math.round(form.fastingGlucose * 10) : null,
      form,
      doctorId,
      doctorName: await this.platform.staffName(entry.teamId, doctorId),
      clientId: form.clientId,
      writeback: 'pending',
      platformId: null,
      writtenAt: null,
    });
    try {
      await this.ds.transaction(async (m) => {
        await m.getRepository(FollowupRecord).insert(row);
        await this.outbox.enqueue(m, FOLLOWUP_TOPIC, { followupId: row.id }, `followup:${row.id}`);
        await this.audit.record(
          scope,
          { action: 'followup.record', subjectType: 'record', subjectId: form.recordNumber, detail: { followupId: row.id, kind: form.kind, classification: form.classification } },
          m,
        );
      });
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      const raced = await this.ds.getRepository(FollowupRecord).findOneByOrFail({ doctorId, clientId: form.clientId });
      return this.view(raced, ageOn(entry.birthDate, today));
    }
    return this.view(await this.ds.getRepository(FollowupRecord).findOneByOrFail({ id: row.id }), ageOn(entry.birthDate, today));
  }

  /** The outbox handler: POST the form in the platform's shape, keyed by our id (a second delivery gets the same answer). */
  async writeBack(followupId: string): Promise<void> {
    const row = await this.ds.getRepository(FollowupRecord).findOneBy({ id: followupId });
    if (!row || row.writeback === 'written') return;
    const f = row.form;
    const body = {
      kind: f.kind,
      date: f.date,
      method: f.method,
      symptoms: f.symptoms,
      sbp: f.sbp,
      dbp: f.dbp,
      heartRate: f.heartRate,
      weightKg: f.weightKg,
      bmi: row.bmiX10 / 10,
      fastingGlucose: f.kind === 'diabetes' ? f.fastingGlucose : null,
      lifestyle: {
        smokingPerDay: f.smokingPerDay,
        drinkingLiangPerDay: f.drinkingLiangPerDay,
        exerciseTimesPerWeek: f.exerciseTimesPerWeek,
        exerciseMinutes: f.exerciseMinutes,
        salt: f.kind === 'hypertension' ? f.salt : null,
        stapleGramsPerDay: f.kind === 'diabetes' ? f.stapleGramsPerDay : null,
      },
      adherence: f.adherence,
      adverseReaction: f.adverseReaction,
      classification: f.classification,
      medications: f.medications,
      referral: f.referral,
      advice: f.advice,
      nextVisitDate: f.nextVisitDate,
      doctorId: row.doctorId,
    };
    const res = await this.http.post(upstreamPath`/residents/${row.recordNumber}/followups`, upstream.platform.FollowupWritten, body, {
      headers: { 'Idempotency-Key': row.id.replace(/[^A-Za-z0-9_-]/g, '') },
      idempotent: true,
    });
    if (res.ok) {
      await this.ds.getRepository(FollowupRecord).update({ id: row.id }, { writeback: 'written', platformId: res.body.id, writtenAt: this.clock() });
      this.http.invalidate(upstreamPath`/residents/${row.recordNumber}/followups`);
      this.http.invalidate(upstreamPath`/residents/${row.recordNumber}/followups`, { kind: row.kind });
      return;
    }
    if (res.status >= 400 && res.status < 500 && res.status !== 429) {
      // The platform refused it for good (e.g. the record was closed): retrying cannot help; the workbench shows 回传失败.
      await this.ds.getRepository(FollowupRecord).update({ id: row.id }, { writeback: 'failed' });
      this.logger.warn({ followupId: row.id, status: res.status, code: res.body.code }, 'follow-up write-back refused by the platform');
      return;
    }
    throw new Error(`platform answered ${res.status}`);
  }

  private view(r: FollowupRecord, age: number): FollowupView {
    const glucose = r.fastingGlucoseX10 === null ? null : r.fastingGlucoseX10 / 10;
    const bp = classifyBp(r.sbp, r.dbp, 'followup', age);
    return {
      id: r.id,
      recordNumber: r.recordNumber,
      residentName: r.residentName,
      kind: r.kind,
      date: r.date,
      classification: r.classification as FollowupView['classification'],
      bmi: r.bmiX10 / 10,
      sbp: r.sbp,
      dbp: r.dbp,
      bpCategory: bp,
      fastingGlucose: glucose,
      nextVisitDate: r.nextVisitDate,
      doctorId: r.doctorId,
      doctorName: r.doctorName,
      writeback: r.writeback,
      platformId: r.platformId,
      createdAt: chinaIso(r.createdAt),
    };
  }
}
