/** Test set-up shared by the records tests: the 张伟 persona with his family, and staff users. */
import { CONSENT_TEXTS } from '@healthpocket/shared-types';
import type { Stack } from '../../../test/harness';

export const RN = {
  mother: '11010100100100101',
  zhangWei: '11010100100100102',
  son: '11010100100100105',
  zhouLei: '11010100100300056',
  sunYue: '11010100100200201',
  missing: '11010100100199999',
} as const;

export interface ZhangFamily {
  token: string;
  /** 王秀英's own account (she approved 张伟's request unless `motherGrant: false`). */
  motherAccount: { token: string; userId: string };
  userId: string;
  self: string;
  mother: string;
  son: string;
  daughter: string;
}

export async function grantHealthConsent(s: Stack, token: string) {
  const res = await s.api('POST', '/api/v1/me/consents', { token, body: { kind: 'health_data', textVersion: CONSENT_TEXTS.health_data.version } });
  if (res.status !== 201) throw new Error(`consent failed: ${res.status} ${JSON.stringify(res.body)}`);
}

/** 王秀英 logs in and binds her real name: the adult who may authorize reads of her record. */
async function motherAccount(s: Stack): Promise<{ token: string; userId: string }> {
  const r = await s.resident({ name: '王秀英', idNumber: '11010519491231002X', phone: '13701010088' });
  return { token: r.token, userId: r.user.id };
}

/**
 * The adult behind `memberId` answers `requester`'s 家人授权 with their own account: they log in and
 * verify (or use `adult.token` when already on the app), and approve all the scopes asked for, or
 * `scopes` only. Everything goes through the API, as on a phone.
 */
export async function adultApproves(
  s: Stack,
  requesterToken: string,
  memberId: string,
  adult: { name: string; idNumber: string; phone?: string } | { token: string; userId: string },
  scopes?: Array<'proxy' | 'health'>,
): Promise<{ token: string; userId: string; requestId: string }> {
  const grantor = 'token' in adult ? adult : await s.resident(adult).then((r) => ({ token: r.token, userId: r.user.id as string }));
  const req = await s.api('POST', `/api/v1/family/members/${memberId}/access-requests`, { token: requesterToken, body: scopes ? { scopes } : {} });
  if (req.status !== 201) throw new Error(`access request failed: ${req.status} ${JSON.stringify(req.body)}`);
  const ok = await s.api('POST', `/api/v1/me/access-requests/${req.body.id}/approve`, { token: grantor.token, body: scopes ? { scopes } : {} });
  if (ok.status !== 200 || ok.body.status !== 'approved') throw new Error(`approve failed: ${ok.status} ${JSON.stringify(ok.body)}`);
  return { ...grantor, requestId: req.body.id as string };
}

/**
 * 张伟 (real name bound), his mother 王秀英 by ID number, his two children by name + birth date.
 * 王秀英 has her own account and has authorized 张伟 to read her record, unless `motherGrant: false`.
 */
export async function zhangFamily(s: Stack, opts: { consent?: boolean; motherGrant?: boolean } = {}): Promise<ZhangFamily> {
  const r = await s.resident({ name: '张伟', idNumber: '110101199003077838', phone: '13800138000' });
  const add = async (body: Record<string, unknown>) => {
    const res = await s.api('POST', '/api/v1/family/members', { token: r.token, body });
    if (res.status !== 201) throw new Error(`member failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id as string;
  };
  const mother = await add({ name: '王秀英', relation: 'parent', idNumber: '11010519491231002X' });
  const kids = (await s.sbx('GET', '/platform/sandbox/children?guardianIdNumber=110101199003077838')).body.items as Array<{ name: string; birthDate: string; sex: string }>;
  const ids: Record<string, string> = {};
  for (const c of kids) ids[c.name] = await add({ name: c.name, relation: 'child', birthDate: c.birthDate, sex: c.sex, guardianConsentVersion: CONSENT_TEXTS.guardian.version });
  const members = (await s.api('GET', '/api/v1/family/members', { token: r.token })).body.items as Array<{ id: string; relation: string }>;
  if (opts.consent !== false) await grantHealthConsent(s, r.token);
  const motherAcc = await motherAccount(s);
  if (opts.motherGrant !== false) await adultApproves(s, r.token, mother, motherAcc);
  return { token: r.token, motherAccount: motherAcc, userId: r.user.id, self: members.find((m) => m.relation === 'self')!.id, mother, son: ids['张小宝'], daughter: ids['张一诺'] };
}

/** A user with a staff role (and a doctor's platform id), logged in again so the token carries the role. */
export async function staff(s: Stack, roles: Array<'doctor' | 'operator' | 'admin'>, doctorId?: string): Promise<{ token: string; userId: string }> {
  const first = await s.login();
  await s.bff.services.auth.grant(first.openid, roles, doctorId);
  const again = await s.login(first.openid);
  return { token: again.accessToken, userId: again.user.id };
}
