import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger';
import { RetryLater, backoffFor, type JobCounts, type JobOptions, type Processor, type Queue, type QueueBackend, type WorkerOptions } from './types';

interface MemJob {
  id: string;
  name: string;
  data: unknown;
  attempt: number;
  maxAttempts: number;
  backoffMs: number;
  runAt: number;
}

/** Per queue: waiting jobs in order, delayed timers, running count and the limiter window. */
class MemQueue implements Queue<unknown> {
  waiting: MemJob[] = [];
  delayed = new Map<string, { job: MemJob; timer: NodeJS.Timeout }>();
  live = new Set<string>();
  active = 0;
  processor: Processor<unknown> | null = null;
  opts: WorkerOptions = {};
  windowStart = 0;
  windowCount = 0;
  limiterTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly name: string,
    private readonly backend: MemoryQueueBackend,
  ) {}

  async add(jobName: string, data: unknown, opts: JobOptions = {}): Promise<void> {
    const id = opts.jobId ?? randomUUID();
    if (this.live.has(id)) return;
    this.live.add(id);
    const job: MemJob = { id, name: jobName, data, attempt: 1, maxAttempts: Math.max(1, opts.attempts ?? 1), backoffMs: opts.backoffMs ?? 1000, runAt: 0 };
    this.schedule(job, opts.delayMs ?? 0);
  }

  async addBulk(jobs: Array<{ name: string; data: unknown; opts?: JobOptions }>): Promise<void> {
    for (const j of jobs) await this.add(j.name, j.data, j.opts);
  }

  async counts(): Promise<JobCounts> {
    return { waiting: this.waiting.length, delayed: this.delayed.size, active: this.active };
  }

  schedule(job: MemJob, delayMs: number): void {
    if (delayMs <= 0) {
      this.waiting.push(job);
      this.backend.kick(this);
      return;
    }
    const timer = setTimeout(() => {
      this.delayed.delete(job.id);
      this.waiting.push(job);
      this.backend.kick(this);
    }, delayMs);
    this.delayed.set(job.id, { job, timer });
  }
}

/**
 * The in-process backend of the embedded default: same semantics as the BullMQ backend (job ids,
 * delays, attempts with exponential backoff, concurrency, a start-rate limiter), nothing persisted.
 */
export class MemoryQueueBackend implements QueueBackend {
  readonly kind = 'memory' as const;
  private readonly queues = new Map<string, MemQueue>();
  private running = false;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly logger: Logger) {}

  queue<T>(name: string): Queue<T> {
    let q = this.queues.get(name);
    if (!q) {
      q = new MemQueue(name, this);
      this.queues.set(name, q);
    }
    return q as Queue<T>;
  }

  process<T>(name: string, processor: Processor<T>, opts: WorkerOptions = {}): void {
    const q = this.queue(name) as unknown as MemQueue;
    q.processor = processor as Processor<unknown>;
    q.opts = opts;
  }

  start(): void {
    this.running = true;
    for (const q of this.queues.values()) this.kick(q);
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const q of this.queues.values()) {
      for (const { timer } of q.delayed.values()) clearTimeout(timer);
      if (q.limiterTimer) clearTimeout(q.limiterTimer);
    }
    while ([...this.queues.values()].some((q) => q.active > 0)) await new Promise<void>((r) => this.idleWaiters.push(r));
  }

  /** Starts as many waiting jobs as concurrency and the limiter allow. */
  kick(q: MemQueue): void {
    if (!this.running || !q.processor) return;
    const concurrency = q.opts.concurrency ?? 1;
    while (q.waiting.length > 0 && q.active < concurrency) {
      const limiter = q.opts.limiter;
      if (limiter) {
        const now = Date.now();
        if (now - q.windowStart >= limiter.durationMs) {
          q.windowStart = now;
          q.windowCount = 0;
        }
        if (q.windowCount >= limiter.max) {
          if (!q.limiterTimer) {
            q.limiterTimer = setTimeout(
              () => {
                q.limiterTimer = null;
                this.kick(q);
              },
              q.windowStart + limiter.durationMs - now,
            );
          }
          return;
        }
        q.windowCount++;
      }
      const job = q.waiting.shift()!;
      q.active++;
      void this.run(q, job);
    }
  }

  private async run(q: MemQueue, job: MemJob): Promise<void> {
    let retryIn: number | null = null;
    try {
      await q.processor!({ id: job.id, name: job.name, data: job.data, attempt: job.attempt, maxAttempts: job.maxAttempts });
    } catch (e) {
      if (e instanceof RetryLater) retryIn = e.delayMs;
      else if (job.attempt < job.maxAttempts) {
        retryIn = backoffFor(job.attempt, job.backoffMs);
        job.attempt++;
      } else {
        this.logger.warn({ queue: q.name, job: job.name, jobId: job.id, err: (e as Error).message }, 'job failed for good');
      }
    } finally {
      q.active--;
      if (retryIn !== null && this.running) q.schedule(job, retryIn);
      else q.live.delete(job.id);
      if (q.active === 0) this.idleWaiters.splice(0).forEach((r) => r());
      this.kick(q);
    }
  }
}
