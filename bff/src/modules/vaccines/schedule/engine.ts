import { addAge, addDays, ageLabel, maxDate, type Age } from './dates';
import type { Schedule, ScheduleDose, ScheduleVaccine } from './schema';

/**
 * The national programme as a pure function: from a child's birth date, sex and immunization
 * history, every programme dose is done, due, overdue, upcoming or not needed, with the earliest
 * date it may be given and the reason. Everything clinical comes from the schedule data.
 */

export interface Person {
  birthDate: string;
  sex: 'male' | 'female';
}

/** A dose given (from the platform's 接种记录). `code` is a programme code or an equivalent (DT). */
export interface GivenDose {
  code: string;
  date: string;
}

type DoseStatus = 'done' | 'due' | 'overdue' | 'upcoming' | 'not_needed';

export interface DoseEntry {
  /** The vaccine to give (or, when done, the one given: may be an equivalent such as DT). */
  code: string;
  name: string;
  /** Series key: doses of one series count together (polio = IPV + bOPV). */
  series: string;
  dose: number;
  totalDoses: number;
  status: DoseStatus;
  /** The schedule's age for this dose and the date the child reaches it. */
  recommendedAge: string;
  recommendedDate: string;
  /** Earliest date it may be given (not done); for later doses of a series, projected from the one before. */
  earliestDate: string | null;
  /** From this date the dose counts as overdue. */
  overdueFrom: string | null;
  givenOn: string | null;
  live: boolean;
  injectable: boolean;
  /** Open choice: codes that would equally complete this need (JE-L ↔ JE-I). */
  alternatives: string[];
  /** Things to do before this dose (e.g. a negative PPD test). */
  conditions: string[];
  /** Upcoming only because this earlier dose of the series is not given yet. */
  afterDose: number | null;
  reason: string;
}

export interface EngineOptions {
  /** Codes outside the programme that are live injectables (self-paid varicella …), for the 28-day gap. */
  liveInjectableCodes?: readonly string[];
  /** Names for codes outside the programme, for reasons. */
  names?: Readonly<Record<string, string>>;
}

interface SeriesDose {
  def: ScheduleDose;
  vaccine: ScheduleVaccine;
}

interface Series {
  key: string;
  vaccines: ScheduleVaccine[];
  doses: SeriesDose[];
  /** Codes whose records count for this series (own codes + equivalents). */
  codes: Set<string>;
  alternatives: string[];
}

const isInjectable = (v: Pick<ScheduleVaccine, 'route'>) => v.route !== 'oral';

/** The programme grouped into series, in schedule order. Cached per schedule object. */
const seriesCache = new WeakMap<Schedule, Series[]>();
function seriesOf(schedule: Schedule): Series[] {
  const cached = seriesCache.get(schedule);
  if (cached) return cached;
  const byKey = new Map<string, Series>();
  for (const v of schedule.programme) {
    const key = v.series ?? v.code;
    let s = byKey.get(key);
    if (!s) {
      s = { key, vaccines: [], doses: [], codes: new Set(), alternatives: [] };
      byKey.set(key, s);
    }
    s.vaccines.push(v);
    s.codes.add(v.code);
    for (const e of v.equivalents ?? []) s.codes.add(e.code);
    for (const d of v.doses) s.doses.push({ def: d, vaccine: v });
    if (v.alternative) {
      const alt = schedule.programme.find((x) => x.code === v.alternative);
      const altKey = alt ? (alt.series ?? alt.code) : v.alternative;
      if (!s.alternatives.includes(altKey)) s.alternatives.push(altKey);
    }
  }
  const list = [...byKey.values()];
  for (const s of list) s.doses.sort((a, b) => a.def.dose - b.def.dose);
  seriesCache.set(schedule, list);
  return list;
}

function nameOf(schedule: Schedule, code: string, opts: EngineOptions): string {
  const v = schedule.programme.find((x) => x.code === code);
  if (v) return v.name;
  for (const p of schedule.programme) for (const e of p.equivalents ?? []) if (e.code === code && e.name) return e.name;
  return opts.names?.[code] ?? code;
}

/** Is a record of this code a live injectable vaccine? */
function isLiveInjectable(schedule: Schedule, code: string, opts: EngineOptions = {}): boolean {
  const v = schedule.programme.find((x) => x.code === code);
  if (v) return v.live && isInjectable(v);
  return opts.liveInjectableCodes?.includes(code) ?? false;
}

interface Candidate {
  date: string;
  reason: string;
}

function latest(cands: Candidate[]): Candidate {
  return cands.reduce((a, b) => (b.date > a.date ? b : a));
}

function intervalCandidates(series: Series, position: number, dates: string[], given: ScheduleVaccine = series.doses[position].vaccine): Candidate[] {
  const { def } = series.doses[position];
  const v = given;
  const out: Candidate[] = [];
  const prevDate = position > 0 ? dates[position - 1] : null;
  const prevLabel = position > 0 ? `第${series.doses[position - 1].def.dose}剂` : '';
  const units: Array<[Record<string, number> | undefined, (d: string, n: number) => string, string]> = [
    [v.minIntervalDays, (d, n) => addDays(d, n), '天'],
    [v.minIntervalMonths, (d, n) => addAge(d, { months: n }), '个月'],
    [v.minIntervalYears, (d, n) => addAge(d, { years: n }), '年'],
  ];
  for (const [map, add, unit] of units) {
    for (const [key, n] of Object.entries(map ?? {})) {
      if (key === 'any') {
        if (prevDate) out.push({ date: add(prevDate, n), reason: `距${prevLabel}需间隔${n}${unit}` });
        continue;
      }
      const [a, b] = key.split('-').map(Number);
      if (b !== def.dose) continue;
      const idx = series.doses.findIndex((x) => x.def.dose === a);
      if (idx >= 0 && idx < position && dates[idx]) out.push({ date: add(dates[idx], n), reason: `距第${a}剂需间隔${n}${unit}` });
    }
  }
  // A later dose of a series never comes before the one before it, even where the schedule states no interval (DTaP 4 → 5).
  if (prevDate) out.push({ date: addDays(prevDate, 1), reason: `需在${prevLabel}之后接种` });
  if (prevDate && def.afterPreviousDays) out.push({ date: addDays(prevDate, def.afterPreviousDays[0]), reason: `${prevLabel}后${def.afterPreviousDays[0]}–${def.afterPreviousDays[1]}天接种` });
  if (prevDate && def.afterPreviousMonths !== undefined) out.push({ date: addAge(prevDate, { months: def.afterPreviousMonths }), reason: `距${prevLabel}需间隔${def.afterPreviousMonths}个月` });
  return out;
}

/** The vaccine a missing dose is given as under the 补种原则 (catchUpSubstitutes), or null for the series' own. */
function substituteFor(schedule: Schedule, series: Series, dose: number, birth: string, records: readonly GivenDose[]): { vaccine: ScheduleVaccine; note: string } | null {
  for (const owner of series.vaccines) {
    for (const x of owner.catchUpSubstitutes ?? []) {
      if (x.dose !== dose) continue;
      const byHistory = x.whenAnyGiven ? records.some((r) => x.whenAnyGiven!.includes(r.code)) : true;
      const byBirth = x.whenBornBefore ? birth < x.whenBornBefore : true;
      const vaccine = schedule.programme.find((p) => p.code === x.code);
      if (byHistory && byBirth && vaccine) return { vaccine, note: x.note };
    }
  }
  return null;
}

/**
 * Every programme dose for a person on `today`. Doses given stay given (a series is never
 * restarted); the next dose of each series is due, overdue or upcoming; later doses are upcoming
 * with a date projected from the dose before.
 */
export function computeTimeline(schedule: Schedule, person: Person, history: readonly GivenDose[], today: string, opts: EngineOptions = {}): DoseEntry[] {
  const names = (code: string) => nameOf(schedule, code, opts);
  const birth = person.birthDate;
  const rules = schedule.rules;
  const catchUpEnd = addAge(birth, { years: rules.catchUpForChildrenUnderYears });
  const gap = rules.twoInjectableLiveVaccinesNotSameDayMinGapDays;
  const records = [...history].filter((r) => r.date >= birth).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const liveGiven = records.filter((r) => isLiveInjectable(schedule, r.code, opts));
  const all = seriesOf(schedule);

  const givenBySeries = new Map<string, GivenDose[]>();
  for (const s of all) {
    const seen = new Set<string>();
    givenBySeries.set(
      s.key,
      records.filter((r) => {
        if (!s.codes.has(r.code)) return false;
        const k = `${r.code}|${r.date}`;
        if (seen.has(k)) return false; // the same dose reported twice
        seen.add(k);
        return true;
      }),
    );
  }
  const lastGivenOf = (code: string): string | null => {
    const s = all.find((x) => x.codes.has(code));
    const g = s ? givenBySeries.get(s.key)!.filter((r) => r.code === code) : [];
    return g.length ? g[g.length - 1].date : null;
  };

  const out: DoseEntry[] = [];
  for (const s of all) {
    if (s.vaccines.some((v) => v.sex && v.sex !== person.sex)) continue; // not for this sex at all
    const given = givenBySeries.get(s.key)!;
    // Alternatives: the one started first is the child's; the others are not needed.
    const group = [s.key, ...s.alternatives];
    const started = group
      .map((k) => ({ k, first: givenBySeries.get(k)?.[0]?.date }))
      .filter((x) => x.first)
      .sort((a, b) => (a.first! < b.first! ? -1 : 1));
    const chosen = started[0]?.k ?? null;
    const altCodes = s.alternatives.flatMap((k) => all.find((x) => x.key === k)?.vaccines.map((v) => v.code) ?? []);

    const dates: string[] = [];
    let blockedBy: number | null = null; // position of the first dose not yet given
    for (let i = 0; i < s.doses.length; i++) {
      const { def } = s.doses[i];
      // 补种原则 may give a missing dose as another vaccine of the series (polio: bOPV after tOPV).
      const sub = i >= given.length ? substituteFor(schedule, s, def.dose, birth, records) : null;
      const v = sub?.vaccine ?? s.doses[i].vaccine;
      const base = {
        code: v.code,
        name: v.name,
        series: s.key,
        dose: def.dose,
        totalDoses: s.doses.length,
        recommendedAge: ageLabel(def.age as Age),
        recommendedDate: addAge(birth, def.age as Age),
        live: v.live,
        injectable: isInjectable(v),
        alternatives: [] as string[],
        conditions: [] as string[],
      };
      if (i < given.length) {
        const g = given[i];
        dates[i] = g.date;
        out.push({
          ...base,
          code: g.code,
          name: names(g.code),
          status: 'done',
          earliestDate: null,
          overdueFrom: null,
          givenOn: g.date,
          afterDose: null,
          reason: g.code === v.code ? '已接种' : `已接种${names(g.code)}，计为${v.name}第${def.dose}剂`,
        });
        continue;
      }
      const notNeeded = (reason: string): DoseEntry => ({ ...base, status: 'not_needed', earliestDate: null, overdueFrom: null, givenOn: null, afterDose: null, reason });
      if (chosen && chosen !== s.key) {
        out.push(notNeeded(`已接种${names(all.find((x) => x.key === chosen)!.vaccines[0].code)}，无需再接种${v.name}`));
        continue;
      }
      if (v.eligibleBornOnOrAfter && birth < v.eligibleBornOnOrAfter) {
        out.push(notNeeded(`${v.eligibleBornOnOrAfter}及以后出生者免费接种；可自愿自费接种`));
        continue;
      }

      const countOf = (code: string) => new Set(records.filter((r) => r.code === code).map((r) => r.date)).size;
      // Behind on another vaccine once the catch-up age is reached: that age replaces the routine age
      // (MPSV-AC from 24 months). A younger child is projected on the routine path (they can still catch up).
      const early = (v.catchUpEarlier ?? []).find((x) => x.dose === def.dose && countOf(x.whenDosesOf.code) <= x.whenDosesOf.atMost && today >= addAge(birth, x.fromAge as Age));
      const earlyDate = early ? addAge(birth, early.fromAge as Age) : null;
      const cands: Candidate[] = [
        earlyDate && earlyDate < base.recommendedDate
          ? { date: earlyDate, reason: `${early!.reason}（满${ageLabel(early!.fromAge as Age)}可接种）` }
          : { date: base.recommendedDate, reason: `满${base.recommendedAge}可接种` },
      ];
      if (v.programmeFrom) cands.push({ date: v.programmeFrom, reason: `${v.programmeFrom}起纳入免费接种` });
      cands.push(...intervalCandidates(s, i, dates, v));
      for (const x of v.minIntervalAfter ?? []) {
        if (x.dose !== def.dose) continue;
        const n = countOf(x.code);
        if ((x.whenDosesAtLeast !== undefined && n < x.whenDosesAtLeast) || (x.whenDosesAtMost !== undefined && n > x.whenDosesAtMost)) continue;
        const last = lastGivenOf(x.code);
        if (last)
          cands.push({
            date: addAge(last, { years: x.years, months: x.months, days: x.days }),
            reason: `距${names(x.code)}末剂需间隔${x.years ? `${x.years}年` : ''}${x.months ? `${x.months}个月` : ''}${x.days ? `${x.days}天` : ''}`,
          });
      }
      let best = latest(cands);
      if (v.live && isInjectable(v) && gap > 0) {
        // Two live injectables: the same day, or at least `gap` days apart (judged on the day it could be given).
        for (const r of liveGiven) {
          const on = maxDate(best.date, today);
          if (on !== r.date && on > addDays(r.date, -gap) && on < addDays(r.date, gap)) {
            best = { date: addDays(r.date, gap), reason: `与${names(r.code)}（${r.date}接种）需间隔${gap}天` };
          }
        }
      }
      const earliest = best.date;
      const planned = maxDate(earliest, today);
      const ageLimit = v.maxAge ? addAge(birth, v.maxAge as Age) : null;
      if (ageLimit && ageLimit < catchUpEnd && planned >= ageLimit) {
        out.push(notNeeded(`满${ageLabel(v.maxAge as Age)}后不再接种${v.name}`));
        dates[i] = planned;
        continue;
      }
      if (planned >= catchUpEnd) {
        out.push(notNeeded(`已满${rules.catchUpForChildrenUnderYears}周岁，不再补种`));
        dates[i] = planned;
        continue;
      }
      const overdueFrom = def.completeBy ? addAge(birth, def.completeBy as Age) : rules.overdueAfterDays !== undefined ? addDays(earliest, rules.overdueAfterDays) : null;
      const conditions = (v.catchUpConditions ?? []).filter((c) => planned >= addAge(birth, c.fromAge as Age)).map((c) => c.note);
      const alternatives = chosen ? [] : altCodes;
      const altNote = alternatives.length ? `；与${alternatives.map(names).join('、')}任选其一` : '';
      let status: DoseStatus;
      let reason: string;
      const afterDose = blockedBy !== null ? s.doses[blockedBy].def.dose : null;
      if (blockedBy !== null) {
        status = 'upcoming';
        reason = `需先接种第${s.doses[blockedBy].def.dose}剂，${best.reason}`;
      } else if (earliest > today) {
        status = 'upcoming';
        reason = best.reason;
      } else if (overdueFrom && today >= overdueFrom) {
        status = 'overdue';
        reason = def.completeBy ? `建议${ageLabel(def.completeBy as Age)}前完成，已逾期，请尽快补种` : '已过建议接种时间，请尽快补种';
      } else {
        status = 'due';
        reason = '已到接种时间，请尽快预约';
      }
      out.push({ ...base, status, earliestDate: earliest, overdueFrom, givenOn: null, alternatives, conditions, afterDose, reason: reason + altNote + (sub ? `（${sub.note}）` : '') });
      dates[i] = planned;
      if (blockedBy === null) blockedBy = i;
    }
  }
  return out;
}

/** Doses a person may be booked for within `days` from today: due and overdue now, or upcoming by then. */
export function dueWithin(entries: readonly DoseEntry[], today: string, days: number): DoseEntry[] {
  const until = addDays(today, days);
  const seenChoice = new Set<string>();
  return entries.filter((e) => {
    const soon = e.status === 'upcoming' && e.afterDose === null && !!e.earliestDate && e.earliestDate <= until;
    if (e.status !== 'due' && e.status !== 'overdue' && !soon) return false;
    // An open choice (JE-L or JE-I) is one need, not two.
    const key = [e.code, ...e.alternatives].sort().join('|') + `#${e.dose}`;
    if (seenChoice.has(key)) return false;
    seenChoice.add(key);
    return true;
  });
}

export type BookingCheck =
  | { ok: true; entry: DoseEntry }
  | { ok: false; reason: 'not_in_programme' | 'not_applicable' | 'complete' | 'not_needed' | 'too_early' | 'previous_dose_missing' | 'live_gap'; message: string; earliestDate?: string };

/**
 * May `code` (a programme vaccine) be given on `date`? Uses the timeline as it will stand that day.
 * `planned` are other bookings not yet given (for the live-injectable gap).
 */
export function checkProgrammeDose(
  schedule: Schedule,
  person: Person,
  history: readonly GivenDose[],
  planned: readonly GivenDose[],
  code: string,
  date: string,
  opts: EngineOptions = {},
): BookingCheck {
  const vaccine = schedule.programme.find((v) => v.code === code);
  if (!vaccine) return { ok: false, reason: 'not_in_programme', message: '该疫苗不属于国家免疫规划疫苗' };
  const entries = computeTimeline(schedule, person, history, date, opts).filter((e) => e.series === (vaccine.series ?? vaccine.code));
  if (entries.length === 0) return { ok: false, reason: 'not_applicable', message: `${vaccine.name}不适用于该接种对象` };
  const next = entries.find((e) => e.status !== 'done');
  if (!next) return { ok: false, reason: 'complete', message: `${vaccine.name}已完成全部${entries.length}剂次，无需再接种` };
  if (next.status === 'not_needed') return { ok: false, reason: 'not_needed', message: next.reason };
  if (next.code !== code) {
    return { ok: false, reason: 'previous_dose_missing', message: `下一剂应接种${next.name}（第${next.dose}剂），不是${vaccine.name}` };
  }
  if (next.status === 'upcoming') {
    return { ok: false, reason: 'too_early', message: `${vaccine.name}第${next.dose}剂最早可在${next.earliestDate}接种（${next.reason}）`, earliestDate: next.earliestDate ?? undefined };
  }
  const gapConflict = liveGapConflict(schedule, code, date, planned, opts);
  if (gapConflict) return { ok: false, reason: 'live_gap', message: gapConflict };
  return { ok: true, entry: next };
}

/**
 * Two live injectable vaccines: the same day, or at least the schedule's gap apart. Returns why a
 * dose of `code` on `date` conflicts with another dose given or booked, or null.
 */
export function liveGapConflict(schedule: Schedule, code: string, date: string, others: readonly GivenDose[], opts: EngineOptions = {}): string | null {
  if (!isLiveInjectable(schedule, code, opts)) return null;
  const gap = schedule.rules.twoInjectableLiveVaccinesNotSameDayMinGapDays;
  for (const o of others) {
    if (o.date === date || !isLiveInjectable(schedule, o.code, opts)) continue;
    if (date > addDays(o.date, -gap) && date < addDays(o.date, gap)) {
      return `${nameOf(schedule, code, opts)}与${nameOf(schedule, o.code, opts)}（${o.date}）均为注射用减毒活疫苗，需同一天接种或间隔至少${gap}天`;
    }
  }
  return null;
}
