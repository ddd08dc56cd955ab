import type { Logger } from './logger';
import type { Job, Periodic } from './job';

/**
 * A background job that runs `fn` every `everyMs` while the server is up: one run at a time, the
 * next one `everyMs` after the last ended, and `stop` waits for the run in progress.
 * `everyMs` 0 turns the job off. The timer calls `periodic.run`, so a runner may wrap it (metrics).
 */
export function intervalJob(name: string, everyMs: number, fn: () => Promise<unknown>, logger: Logger): Job & { periodic: Periodic } {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;
  let stopped = true;
  let runs = 0;
  const periodic: Periodic = { everyMs, run: () => fn() };
  // A failed run is logged, so the promise the timer drops never rejects.
  const runOnce = async () => {
    running = periodic.run({ runId: `${name}:${++runs}` }).catch((err) => logger.error({ err, job: name }, 'job run failed'));
    await running;
    running = null;
    if (!stopped) tick();
  };
  const tick = () => {
    timer = setTimeout(() => void runOnce(), everyMs);
    timer.unref();
  };
  return {
    name,
    periodic,
    start: () => {
      if (everyMs <= 0 || !stopped) return;
      stopped = false;
      tick();
    },
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
