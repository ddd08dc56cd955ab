import Redis from 'ioredis';
import { AdmissionCounter } from './admission';

/** The rush counter as a Redis Lua script: two instances (two counters, one Redis) share one count. */
const REDIS_URL = process.env.TEST_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

let r1: Redis;
let r2: Redis;
beforeAll(() => {
  r1 = new Redis(REDIS_URL);
  r2 = new Redis(REDIS_URL);
});
afterAll(() => {
  r1.disconnect();
  r2.disconnect();
});

const key = () => `test:${process.pid}:${Date.now()}:${Math.random().toString(36).slice(2)}`;

describe('admission counter on Redis', () => {
  it('admits exactly the places left across instances, first come first, and seeds once', async () => {
    const a = new AdmissionCounter(r1, 60_000);
    const b = new AdmissionCounter(r2, 60_000);
    const k = key();
    let seeds = 0;
    const seed = async () => {
      seeds++;
      return { remaining: 7, tag: 'slot' };
    };
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => (i % 2 ? a : b).take(k, seed)));
    expect(results.filter((x) => x?.admitted)).toHaveLength(7);
    expect(results.every((x) => x && x.tag === 'slot')).toBe(true);
    // At most one read of the source per instance.
    expect(seeds).toBeLessThanOrEqual(2);
  });

  it('gives a place back once, and re-reads the source after a reset', async () => {
    const a = new AdmissionCounter(r1, 60_000);
    const b = new AdmissionCounter(r2, 60_000);
    const k = key();
    let left = 1;
    const seed = async () => ({ remaining: left, tag: 'slot' });
    const got = await a.take(k, seed);
    expect(got?.admitted).toBe(true);
    expect((await b.take(k, seed))?.admitted).toBe(false);
    if (got?.admitted) {
      got.giveBack();
      got.giveBack(); // a second call changes nothing
    }
    await r1.ping(); // the give-back is sent before this reply
    const again = await b.take(k, seed);
    expect(again?.admitted).toBe(true);
    expect((await a.take(k, seed))?.admitted).toBe(false);
    // A cancellation: the source has a place again, and the counter is told.
    left = 1;
    a.reset(k);
    await r1.ping();
    expect((await b.take(k, seed))?.admitted).toBe(true);
  });

  it('lets a request through without a counter when the source has no answer', async () => {
    const a = new AdmissionCounter(r1, 60_000);
    expect(await a.take(key(), async () => null)).toBeNull();
    expect(
      await a.take(key(), async () => {
        throw new Error('HIS down');
      }),
    ).toBeNull();
  });
});
