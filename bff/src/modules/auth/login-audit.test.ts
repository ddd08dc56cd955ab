import { startStack, type Stack } from '../../../test/harness';
import { AuditLog } from '../../db/entities';

let s: Stack;
beforeAll(async () => {
  s = await startStack({ TRUST_PROXY: '127.0.0.1' });
});
afterAll(() => s.close());

const rowsAbout = (userId: string) => s.bff.services.ds.getRepository(AuditLog).find({ where: { subjectType: 'user', subjectId: userId }, order: { seq: 'ASC' } });

describe('the audit trail of logins', () => {
  it('records each login with the client address and whether it was the first, and each logout', async () => {
    const first = await s.login(undefined, { 'x-forwarded-for': '203.0.113.50' });
    const again = await s.login(first.openid, { 'x-forwarded-for': '198.51.100.4' });
    expect((await s.api('POST', '/api/v1/auth/logout', { token: again.accessToken, body: { refreshToken: again.refreshToken } })).status).toBe(204);
    const rows = await rowsAbout(first.user.id);
    expect(rows.map((r) => [r.action, r.actorUserId, r.detail?.ip, r.detail?.firstLogin])).toEqual([
      ['auth.login', first.user.id, '203.0.113.50', true],
      ['auth.login', first.user.id, '198.51.100.4', false],
      ['auth.logout', first.user.id, '127.0.0.1', undefined],
    ]);
    expect(rows[1].detail?.sessionId).not.toBe(rows[0].detail?.sessionId);
    expect(rows[2].detail?.sessionIds).toEqual([rows[1].detail?.sessionId]);
  });

  it('records a reused refresh token (a leak) with the address that presented it', async () => {
    const l = await s.login();
    const rotated = await s.api('POST', '/api/v1/auth/refresh', { body: { refreshToken: l.refreshToken } });
    expect(rotated.status).toBe(200);
    const reused = await s.api('POST', '/api/v1/auth/refresh', { body: { refreshToken: l.refreshToken }, headers: { 'x-forwarded-for': '192.0.2.66' } });
    expect(reused.status).toBe(401);
    const rows = await rowsAbout(l.user.id);
    expect(rows.map((r) => r.action)).toEqual(['auth.login', 'auth.refresh_reuse']);
    expect(rows[1]).toMatchObject({ actorUserId: null, detail: { ip: '192.0.2.66', sessionId: rows[0].detail?.sessionId } });
  });
});
