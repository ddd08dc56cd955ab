import { AppTokenHolder, InProcessTokenStore } from './token-holder';

/** A fetch that resolves only when the test says so, counting calls. */
function controlledFetch() {
  const calls: Array<(token: string) => void> = [];
  const fetch = () =>
    new Promise<{ token: string; expiresInSeconds: number }>((resolve) => {
      calls.push((token) => resolve({ token, expiresInSeconds: 7200 }));
    });
  return { fetch, calls };
}

/** Lets queued promise callbacks run (no timers involved). */
const settle = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

describe('AppTokenHolder (in-process)', () => {
  let now = Date.parse('2026-12-02T08:00:00Z');
  const clock = () => now;

  it('lets two concurrent callers share one fetch', async () => {
    const f = controlledFetch();
    const holder = new AppTokenHolder(new InProcessTokenStore(), f.fetch, { now: clock });
    const a = holder.get();
    const b = holder.get();
    await settle();
    expect(f.calls).toHaveLength(1);
    f.calls[0]('T1');
    await expect(Promise.all([a, b])).resolves.toEqual(['T1', 'T1']);
    await expect(holder.get()).resolves.toBe('T1');
    expect(f.calls).toHaveLength(1);
  });

  it('refreshes five minutes before expiry, not earlier', async () => {
    const f = controlledFetch();
    const holder = new AppTokenHolder(new InProcessTokenStore(), f.fetch, { now: clock });
    const first = holder.get();
    await settle();
    f.calls[0]('T1');
    await first;
    now += (7200 - 301) * 1000;
    await expect(holder.get()).resolves.toBe('T1');
    expect(f.calls).toHaveLength(1);
    now += 2000;
    const second = holder.get();
    await settle();
    expect(f.calls).toHaveLength(2);
    f.calls[1]('T2');
    await expect(second).resolves.toBe('T2');
  });

  it('replaces a token the platform refused once, however many callers saw the refusal', async () => {
    const f = controlledFetch();
    const holder = new AppTokenHolder(new InProcessTokenStore(), f.fetch, { now: clock });
    const first = holder.get();
    await settle();
    f.calls[0]('T1');
    await first;
    const a = holder.invalidate('T1');
    const b = holder.invalidate('T1');
    await settle();
    expect(f.calls).toHaveLength(2);
    f.calls[1]('T2');
    await expect(Promise.all([a, b])).resolves.toEqual(['T2', 'T2']);
    // A late report about the token already replaced does not fetch again.
    await expect(holder.invalidate('T1')).resolves.toBe('T2');
    expect(f.calls).toHaveLength(2);
  });

  it('passes a failed fetch to its callers and tries again on the next call', async () => {
    let n = 0;
    const holder = new AppTokenHolder(
      new InProcessTokenStore(),
      async () => {
        n++;
        if (n === 1) throw new Error('platform down');
        return { token: 'T-ok', expiresInSeconds: 7200 };
      },
      { now: clock },
    );
    await expect(holder.get()).rejects.toThrow('platform down');
    await expect(holder.get()).resolves.toBe('T-ok');
    expect(n).toBe(2);
  });
});
