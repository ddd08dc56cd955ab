import { DelayedError, Queue as BullQueue, Worker, type ConnectionOptions, type Job } from 'bullmq';
import type { Logger } from '../logger';
import { RetryLater, type JobCounts, type JobOptions, type Processor, type Queue, type QueueBackend, type WorkerOptions } from './types';

function bullOpts(opts: JobOptions = {}) {
  const attempts = Math.max(1, opts.attempts ?? 1);
  return {
    jobId: opts.jobId,
    delay: opts.delayMs && opts.delayMs > 0 ? Math.round(opts.delayMs) : undefined,
    attempts,
    backoff: attempts > 1 ? { type: 'exponential' as const, delay: opts.backoffMs ?? 1000 } : undefined,
    // Keep a bounded history for inspection; ids of removed jobs may be reused (handlers are idempotent).
    removeOnComplete: { count: 1000 },
    removeOnFail: { count: 5000 },
  };
}

class BullMqQueue<T> implements Queue<T> {
  constructor(
    readonly name: string,
    private readonly q: BullQueue,
  ) {}

  async add(jobName: string, data: T, opts?: JobOptions): Promise<void> {
    await this.q.add(jobName, data as never, bullOpts(opts));
  }

  async addBulk(jobs: Array<{ name: string; data: T; opts?: JobOptions }>): Promise<void> {
    await this.q.addBulk(jobs.map((j) => ({ name: j.name, data: j.data as never, opts: bullOpts(j.opts) })));
  }

  async counts(): Promise<JobCounts> {
    const c = await this.q.getJobCounts('waiting', 'delayed', 'active', 'prioritized');
    return { waiting: (c.waiting ?? 0) + (c.prioritized ?? 0), delayed: c.delayed ?? 0, active: c.active ?? 0 };
  }
}

/** BullMQ connection options from a redis:// or rediss:// URL (workers block: no retry limit). */
export function bullConnection(redisUrl: string): ConnectionOptions {
  const u = new URL(redisUrl);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    username: u.username || undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
    tls: u.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null,
  };
}

/**
 * BullMQ on Redis: jobs survive restarts, and every BFF instance's workers share the queues and
 * the rate limiter. Workers need their own connections (blocking commands), created from the URL.
 */
export class BullMqBackend implements QueueBackend {
  readonly kind = 'bullmq' as const;
  private readonly queues = new Map<string, BullQueue>();
  private readonly processors = new Map<string, { processor: Processor<unknown>; opts: WorkerOptions }>();
  private workers: Worker[] = [];
  private readonly connection: ConnectionOptions;

  constructor(
    redisUrl: string,
    readonly prefix: string,
    private readonly logger: Logger,
  ) {
    this.connection = bullConnection(redisUrl);
  }

  private bull(name: string): BullQueue {
    let q = this.queues.get(name);
    if (!q) {
      q = new BullQueue(name, { connection: this.connection, prefix: this.prefix });
      q.on('error', (err) => this.logger.warn({ queue: name, err: err.message }, 'queue connection error'));
      this.queues.set(name, q);
    }
    return q;
  }

  queue<T>(name: string): Queue<T> {
    return new BullMqQueue<T>(name, this.bull(name));
  }

  process<T>(name: string, processor: Processor<T>, opts: WorkerOptions = {}): void {
    this.bull(name);
    this.processors.set(name, { processor: processor as Processor<unknown>, opts });
  }

  start(): void {
    for (const [name, { processor, opts }] of this.processors) {
      const worker = new Worker(
        name,
        async (job: Job, token?: string) => {
          try {
            await processor({ id: job.id!, name: job.name, data: job.data, attempt: job.attemptsMade + 1, maxAttempts: job.opts.attempts ?? 1 });
          } catch (e) {
            if (!(e instanceof RetryLater)) throw e;
            // Delay without using up an attempt.
            await job.moveToDelayed(Date.now() + e.delayMs, token);
            throw new DelayedError();
          }
        },
        {
          connection: this.connection,
          prefix: this.prefix,
          concurrency: opts.concurrency ?? 1,
          limiter: opts.limiter ? { max: opts.limiter.max, duration: opts.limiter.durationMs } : undefined,
        },
      );
      worker.on('error', (err) => this.logger.warn({ queue: name, err: err.message }, 'worker error'));
      worker.on('failed', (job, err) => {
        if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) this.logger.warn({ queue: name, job: job.name, jobId: job.id, err: err.message }, 'job failed for good');
      });
      this.workers.push(worker);
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
    this.workers = [];
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.queues.clear();
  }

  /** Tests: remove every key of this prefix's queues. */
  async obliterate(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
    this.workers = [];
    for (const q of this.queues.values()) await q.obliterate({ force: true });
  }
}
