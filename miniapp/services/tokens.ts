/**
 * The tokens a resident reads as one thing: dates (2026-12-05), times (08:30), readings (150/95,
 * ≥180/110), amounts (¥12.50), masked ID and phone numbers (110***********002X), decimals and
 * counts with a unit sign (5.2, 30%). The browser check (scripts/e2e/page-audit.ts) looks for the same.
 */
export const TOKEN = /[≥≤<>]?[¥￥]?\d[\dX*.,:/\-~～]*[\dX*%]|[¥￥]\d/g;

interface TextPart {
  text: string;
  token: boolean;
}

export function splitTokens(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let at = 0;
  for (const m of text.matchAll(TOKEN)) {
    if (m.index > at) parts.push({ text: text.slice(at, m.index), token: false });
    parts.push({ text: m[0], token: true });
    at = m.index + m[0].length;
  }
  if (at < text.length) parts.push({ text: text.slice(at), token: false });
  return parts;
}
