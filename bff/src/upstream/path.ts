import { errors } from '../errors';

/**
 * Upstream paths in which no value can change the path. `encodeURIComponent` leaves `.` and `..`
 * alone and `new URL()` resolves them (`/hospitals/../departments` is `/departments`), so each
 * interpolated value must be one plain segment: not empty, not a dot segment, and free of `/`,
 * `\`, `%` and control characters. Anything else cannot name an upstream resource: NOT_FOUND,
 * answered before any request leaves (so it never reaches the circuit breaker either).
 *
 *   upstreamPath`/hospitals/${id}/departments`
 */
export function upstreamPath(strings: TemplateStringsArray, ...segments: Array<string | number>): string {
  let out = strings[0];
  segments.forEach((value, i) => {
    out += encodeSegment(String(value)) + strings[i + 1];
  });
  return out;
}

/** One path segment, percent-encoded; throws NOT_FOUND for a value that is not a plain segment. */
function encodeSegment(value: string): string {
  if (!isPlainSegment(value)) throw errors.notFound();
  return encodeURIComponent(value);
}

// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[/\\%\u0000-\u001f\u007f]/;

function isPlainSegment(value: string): boolean {
  return value !== '' && value !== '.' && value !== '..' && value.length <= 256 && !FORBIDDEN.test(value);
}

/**
 * The last line of defence in the HTTP helper: a finished path (before the query) whose segments,
 * once decoded, include a dot segment, a slash or a backslash is refused, whoever built it.
 */
export function assertSafePath(path: string): void {
  if (!path.startsWith('/') || path.includes('\\') || path.includes('?') || path.includes('#')) throw errors.notFound();
  for (const seg of path.slice(1).split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(seg);
    } catch {
      throw errors.notFound();
    }
    if (decoded === '.' || decoded === '..' || /[/\\]/.test(decoded) || seg === '.' || seg === '..') throw errors.notFound();
  }
}
