import { randomInt } from 'node:crypto';
import { LessThanOrEqual, type DataSource, type EntityManager } from 'typeorm';
import { newId } from '../db/columns';
import type { Logger } from '../logger';
import type { Job } from '../job';
import { OutboxMessage } from './entity';
import { intervalJob } from '../jobs';

interface OutboxDelivery {
  id: string;
  topic: string;
  dedupeKey: string;
  /** 1 for the first attempt. */
  attempt: number;
}

/** Delivers one message; throw to be retried later. Must be idempotent: a message can be delivered twice. */
export type OutboxHandler<P = any> = (payload: P, delivery: OutboxDelivery) => Promise<void>;

/**
 * The wait before attempt `attempt + 1`: base × 2^(attempt−1), capped, with ±20 % jitter so
 * instances retrying after an outage do not stampede the upstream together.
 */
export function backoffDelay(attempt: number, baseMs: number, capMs: number, jitter: () => number = () => randomInt(0, 401) / 1000): number {
  const exp = Math.min(capMs, baseMs * 2 ** Math.min(attempt - 1, 20));
  return Math.max(1, Math.round(exp * (0.8 + jitter())));
}

export interface OutboxOptions {
  pollMs: number;
  /** First retry delay; doubles per attempt (with jitter) up to maxBackoffMs. */
  retryBaseMs: number;
  maxBackoffMs?: number;
  batchSize?: number;
  /** How long a claimed message is left to one worker before another may take it. */
  leaseMs?: number;
}

/**
 * The transactional outbox: `enqueue` writes a message inside the caller's transaction, so the
 * message exists exactly when the change that caused it committed. A job then delivers each
 * message to its topic's handler, retrying with exponential backoff until the handler succeeds —
 * a HIS outage delays the news but never loses it. Several BFF instances can run the job: a
 * conditional claim (lockedUntil) gives each message to one worker at a time.
 */
export class Outbox {
  private readonly handlers = new Map<string, OutboxHandler>();
  private running: Promise<unknown> | null = null;
  private stopped = true;

  constructor(
    private readonly ds: DataSource,
    private readonly logger: Logger,
    private readonly opts: OutboxOptions,
  ) {}

  register<P>(topic: string, handler: OutboxHandler<P>): void {
    if (this.handlers.has(topic)) throw new Error(`outbox topic ${topic} already has a handler`);
    this.handlers.set(topic, handler as OutboxHandler);
  }

  /** Inside the caller's transaction. A second message with the same dedupeKey is ignored. */
  async enqueue(m: EntityManager, topic: string, payload: Record<string, unknown>, dedupeKey: string): Promise<void> {
    // INSERT IGNORE (MySQL) would also swallow a truncation: refuse oversized values here instead.
    if (dedupeKey.length > 160) throw new Error('outbox dedupeKey longer than 160 characters');
    if (topic.length > 64) throw new Error('outbox topic longer than 64 characters');
    if (Buffer.byteLength(JSON.stringify(payload)) > 60_000) throw new Error('outbox payload larger than 60 kB');
    await m
      .createQueryBuilder()
      .insert()
      .into(OutboxMessage)
      .values({ id: newId(), topic, dedupeKey, payload: payload as never, state: 'pending', attempts: 0, nextAttemptAt: new Date(), lockedUntil: null, lastError: null, deliveredAt: null })
      .orIgnore()
      .execute();
    this.soon();
  }

  /** Delivers every due message once (the job calls this on a timer; tests call it directly). */
  runOnce(): Promise<{ delivered: number; failed: number }> {
    // One pass at a time in this process; callers during a pass share it.
    if (this.running) return this.running.then(() => this.runOnce());
    const run = this.pass().finally(() => {
      this.running = null;
    });
    this.running = run;
    return run;
  }

  private async pass(): Promise<{ delivered: number; failed: number }> {
    const repo = this.ds.getRepository(OutboxMessage);
    const now = new Date();
    const due = await repo.find({
      where: { state: 'pending', nextAttemptAt: LessThanOrEqual(now) },
      order: { nextAttemptAt: 'ASC' },
      take: this.opts.batchSize ?? 50,
    });
    let delivered = 0;
    let failed = 0;
    for (const msg of due) {
      if (msg.lockedUntil && msg.lockedUntil > now) continue;
      const claimed = await repo
        .createQueryBuilder()
        .update(OutboxMessage)
        .set({ lockedUntil: new Date(Date.now() + (this.opts.leaseMs ?? 60_000)) })
        .where('id = :id AND state = :state AND (lockedUntil IS NULL OR lockedUntil <= :now)', { id: msg.id, state: 'pending', now })
        .execute();
      if (claimed.affected !== 1) continue;
      const attempt = msg.attempts + 1;
      const handler = this.handlers.get(msg.topic);
      try {
        if (!handler) throw new Error(`no handler registered for topic ${msg.topic}`);
        await handler(msg.payload, { id: msg.id, topic: msg.topic, dedupeKey: msg.dedupeKey, attempt });
        await repo.update({ id: msg.id }, { state: 'done', attempts: attempt, deliveredAt: new Date(), lockedUntil: null, lastError: null });
        delivered++;
      } catch (e) {
        const wait = this.backoff(attempt);
        const reason = (e as Error)?.message ?? String(e);
        await repo.update({ id: msg.id }, { attempts: attempt, nextAttemptAt: new Date(Date.now() + wait), lockedUntil: null, lastError: reason.slice(0, 1000) });
        (attempt >= 10 ? this.logger.error : this.logger.warn).call(this.logger, { topic: msg.topic, dedupeKey: msg.dedupeKey, attempt, retryInMs: wait, reason }, 'outbox delivery failed');
        failed++;
      }
    }
    return { delivered, failed };
  }

  private backoff(attempt: number): number {
    return backoffDelay(attempt, this.opts.retryBaseMs, this.opts.maxBackoffMs ?? 600_000);
  }

  /** Messages not yet delivered, by topic (for health pages and tests). */
  async pending(topic?: string): Promise<OutboxMessage[]> {
    return this.ds.getRepository(OutboxMessage).find({ where: { state: 'pending', ...(topic ? { topic } : {}) }, order: { createdAt: 'ASC' } });
  }

  /**
   * For readiness and metrics: undelivered messages, how many have failed at least once, and the
   * lag, how long the oldest due message has waited past its attempt time (backoff is not lag:
   * a message waiting out its retry delay is not due yet).
   */
  async stats(now = new Date()): Promise<{ pending: number; failing: number; lagSeconds: number }> {
    const repo = this.ds.getRepository(OutboxMessage);
    const [pending, failing, oldest] = await Promise.all([
      repo.count({ where: { state: 'pending' } }),
      repo.createQueryBuilder('m').where('m.state = :s AND m.attempts > 0', { s: 'pending' }).getCount(),
      repo.findOne({ where: { state: 'pending', nextAttemptAt: LessThanOrEqual(now) }, order: { nextAttemptAt: 'ASC' } }),
    ]);
    return { pending, failing, lagSeconds: oldest ? Math.max(0, (now.getTime() - oldest.nextAttemptAt.getTime()) / 1000) : 0 };
  }

  /** Runs a pass shortly after an enqueue (the transaction has usually committed by then). */
  private soon(): void {
    if (this.stopped) return;
    setTimeout(() => void this.runOnce().catch(() => undefined), 50).unref();
  }

  private loop?: Job;
  get job(): Job {
    return (this.loop ??= (() => {
      const poll = intervalJob('outbox', this.opts.pollMs, () => this.runOnce(), this.logger);
      return {
        name: poll.name,
        periodic: poll.periodic,
        start: () => {
          this.stopped = false;
          poll.start();
        },
        stop: async () => {
          this.stopped = true;
          await poll.stop();
          await this.running?.catch(() => undefined);
        },
      };
    })());
  }
}
