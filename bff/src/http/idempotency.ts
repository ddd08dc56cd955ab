import { createHash, randomUUID } from 'node:crypto';
import os from 'node:os';
import type Koa from 'koa';
import type { DataSource } from 'typeorm';
import { IdempotencyKey } from '../db/entities';
import { newId } from '../db/columns';
import { errors } from '../errors';
import { isUniqueViolation } from '../db/unique-violation';

const KEY = /^[A-Za-z0-9_-]{8,64}$/;

/** What a handler knows about the request's key: a re-run (`recovering`) must adopt what a dead attempt left. */
export interface IdempotencyAttempt {
  key: string;
  /** 1 for the first run; each takeover of a lapsed lease adds one. */
  attempt: number;
  recovering: boolean;
}

/** The attempt of the request being handled, when its route is idempotent. */
export function attemptOf(ctx: Koa.Context): IdempotencyAttempt | undefined {
  return ctx.state.idempotency as IdempotencyAttempt | undefined;
}

/** What a retry must repeat exactly: the route and its parameters and body. */
export function requestHashOf(route: string, body: unknown): string {
  return createHash('sha256')
    .update(route)
    .update(JSON.stringify(body ?? null))
    .digest('hex');
}

/**
 * Idempotency-Key for POSTs that create money or bookings: the first request with a key runs,
 * a retry with the same key and body replays the stored answer, a concurrent duplicate gets 409,
 * and the same key with a different body is refused. Failed requests free the key for a retry.
 *
 * Crash safety: the pending row is leased to this instance (`leaseMs`, renewed while the handler
 * runs). An instance that dies (kill -9) stops renewing; once the lease has lapsed, a retry takes
 * the row over with a conditional UPDATE (one concurrent retry wins) and runs the handler again as
 * attempt n+1, which adopts what the dead attempt left (handlers read `attemptOf(ctx)`).
 */
export class Idempotency {
  /** The clock leases are judged by (tests move it past a lease). */
  clock: () => number = Date.now;
  /** This instance, as named in the rows it leases. */
  readonly owner = `${os.hostname().slice(0, 30)}:${process.pid}:${randomUUID().slice(0, 8)}`;

  constructor(
    private readonly ds: DataSource,
    private readonly leaseMs: number,
  ) {}

  /** Whether this user already used this key: one indexed read, plain SQL (it runs on every refusal in a rush). */
  async seen(userId: string, key: string): Promise<boolean> {
    if (!KEY.test(key)) return false;
    const q = (name: string) => this.ds.driver.escape(name);
    const rows = await this.ds.query(`SELECT 1 FROM ${q('idempotency_keys')} WHERE ${q('userId')} = ? AND ${q('key')} = ? LIMIT 1`, [userId, key]);
    return rows.length > 0;
  }

  async run(ctx: Koa.Context, userId: string, route: string, body: unknown, handler: () => Promise<void>): Promise<void> {
    const key = ctx.get('idempotency-key');
    if (!KEY.test(key)) throw errors.badInput([{ path: 'Idempotency-Key', message: '缺少或无效的请求编号' }], '请求缺少防重复提交编号，请刷新后重试');
    const requestHash = requestHashOf(route, body);
    const repo = this.ds.getRepository(IdempotencyKey);
    let id: string = newId();
    let attempt = 1;
    try {
      await repo.insert({ id, userId, key, route, requestHash, state: 'pending', responseStatus: null, responseBody: null, leaseOwner: this.owner, leaseExpiresAt: this.leaseEnd(), attempt });
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      const prior = await repo.findOneBy({ userId, key });
      if (!prior || prior.requestHash !== requestHash) {
        throw errors.of('IDEMPOTENCY_CONFLICT', '该请求编号已用于另一笔操作，请刷新后重试');
      }
      if (prior.state === 'done') {
        ctx.status = prior.responseStatus ?? 200;
        ctx.body = prior.responseBody ? JSON.parse(prior.responseBody) : undefined;
        ctx.set('Idempotent-Replayed', 'true');
        return;
      }
      // Pending: another instance is (or was) running it. Alive → 409; its lease lapsed → take over.
      if (!(await this.takeOver(prior))) throw errors.of('IDEMPOTENCY_CONFLICT');
      id = prior.id;
      attempt = prior.attempt + 1;
    }
    ctx.state.idempotency = { key, attempt, recovering: attempt > 1 } satisfies IdempotencyAttempt;
    const renew = setInterval(() => void this.renew(id, attempt).catch(() => undefined), Math.max(250, Math.floor(this.leaseMs / 3)));
    renew.unref();
    try {
      await handler();
    } catch (e) {
      clearInterval(renew);
      // The key is free again for a retry, unless another attempt took it over meanwhile.
      await repo.delete({ id, attempt });
      throw e;
    }
    clearInterval(renew);
    await repo.update(
      { id, state: 'pending' },
      { state: 'done', responseStatus: ctx.status, responseBody: ctx.body === undefined ? null : JSON.stringify(ctx.body), leaseOwner: null, leaseExpiresAt: null },
    );
  }

  /**
   * Takes a pending row whose lease has lapsed (or that never had one: rows from before leases).
   * Conditional on the attempt it read, so of several retries at once exactly one wins.
   */
  async takeOver(prior: Pick<IdempotencyKey, 'id' | 'attempt' | 'leaseExpiresAt' | 'state'>): Promise<boolean> {
    const now = this.clock();
    if (prior.state !== 'pending' || (prior.leaseExpiresAt && prior.leaseExpiresAt.getTime() > now)) return false;
    const r = await this.ds
      .createQueryBuilder()
      .update(IdempotencyKey)
      .set({ leaseOwner: this.owner, leaseExpiresAt: this.leaseEnd(), attempt: prior.attempt + 1 })
      .where('id = :id AND state = :state AND attempt = :attempt', { id: prior.id, state: 'pending', attempt: prior.attempt })
      .execute();
    return r.affected === 1;
  }

  private async renew(id: string, attempt: number): Promise<void> {
    await this.ds.getRepository(IdempotencyKey).update({ id, attempt, state: 'pending' }, { leaseExpiresAt: this.leaseEnd() });
  }

  private leaseEnd(): Date {
    return new Date(this.clock() + this.leaseMs);
  }
}
