import { toChinaIso } from '@healthpocket/shared-types';
/** An instant as ISO 8601 with +08:00, as every response carries. */
export function chinaIso(d: Date): string {
  return toChinaIso(d, 's');
}

export function chinaIsoOrNull(d: Date | null): string | null {
  return d ? chinaIso(d) : null;
}

/** The China date `years` before `date` (YYYY-MM-DD), 29 February becoming 28 February. */
export function yearsBefore(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const ty = y - years;
  const last = new Date(Date.UTC(ty, m, 0)).getUTCDate();
  return `${String(ty).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}
