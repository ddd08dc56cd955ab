import { startStack, type Stack } from '../../test/harness';
import { createLogger } from '../logger';
import { OutboxMessage } from './entity';
import { Outbox, backoffDelay } from './outbox';

jest.setTimeout(30_000);

let s: Stack;
beforeAll(async () => {
  s = await startStack();
});
afterAll(() => s.close());

const logger = createLogger('silent');
const repo = () => s.bff.services.ds.getRepository(OutboxMessage);
let n = 0;
const topic = () => `test.topic.${n++}`;

it('a message exists only if the transaction that enqueued it committed', async () => {
  const t = topic();
  const box = new Outbox(s.bff.services.ds, logger, { pollMs: 1000, retryBaseMs: 10 });
  await s.bff.services.tx.run((m) => box.enqueue(m, t, { a: 1 }, `${t}:committed`));
  await expect(
    s.bff.services.tx.run(async (m) => {
      await box.enqueue(m, t, { a: 2 }, `${t}:rolled-back`);
      throw new Error('the change failed');
    }),
  ).rejects.toThrow('the change failed');
  expect((await repo().findBy({ topic: t })).map((x) => x.dedupeKey)).toEqual([`${t}:committed`]);
});

it('the same dedupeKey twice is one message', async () => {
  const t = topic();
  const box = new Outbox(s.bff.services.ds, logger, { pollMs: 1000, retryBaseMs: 10 });
  await s.bff.services.tx.run((m) => box.enqueue(m, t, { a: 1 }, `${t}:k`));
  await s.bff.services.tx.run((m) => box.enqueue(m, t, { a: 2 }, `${t}:k`));
  const rows = await repo().findBy({ topic: t });
  expect(rows).toHaveLength(1);
  expect(rows[0].payload).toEqual({ a: 1 });
});

it('retries a failing handler until it succeeds, then stops', async () => {
  const t = topic();
  const box = new Outbox(s.bff.services.ds, logger, { pollMs: 1000, retryBaseMs: 40 });
  let calls = 0;
  const seen: number[] = [];
  box.register<{ x: number }>(t, async (p, d) => {
    calls++;
    seen.push(d.attempt);
    expect(p).toEqual({ x: 7 });
    if (calls < 4) throw new Error(`upstream down (${calls})`);
  });
  await s.bff.services.tx.run((m) => box.enqueue(m, t, { x: 7 }, `${t}:1`));
  for (let i = 0; i < 4; i++) {
    const row = await repo().findOneByOrFail({ dedupeKey: `${t}:1` });
    if (i > 0) expect(row).toMatchObject({ state: 'pending', attempts: i, lastError: `upstream down (${i})` });
    // Move the clock to when the retry falls due.
    await repo().update({ id: row.id }, { nextAttemptAt: new Date(Date.now() - 1) });
    await box.runOnce();
  }
  const done = await repo().findOneByOrFail({ dedupeKey: `${t}:1` });
  expect(done).toMatchObject({ state: 'done', attempts: 4, lastError: null });
  expect(seen).toEqual([1, 2, 3, 4]);
  await box.runOnce();
  expect(calls).toBe(4);
});

it('the backoff doubles per attempt up to the cap, with ±20 % jitter', () => {
  const at = (attempt: number, j: number) => backoffDelay(attempt, 1000, 4000, () => j);
  expect([1, 2, 3, 4, 10].map((a) => at(a, 0.2))).toEqual([1000, 2000, 4000, 4000, 4000]);
  expect(at(1, 0)).toBe(800);
  expect(at(3, 0.4)).toBe(4800);
  expect(at(60, 0.2)).toBe(4000);
});

it('two instances draining together deliver each message once', async () => {
  const t = topic();
  const delivered: string[] = [];
  const boxes = [0, 1].map(() => {
    const b = new Outbox(s.bff.services.ds, logger, { pollMs: 1000, retryBaseMs: 10 });
    b.register<{ i: number }>(t, async (p) => {
      await new Promise((r) => setTimeout(r, 5));
      delivered.push(String(p.i));
    });
    return b;
  });
  await s.bff.services.tx.run(async (m) => {
    for (let i = 0; i < 30; i++) await boxes[0].enqueue(m, t, { i }, `${t}:${i}`);
  });
  await Promise.all([boxes[0].runOnce(), boxes[1].runOnce(), boxes[0].runOnce(), boxes[1].runOnce()]);
  expect(delivered.sort()).toEqual(Array.from({ length: 30 }, (_, i) => String(i)).sort());
  expect(await repo().countBy({ topic: t, state: 'done' })).toBe(30);
});

it('a message for a topic nobody handles yet waits (and is retried) instead of being lost', async () => {
  const t = topic();
  const box = new Outbox(s.bff.services.ds, logger, { pollMs: 1000, retryBaseMs: 10 });
  await s.bff.services.tx.run((m) => box.enqueue(m, t, {}, `${t}:1`));
  await box.runOnce();
  expect(await repo().findOneByOrFail({ dedupeKey: `${t}:1` })).toMatchObject({ state: 'pending', attempts: 1, lastError: expect.stringContaining('no handler') });
});
