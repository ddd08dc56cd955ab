import { addAge, addDays, ageLabel, type Age } from './schedule/dates';
import { liveGapConflict, type GivenDose, type Person } from './schedule/engine';
import type { Schedule } from './schedule/schema';
import type { PlatformProduct } from './platform';

export type SelfPaidCheck = { ok: true; dose: number } | { ok: false; reason: 'sex' | 'too_young' | 'too_old' | 'complete' | 'too_early' | 'live_gap'; message: string; earliestDate?: string };

/** The flu season a date belongs to starts on 1 September. */
export function fluSeasonStart(date: string): string {
  const y = Number(date.slice(0, 4));
  return Number(date.slice(5, 7)) >= 9 ? `${y}-09-01` : `${y - 1}-09-01`;
}

function ageRange(min: Age, max?: Age): string {
  const lo = ageLabel(min);
  if (!max) return `${lo === '出生时' ? '出生后' : `${lo}及以上`}`;
  const hi = ageLabel(max);
  return `${lo}至${hi}前`;
}

/** Sex and age range only: what the member row alone decides (no history needed). */
export function checkLabel(product: PlatformProduct, person: Person, date: string): SelfPaidCheck {
  const e = product.eligibility;
  const name = product.shortName;
  if (e.sex && e.sex !== person.sex) return { ok: false, reason: 'sex', message: `${name}仅适用于${e.sex === 'female' ? '女性' : '男性'}` };
  const from = addAge(person.birthDate, e.minAge);
  if (date < from) return { ok: false, reason: 'too_young', message: `${name}适用于${ageRange(e.minAge, e.maxAge)}，最早可在${from}接种`, earliestDate: from };
  if (e.maxAge && date >= addAge(person.birthDate, e.maxAge)) return { ok: false, reason: 'too_old', message: `${name}适用于${ageRange(e.minAge, e.maxAge)}，已超过适用年龄` };
  return { ok: true, dose: 0 };
}

/**
 * May `person` get the next dose of a self-paid `product` on `date`? From the product label: sex,
 * age range (upper bound exclusive), doses and the minimum interval since the previous dose (a late
 * dose never restarts the course), the flu-season rule, and the live-injectable gap.
 */
export function checkSelfPaid(
  product: PlatformProduct,
  person: Person & { name?: string },
  history: readonly GivenDose[],
  planned: readonly GivenDose[],
  date: string,
  gapRules: { schedule: Schedule; liveInjectableCodes: readonly string[]; names: Readonly<Record<string, string>> },
): SelfPaidCheck {
  const label = checkLabel(product, person, date);
  if (!label.ok) return label;
  const e = product.eligibility;
  const name = product.shortName;

  const prior = history.filter((h) => h.code === product.code && h.date <= date).sort((a, b) => (a.date < b.date ? -1 : 1));
  let counted = prior;
  let allowed = e.doses;
  if (e.seasonal) {
    // Flu: 6 months to 8 years in their first season get 2 doses; otherwise 1 dose a season.
    const start = fluSeasonStart(date);
    counted = prior.filter((h) => h.date >= start);
    const firstSeason = counted.length === prior.length;
    allowed = firstSeason && date < addAge(person.birthDate, { years: 9 }) ? e.doses : 1;
  }
  if (counted.length >= allowed) {
    return { ok: false, reason: 'complete', message: e.seasonal ? `本流感季已完成${name}接种` : `${name}已完成全部${e.doses}剂，无需再接种` };
  }
  const last = counted[counted.length - 1];
  if (last) {
    const gap = e.minIntervalDays[Math.min(counted.length - 1, e.minIntervalDays.length - 1)] ?? 0;
    const earliest = addDays(last.date, gap);
    if (date < earliest) return { ok: false, reason: 'too_early', message: `${name}第${counted.length + 1}剂需距上一剂（${last.date}）至少${gap}天，最早可在${earliest}接种`, earliestDate: earliest };
  }
  const conflict = liveGapConflict(gapRules.schedule, product.code, date, [...history, ...planned], { liveInjectableCodes: gapRules.liveInjectableCodes, names: gapRules.names });
  if (conflict) return { ok: false, reason: 'live_gap', message: conflict };
  return { ok: true, dose: counted.length + 1 };
}
