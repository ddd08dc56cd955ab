import { startStack, uniqueOpenid, type Stack } from '../../../test/harness';
import { RefreshToken, User } from '../../db/entities';
import { AccessTokens } from '../../auth/tokens';

let s: Stack;
beforeAll(async () => {
  s = await startStack();
});
afterAll(() => s.close());

const code = async (openid: string) => (await s.sbx('POST', '/wechat/sandbox/codes', { body: { openid } })).body.code;

describe('WeChat login', () => {
  it('creates the user by openid and never returns session_key', async () => {
    const openid = uniqueOpenid();
    const res = await s.api('POST', '/api/v1/auth/wechat-login', { body: { code: await code(openid) } });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ roles: ['resident'], realNameVerified: false, name: null });
    expect(JSON.stringify(res.body)).not.toMatch(/session_?key/i);
    const row = await s.bff.services.ds.getRepository(User).findOneByOrFail({ openid });
    expect(row.sessionKeyEnc).toMatch(/^v1\./);
    // The same WeChat user logging in again is the same user.
    const again = await s.api('POST', '/api/v1/auth/wechat-login', { body: { code: await code(openid) } });
    expect(again.body.user.id).toBe(res.body.user.id);
  });

  it('refuses a used or unknown code with WECHAT_CODE_INVALID', async () => {
    const c = await code(uniqueOpenid());
    expect((await s.api('POST', '/api/v1/auth/wechat-login', { body: { code: c } })).status).toBe(200);
    const reused = await s.api('POST', '/api/v1/auth/wechat-login', { body: { code: c } });
    expect(reused.status).toBe(400);
    expect(reused.body.error).toMatchObject({ code: 'WECHAT_CODE_INVALID', message: expect.stringContaining('重新登录') });
    expect((await s.api('POST', '/api/v1/auth/wechat-login', { body: { code: 'nonsense' } })).body.error.code).toBe('WECHAT_CODE_INVALID');
  });

  it('refuses a high-risk WeChat user', async () => {
    const openid = uniqueOpenid('risky');
    await s.sbx('POST', '/wechat/sandbox/blocked', { body: { openid } });
    const res = await s.api('POST', '/api/v1/auth/wechat-login', { body: { code: await code(openid) } });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('WECHAT_USER_BLOCKED');
    expect(await s.bff.services.ds.getRepository(User).countBy({ openid })).toBe(0);
  });

  it('answers 503 when WeChat is down, without creating anything', async () => {
    await s.sbx('POST', '/sandbox/faults', { body: { pathPrefix: '/wechat/sns', status: 502, times: 10 } });
    try {
      const res = await s.api('POST', '/api/v1/auth/wechat-login', { body: { code: 'whatever' } });
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe('UPSTREAM_UNAVAILABLE');
    } finally {
      await s.sbx('DELETE', '/sandbox/faults');
    }
  });
});

describe('tokens', () => {
  it('rotates the refresh token; reusing an old one revokes the whole login', async () => {
    const l = await s.login();
    const r1 = await s.api('POST', '/api/v1/auth/refresh', { body: { refreshToken: l.refreshToken } });
    expect(r1.status).toBe(200);
    expect(r1.body.refreshToken).not.toBe(l.refreshToken);
    const reuse = await s.api('POST', '/api/v1/auth/refresh', { body: { refreshToken: l.refreshToken } });
    expect(reuse.status).toBe(401);
    expect(reuse.body.error.code).toBe('REFRESH_TOKEN_INVALID');
    // The token issued by the legitimate rotation is revoked too.
    const next = await s.api('POST', '/api/v1/auth/refresh', { body: { refreshToken: r1.body.refreshToken } });
    expect(next.status).toBe(401);
    const rows = await s.bff.services.ds.getRepository(RefreshToken).findBy({ userId: l.user.id });
    expect(rows.every((r) => r.revokedAt)).toBe(true);
    expect(rows.every((r) => r.tokenHash.length === 64 && r.tokenHash !== l.refreshToken)).toBe(true);
  });

  it('lets exactly one of two concurrent refreshes with one token win', async () => {
    const l = await s.login();
    const results = await Promise.all([1, 2].map(() => s.api('POST', '/api/v1/auth/refresh', { body: { refreshToken: l.refreshToken } })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
  });

  it('logs out by revoking the login', async () => {
    const l = await s.login();
    expect((await s.api('POST', '/api/v1/auth/logout', { token: l.accessToken, body: { refreshToken: l.refreshToken } })).status).toBe(204);
    expect((await s.api('POST', '/api/v1/auth/refresh', { body: { refreshToken: l.refreshToken } })).status).toBe(401);
  });

  it('tells an expired access token apart from a bad one', async () => {
    const l = await s.login();
    const expired = new AccessTokens(s.bff.services.config.jwt.secret, -10).sign({ userId: l.user.id });
    const a = await s.api('GET', '/api/v1/me', { token: expired });
    expect(a.status).toBe(401);
    expect(a.body.error.code).toBe('TOKEN_EXPIRED');
    const forged = new AccessTokens('another-secret-of-at-least-32-chars!!', 600).sign({ userId: l.user.id });
    const b = await s.api('GET', '/api/v1/me', { token: forged });
    expect(b.status).toBe(401);
    expect(b.body.error.code).toBe('UNAUTHENTICATED');
    expect((await s.api('GET', '/api/v1/me')).body.error.code).toBe('UNAUTHENTICATED');
  });
});
