import { createHash } from 'node:crypto';

/**
 * The open platform's request signature: all fields of commonIn and req except `sign`, keys
 * sorted, empty values skipped, objects as JSON with sorted keys, `k=v&…` + appSecret, SHA-256,
 * base64 (as the platform's C#, Go and PHP SDKs compute it; bff/sandbox/API.md).
 */
export function signHealthCardRequest(values: Record<string, unknown>, appSecret: string): string {
  const parts: string[] = [];
  for (const key of Object.keys(values).sort()) {
    const v = values[key];
    if (key === 'sign' || v === null || v === undefined) continue;
    const rendered = typeof v === 'string' ? v : typeof v === 'object' ? sortedJson(v) : String(v);
    if (rendered !== '') parts.push(`${key}=${rendered}`);
  }
  return createHash('sha256')
    .update(parts.join('&') + appSecret, 'utf8')
    .digest('base64');
}

function sortedJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(sortedJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o)
      .sort()
      .filter((k) => o[k] !== undefined);
    return `{${keys.map((k) => `${JSON.stringify(k)}:${sortedJson(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}
