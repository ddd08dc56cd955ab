import Router from '@koa/router';
import { z } from 'zod';
import { startStack, type Stack } from '../../test/harness';
import { route, toMiddleware } from './route';
import { actorFor } from '../auth/principals';
import { Idempotency } from './idempotency';

// A route under test mounted on a bare Koa app sharing the stack's database.
let s: Stack;
let calls = 0;
let soldOut = false;
let base: string;
let close: () => Promise<void>;

beforeAll(async () => {
  s = await startStack();
  const Koa = (await import('koa')).default;
  const { bodyParser } = await import('@koa/bodyparser');
  const { errorRenderer, requestContext } = await import('./middleware');
  const app = new Koa();
  const def = route({
    method: 'post',
    path: '/orders',
    summary: 'test',
    auth: 'user',
    idempotent: true,
    admit: async () => {
      if (soldOut) throw new (await import('../errors')).AppError('RATE_LIMITED', '已约满');
    },
    body: z.object({ amount: z.number() }),
    status: 201,
    handler: async ({ body }) => {
      calls++;
      await new Promise((r) => setTimeout(r, 50));
      if (body.amount < 0) throw new (await import('../errors')).AppError('VALIDATION_FAILED');
      return { orderNo: `O${calls}`, amount: body.amount };
    },
  });
  const router = new Router();
  router.post('/orders', toMiddleware(def, {
    authenticate: async (ctx) => {
      const claims = s.bff.services.tokens.fromContext(ctx);
      return claims ? actorFor(s.bff.services.principals, claims) : null;
    },
    consume: async () => undefined,
    memberAccess: async () => undefined,
    idempotency: new Idempotency(s.bff.services.ds),
  }));
  app.use(requestContext(s.bff.services.logger)).use(errorRenderer(s.bff.services.logger)).use(bodyParser()).use(router.routes());
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as any).port}`;
  close = () => new Promise((r) => server.close(() => r(undefined)));
});
afterAll(async () => {
  await close();
  await s.close();
});

const post = async (token: string, key: string | null, body: unknown) => {
  const res = await fetch(`${base}/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...(key ? { 'idempotency-key': key } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json(), replayed: res.headers.get('idempotent-replayed') };
};

describe('Idempotency-Key', () => {
  it('replays the first answer to a retry and runs the handler once', async () => {
    const { accessToken } = await s.login();
    const before = calls;
    const first = await post(accessToken, 'key-replay-0001', { amount: 100 });
    const retry = await post(accessToken, 'key-replay-0001', { amount: 100 });
    expect(first.status).toBe(201);
    expect(retry).toMatchObject({ status: 201, body: first.body, replayed: 'true' });
    expect(calls - before).toBe(1);
  });

  it('lets one of two concurrent duplicates through and answers the other 409', async () => {
    const { accessToken } = await s.login();
    const before = calls;
    const both = await Promise.all([post(accessToken, 'key-concurrent-01', { amount: 5 }), post(accessToken, 'key-concurrent-01', { amount: 5 })]);
    expect(both.map((b) => b.status).sort()).toEqual([201, 409]);
    expect(calls - before).toBe(1);
  });

  it('refuses the same key with another body, requires a key, and frees the key after a failure', async () => {
    const { accessToken } = await s.login();
    await post(accessToken, 'key-different-01', { amount: 1 });
    expect((await post(accessToken, 'key-different-01', { amount: 2 })).body.error.code).toBe('IDEMPOTENCY_CONFLICT');
    expect((await post(accessToken, null, { amount: 1 })).status).toBe(400);
    expect((await post(accessToken, 'key-fails-00001', { amount: -1 })).status).toBe(400);
    expect((await post(accessToken, 'key-fails-00001', { amount: -1 })).status).toBe(400);
  });

  it('keeps keys per user', async () => {
    const a = await s.login();
    const b = await s.login();
    const ra = await post(a.accessToken, 'key-shared-0001', { amount: 7 });
    const rb = await post(b.accessToken, 'key-shared-0001', { amount: 7 });
    expect(rb.replayed).toBeNull();
    expect(rb.body.orderNo).not.toBe(ra.body.orderNo);
  });

  it('refuses early when the admission step says so, but still replays a key used before', async () => {
    const { accessToken } = await s.login();
    const first = await post(accessToken, 'key-admit-00001', { amount: 3 });
    expect(first.status).toBe(201);
    soldOut = true;
    try {
      const before = calls;
      const refused = await post(accessToken, 'key-admit-00002', { amount: 3 });
      expect(refused.status).toBe(429);
      const replay = await post(accessToken, 'key-admit-00001', { amount: 3 });
      expect(replay).toMatchObject({ status: 201, body: first.body, replayed: 'true' });
      expect(calls).toBe(before);
    } finally {
      soldOut = false;
    }
  });
});
