import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import Redis from 'ioredis';
import { createLogger } from '../logger';
import type { Job } from '../job';
import { JobRunner } from './periodic';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const logger = createLogger('silent');

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function periodicJob(name: string, everyMs: number, run: (ctx?: { runId: string }) => Promise<unknown>): Job {
  return { name, start() {}, stop: async () => undefined, periodic: { everyMs, run } };
}

describe('periodic jobs on BullMQ Job Schedulers, several workers sharing Redis', () => {
  const redis = new Redis(REDIS_URL);
  let prefix: string;
  beforeEach(() => {
    prefix = `hptest-periodic-${randomUUID().slice(0, 8)}`;
  });
  afterEach(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
  });
  afterAll(() => redis.quit());

  it('two workers: each tick runs once across both, never two runs at a time', async () => {
    const runs: Array<{ runId: string; worker: string }> = [];
    let active = 0;
    let maxActive = 0;
    const make = (worker: string) =>
      new JobRunner(
        [
          periodicJob('tick', 150, async (ctx) => {
            active++;
            maxActive = Math.max(maxActive, active);
            runs.push({ runId: ctx!.runId, worker });
            await new Promise((r) => setTimeout(r, 20 + Math.random() * 60));
            active--;
          }),
        ],
        { logger, redisUrl: REDIS_URL, prefix },
      );
    const a = make('a');
    const b = make('b');
    const t0 = Date.now();
    await Promise.all([a.start(), b.start()]);
    await until(() => runs.length >= 12, '12 runs');
    await Promise.all([a.stop(), b.stop()]);
    const elapsed = Date.now() - t0;
    const ids = runs.map((r) => r.runId);
    expect(new Set(ids).size).toBe(ids.length);
    // One run per 150 ms tick across both workers (two in-process timers would make twice as many).
    expect(runs.length).toBeLessThanOrEqual(Math.ceil(elapsed / 150) + 2);
    expect(maxActive).toBe(1);
  });

  it('a worker killed -9 in the middle of a run: the run is retried by the other worker and completes once', async () => {
    const logKey = `${prefix}:log`;
    const child = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), path.join(__dirname, 'periodic.fixture.ts')], {
      env: { ...process.env, REDIS_URL, PREFIX: prefix, LOG_KEY: logKey, LOCK_MS: '1000' },
      stdio: 'ignore',
    });
    const exited = new Promise((r) => child.once('exit', r));
    let started = '';
    await until(
      async () => {
        const log = await redis.lrange(logKey, 0, -1);
        started = log.find((l) => l.startsWith('started ')) ?? '';
        return !!started;
      },
      'the child to start a run',
      30_000,
    );
    child.kill('SIGKILL');
    await exited;

    const runId = started.slice('started '.length);
    const done: string[] = [];
    const survivor = new JobRunner(
      [
        periodicJob('slow', 60_000, async (ctx) => {
          done.push(ctx!.runId);
        }),
      ],
      { logger, redisUrl: REDIS_URL, prefix, lockMs: 1000, stalledIntervalMs: 250 },
    );
    await survivor.start();
    try {
      await until(() => done.includes(runId), `the stalled run ${runId} to be retried`);
      // Let the stalled-job checker go round a few more times: the run is not handed out again.
      const checks = Date.now() + 1500;
      await until(() => Date.now() > checks, 'a few stalled checks');
      expect(done.filter((id) => id === runId)).toEqual([runId]);
      expect(new Set(done).size).toBe(done.length);
    } finally {
      await survivor.stop();
    }
  });
});
