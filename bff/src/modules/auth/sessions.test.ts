import { startStack, uniqueOpenid, type Stack } from '../../../test/harness';
import { WsClient } from '../doctor/test-helpers';

let s: Stack;
beforeAll(async () => {
  s = await startStack();
});
afterAll(() => s.close());

jest.setTimeout(30_000);

const me = (token: string) => s.api('GET', '/api/v1/me', { token });
const code = async (openid: string) => (await s.sbx('POST', '/wechat/sandbox/codes', { body: { openid } })).body.code;

describe('logout', () => {
  it("ends that login's access tokens at once, and only that login's", async () => {
    const openid = uniqueOpenid();
    const phone = await s.login(openid);
    const tablet = await s.login(openid);
    // A token refreshed within the login is the same login: it ends with it.
    const rotated = (await s.api('POST', '/api/v1/auth/refresh', { body: { refreshToken: phone.refreshToken } })).body;
    expect((await me(phone.accessToken)).status).toBe(200);
    const socket = await WsClient.open(s.bff.url, rotated.accessToken);

    const out = await s.api('POST', '/api/v1/auth/logout', { token: rotated.accessToken, body: { refreshToken: rotated.refreshToken } });
    expect(out.status).toBe(204);
    for (const token of [phone.accessToken, rotated.accessToken]) {
      const res = await me(token);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('TOKEN_EXPIRED');
    }
    expect((await socket.waitClosed()).code).toBe(4401);
    const reconnect = await WsClient.open(s.bff.url, null);
    reconnect.send({ type: 'auth', token: rotated.accessToken });
    expect((await reconnect.waitClosed()).code).toBe(4401);
    expect((await s.api('POST', '/api/v1/auth/refresh', { body: { refreshToken: rotated.refreshToken } })).status).toBe(401);
    // The other device's login goes on.
    expect((await me(tablet.accessToken)).status).toBe(200);
    expect((await s.api('POST', '/api/v1/auth/refresh', { body: { refreshToken: tablet.refreshToken } })).status).toBe(200);
  });

  it("ends the access token's own login even when the refresh token sent is someone else's", async () => {
    const a = await s.login();
    const b = await s.login();
    expect((await s.api('POST', '/api/v1/auth/logout', { token: a.accessToken, body: { refreshToken: b.refreshToken } })).status).toBe(204);
    expect((await me(a.accessToken)).status).toBe(401);
    expect((await me(b.accessToken)).status).toBe(200);
    expect((await s.api('POST', '/api/v1/auth/refresh', { body: { refreshToken: b.refreshToken } })).status).toBe(200);
  });

  it('a reused refresh token (a leak) ends the access tokens of its login at once', async () => {
    const l = await s.login();
    const next = (await s.api('POST', '/api/v1/auth/refresh', { body: { refreshToken: l.refreshToken } })).body;
    expect((await me(next.accessToken)).status).toBe(200);
    expect((await s.api('POST', '/api/v1/auth/refresh', { body: { refreshToken: l.refreshToken } })).status).toBe(401);
    expect((await me(next.accessToken)).status).toBe(401);
  });
});

describe('login limits', () => {
  it('apply per account (openid) as well as per address', async () => {
    const openid = uniqueOpenid();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await s.api('POST', '/api/v1/auth/wechat-login', { body: { code: await code(openid) } })).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(200));
    const refused = await s.api('POST', '/api/v1/auth/wechat-login', { body: { code: await code(openid) } });
    expect(statuses[10]).toBe(429);
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatchObject({ code: 'RATE_LIMITED' });
    expect(refused.body.error.retryAfterSeconds).toBeGreaterThan(0);
    // Another account from the same address is not held up by it.
    expect((await s.api('POST', '/api/v1/auth/wechat-login', { body: { code: await code(uniqueOpenid()) } })).status).toBe(200);
  });
});
