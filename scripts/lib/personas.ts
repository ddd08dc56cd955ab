import { CONSENT_TEXTS } from '@healthpocket/shared-types';
import type { RunningBff } from '../../bff/src/server';
import { PERSONAS } from '../../bff/sandbox/seed/personas';
import { STARTER_ARTICLES } from './starter-articles';

async function call(base: string, method: string, p: string, body?: unknown, token?: string) {
  const res = await fetch(base + p, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** Logs a resident persona in; binds their real name (and the privacy guide) the first time. */
async function residentPersona(bff: RunningBff, sandboxUrl: string, who: { openid: string; name: string; idNumber: string; phone: string }) {
  const { body: code } = await call(sandboxUrl, 'POST', '/wechat/sandbox/codes', { openid: who.openid });
  const login = await call(bff.url, 'POST', '/api/v1/auth/wechat-login', { code: code.code });
  if (login.status !== 200) return null;
  const token = login.body.accessToken as string;
  const fresh = !login.body.user.realNameVerified;
  if (fresh) {
    const phone = await call(sandboxUrl, 'POST', '/wechat/sandbox/phone-codes', { phoneNumber: who.phone });
    await call(bff.url, 'PUT', '/api/v1/me/real-name', { name: who.name, idNumber: who.idNumber, phoneCode: phone.body.code }, token);
    await call(bff.url, 'POST', '/api/v1/me/consents', { kind: 'privacy_guide', textVersion: CONSENT_TEXTS.privacy_guide.version }, token);
  }
  return { token, fresh };
}

/** A staff persona's access token (roles are granted before this is called). */
async function staffToken(bff: RunningBff, sandboxUrl: string, openid: string): Promise<string | null> {
  const { body: code } = await call(sandboxUrl, 'POST', '/wechat/sandbox/codes', { openid });
  const login = await call(bff.url, 'POST', '/api/v1/auth/wechat-login', { code: code.code });
  return login.status === 200 ? (login.body.accessToken as string) : null;
}

const ARTICLES = '/api/v1/console/content/articles';

/**
 * The starter 健康资讯 articles (starter-articles.ts), once: the operator writes and submits each,
 * the reviewer approves, the operator publishes. Skipped when the console already has articles.
 */
async function starterArticles(bff: RunningBff, sandboxUrl: string): Promise<void> {
  const [op, rv] = [await staffToken(bff, sandboxUrl, 'sbx_operator_wangfang'), await staffToken(bff, sandboxUrl, 'sbx_reviewer_chenjing')];
  if (!op || !rv) return;
  const existing = await call(bff.url, 'GET', ARTICLES, undefined, op);
  if (existing.status !== 200 || existing.body.items.length > 0) return;
  for (const article of STARTER_ARTICLES) {
    const created = await call(bff.url, 'POST', ARTICLES, article, op);
    if (created.status !== 201) throw new Error(`starter article ${created.status} ${JSON.stringify(created.body)}`);
    const { id } = created.body;
    const revision = created.body.working.number as number;
    await call(bff.url, 'POST', `${ARTICLES}/${id}/submit`, { revision }, op);
    await call(bff.url, 'POST', `${ARTICLES}/${id}/review`, { revision, decision: 'approve', note: '依据官方健康教育材料，准予发布' }, rv);
    const pub = await call(bff.url, 'POST', `${ARTICLES}/${id}/publish`, {}, op);
    if (pub.status !== 200) throw new Error(`starter article publish ${pub.status} ${JSON.stringify(pub.body)}`);
  }
}

/**
 * Makes the sandbox personas usable in the embedded default: roles for the doctor, operator and
 * admin; the starter 健康资讯 articles; for 张伟 a real name and a family; for his mother 王秀英 a real name and her approval
 * (家人授权) of 张伟 reading her record — all through the public API like residents would.
 * Idempotent: a persona already set up is left as it is.
 */
export async function provisionPersonas(bff: RunningBff, sandboxUrl: string): Promise<void> {
  for (const p of PERSONAS) {
    if (p.role !== 'resident') await bff.services.auth.grant(p.openid, [p.role], 'doctorId' in p ? p.doctorId : undefined);
  }
  await starterArticles(bff, sandboxUrl);
  const zw = await residentPersona(bff, sandboxUrl, { openid: 'sbx_resident_zhangwei', name: '张伟', idNumber: '110101199003077838', phone: '13800138000' });
  if (!zw) return;
  const token = zw.token;
  if (zw.fresh) {
    await call(bff.url, 'POST', '/api/v1/family/members', { name: '陈静', relation: 'spouse', idNumber: '11010219840406970X' }, token);
    await call(bff.url, 'POST', '/api/v1/family/members', { name: '王秀英', relation: 'parent', idNumber: '11010519491231002X' }, token);
    const children = await call(sandboxUrl, 'GET', '/platform/sandbox/children?guardianIdNumber=110101199003077838');
    for (const c of (children.status === 200 ? children.body.items : []) as Array<{ name: string; birthDate: string; sex: 'male' | 'female' }>) {
      await call(bff.url, 'POST', '/api/v1/family/members', { name: c.name, relation: 'child', birthDate: c.birthDate, sex: c.sex, guardianConsentVersion: CONSENT_TEXTS.guardian.version }, token);
    }
  }
  const mother = await residentPersona(bff, sandboxUrl, { openid: 'sbx_resident_wangxiuying', name: '王秀英', idNumber: '11010519491231002X', phone: '13701010088' });
  if (!mother) return;
  // 张伟 asks for his mother's record and she approves (an open request is returned as it is).
  const members = await call(bff.url, 'GET', '/api/v1/family/members', undefined, token);
  const member = (members.body?.items ?? []).find((m: { name: string; relation: string }) => m.name === '王秀英' && m.relation === 'parent');
  if (!member) return;
  const req = await call(bff.url, 'POST', `/api/v1/family/members/${member.id}/access-requests`, undefined, token);
  if (req.status === 201 && req.body.status === 'pending') await call(bff.url, 'POST', `/api/v1/me/access-requests/${req.body.id}/approve`, undefined, mother.token);
}
