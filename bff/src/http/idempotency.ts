import { createHash } from 'node:crypto';
import type Koa from 'koa';
import type { DataSource } from 'typeorm';
import { IdempotencyKey } from '../db/entities';
import { newId } from '../db/columns';
import { errors } from '../errors';
import { isUniqueViolation } from '../db/unique-violation';

const KEY = /^[A-Za-z0-9_-]{8,64}$/;

/**
 * Idempotency-Key for POSTs that create money or bookings: the first request with a key runs,
 * a retry with the same key and body replays the stored answer, a concurrent duplicate gets 409,
 * and the same key with a different body is refused. Failed requests free the key for a retry.
 */
export class Idempotency {
  constructor(private readonly ds: DataSource) {}

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
    const requestHash = createHash('sha256').update(route).update(JSON.stringify(body ?? null)).digest('hex');
    const repo = this.ds.getRepository(IdempotencyKey);
    const id = newId();
    try {
      await repo.insert({ id, userId, key, route, requestHash, state: 'pending', responseStatus: null, responseBody: null });
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      const prior = await repo.findOneBy({ userId, key });
      if (!prior || prior.requestHash !== requestHash) {
        throw errors.of('IDEMPOTENCY_CONFLICT', '该请求编号已用于另一笔操作，请刷新后重试');
      }
      if (prior.state === 'pending') throw errors.of('IDEMPOTENCY_CONFLICT');
      ctx.status = prior.responseStatus ?? 200;
      ctx.body = prior.responseBody ? JSON.parse(prior.responseBody) : undefined;
      ctx.set('Idempotent-Replayed', 'true');
      return;
    }
    try {
      await handler();
    } catch (e) {
      await repo.delete({ id });
      throw e;
    }
    await repo.update({ id }, { state: 'done', responseStatus: ctx.status, responseBody: ctx.body === undefined ? null : JSON.stringify(ctx.body) });
  }
}
