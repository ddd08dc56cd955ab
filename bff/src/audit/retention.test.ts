import { startStack, type Stack } from '../../test/harness';
import { loadConfig } from '../config';
import { AuditChainHead, AuditLog } from '../db/entities';

jest.setTimeout(60_000);

let s: Stack;
beforeAll(async () => {
  s = await startStack();
});
afterAll(() => s.close());

const DAY = 86_400_000;
const scope = { actor: { userId: 'u-retention', roles: ['admin' as const] }, requestId: 'req-retention' };
const chained = () => s.bff.services.ds.getRepository(AuditLog).createQueryBuilder('a').where('a.seq IS NOT NULL').orderBy('a.seq', 'ASC').getMany();
/** Until the clock has moved past `t` (rows written after it are strictly newer). */
async function pastMillisecond(t: Date) {
  while (Date.now() <= t.getTime()) await new Promise((r) => setImmediate(r));
}

it('AUDIT_RETENTION_DAYS defaults to 180 and refuses less', () => {
  expect(loadConfig({}).audit.retentionDays).toBe(180);
  expect(loadConfig({ AUDIT_RETENTION_DAYS: '365' }).audit.retentionDays).toBe(365);
  expect(() => loadConfig({ AUDIT_RETENTION_DAYS: '179' })).toThrow(/AUDIT_RETENTION_DAYS must be at least 180/);
});

it('the retention job is one of the periodic jobs', () => {
  expect(s.bff.services.jobs.map((j) => j.name)).toContain('audit-retention');
});

it('prunes rows past retention from the chain start; what is kept still verifies, and later rows chain on', async () => {
  const { audit, auditRetention, ds } = s.bff.services;
  for (let i = 0; i < 4; i++) await audit.record(scope, { action: 'test.old', subjectType: 'test', subjectId: String(i) });
  const old = await chained();
  await pastMillisecond(old.at(-1)!.createdAt);
  for (let i = 0; i < 3; i++) await audit.record(scope, { action: 'test.new', subjectType: 'test', subjectId: String(i) });
  const firstNew = (await chained())[old.length];

  // "now" is 180 days after the first new row: everything before it is past retention.
  const res = await auditRetention.runOnce(new Date(firstNew.createdAt.getTime() + 180 * DAY));
  expect(res).toEqual({ pruned: old.length, anchorSeq: old.at(-1)!.seq, stoppedAt: null });
  const kept = await chained();
  expect(kept.map((r) => r.action)).toEqual(['test.new', 'test.new', 'test.new']);
  const head = await ds.getRepository(AuditChainHead).findOneByOrFail({ id: 'audit' });
  expect([head.anchorSeq, head.anchorHash, head.pruned]).toEqual([old.at(-1)!.seq, old.at(-1)!.hash, old.length]);
  expect(await audit.verify()).toMatchObject({ ok: true, checked: 3, anchorSeq: old.at(-1)!.seq });

  await audit.record(scope, { action: 'test.after_prune', subjectType: 'test', subjectId: 'x' });
  expect(await audit.verify()).toMatchObject({ ok: true, checked: 4 });
  // Nothing else is old enough: a second run prunes nothing.
  expect((await auditRetention.runOnce(new Date(firstNew.createdAt.getTime() + 180 * DAY))).pruned).toBe(0);
});

it('keeps a tampered row past retention as evidence and stops pruning before it', async () => {
  const { audit, auditRetention, ds } = s.bff.services;
  await audit.record(scope, { action: 'test.a', subjectType: 'test', subjectId: 'a' });
  await audit.record(scope, { action: 'test.b', subjectType: 'test', subjectId: 'b' });
  const rows = await chained();
  const victim = rows.at(-1)!;
  await ds.getRepository(AuditLog).update({ id: victim.id }, { subjectId: 'changed' });
  const res = await auditRetention.runOnce(new Date(Date.now() + 200 * DAY));
  expect(res).toEqual({ pruned: rows.length - 1, anchorSeq: victim.seq! - 1, stoppedAt: victim.seq });
  expect((await chained()).map((r) => r.id)).toEqual([victim.id]);
  expect(await audit.verify()).toMatchObject({ ok: false, firstBroken: { seq: victim.seq, id: victim.id, reason: 'hash' } });
});
