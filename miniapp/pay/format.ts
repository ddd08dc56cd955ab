/** `2026-11-23T09:15:02.123+08:00` → `11月23日 09:15` (times from the API are China time). */
export function shortTime(iso: string | null): string {
  if (!iso) return '';
  return `${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日 ${iso.slice(11, 16)}`;
}

/** `…` → `2026-11-23 09:15:02` */
export function fullTime(iso: string | null): string {
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 19)}` : '';
}

export const STATE_TONE: Record<string, string> = {
  CREATED: 'warn',
  PAID: 'ok',
  REFUNDING: 'info',
  REFUNDED: 'grey',
  PARTIALLY_REFUNDED: 'info',
  CLOSED: 'grey',
};
