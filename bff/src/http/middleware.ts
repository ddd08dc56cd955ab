import type Koa from 'koa';
import { randomUUID } from 'node:crypto';
import { ERROR_CODES, type ErrorBody, type ErrorCode } from '@healthpocket/shared-types';
import { AppError } from '../errors';
import type { Logger } from '../logger';
import { loggedPath, maskQuery } from './log-mask';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

export function requestContext(logger: Logger): Koa.Middleware {
  return async (ctx, next) => {
    const incoming = ctx.get('x-request-id');
    const requestId = REQUEST_ID.test(incoming) ? incoming : randomUUID();
    ctx.state.requestId = requestId;
    ctx.set('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      // Below LOG_LEVEL=info the line would be dropped: it is not built (the masks cost per request).
      if (logger.isLevelEnabled('info')) {
        // The route's shape and the query's keys, never their values (http/log-mask.ts); bodies are
        // never logged. Who: the client address (TRUST_PROXY decides which hop) and the signed-in user.
        logger.info(
          {
            requestId,
            method: ctx.method,
            path: requestPath(ctx),
            query: maskQuery(ctx.querystring),
            status: ctx.status,
            ms: Number(process.hrtime.bigint() - started) / 1e6,
            ip: ctx.ip,
            userId: (ctx.state.userId as string | undefined) ?? null,
          },
          'request',
        );
      }
    }
  };
}

/** The request's path with identifiers masked, for every log line that names it. */
function requestPath(ctx: Koa.Context): string {
  return loggedPath(ctx.path, (ctx as { _matchedRoute?: unknown })._matchedRoute);
}

/**
 * Errors thrown with an HTTP status by Koa or a library (koa-send refusing a traversal with 403,
 * raw-body's 400/413/415 …) are the client's mistake when the status is 4xx: a stable code, no
 * stack trace in the error log. 5xx or no status stays INTERNAL.
 */
function fromHttpError(err: { status?: number; statusCode?: number }): ErrorCode | null {
  const status = err.status ?? err.statusCode;
  if (typeof status !== 'number' || status < 400 || status > 499) return null;
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  if (status === 415) return 'UNSUPPORTED_MEDIA_TYPE';
  // The static file server answers 403 for a path outside its root and 404 for a missing file.
  if (status === 403 || status === 404) return 'ROUTE_NOT_FOUND';
  return 'MALFORMED_REQUEST';
}

/** One path segment, percent-decoded; null when the encoding is broken. */
function decodeSegment(seg: string): string | null {
  try {
    return decodeURIComponent(seg);
  } catch {
    return null;
  }
}

/**
 * Refuses request paths no route or file can mean: dot segments in any spelling (`..`, `%2e%2e`,
 * `.%2E`), encoded or back slashes, NUL, broken percent-encoding. Answered 400 before routing, so
 * neither the router, the static files nor an upstream path ever sees them.
 */
export function pathGuard(): Koa.Middleware {
  return async (ctx, next) => {
    const raw = ctx.path;
    if (raw.length > 2048 || raw.includes('\\')) throw new AppError('MALFORMED_REQUEST', '请求地址有误');
    for (const seg of raw.split('/')) {
      if (!seg) continue;
      const d = decodeSegment(seg);
      if (d === null || d === '.' || d === '..' || /[/\\\0]/.test(d)) throw new AppError('MALFORMED_REQUEST', '请求地址有误');
    }
    await next();
  };
}

/** Renders every failure as {error:{code,message,details?,requestId}}; unknown errors become INTERNAL. */
export function errorRenderer(logger: Logger): Koa.Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) throw new AppError('ROUTE_NOT_FOUND');
    } catch (raw) {
      const err = raw as Error & { status?: number };
      let appErr: AppError;
      if (err instanceof AppError) appErr = err;
      else {
        const code = fromHttpError(err);
        appErr = new AppError(code ?? 'INTERNAL');
        if (!code) logger.error({ err, requestId: ctx.state.requestId, path: requestPath(ctx) }, 'unhandled error');
      }
      if (appErr.status >= 500 && err instanceof AppError) {
        logger.warn({ code: appErr.code, requestId: ctx.state.requestId, path: requestPath(ctx) }, appErr.message);
      }
      const body: ErrorBody = {
        error: {
          code: appErr.code,
          message: appErr.message || ERROR_CODES[appErr.code].message,
          ...(appErr.details ? { details: appErr.details } : {}),
          ...(appErr.meta ?? {}),
          requestId: ctx.state.requestId,
        },
      };
      ctx.status = appErr.status;
      ctx.body = body;
    }
  };
}
