import { ERROR_CODES, type ErrorCode, type ErrorDetail } from '@healthpocket/shared-types';

/**
 * The one error type. `expose` errors are shown to the client as they are; anything else becomes
 * INTERNAL with no detail, so no stack trace or internal message ever reaches a client.
 */
export class AppError extends Error {
  readonly status: number;
  readonly expose = true;
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details?: ErrorDetail[],
    /** Extra fields a client may use (e.g. `until` for a rule refusal). */
    readonly meta?: Record<string, unknown>,
  ) {
    super(message ?? ERROR_CODES[code].message);
    this.status = ERROR_CODES[code].status;
  }
}

export const errors = {
  badInput: (details?: ErrorDetail[], message?: string) => new AppError('VALIDATION_FAILED', message, details),
  unauthenticated: (code: 'UNAUTHENTICATED' | 'TOKEN_EXPIRED' | 'REFRESH_TOKEN_INVALID' = 'UNAUTHENTICATED') => new AppError(code),
  forbidden: (message?: string) => new AppError('FORBIDDEN', message),
  /** Also for things the actor may not see: 404 does not reveal whether they exist. */
  notFound: (message?: string) => new AppError('NOT_FOUND', message),
  conflict: (code: ErrorCode, message?: string, meta?: Record<string, unknown>) => new AppError(code, message, undefined, meta),
  upstreamUnavailable: (message?: string) => new AppError('UPSTREAM_UNAVAILABLE', message),
  of: (code: ErrorCode, message?: string, meta?: Record<string, unknown>) => new AppError(code, message, undefined, meta),
};
