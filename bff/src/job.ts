/** A background job a service runs while the server is up (reconciliation, reminders …). */
export interface Job {
  name: string;
  start(): void;
  stop(): Promise<void>;
  /** A periodic job: with REDIS_URL it runs as a BullMQ Job Scheduler (once across instances) instead of start(). */
  periodic?: Periodic;
}

/**
 * What a periodic job does and how often: the job runner (runtime/periodic.ts) runs `run` either
 * in-process (intervalJob's timer in jobs.ts) or as a BullMQ Job Scheduler shared by every instance (REDIS_URL).
 * `run` must be safe to repeat: a worker killed mid-run has its run retried by another one.
 */
export interface Periodic {
  everyMs: number;
  run: (ctx?: { runId: string }) => Promise<unknown>;
}
