/**
 * One job-queue interface with two backends: BullMQ on Redis when REDIS_URL is set (jobs survive
 * restarts and are shared by every BFF instance), and an in-process queue in the embedded default.
 * Handlers must be idempotent either way: a job can run again after a crash, and the in-process
 * queue forgets its jobs on restart (owners re-enqueue from their own tables on start).
 */
export interface JobOptions {
  /** A job with the id of one still waiting, delayed or running is not added again. No ':' allowed (BullMQ). */
  jobId?: string;
  delayMs?: number;
  /** Total runs including the first (default 1). */
  attempts?: number;
  /** Exponential backoff: the n-th retry waits backoffMs × 2^(n-1). */
  backoffMs?: number;
}

export interface JobRun<T> {
  id: string;
  name: string;
  data: T;
  /** 1 for the first run. */
  attempt: number;
  maxAttempts: number;
}

export type Processor<T> = (job: JobRun<T>) => Promise<void>;

export interface WorkerOptions {
  concurrency?: number;
  /** At most `max` jobs start per `durationMs` (across instances with BullMQ). */
  limiter?: { max: number; durationMs: number };
}

export interface JobCounts {
  waiting: number;
  delayed: number;
  active: number;
}

export interface Queue<T> {
  readonly name: string;
  add(jobName: string, data: T, opts?: JobOptions): Promise<void>;
  addBulk(jobs: Array<{ name: string; data: T; opts?: JobOptions }>): Promise<void>;
  counts(): Promise<JobCounts>;
}

export interface QueueBackend {
  readonly kind: 'memory' | 'bullmq';
  queue<T>(name: string): Queue<T>;
  /** Registers the one processor of a queue; call before start(). A thrown error retries while attempts remain. */
  process<T>(name: string, processor: Processor<T>, opts?: WorkerOptions): void;
  start(): void;
  /** Stops taking jobs and waits for running ones to finish. */
  stop(): Promise<void>;
}

/** Thrown by a processor to run the job again later without using up an attempt (e.g. an open circuit). */
export class RetryLater extends Error {
  constructor(
    readonly delayMs: number,
    message = 'retry later',
  ) {
    super(message);
  }
}

export function backoffFor(attempt: number, backoffMs: number): number {
  return backoffMs * 2 ** Math.max(0, attempt - 1);
}
