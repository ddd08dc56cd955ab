import { toChinaIso } from '@healthpocket/shared-types';
import { startStack, type Stack } from '../../../test/harness';
import { AuditLog } from '../../db/entities';
import { reason, withRoles } from '../staff/test-helpers';

jest.setTimeout(60_000);

let s: Stack;
let admin: { token: string; userId: string };
const A = '/api/v1/admin/audit';

beforeAll(async () => {
  s = await startStack();
  const first = await s.login();
  await s.bff.services.staff.bootstrapAdmin(first.openid, 'test-bootstrap');
  const l = await s.login(first.openid);
  admin = { token: l.accessToken, userId: l.user.id };
});
afterAll(() => s.close());

describe('who may search', () => {
  it('nobody signed out, no resident, doctor or operator: only admins', async () => {
    expect((await s.api('GET', A)).status).toBe(401);
    const resident = await s.login();
    const operator = await withRoles(s, ['operator']);
    const doctor = await withRoles(s, ['doctor'], 'D-FD-002');
    for (const token of [resident.accessToken, operator.token, doctor.token]) {
      for (const path of [A, `${A}/chain`]) {
        const res = await s.api('GET', path, { token });
        expect(res.status).toBe(403);
        expect(res.body.error.code).toBe('FORBIDDEN');
      }
    }
  });
});

describe('searching', () => {
  it('by action, action family, subject, actor and China dates; newest first; paged by cursor', async () => {
    const u1 = await s.login();
    const u2 = await s.login();
    for (const u of [u1, u2]) {
      expect((await s.api('POST', `/api/v1/admin/users/${u.user.id}/roles`, { token: admin.token, body: { role: 'operator', reason: reason('授权') } })).status).toBe(200);
    }
    const grants = await s.api('GET', `${A}?action=role.grant&actor=${admin.userId}`, { token: admin.token });
    expect(grants.status).toBe(200);
    expect(grants.body.items.map((i: { subjectId: string }) => i.subjectId)).toEqual([u2.user.id, u1.user.id]);
    expect(grants.body.items[0]).toMatchObject({
      actorUserId: admin.userId,
      actorRole: 'admin',
      action: 'role.grant',
      subjectType: 'user',
      detail: { role: 'operator' },
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(grants.body.items[0].seq).toBeGreaterThan(grants.body.items[1].seq);

    const bySubject = await s.api('GET', `${A}?subject=${u1.user.id}&action=role.*`, { token: admin.token });
    expect(bySubject.body.items.map((i: { action: string }) => i.action)).toEqual(['role.grant']);

    const today = toChinaIso(new Date()).slice(0, 10);
    expect((await s.api('GET', `${A}?action=role.grant&from=${today}&to=${today}`, { token: admin.token })).body.items).toHaveLength(3);
    expect((await s.api('GET', `${A}?action=role.grant&to=2020-01-01`, { token: admin.token })).body.items).toEqual([]);

    const first = await s.api('GET', `${A}?action=role.grant&limit=2`, { token: admin.token });
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toBe(String(first.body.items[1].seq));
    const second = await s.api('GET', `${A}?action=role.grant&limit=2&cursor=${first.body.nextCursor}`, { token: admin.token });
    expect(second.body.items.map((i: { detail: { reason: string } }) => i.detail.reason)).toEqual(['bootstrap']);
    expect(second.body.nextCursor).toBeNull();
  });

  it('refuses malformed filters with 400 and a message an admin can act on', async () => {
    for (const q of ['action=DROP%20TABLE', 'from=2026/01/01', 'cursor=abc', 'limit=1000']) {
      const res = await s.api('GET', `${A}?${q}`, { token: admin.token });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
    expect((await s.api('GET', `${A}?from=2026/01/01`, { token: admin.token })).body.error.message).toBe('开始日期格式应为 YYYY-MM-DD');
  });

  it('searches and chain checks are audited themselves', async () => {
    await s.api('GET', `${A}?action=role.grant`, { token: admin.token });
    const rows = await s.bff.services.ds.getRepository(AuditLog).find({ where: { action: 'audit.search', actorUserId: admin.userId } });
    expect(rows.length).toBeGreaterThan(0);
  });
});

describe('the chain status', () => {
  it('reports ok with the rows checked, and the first broken row after tampering', async () => {
    const ok = await s.api('GET', `${A}/chain`, { token: admin.token });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ ok: true, anchorSeq: 0, firstBroken: null });
    expect(ok.body.checked).toBe(ok.body.headSeq);

    const repo = s.bff.services.ds.getRepository(AuditLog);
    const victim = (await repo.findOneByOrFail({ seq: 2 }))!;
    await repo.update({ id: victim.id }, { actorRole: 'resident' });
    const broken = await s.api('GET', `${A}/chain`, { token: admin.token });
    expect(broken.body).toMatchObject({ ok: false, checked: 1, firstBroken: { seq: 2, id: victim.id, reason: 'hash' } });
    await repo.update({ id: victim.id }, { actorRole: victim.actorRole });
  });
});
