import { toChinaIso as isoInChina } from '@healthpocket/shared-types';
/**
 * China calendar arithmetic (UTC+8, no daylight saving). Booking rules speak in China dates and
 * wall-clock times ("07:00 release", "15:00 cut-off"), whatever the server's time zone.
 */
const OFFSET_MS = 8 * 3600_000;

/** The China date (YYYY-MM-DD) and wall-clock time (HH:mm) of an instant. */
export function chinaParts(now: Date): { date: string; time: string } {
  const iso = new Date(now.getTime() + OFFSET_MS).toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 16) };
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** `2026-11-24T07:00:00+08:00` for a China date and HH:mm. */
export function chinaIso(date: string, time: string): string {
  return `${date}T${time}:00+08:00`;
}

/** An instant as ISO 8601 with +08:00, to the second (what every booking response carries). */
export const toChinaIso = (d: Date): string => isoInChina(d, 's');

/** The instant of a China date and wall-clock time. */
export function chinaInstant(date: string, time: string): Date {
  return new Date(chinaIso(date, time));
}

/** Monday of the calendar week of `date`. */
export function weekStart(date: string): string {
  const wd = new Date(`${date}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(date, wd === 0 ? -6 : 1 - wd);
}

export function monthStart(date: string): string {
  return `${date.slice(0, 7)}-01`;
}

export function nextMonthStart(date: string): string {
  const [y, m] = date.split('-').map(Number);
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

/** 11月24日 — how dates read in messages. */
export function chinaDateLabel(date: string): string {
  return `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
}
