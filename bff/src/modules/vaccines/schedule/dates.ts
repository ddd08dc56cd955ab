/**
 * Calendar arithmetic on China dates (`YYYY-MM-DD`). Vaccination ages are calendar ages: "2 months"
 * is the same day two months later, clamped to the month's end (01-31 + 1 month → 02-28).
 */

export interface Age {
  years?: number;
  months?: number;
  days?: number;
}

const DAY_MS = 86_400_000;

function parts(date: string): [number, number, number] {
  const [y, m, d] = date.split('-').map(Number);
  return [y, m, d];
}

function fmt(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function addDays(date: string, days: number): string {
  const t = new Date(`${date}T00:00:00Z`).getTime() + days * DAY_MS;
  return new Date(t).toISOString().slice(0, 10);
}

function addMonths(date: string, months: number): string {
  const [y, m, d] = parts(date);
  const total = y * 12 + (m - 1) + months;
  const ty = Math.floor(total / 12);
  const tm = (total % 12) + 1;
  const last = new Date(Date.UTC(ty, tm, 0)).getUTCDate();
  return fmt(ty, tm, Math.min(d, last));
}

/** The date `age` after `date`: years and months first (calendar), then days. */
export function addAge(date: string, age: Age): string {
  const months = (age.years ?? 0) * 12 + (age.months ?? 0);
  return addDays(months ? addMonths(date, months) : date, age.days ?? 0);
}

function daysBetween(from: string, to: string): number {
  return Math.round((new Date(`${to}T00:00:00Z`).getTime() - new Date(`${from}T00:00:00Z`).getTime()) / DAY_MS);
}

export function maxDate(...dates: Array<string | null | undefined>): string {
  return dates.filter((d): d is string => !!d).reduce((a, b) => (b > a ? b : a));
}

/** Whole months from birth to `on` (the day of month counts as a month boundary). */
export function ageInMonths(birthDate: string, on: string): number {
  const [by, bm] = parts(birthDate);
  const [y, m] = parts(on);
  let months = (y - by) * 12 + (m - bm);
  if (addMonths(birthDate, months) > on) months -= 1;
  return months;
}

/** "2月龄", "1岁2月龄", "6岁", "出生时", "7天" — how Chinese clinics say an age. */
export function ageLabel(age: Age): string {
  const months = (age.years ?? 0) * 12 + (age.months ?? 0);
  if (months === 0) return age.days ? `${age.days}天` : '出生时';
  if (months % 12 === 0) return `${months / 12}岁`;
  if (months < 12) return `${months}月龄`;
  return `${Math.floor(months / 12)}岁${months % 12}月龄`;
}

/** A person's age on a date as Chinese text: "14月龄", "6岁". Under 2 years in months. */
export function ageOnLabel(birthDate: string, on: string): string {
  const months = ageInMonths(birthDate, on);
  if (months < 1) return `${Math.max(0, daysBetween(birthDate, on))}天`;
  if (months < 24) return `${months}月龄`;
  return `${Math.floor(months / 12)}岁`;
}
