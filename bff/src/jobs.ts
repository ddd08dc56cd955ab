import type { Logger } from './logger';
import type { Job } from './services';

/**
 * A background job that runs `fn` every `everyMs` while the server is up: one run at a time, the
 * next one `everyMs` after the last ended, and `stop` waits for the run in progress.
 * `everyMs` 0 turns the job off.
 */
export function intervalJob(name: string, everyMs: number, fn: () => Promise<unknown>, logger: Logger): Job {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;
  let stopped = true;
  const tick = () => {
    timer = setTimeout(async () => {
      running = fn().catch((err) => logger.error({ err, job: name }, 'job run failed'));
      await running;
      running = null;
      if (!stopped) tick();
    }, everyMs);
    timer.unref();
  };
  return {
    name,
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
