import type Koa from 'koa';
import { randomUUID } from 'node:crypto';
import { ERROR_CODES, type ErrorBody, type ErrorCode } from '@healthpocket/shared-types';
import { AppError } from '../errors';
import type { Logger } from '../logger';

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
      // Path only: query strings may carry codes; bodies are never logged.
      logger.info(
        { requestId, method: ctx.method, path: ctx.path, status: ctx.status, ms: Number(process.hrtime.bigint() - started) / 1e6 },
        'request',
      );
    }
  };
}

function fromHttpError(err: { status?: number; statusCode?: number }): ErrorCode | null {
  const status = err.status ?? err.statusCode;
  if (status === 400) return 'MALFORMED_REQUEST';
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  if (status === 415) return 'UNSUPPORTED_MEDIA_TYPE';
  return null;
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
        if (!code) logger.error({ err, requestId: ctx.state.requestId, path: ctx.path }, 'unhandled error');
      }
      if (appErr.status >= 500 && err instanceof AppError) {
        logger.warn({ code: appErr.code, requestId: ctx.state.requestId, path: ctx.path }, appErr.message);
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
