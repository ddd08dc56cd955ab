import type { DataSource } from 'typeorm';
import type { PutRotaRequest, RotaHoliday, RotaLeave, RotaView, WorkingHours, RotaEntry } from '@healthpocket/shared-types';
import type { Audit, Scope } from '../../audit/audit';
import { authorize, rules } from '../../policies';
import { AppError, errors } from '../../errors';
import { AlertRota } from './entities';
import type { Actor } from '../../auth/tokens';
import type { PlatformDirectory, PlatformTeam } from './platform';
import { chinaIso } from './presenters';

const CHINA_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const hhmmOf = (m: number) => `${String(Math.floor(m / 60) % 24).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** The China calendar date (YYYY-MM-DD), ISO weekday and minute of the day of an instant. */
function chinaParts(at: Date) {
  const local = new Date(at.getTime() + CHINA_OFFSET_MS);
  return { date: local.toISOString().slice(0, 10), weekday: local.getUTCDay() || 7, minute: local.getUTCHours() * 60 + local.getUTCMinutes() };
}
const prevDate = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) - DAY_MS).toISOString().slice(0, 10);

/**
 * Whether `hours` cover the instant `at` (China time). `days` are the days a shift starts on; a
 * shift whose end is not after its start runs overnight into the next day (00:00–00:00 is 24 h).
 */
export function covers(hours: WorkingHours, at: Date): boolean {
  return shiftEnd({ entries: [{ ...hours, staffId: '' }], leave: [], holidays: [] }, '', at) !== null;
}

export interface RotaRules {
  entries: RotaEntry[];
  leave: RotaLeave[];
  holidays: RotaHoliday[];
}

/** The shifts (start, end minutes) that start on `date`: the holiday's own cover on a holiday, else the weekday shifts; none on leave. */
function shiftsStarting(r: RotaRules, staffId: string, date: string): Array<{ s: number; e: number }> {
  if (r.leave.some((l) => l.staffId === staffId && l.from <= date && date <= l.to)) return [];
  const holiday = r.holidays.find((h) => h.date === date);
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay() || 7;
  const list = holiday ? holiday.cover.filter((c) => c.staffId === staffId) : r.entries.filter((e) => e.staffId === staffId && e.days.includes(weekday));
  return list.map((x) => ({ s: minutesOf(x.start), e: minutesOf(x.end) }));
}

/**
 * If `staffId` covers the instant `at` under the rota, when that shift ends (an instant); else null.
 * A shift that starts the evening before a holiday (or before leave) still runs into that morning.
 */
export function shiftEnd(r: RotaRules, staffId: string, at: Date): Date | null {
  const { date, minute } = chinaParts(at);
  const midnight = Date.parse(`${date}T00:00:00+08:00`);
  for (const sh of shiftsStarting(r, staffId, date)) {
    if (minute < sh.s) continue;
    if (sh.s < sh.e && minute < sh.e) return new Date(midnight + sh.e * 60_000);
    if (sh.s >= sh.e) return new Date(midnight + DAY_MS + sh.e * 60_000);
  }
  for (const sh of shiftsStarting(r, staffId, prevDate(date))) {
    if (sh.s >= sh.e && minute < sh.e) return new Date(midnight + sh.e * 60_000);
  }
  return null;
}

/** Staff covering `at`, in rota order (people on holiday cover first in the holiday's order). */
export function onDuty(r: RotaRules, at: Date): Array<{ staffId: string; until: Date }> {
  const order = [...new Set([...r.holidays.flatMap((h) => h.cover.map((c) => c.staffId)), ...r.entries.map((e) => e.staffId)])];
  const { date } = chinaParts(at);
  const holiday = r.holidays.some((h) => h.date === date);
  const ordered = holiday ? order : [...new Set([...r.entries.map((e) => e.staffId), ...order])];
  return ordered.flatMap((staffId) => {
    const until = shiftEnd(r, staffId, at);
    return until ? [{ staffId, until }] : [];
  });
}

/** The first instant in the next `days` days (minute steps of 15) when someone of the rota covers, with who. */
function nextCover(r: RotaRules, at: Date, days = 14): { staffId: string; from: Date } | null {
  const step = 15 * 60_000;
  const start = Math.ceil(at.getTime() / step) * step;
  for (let t = start; t < at.getTime() + days * DAY_MS; t += step) {
    const who = onDuty(r, new Date(t))[0];
    if (who) return { staffId: who.staffId, from: new Date(t) };
  }
  return null;
}

/** HH:mm (China time) of an instant, with 明天/日期 when it is not the same China day as `now`. */
export function whenLabel(t: Date, now: Date): string {
  const a = chinaParts(t);
  const b = chinaParts(now);
  const hm = hhmmOf(a.minute);
  if (a.date === b.date) return hm;
  if (Date.parse(`${a.date}T00:00:00Z`) - Date.parse(`${b.date}T00:00:00Z`) === DAY_MS) return `明天 ${hm}`;
  return `${Number(a.date.slice(5, 7))}月${Number(a.date.slice(8, 10))}日 ${hm}`;
}

function invalidDates(req: PutRotaRequest): AppError | null {
  const bad = req.leave.findIndex((l) => l.from > l.to);
  if (bad >= 0) return errors.badInput([{ path: `leave.${bad}.to`, message: '结束日期不能早于开始日期' }], '请假结束日期不能早于开始日期');
  const seen = new Set<string>();
  for (const [i, h] of req.holidays.entries()) {
    if (seen.has(h.date)) return errors.badInput([{ path: `holidays.${i}.date`, message: '同一天只能设置一次' }], '同一天的节假日值班只能设置一次');
    seen.add(h.date);
  }
  return null;
}

/**
 * A team's on-call rota (issue 13 §3, 下班不下线): an ordered list of staff with the hours each
 * covers (overnight allowed), holidays with their own cover, and leave; changed by the team lead
 * only. It decides who an urgent alert goes to (the first person covering the hour is on duty, the
 * next ones covering it follow, the team lead comes last; without anyone covering: the contracted
 * doctor, then the lead) and what the automatic reply outside hours says (who covers, when to
 * expect a reply).
 */
export class RotaService {
  /** Movable in tests. */
  now: () => Date = () => new Date();

  constructor(
    private readonly ds: DataSource,
    private readonly platform: PlatformDirectory,
    /** The chat service's answer to which teams an actor is staff of. */
    private readonly chat: { staffTeams(actor: Actor): Promise<string[]> },
    private readonly audit: Audit,
    /** ROTA_REPLY_MINUTES: the reply the automatic message promises, from the time the resident wrote. */
    private readonly replyMinutes = 30,
  ) {}

  async get(scope: Scope, teamId: string): Promise<RotaView> {
    await authorize(scope.actor, 'team.staff', { teamId }, await this.chat.staffTeams(scope.actor));
    const team = await this.platform.team(teamId);
    if (!team) throw errors.notFound();
    return this.present(team, await this.rules(teamId), await this.row(teamId), rules['rota.manage'](scope.actor, team));
  }

  async put(scope: Scope, req: PutRotaRequest): Promise<RotaView> {
    await authorize(scope.actor, 'team.staff', { teamId: req.teamId }, await this.chat.staffTeams(scope.actor));
    const team = await this.platform.team(req.teamId);
    if (!team) throw errors.notFound();
    if (!rules['rota.manage'](scope.actor, team)) throw errors.of('ROTA_LEAD_ONLY');
    const members = new Set(team.members.map((m) => m.id));
    const people = [
      ...req.entries.map((e, i) => ({ id: e.staffId, path: `entries.${i}.staffId` })),
      ...req.leave.map((e, i) => ({ id: e.staffId, path: `leave.${i}.staffId` })),
      ...req.holidays.flatMap((h, i) => h.cover.map((c, j) => ({ id: c.staffId, path: `holidays.${i}.cover.${j}.staffId` }))),
    ];
    const stranger = people.find((p) => !members.has(p.id));
    if (stranger) throw new AppError('ROTA_NOT_TEAM_MEMBER', undefined, [{ path: stranger.path, message: '该人员不属于本团队' }]);
    const bad = invalidDates(req);
    if (bad) throw bad;
    const holidays = [...req.holidays].sort((a, b) => a.date.localeCompare(b.date));
    await this.ds.getRepository(AlertRota).save({ teamId: req.teamId, entries: req.entries, leave: req.leave, holidays, updatedBy: scope.actor.userId });
    await this.audit.record(scope, {
      action: 'rota.update',
      subjectType: 'team',
      subjectId: req.teamId,
      detail: { staffIds: req.entries.map((e) => e.staffId), leave: req.leave.length, holidays: holidays.length },
    });
    return this.present(team, await this.rules(req.teamId), await this.row(req.teamId), true);
  }

  async rules(teamId: string): Promise<RotaRules> {
    const row = await this.row(teamId);
    return { entries: row?.entries ?? [], leave: row?.leave ?? [], holidays: row?.holidays ?? [] };
  }

  /** Who an alert raised at `at` is sent to, in order: on duty, the next on the rota …, the team lead. */
  async chain(teamId: string, contractDoctorId: string | null, at: Date): Promise<string[]> {
    const team = await this.platform.team(teamId);
    const duty = onDuty(await this.rules(teamId), at).map((d) => d.staffId);
    const first = duty.length > 0 ? duty : contractDoctorId ? [contractDoctorId] : [];
    return [...new Set([...first, ...(team?.leaderId ? [team.leaderId] : [])])];
  }

  /**
   * The sentence the automatic reply adds outside the doctor's hours: who covers now and until
   * when, or who is next and from when; null when the team has no rota.
   */
  async coverNote(teamId: string, at: Date): Promise<string | null> {
    return coverText(await this.rules(teamId), await this.platform.team(teamId), at, this.replyMinutes);
  }

  private row(teamId: string) {
    return this.ds.getRepository(AlertRota).findOneBy({ teamId });
  }

  private present(team: PlatformTeam, r: RotaRules, row: AlertRota | null, editable: boolean): RotaView {
    const at = this.now();
    return {
      teamId: team.id,
      ...r,
      members: team.members.map((m) => ({ id: m.id, name: m.name, role: m.role, isLeader: m.isLeader })),
      onDutyNow: onDuty(r, at).map((d) => ({ staffId: d.staffId, name: team.members.find((m) => m.id === d.staffId)?.name ?? d.staffId, until: whenLabel(d.until, at) })),
      editable,
      replyPreview: coverText(r, team, at, this.replyMinutes),
      updatedAt: row ? chinaIso(row.updatedAt) : null,
    };
  }
}

/**
 * The sentence the automatic reply adds: 今晚由王丽（社区护士）值班（至 明天 08:00），预计 21:30 前回复您。
 * — who covers now, until when, and by when to expect a reply (now + replyMinutes, at most the end
 * of the shift); or who is next and from when. Null when the team has no rota.
 */
function coverText(r: RotaRules, team: PlatformTeam | null, at: Date, replyMinutes: number): string | null {
  if (r.entries.length === 0 && r.holidays.length === 0) return null;
  const now = onDuty(r, at)[0];
  if (now) {
    const by = new Date(Math.min(at.getTime() + replyMinutes * 60_000, now.until.getTime()));
    const hour = Math.floor(chinaParts(at).minute / 60);
    const when = hour >= 18 || hour < 6 ? '今晚' : '今天';
    return `${when}由${staffLabel(team, now.staffId)}值班（至 ${whenLabel(now.until, at)}），预计 ${whenLabel(by, at)} 前回复您。`;
  }
  const next = nextCover(r, at);
  if (next) return `现在无人值班，${staffLabel(team, next.staffId)}将于 ${whenLabel(next.from, at)} 开始值班，届时会尽快回复您。`;
  return null;
}

/** 王丽（社区护士） — how the resident is told who covers. */
function staffLabel(team: PlatformTeam | null, staffId: string): string {
  const m = team?.members.find((x) => x.id === staffId);
  return m ? `${m.name}（${m.role}）` : '团队值班人员';
}
