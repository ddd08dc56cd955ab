/** The queue suite, run per backend: queue.test.ts in-process (npm test), queue.redis.test.ts on BullMQ (npm run test:redis). */
import { createLogger } from '../logger';
import { BullMqBackend, RetryLater, type JobRun, type QueueBackend } from '.';

const logger = createLogger('silent');
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Resolves when `check` is true, polling; rejects with `what` after a generous wait. */
async function until(check: () => boolean, what: string, ms = 15000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function describeQueue(label: string, make: () => QueueBackend) {
  describe(`job queue: ${label}`, () => {
    let backend: QueueBackend;
    beforeEach(() => {
      backend = make();
    });
    afterEach(async () => {
      await backend.stop();
      if (backend instanceof BullMqBackend) {
        // Leave no keys behind in the shared Redis.
        const cleaner = new BullMqBackend(REDIS_URL, backend.prefix, logger);
        for (const name of ['q1', 'q2', 'q3', 'q4', 'q5']) cleaner.queue(name);
        await cleaner.obliterate();
        await cleaner.stop();
      }
    });

    it('runs each job with its data once, and does not add a job whose id is still pending', async () => {
      const seen: string[] = [];
      backend.process<{ n: number }>('q1', async (job) => {
        seen.push(`${job.name}:${job.data.n}`);
      });
      const q = backend.queue<{ n: number }>('q1');
      await q.add('a', { n: 1 }, { jobId: 'same', delayMs: 200 });
      await q.add('a', { n: 2 }, { jobId: 'same', delayMs: 200 });
      await q.add('b', { n: 3 });
      backend.start();
      await until(() => seen.length >= 2, 'two jobs');
      await new Promise((r) => setTimeout(r, 400));
      expect(seen).toEqual(['b:3', 'a:1']);
    });

    it('retries a failing job with its attempt number, and stops after the last attempt', async () => {
      const attempts: Record<string, number[]> = { flaky: [], broken: [] };
      backend.process<{ key: 'flaky' | 'broken' }>('q2', async (job: JobRun<{ key: 'flaky' | 'broken' }>) => {
        attempts[job.data.key].push(job.attempt);
        expect(job.maxAttempts).toBe(3);
        if (job.data.key === 'broken' || job.attempt < 3) throw new Error('transient');
      });
      const q = backend.queue<{ key: 'flaky' | 'broken' }>('q2');
      await q.add('x', { key: 'flaky' }, { attempts: 3, backoffMs: 20 });
      await q.add('x', { key: 'broken' }, { attempts: 3, backoffMs: 20 });
      backend.start();
      await until(() => attempts.flaky.length === 3 && attempts.broken.length === 3, 'three attempts each');
      await new Promise((r) => setTimeout(r, 300));
      expect(attempts).toEqual({ flaky: [1, 2, 3], broken: [1, 2, 3] });
    });

    it('RetryLater runs the job again without using up an attempt', async () => {
      const runs: number[] = [];
      backend.process('q3', async (job) => {
        runs.push(job.attempt);
        if (runs.length < 3) throw new RetryLater(30);
      });
      await backend.queue('q3').add('x', {}, { attempts: 1 });
      backend.start();
      await until(() => runs.length === 3, 'three runs');
      expect(runs).toEqual([1, 1, 1]);
    });

    it('never starts more jobs in a window than the limiter allows, and never more at once than the concurrency', async () => {
      const starts: number[] = [];
      let running = 0;
      let maxRunning = 0;
      backend.process(
        'q4',
        async () => {
          starts.push(Date.now());
          running++;
          maxRunning = Math.max(maxRunning, running);
          await new Promise((r) => setTimeout(r, 10));
          running--;
        },
        { concurrency: 2, limiter: { max: 2, durationMs: 250 } },
      );
      const q = backend.queue('q4');
      await q.addBulk(Array.from({ length: 6 }, (_, i) => ({ name: 'x', data: { i } })));
      backend.start();
      await until(() => starts.length === 6, 'six starts');
      expect(maxRunning).toBeLessThanOrEqual(2);
      for (const t of starts) expect(starts.filter((s) => s >= t && s < t + 240).length).toBeLessThanOrEqual(2);
    });

    it('stop() waits for the running job to finish', async () => {
      let finished = false;
      let started = false;
      backend.process('q5', async () => {
        started = true;
        await new Promise((r) => setTimeout(r, 200));
        finished = true;
      });
      await backend.queue('q5').add('x', {});
      backend.start();
      await until(() => started, 'start');
      await backend.stop();
      expect(finished).toBe(true);
    });
  });
}
