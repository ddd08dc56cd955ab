import { ERROR_CODES } from '@healthpocket/shared-types';

/** Test support: how the member policy answered one request, read from outside. */
export interface Answer {
  status: number;
  code?: string;
  message?: string;
  scope?: string;
}

const POLICY_CODES = ['IDENTITY_UNVERIFIED', 'GUARDIAN_UNCONFIRMED', 'FAMILY_AUTHORIZATION_REQUIRED'];
/** Answers given before the policy is asked: a table row showing one of these proves nothing about it. */
export const BEFORE_POLICY = ['RATE_LIMITED', 'VALIDATION_FAILED', 'UNAUTHENTICATED', 'UNSUPPORTED_MEDIA_TYPE'];

/** The policy's verdict: 'allowed' when it let the request through to the service. */
export function verdictOf(r: Answer): string {
  if (r.code && BEFORE_POLICY.includes(r.code)) return `${r.status} ${r.code} (the policy was not reached)`;
  if (r.code && POLICY_CODES.includes(r.code)) return r.code === 'FAMILY_AUTHORIZATION_REQUIRED' ? `${r.code}:${r.scope}` : r.code;
  if (r.status === 404 && r.code === 'NOT_FOUND' && r.message === ERROR_CODES.NOT_FOUND.message) return 'NOT_FOUND';
  return 'allowed';
}

/** The fields of an error answer that the verdict reads. */
export function answerOf(res: { status: number; body: any }): Answer {
  return { status: res.status, code: res.body?.error?.code, message: res.body?.error?.message, scope: res.body?.error?.scope };
}
