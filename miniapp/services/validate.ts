import { ID_PROBLEM_MESSAGES, MOBILE_PATTERN, PERSON_NAME_PATTERN, parseIdNumber } from './shared';

/** Client-side checks that mirror the BFF's zod schemas, with the same Chinese messages. */

/** The exact problem with an ID number, or null when it is valid. */
export function idNumberProblem(raw: string): string | null {
  if (!raw.trim()) return '请输入身份证号码';
  const r = parseIdNumber(raw);
  return r.ok ? null : ID_PROBLEM_MESSAGES[r.problem];
}

export function nameProblem(raw: string): string | null {
  if (!raw.trim()) return '请输入姓名';
  return PERSON_NAME_PATTERN.test(raw.trim()) ? null : '请填写与身份证一致的姓名（2–30个汉字）';
}

/** Optional mobile: empty is fine. */
export function optionalPhoneProblem(raw: string): string | null {
  const p = raw.trim();
  if (!p) return null;
  return MOBILE_PATTERN.test(p) ? null : '请输入正确的11位手机号';
}
