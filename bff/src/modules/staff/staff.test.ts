import { startStack, type Stack } from '../../../test/harness';
import { AuditLog, User } from '../../db/entities';
import { WsClient } from '../doctor/test-helpers';
import { reason, withRoles } from './test-helpers';

jest.setTimeout(60_000);

let s: Stack;
let admin: Awaited<ReturnType<typeof withRoles>>;
const A = '/api/v1/admin';

beforeAll(async () => {
  s = await startStack();
  // The first admin comes from the bootstrap path (the CLI's), audited with the reason "bootstrap".
  const first = await s.resident({ name: '管理员甲' });
  await s.bff.services.staff.bootstrapAdmin(first.openid, 'test-bootstrap');
  const l = await s.login(first.openid);
  admin = { token: l.accessToken, userId: l.user.id, openid: first.openid };
});
afterAll(() => s.close());

const grant = (userId: string, body: Record<string, unknown>, token = admin.token) => s.api('POST', `${A}/users/${userId}/roles`, { token, body });
const revoke = (userId: string, role: string, why: unknown = reason('撤销'), token = admin.token) => s.api('POST', `${A}/users/${userId}/roles/${role}/revoke`, { token, body: { reason: why } });

describe('bootstrap', () => {
  it('the first admin is audited with the reason bootstrap and no admin id; a second bootstrap is refused', async () => {
    const history = await s.api('GET', `${A}/users/${admin.userId}/role-history`, { token: admin.token });
    expect(history.status).toBe(200);
    expect(history.body.items).toEqual([expect.objectContaining({ action: 'grant', role: 'admin', reason: 'bootstrap', byUserId: null, byName: '系统初始化' })]);
    await expect(s.bff.services.staff.bootstrapAdmin('someone_else', 'again')).rejects.toThrow(/already exists/);
  });
});

describe('searching users', () => {
  it('finds by part of a name, exact openid or doctorId; names masked, no ID number or phone', async () => {
    const who = await s.resident({ name: '欧阳娜娜', idNumber: '110101199003077838' });
    const byName = await s.api('GET', `${A}/users?q=${encodeURIComponent('阳娜')}`, { token: admin.token });
    expect(byName.status).toBe(200);
    expect(byName.body.items).toEqual([expect.objectContaining({ id: who.user.id, nameMasked: '欧**娜', openid: who.openid, roles: ['resident'], doctorId: null, realNameVerified: true })]);
    const raw = JSON.stringify(byName.body);
    expect(raw).not.toContain('110101199003077838');
    expect(raw).not.toContain('13800138000');
    expect(raw).not.toContain('欧阳娜娜');
    expect((await s.api('GET', `${A}/users?q=${who.openid}`, { token: admin.token })).body.items.map((u: { id: string }) => u.id)).toEqual([who.user.id]);
    // Wildcards are not a way to list everyone.
    expect((await s.api('GET', `${A}/users?q=%25`, { token: admin.token })).body.items).toEqual([]);
  });

  it('without q lists the staff accounts; by doctorId finds the bound doctor with the directory name', async () => {
    const doc = await withRoles(s, ['doctor'], 'D-FD-003');
    const all = (await s.api('GET', `${A}/users`, { token: admin.token })).body.items as Array<{ id: string; roles: string[] }>;
    expect(all.map((u) => u.id)).toEqual(expect.arrayContaining([admin.userId, doc.userId]));
    for (const u of all) expect(u.roles.some((r) => r !== 'resident')).toBe(true);
    const doctors = (await s.api('GET', `${A}/users?role=doctor`, { token: admin.token })).body.items as Array<{ id: string }>;
    expect(doctors.map((u) => u.id)).toContain(doc.userId);
    expect(doctors.map((u) => u.id)).not.toContain(admin.userId);
    expect((await s.api('GET', `${A}/users?q=D-FD-003`, { token: admin.token })).body.items).toEqual([expect.objectContaining({ id: doc.userId, doctorId: 'D-FD-003', doctorName: '吴国华' })]);
  });

  it('an unknown user is 404', async () => {
    expect((await s.api('GET', `${A}/users/nope`, { token: admin.token })).status).toBe(404);
    expect((await s.api('GET', `${A}/users/nope/role-history`, { token: admin.token })).status).toBe(404);
  });
});

describe('granting', () => {
  it('a doctor role needs an active doctorId of the platform staff directory; free text is refused', async () => {
    const u = await s.resident({ name: '孙医生' });
    const id = u.user.id;
    expect((await grant(id, { role: 'doctor', reason: reason('入职') })).body.error.code).toBe('STAFF_DOCTOR_ID_REQUIRED');
    const free = await grant(id, { role: 'doctor', reason: reason('入职'), doctorId: '孙静医生' });
    expect(free.status).toBe(400);
    expect(free.body.error).toMatchObject({ code: 'STAFF_NOT_IN_DIRECTORY', message: expect.stringContaining('卫生人员目录') });
    const retired = await grant(id, { role: 'doctor', reason: reason('返聘'), doctorId: 'D-FD-099' });
    expect(retired.status).toBe(409);
    expect(retired.body.error.code).toBe('STAFF_INACTIVE');
    expect((await grant(id, { role: 'operator', reason: reason('运营'), doctorId: 'D-FD-002' })).status).toBe(400);
    expect((await grant(id, { role: 'doctor', doctorId: 'D-FD-002' })).status).toBe(400); // no reason
    expect((await grant(id, { role: 'resident', reason: reason('x') })).status).toBe(400);
    const row = await s.bff.services.ds.getRepository(User).findOneByOrFail({ id });
    expect(row).toMatchObject({ roles: ['resident'], doctorId: null });
    expect(await s.bff.services.ds.getRepository(AuditLog).countBy({ subjectId: id, action: 'role.grant' })).toBe(0);
  });

  it('grants with the reason and the admin in the audit log; works on the next request of a token issued before', async () => {
    const u = await s.resident({ name: '孙静' });
    expect((await s.api('GET', '/api/v1/workbench/inbox', { token: u.token })).status).toBe(403);
    const res = await grant(u.user.id, { role: 'doctor', reason: reason('家庭医生入驻'), doctorId: 'D-FD-002' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ roles: ['resident', 'doctor'], doctorId: 'D-FD-002', doctorName: '孙静' });
    expect((await s.api('GET', '/api/v1/workbench/inbox', { token: u.token })).status).toBe(200);
    const audit = await s.bff.services.ds.getRepository(AuditLog).findOneByOrFail({ subjectId: u.user.id, action: 'role.grant' });
    expect(audit).toMatchObject({ actorUserId: admin.userId, actorRole: 'admin', subjectType: 'user', detail: { role: 'doctor', reason: reason('家庭医生入驻'), doctorId: 'D-FD-002' } });
    expect((await grant(u.user.id, { role: 'doctor', reason: reason('再次'), doctorId: 'D-FD-002' })).body.error.code).toBe('ROLE_ALREADY_HELD');
    // One platform doctor, one account.
    const other = await s.resident({ name: '孙静二' });
    const dup = await grant(other.user.id, { role: 'doctor', reason: reason('重复'), doctorId: 'D-FD-002' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('STAFF_ALREADY_BOUND');
  });

  it('the staff directory is readable for picking a doctor', async () => {
    const res = await s.api('GET', `${A}/staff-directory?q=${encodeURIComponent('李')}`, { token: admin.token });
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'D-FD-001', name: '李明', active: true, teamIds: ['T001'] })]));
  });
});

describe('revoking', () => {
  it("a doctor's token works, the admin revokes, the same token's next workbench request is refused; the socket is closed", async () => {
    const doc = await withRoles(s, ['doctor'], 'D-FD-001', '李明');
    expect((await s.api('GET', '/api/v1/workbench/inbox', { token: doc.token })).status).toBe(200);
    const ws = await WsClient.open(s.bff.url, doc.token);
    const res = await revoke(doc.userId, 'doctor', reason('调离本中心'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ roles: ['resident'], doctorId: null });
    const next = await s.api('GET', '/api/v1/workbench/inbox', { token: doc.token });
    expect(next.status).toBe(403);
    expect(next.body.error.code).toBe('FORBIDDEN');
    // The session itself goes on: the person is still a resident.
    expect((await s.api('GET', '/api/v1/me', { token: doc.token })).status).toBe(200);
    expect((await ws.waitClosed()).code).toBe(4401);
    expect((await revoke(doc.userId, 'doctor')).body.error.code).toBe('ROLE_NOT_HELD');

    const history = (await s.api('GET', `${A}/users/${doc.userId}/role-history`, { token: admin.token })).body.items;
    // The bootstrap-style grant of the test helper is not audited; the revocation is, with the admin.
    expect(history).toEqual([expect.objectContaining({ action: 'revoke', role: 'doctor', doctorId: 'D-FD-001', reason: reason('调离本中心'), byUserId: admin.userId, byName: '管**甲' })]);
  });

  it('a revocation needs a reason', async () => {
    const op = await withRoles(s, ['operator']);
    expect((await revoke(op.userId, 'operator', '')).status).toBe(400);
    expect((await revoke(op.userId, 'operator', null)).status).toBe(400);
    expect((await s.api('GET', '/api/v1/console/content/articles', { token: op.token })).status).toBe(200);
  });

  it('an admin cannot revoke their own admin role; two admins revoking each other leave one', async () => {
    const self = await revoke(admin.userId, 'admin', reason('自己'));
    expect(self.status).toBe(409);
    expect(self.body.error.code).toBe('ADMIN_SELF_REVOKE');
    // Exactly two admins revoke each other at once: one wins, the other is refused (403 if its
    // request came after the commit, LAST_ADMIN if both passed the door together).
    const b = await withRoles(s, ['admin']);
    const [ab, ba] = await Promise.all([revoke(b.userId, 'admin', reason('互撤'), admin.token), revoke(admin.userId, 'admin', reason('互撤'), b.token)]);
    expect([ab.status, ba.status].filter((x) => x === 200)).toHaveLength(1);
    const loser = [ab, ba].find((r) => r.status !== 200)!;
    expect([403, 409]).toContain(loser.status);
    if (loser.status === 409) expect(loser.body.error.code).toBe('LAST_ADMIN');
    const admins = (await s.bff.services.ds.getRepository(User).find()).filter((u) => u.roles.includes('admin'));
    expect(admins.map((u) => u.id)).toEqual([ab.status === 200 ? admin.userId : b.userId]);
    if (ba.status === 200) admin = b;
  });

  it('only admins reach the admin routes', async () => {
    const op = await withRoles(s, ['operator']);
    const doc = await withRoles(s, ['doctor'], 'N-FD-002');
    for (const token of [op.token, doc.token]) {
      const res = await s.api('GET', `${A}/users`, { token });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
      expect((await grant(op.userId, { role: 'admin', reason: reason('越权') }, token)).status).toBe(403);
    }
    expect((await s.api('GET', `${A}/users`)).status).toBe(401);
  });
});
