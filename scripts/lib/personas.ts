import { CONSENT_TEXTS } from '@healthpocket/shared-types';
import type { RunningBff } from '../../bff/src/server';
import { PERSONAS } from '../../bff/sandbox/seed/personas';

async function call(base: string, method: string, p: string, body?: unknown, token?: string) {
  const res = await fetch(base + p, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/**
 * Makes the sandbox personas usable in the embedded default: roles for the doctor, operator and
 * admin, and for 张伟 a real name and a family, set up through the public API like a resident would.
 * Idempotent: a persona already set up is left as it is.
 */
export async function provisionPersonas(bff: RunningBff, sandboxUrl: string): Promise<void> {
  for (const p of PERSONAS) {
    if (p.role !== 'resident') await bff.services.auth.grant(p.openid, [p.role], 'doctorId' in p ? p.doctorId : undefined);
  }
  const { body: code } = await call(sandboxUrl, 'POST', '/wechat/sandbox/codes', { openid: 'sbx_resident_zhangwei' });
  const login = await call(bff.url, 'POST', '/api/v1/auth/wechat-login', { code: code.code });
  if (login.status !== 200 || login.body.user.realNameVerified) return;
  const token = login.body.accessToken as string;
  const phone = await call(sandboxUrl, 'POST', '/wechat/sandbox/phone-codes', { phoneNumber: '13800138000' });
  await call(bff.url, 'PUT', '/api/v1/me/real-name', { name: '张伟', idNumber: '110101199003077838', phoneCode: phone.body.code }, token);
  await call(bff.url, 'POST', '/api/v1/me/consents', { kind: 'privacy_guide', textVersion: CONSENT_TEXTS.privacy_guide.version }, token);
  await call(bff.url, 'POST', '/api/v1/family/members', { name: '陈静', relation: 'spouse', idNumber: '11010219840406970X' }, token);
  await call(bff.url, 'POST', '/api/v1/family/members', { name: '王秀英', relation: 'parent', idNumber: '11010519491231002X' }, token);
  const children = await call(sandboxUrl, 'GET', '/platform/sandbox/children?guardianIdNumber=110101199003077838');
  for (const c of (children.status === 200 ? children.body.items : []) as Array<{ name: string; birthDate: string; sex: 'male' | 'female' }>) {
    await call(bff.url, 'POST', '/api/v1/family/members', { name: c.name, relation: 'child', birthDate: c.birthDate, sex: c.sex, guardianConsentVersion: CONSENT_TEXTS.guardian.version }, token);
  }
}
