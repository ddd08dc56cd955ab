import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { AppTokenHolder, RedisTokenStore } from './token-holder';

const REDIS_URL = process.env.TEST_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('AppTokenHolder shared through Redis (two BFF instances)', () => {
  const conns: Redis[] = [];
  const connect = () => {
    const r = new Redis(REDIS_URL, { maxRetriesPerRequest: 2 });
    conns.push(r);
    return r;
  };
  afterAll(async () => {
    await Promise.all(conns.map((c) => c.quit()));
  });

  it('fetches once for two holders asking at the same time, and once again when both see it refused', async () => {
    const key = `hptest:healthcard:${randomUUID()}`;
    let fetches = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const fetch = async () => {
      fetches++;
      await gate;
      return { token: `T${fetches}`, expiresInSeconds: 7200 };
    };
    const a = new AppTokenHolder(new RedisTokenStore(connect(), key, { pollMs: 10 }), fetch);
    const b = new AppTokenHolder(new RedisTokenStore(connect(), key, { pollMs: 10 }), fetch);

    const pa = a.get();
    const pb = b.get();
    // Wait until one instance holds the lock and is fetching; the other is waiting for it.
    const probe = connect();
    while ((await probe.exists(`${key}:lock`)) === 0) await new Promise((r) => setImmediate(r));
    release();
    await expect(Promise.all([pa, pb])).resolves.toEqual(['T1', 'T1']);
    expect(fetches).toBe(1);
    expect(JSON.parse((await probe.get(key))!).token).toBe('T1');

    await expect(Promise.all([a.invalidate('T1'), b.invalidate('T1')])).resolves.toEqual(['T2', 'T2']);
    expect(fetches).toBe(2);
    await probe.del(key);
  });
});
