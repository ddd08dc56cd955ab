import { In } from 'typeorm';
import { AuditLog } from '../../db/entities';
import { startStack, type Stack } from '../../../test/harness';
import { grantHealthConsent, zhangFamily, type ZhangFamily } from '../records/test-family';
import { FamilyAccessGrant } from './access-entity';
import { waitFor } from '../payments/test-helpers';

/**
 * 家人授权 (PIPL Art. 28–29): an adult family member's record opens only with their own approval.
 * Knowing the ID number is not enough; minors stay with the guardian; strangers still see 404.
 */
let s: Stack;
let zw: ZhangFamily;
/** 陈静 (张伟's wife): not on the app when he first asks; she logs in and verifies after his invitation. */
let chen: { token: string; userId: string; memberId: string };
const CHEN = { name: '陈静', idNumber: '11010219840406970X', phone: '13800138001' };
beforeAll(async () => {
  s = await startStack();
  zw = await zhangFamily(s, { motherGrant: false });
}, 60_000);
afterAll(() => s.close());

const api = (method: string, path: string, token: string, body?: unknown) => s.api(method, path, { token, body });
/** Every records route a resident reaches through a member id. */
const recordRoutes = (memberId: string): Array<[string, string, unknown?]> => [
  ['GET', `/api/v1/records/${memberId}`],
  ['GET', `/api/v1/records/${memberId}/summary`],
  ['GET', `/api/v1/records/${memberId}/followups`],
  ['GET', `/api/v1/records/${memberId}/checkups`],
  ['GET', `/api/v1/records/${memberId}/visits`],
  ['GET', `/api/v1/records/${memberId}/reports`],
  ['GET', `/api/v1/records/${memberId}/trend?metric=bp`],
  ['POST', `/api/v1/records/${memberId}/reveal`, { field: 'idNumber' }],
];
async function statusesOf(memberId: string, token: string) {
  const out: Array<[string, number, string | undefined]> = [];
  for (const [m, p, b] of recordRoutes(memberId)) {
    const res = await api(m, p, token, b);
    out.push([`${m} ${p}`, res.status, res.body?.error?.code]);
  }
  return out;
}
const allRefused = (memberId: string) => recordRoutes(memberId).map(([m, p]) => [`${m} ${p}`, 403, 'FAMILY_AUTHORIZATION_REQUIRED']);
const mine = () => api('GET', '/api/v1/me/access-requests', zw.motherAccount.token);

describe('reading an adult family member’s record', () => {
  let requestId = '';

  it('without any request: 403 FAMILY_AUTHORIZATION_REQUIRED with a message saying what to do, on every records route', async () => {
    expect(await statusesOf(zw.mother, zw.token)).toEqual(allRefused(zw.mother));
    const res = await api('GET', `/api/v1/records/${zw.mother}`, zw.token);
    expect(res.body.error?.message).toContain('家人授权');
    expect((await api('GET', `/api/v1/family/members/${zw.mother}/access-requests/latest`, zw.token)).body).toMatchObject({ id: null, status: 'none' });
  });

  it('children and self need no authorization', async () => {
    for (const id of [zw.self, zw.daughter, zw.son]) expect((await api('GET', `/api/v1/records/${id}`, zw.token)).status).toBe(200);
    for (const id of [zw.self, zw.daughter]) {
      const res = await api('POST', `/api/v1/family/members/${id}/access-requests`, zw.token);
      expect([res.status, res.body.error?.code]).toEqual([409, 'FAMILY_ACCESS_NOT_NEEDED']);
    }
  });

  describe('an adult not on the app yet: the request is an invitation she claims after verifying', () => {
    let invite = { id: '', code: '' };

    it('the request succeeds with an invite code for the share card; nothing opens meanwhile', async () => {
      const member = await api('POST', '/api/v1/family/members', zw.token, { name: CHEN.name, relation: 'spouse', idNumber: CHEN.idNumber });
      expect(member.status).toBe(201);
      const res = await api('POST', `/api/v1/family/members/${member.body.id}/access-requests`, zw.token);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ memberId: member.body.id, status: 'pending', scopes: ['health', 'proxy'], grantorOnApp: false, inviteCode: expect.stringMatching(/^[A-Za-z0-9_-]{16,32}$/) });
      invite = { id: res.body.id, code: res.body.inviteCode };
      expect(await s.bff.services.ds.getRepository(FamilyAccessGrant).countBy({ memberId: member.body.id })).toBe(1);
      expect((await api('GET', `/api/v1/records/${member.body.id}`, zw.token)).body.error?.code).toBe('FAMILY_AUTHORIZATION_REQUIRED');
      expect((await api('GET', `/api/v1/bills?memberId=${member.body.id}&status=unpaid`, zw.token)).body.error).toMatchObject({ code: 'FAMILY_AUTHORIZATION_REQUIRED', scope: 'proxy' });
      chen = { token: '', userId: '', memberId: member.body.id };
    });

    it('only the invited adult, verified, sees it by the code: the requester and a third person get ACCESS_INVITE_NOT_FOR_YOU', async () => {
      const unverified = await s.login();
      expect((await api('GET', `/api/v1/me/access-invites/${invite.code}`, unverified.accessToken)).body.error?.code).toBe('IDENTITY_UNVERIFIED');
      const third = await s.resident();
      const refused = await api('GET', `/api/v1/me/access-invites/${invite.code}`, third.token);
      expect([refused.status, refused.body.error?.code]).toEqual([403, 'ACCESS_INVITE_NOT_FOR_YOU']);
      expect(JSON.stringify(refused.body)).not.toMatch(/张伟|陈静|13800138000/);
      expect((await api('GET', `/api/v1/me/access-invites/${invite.code}`, zw.token)).body.error?.code).toBe('ACCESS_INVITE_NOT_FOR_YOU');
      expect((await api('GET', '/api/v1/me/access-invites/NO-SUCH-INVITE-CODE-00', third.token)).body.error?.code).toBe('ACCESS_INVITE_INVALID');
      // The third person cannot decide it either.
      expect((await api('POST', `/api/v1/me/access-requests/${invite.id}/approve`, third.token, {})).status).toBe(404);

      const r = await s.resident(CHEN);
      chen = { ...chen, token: r.token, userId: r.user.id };
      const res = await api('GET', `/api/v1/me/access-invites/${invite.code}`, chen.token);
      expect(res.status).toBe(200);
      // Who asks by the verified full name and a masked phone, so she recognises him.
      expect(res.body).toEqual({
        id: invite.id,
        requesterName: '张伟',
        requesterPhoneMasked: '138****8000',
        relation: 'spouse',
        relationLabel: '配偶',
        status: 'pending',
        scopes: ['health', 'proxy'],
        requestedAt: expect.stringMatching(/\+08:00$/),
        decidedAt: null,
      });
      expect(JSON.stringify(res.body)).not.toMatch(/110101199003077838|13800138000/);
      expect((await api('GET', '/api/v1/me/access-requests', chen.token)).body).toMatchObject({ pending: 1, items: [{ id: invite.id }] });
    });

    it('she may approve fewer scopes than asked: 代办 opens, health stays closed', async () => {
      const ok = await api('POST', `/api/v1/me/access-requests/${invite.id}/approve`, chen.token, { scopes: ['proxy'] });
      expect([ok.status, ok.body.status, ok.body.scopes]).toEqual([200, 'approved', ['proxy']]);
      expect((await api('GET', `/api/v1/bills?memberId=${chen.memberId}&status=unpaid`, zw.token)).status).toBe(200);
      const health = await api('GET', `/api/v1/records/${chen.memberId}`, zw.token);
      expect([health.status, health.body.error?.code, health.body.error?.scope]).toEqual([403, 'FAMILY_AUTHORIZATION_REQUIRED', 'health']);
      expect((await api('GET', `/api/v1/family/members/${chen.memberId}/access-requests/latest`, zw.token)).body).toMatchObject({
        id: invite.id,
        status: 'approved',
        scopes: ['proxy'],
        inviteCode: null,
        grantorOnApp: true,
      });
      // Asking again for what is approved returns the approval as it is.
      expect((await api('POST', `/api/v1/family/members/${chen.memberId}/access-requests`, zw.token, { scopes: ['proxy'] })).body).toMatchObject({ id: invite.id, status: 'approved' });
    });

    it('a wider second request asks for the union; approving it replaces the first; the history shows both', async () => {
      const wider = await api('POST', `/api/v1/family/members/${chen.memberId}/access-requests`, zw.token, { scopes: ['health'] });
      expect(wider.status).toBe(201);
      expect(wider.body).toMatchObject({ status: 'pending', scopes: ['health', 'proxy'], grantorOnApp: false });
      expect(wider.body.id).not.toBe(invite.id);
      // While it is pending, the first approval still holds.
      expect((await api('GET', `/api/v1/bills?memberId=${chen.memberId}&status=unpaid`, zw.token)).status).toBe(200);
      expect((await api('GET', `/api/v1/records/${chen.memberId}`, zw.token)).status).toBe(403);
      const ok = await api('POST', `/api/v1/me/access-requests/${wider.body.id}/approve`, chen.token, {});
      expect([ok.status, ok.body.scopes]).toEqual([200, ['health', 'proxy']]);
      expect((await api('GET', `/api/v1/records/${chen.memberId}`, zw.token)).status).toBe(200);
      const history = await api('GET', `/api/v1/family/members/${chen.memberId}/access-requests`, zw.token);
      expect(history.status).toBe(200);
      expect(history.body.items.map((i: { id: string; status: string; scopes: string[] }) => [i.id, i.status, i.scopes])).toEqual([
        [wider.body.id, 'approved', ['health', 'proxy']],
        [invite.id, 'revoked', ['proxy']],
      ]);
      const audit = await s.bff.services.ds.getRepository(AuditLog).findOneByOrFail({ subjectType: 'family_access', subjectId: wider.body.id, action: 'family.access.approve' });
      expect(audit.detail).toMatchObject({ scopes: ['health', 'proxy'], replaced: [invite.id] });
      // Someone else's member's history is as invisible as any of their routes.
      expect((await api('GET', `/api/v1/family/members/${chen.memberId}/access-requests`, chen.token)).status).toBe(404);
    });
  });

  it('a pending request: still 403; asking again returns the same request; concurrent asks leave one', async () => {
    const results = await Promise.all([1, 2, 3, 4].map(() => api('POST', `/api/v1/family/members/${zw.mother}/access-requests`, zw.token)));
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    requestId = results[0].body.id;
    expect(new Set(results.map((r) => r.body.id))).toEqual(new Set([requestId]));
    expect(results[0].body).toMatchObject({ memberId: zw.mother, status: 'pending', scopes: ['health', 'proxy'], decidedAt: null, grantorOnApp: false, inviteCode: expect.any(String) });
    expect(await s.bff.services.ds.getRepository(FamilyAccessGrant).countBy({ memberId: zw.mother })).toBe(1);
    expect(await statusesOf(zw.mother, zw.token)).toEqual(allRefused(zw.mother));
    expect((await api('GET', `/api/v1/family/members/${zw.mother}/access-requests/latest`, zw.token)).body).toMatchObject({ id: requestId, status: 'pending' });
  });

  it('the adult sees the request with the requester’s verified name, masked phone, the relation as stated and the scopes', async () => {
    const res = await mine();
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      pending: 1,
      items: [
        {
          id: requestId,
          requesterName: '张伟',
          requesterPhoneMasked: '138****8000',
          relation: 'parent',
          relationLabel: '父母',
          status: 'pending',
          scopes: ['health', 'proxy'],
          requestedAt: expect.stringMatching(/\+08:00$/),
          decidedAt: null,
        },
      ],
    });
    expect(JSON.stringify(res.body)).not.toMatch(/110101199003077838|13800138000/);
  });

  it('the request is in the adult’s 消息中心 once (four concurrent asks, one request), with the link to decide it; the requester gets none', async () => {
    const inbox = await waitFor('the 家人授权 notice', async () => {
      const items = (await api('GET', '/api/v1/messages?category=family_access', zw.motherAccount.token)).body.items;
      return items.length ? items : null;
    });
    const grant = await s.bff.services.ds.getRepository(FamilyAccessGrant).findOneByOrFail({ id: requestId });
    expect(inbox.map((m: { title: string; link: string }) => [m.title, m.link])).toEqual([['家人授权申请', `profile/pages/family-access/index?invite=${grant.inviteCode}`]]);
    expect(inbox[0].body).toBe('张伟申请家人授权（查看健康信息、代办挂号与缴费），请查看并处理');
    expect((await api('GET', '/api/v1/messages', zw.token)).body.items.filter((m: { category: string }) => m.category === 'family_access')).toEqual([]);
  });

  it('only the adult decides: the requester and others get 404, and nothing changes', async () => {
    const other = await s.resident();
    for (const token of [zw.token, other.token]) {
      for (const d of ['approve', 'decline', 'revoke']) expect((await api('POST', `/api/v1/me/access-requests/${requestId}/${d}`, token)).status).toBe(404);
    }
    expect((await api('GET', '/api/v1/me/access-requests', zw.token)).body).toEqual({ items: [], pending: 0 });
    expect((await s.bff.services.ds.getRepository(FamilyAccessGrant).findOneByOrFail({ id: requestId })).status).toBe('pending');
  });

  it('approved: every records route opens (200), and approving again answers the same', async () => {
    const ok = await api('POST', `/api/v1/me/access-requests/${requestId}/approve`, zw.motherAccount.token, {});
    expect([ok.status, ok.body.status, ok.body.scopes]).toEqual([200, 'approved', ['health', 'proxy']]);
    expect(ok.body.decidedAt).toMatch(/\+08:00$/);
    expect((await api('POST', `/api/v1/me/access-requests/${requestId}/approve`, zw.motherAccount.token)).body.status).toBe('approved');
    expect((await statusesOf(zw.mother, zw.token)).map(([, st]) => st)).toEqual(recordRoutes(zw.mother).map(() => 200));
    // An approved request is the open one: asking again does not start a new one.
    expect((await api('POST', `/api/v1/family/members/${zw.mother}/access-requests`, zw.token)).body).toMatchObject({ id: requestId, status: 'approved' });
  });

  it('a stranger still gets 404 for that member, approval or not', async () => {
    const stranger = await s.resident();
    await grantHealthConsent(s, stranger.token);
    expect((await api('GET', `/api/v1/records/${zw.mother}`, stranger.token)).status).toBe(404);
    expect((await api('POST', `/api/v1/family/members/${zw.mother}/access-requests`, stranger.token)).status).toBe(404);
    expect((await api('GET', `/api/v1/family/members/${zw.mother}/access-requests/latest`, stranger.token)).status).toBe(404);
  });

  it('another user’s approval does not count: 陈静 approved by 王秀英 opens nothing for anyone else, and vice versa', async () => {
    await grantHealthConsent(s, chen.token);
    const hers = await api('POST', '/api/v1/family/members', chen.token, { name: '王秀英', relation: 'parent', idNumber: '11010519491231002X' });
    expect((await api('GET', `/api/v1/records/${hers.body.id}`, chen.token)).body.error?.code).toBe('FAMILY_AUTHORIZATION_REQUIRED');
    // 张伟's approval is for his member, not 陈静's.
    const req = await api('POST', `/api/v1/family/members/${hers.body.id}/access-requests`, chen.token);
    expect(req.body.id).not.toBe(requestId);
    expect((await api('GET', `/api/v1/records/${hers.body.id}`, chen.token)).body.error?.code).toBe('FAMILY_AUTHORIZATION_REQUIRED');
    expect((await api('POST', `/api/v1/me/access-requests/${req.body.id}/decline`, zw.motherAccount.token)).body.status).toBe('declined');
    expect((await api('GET', `/api/v1/records/${hers.body.id}`, chen.token)).body.error?.code).toBe('FAMILY_AUTHORIZATION_REQUIRED');
    // A declined request cannot be approved later; a new request can.
    const late = await api('POST', `/api/v1/me/access-requests/${req.body.id}/approve`, zw.motherAccount.token);
    expect([late.status, late.body.error?.code]).toEqual([409, 'ACCESS_REQUEST_DECIDED']);
    const again = await api('POST', `/api/v1/family/members/${hers.body.id}/access-requests`, chen.token);
    expect(again.body).toMatchObject({ status: 'pending' });
    expect(again.body.id).not.toBe(req.body.id);
    // 张伟 still reads through his own approval.
    expect((await api('GET', `/api/v1/records/${zw.mother}`, zw.token)).status).toBe(200);
    // 陈静's member of 王秀英 is as invisible to 张伟 as any stranger's.
    expect((await api('GET', `/api/v1/records/${hers.body.id}`, zw.token)).status).toBe(404);
    expect((await mine()).body.items.map((i: { requesterName: string; status: string }) => [i.requesterName, i.status])).toEqual([
      ['陈静', 'pending'],
      ['陈静', 'declined'],
      ['张伟', 'approved'],
    ]);
  });

  it('revoked: 403 again on every route; revoking a pending request is refused', async () => {
    const res = await api('POST', `/api/v1/me/access-requests/${requestId}/revoke`, zw.motherAccount.token);
    expect([res.status, res.body.status]).toEqual([200, 'revoked']);
    expect(await statusesOf(zw.mother, zw.token)).toEqual(allRefused(zw.mother));
    expect((await api('GET', `/api/v1/family/members/${zw.mother}/access-requests/latest`, zw.token)).body).toMatchObject({ id: requestId, status: 'revoked' });
    const pending = (await mine()).body.items.find((i: { status: string }) => i.status === 'pending');
    const refused = await api('POST', `/api/v1/me/access-requests/${pending.id}/revoke`, zw.motherAccount.token);
    expect([refused.status, refused.body.error?.code]).toEqual([409, 'ACCESS_REQUEST_DECIDED']);
  });

  it('audits every request and decision, naming no ID number', async () => {
    const rows = await s.bff.services.ds.getRepository(AuditLog).find({ where: { subjectType: 'family_access', subjectId: In([requestId]) }, order: { createdAt: 'ASC' } });
    expect(rows.map((r) => [r.action, r.actorUserId])).toEqual([
      ['family.access.request', zw.userId],
      ['family.access.approve', zw.motherAccount.userId],
      ['family.access.revoke', zw.motherAccount.userId],
    ]);
    const all = await s.bff.services.ds.getRepository(AuditLog).findBy({ subjectType: 'family_access' });
    expect(all.map((r) => r.action).sort()).toEqual([
      ...Array(3).fill('family.access.approve'), // 陈静's two (the second replacing the first), 王秀英's
      'family.access.decline',
      ...Array(5).fill('family.access.request'),
      'family.access.revoke',
    ]);
    expect(JSON.stringify(all.map((r) => r.detail))).not.toMatch(/11010519491231002X|110101199003077838/);
  });
});
