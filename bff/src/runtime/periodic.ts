import { Queue, Worker } from 'bullmq';
import type { Logger } from '../logger';
import type { Job } from '../job';
import { bullConnection } from '../queue/bullmq';

export interface JobRunnerOptions {
  logger: Logger;
  /** BullMQ Job Schedulers on this Redis; in-process timers without it. */
  redisUrl?: string;
  prefix?: string;
  /** BullMQ lock: a worker that stops renewing it (killed) has its run retried elsewhere. */
  lockMs?: number;
  stalledIntervalMs?: number;
  /** Called after every run (metrics). */
  observe?: (job: string, seconds: number, ok: boolean) => void;
}

/**
 * Runs the services' background jobs. Without Redis each periodic job keeps its in-process timer
 * (the embedded default). With Redis every periodic job is a BullMQ Job Scheduler on its own queue:
 * the scheduler makes one job per tick, exactly one worker of all instances takes it (global
 * concurrency 1, so a slow run never overlaps the next tick), and a worker killed mid-run stops
 * renewing its lock: the stalled job is moved back and run by another worker. The runs themselves
 * are idempotent (claims, conditional updates), so a retried run does nothing twice.
 * Jobs without `periodic` (the queue's workers) are started as they are.
 */
export class JobRunner {
  private readonly queues: Queue[] = [];
  private readonly workers: Worker[] = [];
  private readonly started: Job[] = [];

  constructor(
    private readonly jobs: Job[],
    private readonly o: JobRunnerOptions,
  ) {
    // Time every run, whichever way it is scheduled (the in-process timer calls periodic.run too).
    for (const job of jobs) {
      if (!job.periodic) continue;
      const run = job.periodic.run;
      job.periodic.run = async (ctx) => {
        const t0 = process.hrtime.bigint();
        let ok = false;
        try {
          const r = await run(ctx);
          ok = true;
          return r;
        } finally {
          o.observe?.(job.name, Number(process.hrtime.bigint() - t0) / 1e9, ok);
        }
      };
    }
  }

  get mode(): 'bullmq' | 'in-process' {
    return this.o.redisUrl ? 'bullmq' : 'in-process';
  }

  async start(): Promise<void> {
    for (const job of this.jobs) {
      if (job.periodic && this.o.redisUrl) await this.schedule(job.name, job.periodic);
      else {
        job.start();
        this.started.push(job);
      }
    }
  }

  private async schedule(name: string, periodic: NonNullable<Job['periodic']>): Promise<void> {
    const connection = bullConnection(this.o.redisUrl!);
    const prefix = this.o.prefix ?? 'hp';
    const queue = new Queue(`periodic-${name}`, { connection, prefix });
    queue.on('error', (err) => this.o.logger.warn({ job: name, err: err.message }, 'job scheduler connection error'));
    this.queues.push(queue);
    if (periodic.everyMs <= 0) {
      await queue.removeJobScheduler(name);
      return;
    }
    await queue.setGlobalConcurrency(1);
    await queue.upsertJobScheduler(name, { every: periodic.everyMs }, { name, data: {}, opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 500 } } });
    const lockDuration = this.o.lockMs ?? 30_000;
    const worker = new Worker(`periodic-${name}`, async (j) => periodic.run({ runId: j.id! }), {
      connection,
      prefix,
      concurrency: 1,
      lockDuration,
      stalledInterval: this.o.stalledIntervalMs ?? lockDuration,
      maxStalledCount: 1,
    });
    worker.on('error', (err) => this.o.logger.warn({ job: name, err: err.message }, 'job worker error'));
    worker.on('failed', (j, err) => this.o.logger.error({ job: name, runId: j?.id, err: err.message }, 'job run failed'));
    this.workers.push(worker);
  }

  /** Stops taking runs and waits for the ones in progress. The schedulers stay: other instances go on. */
  async stop(): Promise<void> {
    await Promise.all([...this.workers.map((w) => w.close()), ...this.started.map((j) => j.stop())]);
    await Promise.all(this.queues.map((q) => q.close()));
    this.workers.length = 0;
    this.queues.length = 0;
    this.started.length = 0;
  }
}
