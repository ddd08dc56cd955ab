import fs from 'node:fs';
import path from 'node:path';
import { startStack, type Stack } from '../../test/harness';
import { AuditChainHead, AuditLog } from '../db/entities';
import { GENESIS_HASH, canonicalJson } from './chain';

jest.setTimeout(60_000);

let s: Stack;
beforeAll(async () => {
  s = await startStack();
});
afterAll(() => s.close());

const scope = (n: number) => ({ actor: { userId: `u-${n}`, roles: ['resident' as const] }, requestId: `req-chain-${n}` });
const chained = () => s.bff.services.ds.getRepository(AuditLog).createQueryBuilder('a').where('a.seq IS NOT NULL').orderBy('a.seq', 'ASC').getMany();

it('canonical JSON sorts keys at every level and drops undefined', () => {
  expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: undefined, x: 'é' }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"x":"é","z":1}]},"b":1}');
});

it("50 audited actions at once (own transactions and callers' transactions) form one contiguous chain", async () => {
  const { audit, tx } = s.bff.services;
  const before = (await chained()).length;
  await Promise.all(
    Array.from({ length: 50 }, (_, i) =>
      i % 2
        ? audit.record(scope(i), { action: 'test.parallel', subjectType: 'test', subjectId: String(i), detail: { i, at: new Date(0) } })
        : tx.run(async (m) => {
            await audit.record(scope(i), { action: 'test.parallel', subjectType: 'test', subjectId: String(i), detail: { i } }, m);
          }),
    ),
  );
  const rows = await chained();
  expect(rows).toHaveLength(before + 50);
  expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
  expect(rows[0].prevHash).toBe(GENESIS_HASH);
  for (let i = 1; i < rows.length; i++) expect(rows[i].prevHash).toBe(rows[i - 1].hash);
  const head = await s.bff.services.ds.getRepository(AuditChainHead).findOneByOrFail({ id: 'audit' });
  expect([head.seq, head.hash]).toEqual([rows.at(-1)!.seq, rows.at(-1)!.hash]);
  expect(await audit.verify()).toEqual({ ok: true, checked: rows.length, anchorSeq: 0, headSeq: rows.length, firstBroken: null });
});

it('a rolled-back transaction leaves neither its row nor a gap', async () => {
  const { audit, tx } = s.bff.services;
  const before = (await chained()).length;
  await expect(
    tx.run(async (m) => {
      await audit.record(scope(1), { action: 'test.rollback', subjectType: 'test', subjectId: 'x' }, m);
      throw new Error('the change failed');
    }),
  ).rejects.toThrow('the change failed');
  await audit.record(scope(2), { action: 'test.after', subjectType: 'test', subjectId: 'y' });
  const rows = await chained();
  expect(rows).toHaveLength(before + 1);
  expect(rows.map((r) => r.action)).not.toContain('test.rollback');
  expect((await audit.verify()).ok).toBe(true);
});

it("a caller's transaction takes the chain head only as it commits: others audit meanwhile, nothing waits on it", async () => {
  const { audit, tx } = s.bff.services;
  const before = (await chained()).length;
  await tx.run(async (m) => {
    await audit.record(scope(1), { action: 'test.long_tx', subjectType: 'test', subjectId: 'a' }, m);
    // On MySQL this is another transaction: it would wait on a head held since the record above.
    await audit.record(scope(2), { action: 'test.meanwhile', subjectType: 'test', subjectId: 'b' });
    await audit.record(scope(3), { action: 'test.long_tx_2', subjectType: 'test', subjectId: 'c' }, m);
  });
  const rows = (await chained()).slice(before);
  expect(rows.map((r) => r.action).sort()).toEqual(['test.long_tx', 'test.long_tx_2', 'test.meanwhile']);
  // The caller's rows keep their order; on MySQL the other transaction committed first.
  const mine = rows.filter((r) => r.action.startsWith('test.long_tx')).map((r) => r.action);
  expect(mine).toEqual(['test.long_tx', 'test.long_tx_2']);
  if (tx.dialect === 'mysql') expect(rows[0].action).toBe('test.meanwhile');
  expect((await audit.verify()).ok).toBe(true);
});

describe('tampering', () => {
  it('a changed row, a removed row and a cut-off tail are each found, naming the first broken row', async () => {
    const { audit, ds } = s.bff.services;
    for (let i = 0; i < 5; i++) await audit.record(scope(i), { action: 'test.tamper', subjectType: 'test', subjectId: String(i), detail: { role: 'doctor' } });
    const rows = await chained();
    const victim = rows.at(-3)!;
    const repo = ds.getRepository(AuditLog);

    await repo.update({ id: victim.id }, { detail: { role: 'admin' } });
    expect(await audit.verify()).toMatchObject({ ok: false, firstBroken: { seq: victim.seq, id: victim.id, reason: 'hash' } });
    // Recomputing the row's own hash does not help: the next row still names the old one.
    await repo.update({ id: victim.id }, { detail: { role: 'doctor' } });
    expect((await audit.verify()).ok).toBe(true);

    await repo.delete({ id: victim.id });
    expect(await audit.verify()).toMatchObject({ ok: false, firstBroken: { seq: victim.seq, id: null, reason: 'missing' } });
    await repo.insert(victim as never);
    expect((await audit.verify()).ok).toBe(true);

    const last = rows.at(-1)!;
    await repo.delete({ id: last.id });
    expect(await audit.verify()).toMatchObject({ ok: false, firstBroken: { seq: last.seq, reason: 'missing' } });
    await repo.insert(last as never);
    expect((await audit.verify()).ok).toBe(true);
  });
});

it('the genesis hash in the migrations is the one the chain starts from', () => {
  for (const d of ['mysql', 'sqlite']) {
    const dir = path.join(__dirname, '../db/migrations', d);
    const file = fs.readdirSync(dir).find((f) => f.endsWith('-AuditChain.ts'))!;
    expect(fs.readFileSync(path.join(dir, file), 'utf8')).toContain(`'audit', 0, '${GENESIS_HASH}', 0, '${GENESIS_HASH}', 0`);
  }
});
