// No zod here: the miniapp may import this file by path.

/**
 * An instant as ISO 8601 in China time (+08:00), as every time the API returns. `s` drops the
 * milliseconds (WeChat Pay's time_expire wants that form).
 */
export function toChinaIso(t: Date | number, precision: 'ms' | 's' = 'ms'): string {
  const ms = typeof t === 'number' ? t : t.getTime();
  const iso = new Date(ms + 8 * 3600_000).toISOString();
  return `${iso.slice(0, precision === 'ms' ? 23 : 19)}+08:00`;
}

/** A calendar date (YYYY-MM-DD) moved by `days` (negative: back). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
