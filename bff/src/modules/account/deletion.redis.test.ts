import { DELETION_CONFIRM_TEXT } from '@healthpocket/shared-types';
import { client, startStack, type Stack } from '../../../test/harness';
import { loadConfig } from '../../config';
import { createLogger } from '../../logger';
import { startBff, type RunningBff } from '../../server';
import { WsClient } from '../doctor/test-helpers';

jest.setTimeout(30_000);

/** Two BFF instances sharing one database and one Redis: an account deleted on A is gone on B at once. */
const REDIS_URL = process.env.TEST_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

let s: Stack;
let b: RunningBff;

beforeAll(async () => {
  s = await startStack({ REDIS_URL });
  b = await startBff(loadConfig({ ...s.bff.services.config.raw, PORT: '0' }), createLogger('silent'));
  await Promise.all([s.bff.services.realtime.ready(), b.services.realtime.ready()]);
});
afterAll(async () => {
  await b?.close();
  await s?.close();
});

describe('account deletion across instances (Redis)', () => {
  it('deleting on A refuses the access token on B at its next request and closes its socket there', async () => {
    const onB = client(b.url);
    const r = await s.resident();
    // B has the principal cached: no database read there would notice the deletion.
    expect((await onB('GET', '/api/v1/me', { token: r.token })).status).toBe(200);
    const socket = await WsClient.open(b.url, r.token);
    const res = await s.api('POST', '/api/v1/me/deletion', { token: r.token, body: { confirmText: DELETION_CONFIRM_TEXT } });
    expect(res.status).toBe(200);
    expect((await socket.waitClosed()).code).toBe(4401);
    expect((await onB('GET', '/api/v1/me', { token: r.token })).status).toBe(401);
    expect((await onB('POST', '/api/v1/me/export', { token: r.token })).status).toBe(401);
  });
});
