/** GB 11643-1999 resident identity numbers and mobile numbers (../shared/domain/health-rules.md). */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

export type Sex = 'male' | 'female';

export interface ParsedIdNumber {
  idNumber: string; // normalised, upper-case X
  birthDate: string; // YYYY-MM-DD
  sex: Sex;
  areaCode: string;
}

export type IdNumberProblem = 'length' | 'format' | 'checkDigit' | 'birthDate' | 'futureBirthDate';

export function checkDigitFor(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

function isRealDate(y: number, m: number, d: number): boolean {
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

/** Today's date in China (UTC+8) as YYYY-MM-DD. */
export function chinaToday(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

export function parseIdNumber(raw: string, today: string = chinaToday()): { ok: true; value: ParsedIdNumber } | { ok: false; problem: IdNumberProblem } {
  const id = raw.trim().toUpperCase();
  if (id.length !== 18) return { ok: false, problem: 'length' };
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, problem: 'format' };
  if (checkDigitFor(id.slice(0, 17)) !== id[17]) return { ok: false, problem: 'checkDigit' };
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  if (y < 1800 || !isRealDate(y, m, d)) return { ok: false, problem: 'birthDate' };
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (birthDate > today) return { ok: false, problem: 'futureBirthDate' };
  const sex: Sex = Number(id[16]) % 2 === 1 ? 'male' : 'female';
  return { ok: true, value: { idNumber: id, birthDate, sex, areaCode: id.slice(0, 6) } };
}

export const ID_PROBLEM_MESSAGES: Record<IdNumberProblem, string> = {
  length: '身份证号码应为18位',
  format: '身份证号码只能包含数字，最后一位可以是X',
  checkDigit: '身份证号码校验位不正确，请逐位核对',
  birthDate: '身份证号码中的出生日期不存在',
  futureBirthDate: '身份证号码中的出生日期晚于今天',
};

export const MOBILE_PATTERN = /^1[3-9]\d{9}$/;

/** 138****5678 */
export function maskPhone(phone: string): string {
  return phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : '****';
}

/** First 3 and last 4: 110***********002X */
export function maskIdNumber(id: string): string {
  return id.length === 18 ? `${id.slice(0, 3)}${'*'.repeat(11)}${id.slice(14)}` : '****';
}

/** Full years of age on `today` (YYYY-MM-DD strings compare lexically). */
export function ageOn(birthDate: string, today: string = chinaToday()): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [ty, tm, td] = today.split('-').map(Number);
  let age = ty - by;
  if (tm < bm || (tm === bm && td < bd)) age -= 1;
  return age;
}

/** A name as on the ID card: 2–30 Chinese characters (with the middle dot of minority names) or Latin letters. */
export const PERSON_NAME_PATTERN = /^(?:[\u4e00-\u9fa5·]{2,30}|[A-Za-z][A-Za-z .'-]{1,59})$/;
