import { startStack, client, type Stack } from '../../test/harness';
import { loadConfig } from '../config';
import { createLogger } from '../logger';
import { startBff, type RunningBff } from '../server';
import { WsClient } from '../modules/doctor/test-helpers';

jest.setTimeout(30_000);

/** Two BFF instances sharing one database and one Redis: a logout on one ends the login on the other at once. */
const REDIS_URL = process.env.TEST_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

let s: Stack;
let b: RunningBff;
const late: RunningBff[] = [];

beforeAll(async () => {
  s = await startStack({ REDIS_URL });
  b = await startBff(loadConfig({ ...s.bff.services.config.raw, PORT: '0' }), createLogger('silent'));
  await Promise.all([s.bff.services.realtime.ready(), b.services.realtime.ready()]);
});
afterAll(async () => {
  for (const x of late) await x.close();
  await b?.close();
  await s?.close();
});

describe('logout across instances (Redis)', () => {
  it('a logout on A refuses the access token on B at its next request, and closes its socket on B', async () => {
    const onB = client(b.url);
    const l = await s.login();
    // B has seen the token (its principal is cached there): no database read would catch the logout.
    expect((await onB('GET', '/api/v1/me', { token: l.accessToken })).status).toBe(200);
    const socket = await WsClient.open(b.url, l.accessToken);
    const out = await s.api('POST', '/api/v1/auth/logout', { token: l.accessToken, body: { refreshToken: l.refreshToken } });
    expect(out.status).toBe(204);
    // Pub/sub delivery is asynchronous: wait for the socket B closes when it learns of it.
    expect((await socket.waitClosed()).code).toBe(4401);
    const res = await onB('GET', '/api/v1/me', { token: l.accessToken });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('TOKEN_EXPIRED');
    expect((await s.api('GET', '/api/v1/me', { token: l.accessToken })).status).toBe(401);
  });

  it('an instance started after the logout refuses the token too, while other logins go on', async () => {
    const l = await s.login();
    const other = await s.login();
    expect((await s.api('POST', '/api/v1/auth/logout', { token: l.accessToken, body: { refreshToken: l.refreshToken } })).status).toBe(204);
    const c = await startBff(loadConfig({ ...s.bff.services.config.raw, PORT: '0' }), createLogger('silent'));
    late.push(c);
    await c.services.principals.sessions.ready();
    const onC = client(c.url);
    expect((await onC('GET', '/api/v1/me', { token: l.accessToken })).status).toBe(401);
    expect((await onC('GET', '/api/v1/me', { token: other.accessToken })).status).toBe(200);
  });
});
