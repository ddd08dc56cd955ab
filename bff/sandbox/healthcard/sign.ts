import { createHash } from 'node:crypto';

/**
 * The open platform's request signature, as its SDKs compute it: every field of commonIn and req
 * (except `sign`) merged, sorted by key, empty values skipped, objects as JSON with sorted keys,
 * joined `k=v&k=v`, the app secret appended, SHA-256, base64.
 */
export function healthCardSign(values: Record<string, unknown>, appSecret: string): string {
  const parts: string[] = [];
  for (const key of Object.keys(values).sort()) {
    if (key === 'sign') continue;
    const v = values[key];
    if (v === null || v === undefined) continue;
    const rendered = typeof v === 'string' ? v : typeof v === 'object' ? stableJson(v) : String(v);
    if (rendered === '') continue;
    parts.push(`${key}=${rendered}`);
  }
  return createHash('sha256')
    .update(parts.join('&') + appSecret, 'utf8')
    .digest('base64');
}

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .filter((k) => o[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}
