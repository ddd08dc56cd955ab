/**
 * What the access log may say about a request path and query: the route's shape, never the values
 * (member ids, record numbers, bill numbers, invite codes, ID numbers, phones, names). A request
 * that matched a route logs the route pattern (`/api/v1/records/:ref/visits/:id`); any other path
 * (404s, H5 files) has each identifier-like segment replaced by `*`.
 */

const MASK = '*';

/** Query keys whose values are personal or secret whatever they look like. */
const SECRET_KEYS = /^(q|query|keyword|search|name|id_?number|idno|phone|mobile|tel|code|token|ticket|openid|unionid|email|address|actor|subject|state|signature|sign|key)$/i;
/** A value that says which option, not whose: an enum word or a small number. */
const HARMLESS_VALUE = /^(?:[A-Za-z][A-Za-z_.-]{0,39}|\d{1,4})$/;

/** Identifier-like: 6+ digits anywhere (ID numbers, phones, record and bill numbers), long tokens, non-ASCII (names). */
function looksIdentifying(segment: string): boolean {
  let s = segment;
  try {
    s = decodeURIComponent(segment);
  } catch {
    /* keep the raw text */
  }
  if (/\d{6,}/.test(s)) return true;
  if (/[^\x20-\x7e]/.test(s)) return true;
  if (/@/.test(s)) return true;
  // uuids, hex ids, base64 tokens: long, with a digit, no file extension
  if (s.length >= 12 && /\d/.test(s) && /^[A-Za-z0-9_=+-]+$/.test(s)) return true;
  return false;
}

export function maskUnmatchedPath(path: string): string {
  return path
    .split('/')
    .map((seg) => (seg && looksIdentifying(seg) ? MASK : seg))
    .join('/');
}

/** `status=paid&q=*&memberId=*`: keys kept, values only when they cannot name anyone. */
export function maskQuery(querystring: string): string | undefined {
  if (!querystring) return undefined;
  const out: string[] = [];
  for (const [k, v] of new URLSearchParams(querystring)) {
    const key = looksIdentifying(k) ? MASK : k.slice(0, 40);
    const safe = !SECRET_KEYS.test(k) && !/id$/i.test(k) && HARMLESS_VALUE.test(v);
    out.push(`${key}=${safe ? v : MASK}`);
  }
  return out.join('&');
}

/** The path as the access log shows it: the matched route's pattern, or the masked path. */
export function loggedPath(path: string, matchedRoute: unknown): string {
  if (typeof matchedRoute === 'string' && matchedRoute && !/[(*]/.test(matchedRoute)) return matchedRoute;
  return maskUnmatchedPath(path);
}
