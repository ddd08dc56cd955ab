/**
 * Helpers for the vaccines tests (not used by the BFF): the 张伟 family as the sandbox knows it,
 * real-named residents of a chosen sex, and paying through the sandbox cashier.
 */
import { checkDigitFor, CONSENT_TEXTS } from '@healthpocket/shared-types';
import { uniqueOpenid, verifyIdentity, type Stack } from '../../../test/harness';

let counter = 0;
export const idemKey = () => `vx-${process.pid}-${Date.now().toString(36)}-${counter++}`;

async function grantHealthConsent(s: Stack, token: string): Promise<void> {
  const r = await s.api('POST', '/api/v1/me/consents', { token, body: { kind: 'health_data', textVersion: CONSENT_TEXTS.health_data.version } });
  if (r.status >= 300) throw new Error(`consent: ${r.status} ${JSON.stringify(r.body)}`);
}

/** A valid ID number born on `birth` (YYYY-MM-DD) of the given sex, unique enough for one database. */
function idNumberOf(birth: string, sex: 'male' | 'female'): string {
  const seq = Math.floor(Math.random() * 499) * 2 + (sex === 'male' ? 1 : 0);
  const first = `110105${birth.replace(/-/g, '')}${String(seq).padStart(3, '0')}`;
  return first + checkDigitFor(first);
}

export interface ZhangFamily {
  token: string;
  openid: string;
  userId: string;
  self: string;
  wife: string;
  son: string;
  daughter: string;
}

/** 张伟 with his wife 陈静 and their children from the platform (the 张小宝 and 张一诺 personas), consent given. */
export async function zhangFamily(s: Stack): Promise<ZhangFamily> {
  const r = await s.resident({ name: '张伟', idNumber: '110101199003077838' });
  await grantHealthConsent(s, r.token);
  const add = async (body: Record<string, unknown>) => {
    const res = await s.api('POST', '/api/v1/family/members', { token: r.token, body });
    if (res.status !== 201) throw new Error(`member: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id as string;
  };
  const wife = await add({ name: '陈静', relation: 'spouse', idNumber: '11010219840406970X' });
  const kids = (await s.sbx('GET', '/platform/sandbox/children?guardianIdNumber=110101199003077838')).body.items as Array<{ name: string; birthDate: string; sex: string }>;
  const ids: Record<string, string> = {};
  for (const k of kids) ids[k.name] = await add({ name: k.name, relation: 'child', birthDate: k.birthDate, sex: k.sex, guardianConsentVersion: CONSENT_TEXTS.guardian.version });
  const members = (await s.api('GET', '/api/v1/family/members', { token: r.token })).body.items;
  return { token: r.token, openid: r.openid, userId: r.user.id, self: members.find((m: any) => m.relation === 'self').id, wife, son: ids['张小宝'], daughter: ids['张一诺'] };
}

let ipCounter = 1;
/**
 * A real-named adult of the given sex (self member), consent given. Each logs in from its own
 * address (X-Forwarded-For; start the stack with TRUST_PROXY=true), as a crowd of residents would,
 * so the per-IP login limit does not stand in the way of a rush.
 */
export async function adult(s: Stack, sex: 'male' | 'female', birth = '1995-06-15') {
  const openid = uniqueOpenid('vx');
  const ip = `10.${(ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter++ & 255}`;
  const code = (await s.sbx('POST', '/wechat/sandbox/codes', { body: { openid } })).body.code;
  const login = await s.api('POST', '/api/v1/auth/wechat-login', { body: { code }, headers: { 'x-forwarded-for': ip } });
  if (login.status !== 200) throw new Error(`login: ${login.status} ${JSON.stringify(login.body)}`);
  const token = login.body.accessToken as string;
  const user = await verifyIdentity(s, token, { name: sex === 'female' ? '李娜' : '王强', idNumber: idNumberOf(birth, sex) }, { headers: { 'x-forwarded-for': ip } });
  await grantHealthConsent(s, token);
  const self = (await s.api('GET', '/api/v1/family/members', { token })).body.items[0].id as string;
  return { token, openid, userId: user.id as string, self };
}

/** The first session of a clinic for a vaccine that has not started. */
export async function nextSession(s: Stack, token: string, clinicId: string, vaccineCode: string, skip = 0) {
  const res = await s.api('GET', `/api/v1/vaccines/clinics/${clinicId}/sessions?vaccineCode=${encodeURIComponent(vaccineCode)}`, { token });
  if (res.status !== 200) throw new Error(`sessions: ${res.status} ${JSON.stringify(res.body)}`);
  const open = res.body.items.filter((x: any) => Date.parse(x.start) > Date.now());
  return open[skip];
}

export function book(s: Stack, token: string, body: { memberId: string; clinicId: string; sessionId: string; vaccineCode: string }, key = idemKey()) {
  return s.api('POST', '/api/v1/vaccines/appointments', { token, body, headers: { 'Idempotency-Key': key } });
}

/** Pays an order as the resident would: prepay, then the sandbox cashier says success (WeChat notifies the BFF). */
export async function payThroughCashier(s: Stack, token: string, orderId: string): Promise<void> {
  const prepay = await s.api('POST', `/api/v1/payments/orders/${orderId}/prepay`, { token });
  if (prepay.status !== 200) throw new Error(`prepay: ${prepay.status} ${JSON.stringify(prepay.body)}`);
  const paid = await s.sbx('POST', '/wechatpay/sandbox/pay', { body: { prepay_id: prepay.body.prepayId, result: 'success' } });
  if (paid.status !== 200) throw new Error(`cashier: ${paid.status} ${JSON.stringify(paid.body)}`);
}

export async function waitFor<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
