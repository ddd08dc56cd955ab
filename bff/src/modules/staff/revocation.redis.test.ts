import { startStack, client, type Stack } from '../../../test/harness';
import { loadConfig } from '../../config';
import { createLogger } from '../../logger';
import { startBff, type RunningBff } from '../../server';
import { WsClient } from '../doctor/test-helpers';
import { reason, withRoles } from './test-helpers';

jest.setTimeout(30_000);

/**
 * Two BFF instances sharing one database and one Redis: instance B keeps the principals it has
 * seen in memory, and a revocation made through A reaches it through Redis pub/sub, so the same
 * token's next request on B is already refused.
 */
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

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

it("a role revoked on A stops working on B's next request, and B closes the user's socket", async () => {
  const onB = client(b.url);
  const adminUser = await withRoles(s, ['admin']);
  const doc = await withRoles(s, ['doctor'], 'D-FD-001');
  // B has now cached the doctor's principal (roles included).
  expect((await onB('GET', '/api/v1/workbench/inbox', { token: doc.token })).status).toBe(200);
  const ws = await WsClient.open(b.url, doc.token);

  const res = await s.api('POST', `/api/v1/admin/users/${doc.userId}/roles/doctor/revoke`, { token: adminUser.token, body: { reason: reason('离职') } });
  expect(res.status).toBe(200);

  // Pub/sub is asynchronous: the socket closing on B is the sign that B heard of the change.
  expect((await ws.waitClosed()).code).toBe(4401);
  const next = await onB('GET', '/api/v1/workbench/inbox', { token: doc.token });
  expect(next.status).toBe(403);
  expect(next.body.error.code).toBe('FORBIDDEN');
  expect((await onB('GET', '/api/v1/me', { token: doc.token })).status).toBe(200);
});
