import type Koa from 'koa';
import { bodyParser } from '@koa/bodyparser';
import { AppError } from '../errors';

/** Deeper than any request the app sends (its deepest body nests 4 levels). */
const MAX_JSON_DEPTH = 32;

const SUPPORTED_ENCODINGS = new Set(['identity', 'gzip', 'x-gzip', 'deflate', 'br']);

/** Nesting depth of a parsed JSON value, walked iteratively (a recursive walk could overflow). */
export function jsonDepth(value: unknown, limit = MAX_JSON_DEPTH): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    deepest = Math.max(deepest, d);
    if (deepest > limit) return deepest;
    for (const child of Object.values(v)) stack.push([child, d + 1]);
  }
  return deepest;
}

/** A lone UTF-16 surrogate: JSON's `\ud800` escape allows it, Unicode text does not. */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Whether any string (or key) of a parsed JSON value is not well-formed Unicode. Such a string
 * cannot be encoded as UTF-8 or put in a URL (encodeURIComponent throws), so it is refused at the
 * door instead of failing somewhere inside. Walked iteratively, like jsonDepth.
 */
export function hasLoneSurrogate(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (LONE_SURROGATE.test(v)) return true;
    } else if (v !== null && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        if (LONE_SURROGATE.test(k)) return true;
        stack.push(child);
      }
    }
  }
  return false;
}

/**
 * Everything that can go wrong while reading a request body is the client's doing: a gzip body
 * that is not gzip, an encoding we do not speak, a body over the limit, JSON that does not parse
 * or nests absurdly deep. Each becomes a 4xx with a stable code, never INTERNAL.
 */
function bodyError(err: unknown): AppError {
  const status = (err as { status?: number; statusCode?: number }).status ?? (err as { statusCode?: number }).statusCode;
  if (status === 413) return new AppError('PAYLOAD_TOO_LARGE');
  if (status === 415) return new AppError('UNSUPPORTED_MEDIA_TYPE');
  // zlib (Z_DATA_ERROR …), JSON syntax, aborted or truncated uploads, a stack overflow in JSON.parse.
  return new AppError('MALFORMED_REQUEST');
}

/** JSON bodies up to `limit`, gzip/deflate/br accepted; any failure is a 4xx (see bodyError). */
export function jsonBody(limit = '1mb'): Koa.Middleware {
  const parse = bodyParser({ enableTypes: ['json'], jsonLimit: limit, encoding: 'utf-8' });
  return async (ctx, next) => {
    const encoding = (ctx.get('content-encoding') || 'identity').trim().toLowerCase();
    if (ctx.request.is('json')) {
      if (!SUPPORTED_ENCODINGS.has(encoding)) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
      // JSON is UTF-8 (RFC 8259): a body declared in another charset would be read wrongly.
      const charset = ctx.request.charset.toLowerCase();
      if (charset && charset !== 'utf-8' && charset !== 'utf8') throw new AppError('UNSUPPORTED_MEDIA_TYPE');
    }
    let parsed = false;
    try {
      await parse(ctx, async () => {
        parsed = true;
      });
    } catch (e) {
      if (parsed) throw e;
      throw bodyError(e);
    }
    if (!parsed) return;
    if (jsonDepth(ctx.request.body) > MAX_JSON_DEPTH) throw new AppError('MALFORMED_REQUEST', '请求内容层级过深');
    if (hasLoneSurrogate(ctx.request.body)) throw new AppError('MALFORMED_REQUEST', '请求内容包含无法识别的字符，请删除后重试');
    await next();
  };
}
