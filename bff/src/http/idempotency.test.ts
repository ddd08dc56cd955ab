import Router from '@koa/router';
import { z } from 'zod';
import { startStack, type Stack } from '../../test/harness';
import { route, toMiddleware } from './route';
import { actorFor } from '../auth/principals';
import { attemptOf, Idempotency, requestHashOf } from './idempotency';
import { IdempotencyKey } from '../db/entities';

// A route under test mounted on a bare Koa app sharing the stack's database.
let s: Stack;
let calls = 0;
let soldOut = false;
let base: string;
let close: () => Promise<void>;
let idempotency: Idempotency;
const LEASE_MS = 1000;
/** Requests with amount 77 wait here until released. */
let gate: { promise: Promise<void>; open: () => void } | null = null;
const newGate = () => {
  let open!: () => void;
  const promise = new Promise<void>((r) => (open = r));
  return (gate = { promise, open });
};

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
    handler: async ({ body, ctx }) => {
      calls++;
      if (body.amount === 77 && gate) await gate.promise;
      await new Promise((r) => setTimeout(r, 50));
      if (body.amount < 0) throw new (await import('../errors')).AppError('VALIDATION_FAILED');
      return { orderNo: `O${calls}`, amount: body.amount, attempt: attemptOf(ctx)?.attempt };
    },
  });
  idempotency = new Idempotency(s.bff.services.ds, LEASE_MS);
  const router = new Router();
  router.post(
    '/orders',
    toMiddleware(def, {
      authenticate: async (ctx) => {
        const claims = s.bff.services.tokens.fromContext(ctx);
        return claims ? actorFor(s.bff.services.principals, claims) : null;
      },
      consume: async () => undefined,
      memberAccess: async () => undefined,
      idempotency,
    }),
  );
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

describe('Idempotency-Key leases (an instance that died mid-handler)', () => {
  const ROUTE = 'post /orders';
  /** The row a BFF killed -9 in the middle of the handler leaves behind. */
  async function orphan(userId: string, key: string, body: unknown, leaseExpiresAt: Date) {
    const row = {
      id: `orphan-${key}`.slice(0, 36),
      userId,
      key,
      route: ROUTE,
      requestHash: requestHashOf(ROUTE, { body }),
      state: 'pending' as const,
      responseStatus: null,
      responseBody: null,
      leaseOwner: 'dead-host:1:00000000',
      leaseExpiresAt,
      attempt: 1,
    };
    await s.bff.services.ds.getRepository(IdempotencyKey).insert(row);
    return row;
  }
  const row = (userId: string, key: string) => s.bff.services.ds.getRepository(IdempotencyKey).findOneByOrFail({ userId, key });
  afterEach(() => {
    idempotency.clock = Date.now;
  });

  it('answers 409 while the lease lives; after it lapsed one retry takes over, runs the handler as attempt 2 and is replayed after', async () => {
    const { accessToken, user } = await s.login();
    await orphan(user.id, 'key-lease-00001', { amount: 9 }, new Date(Date.now() + LEASE_MS));
    const before = calls;
    const early = await post(accessToken, 'key-lease-00001', { amount: 9 });
    expect(early).toMatchObject({ status: 409, body: { error: { code: 'IDEMPOTENCY_CONFLICT' } } });
    expect(calls).toBe(before);

    idempotency.clock = () => Date.now() + LEASE_MS + 1;
    const recovered = await post(accessToken, 'key-lease-00001', { amount: 9 });
    expect(recovered).toMatchObject({ status: 201, body: { amount: 9, attempt: 2 }, replayed: null });
    expect(calls - before).toBe(1);
    expect(await row(user.id, 'key-lease-00001')).toMatchObject({ state: 'done', attempt: 2, leaseOwner: null, responseStatus: 201 });
    const replay = await post(accessToken, 'key-lease-00001', { amount: 9 });
    expect(replay).toMatchObject({ status: 201, body: recovered.body, replayed: 'true' });
    expect(calls - before).toBe(1);
  });

  it('a row from before leases (no lease at all) is taken over at once', async () => {
    const { accessToken, user } = await s.login();
    await s.bff.services.ds.getRepository(IdempotencyKey).insert({
      id: `old-${Date.now()}`,
      userId: user.id,
      key: 'key-lease-nolease',
      route: ROUTE,
      requestHash: requestHashOf(ROUTE, { body: { amount: 4 } }),
      state: 'pending',
      responseStatus: null,
      responseBody: null,
      leaseOwner: null,
      leaseExpiresAt: null,
      attempt: 1,
    });
    expect(await post(accessToken, 'key-lease-nolease', { amount: 4 })).toMatchObject({ status: 201, body: { attempt: 2 } });
  });

  it('of several retries after the lapse exactly one takes over; the conditional update lets one of two takers win', async () => {
    const { accessToken, user } = await s.login();
    await orphan(user.id, 'key-lease-00002', { amount: 8 }, new Date(Date.now() - 1));
    const before = calls;
    const all = await Promise.all([1, 2, 3, 4].map(() => post(accessToken, 'key-lease-00002', { amount: 8 })));
    expect(all.filter((r) => r.status === 201 && r.replayed === null)).toHaveLength(1);
    // The others came while the winner held the new lease (409) or after it finished (replay).
    for (const r of all) expect(r.status === 409 || (r.status === 201 && r.body.attempt === 2)).toBe(true);
    expect(calls - before).toBe(1);

    // Two takers that read the same lapsed row: the second's update matches nothing.
    const again = await orphan(user.id, 'key-lease-00003', { amount: 8 }, new Date(Date.now() - 1));
    const snapshot = { ...again };
    expect([await idempotency.takeOver(snapshot), await idempotency.takeOver(snapshot)]).toEqual([true, false]);
  });

  it('a live handler renews its lease: a retry long after the first lease would have lapsed is still 409', async () => {
    const { accessToken, user } = await s.login();
    const g = newGate();
    const before = calls;
    const first = post(accessToken, 'key-lease-00004', { amount: 77 });
    const leased = async () => {
      const r = await s.bff.services.ds.getRepository(IdempotencyKey).findOneBy({ userId: user.id, key: 'key-lease-00004' });
      return r?.leaseExpiresAt ? r.leaseExpiresAt.getTime() : 0;
    };
    await waitUntil(async () => (await leased()) > 0 && calls > before);
    // Time passes (3 leases): the running handler renews against the same clock.
    idempotency.clock = () => Date.now() + 3 * LEASE_MS;
    await waitUntil(async () => (await leased()) > Date.now() + 3 * LEASE_MS);
    expect(await post(accessToken, 'key-lease-00004', { amount: 77 })).toMatchObject({ status: 409, body: { error: { code: 'IDEMPOTENCY_CONFLICT' } } });
    g.open();
    expect(await first).toMatchObject({ status: 201, body: { attempt: 1 } });
    gate = null;
    expect(calls - before).toBe(1);
  });

  it('a taken-over run that fails frees the key again', async () => {
    const { accessToken, user } = await s.login();
    await orphan(user.id, 'key-lease-00005', { amount: -1 }, new Date(Date.now() - 1));
    expect((await post(accessToken, 'key-lease-00005', { amount: -1 })).status).toBe(400);
    expect(await s.bff.services.ds.getRepository(IdempotencyKey).findOneBy({ userId: user.id, key: 'key-lease-00005' })).toBeNull();
  });
});

async function waitUntil(probe: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}
