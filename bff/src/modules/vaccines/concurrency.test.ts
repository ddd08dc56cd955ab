import { In } from 'typeorm';
import { startStack, type Stack } from '../../../test/harness';
import { VaccineAppointment, VaccineSessionQuota, VaccineStock } from './entities';
import { adult, book, nextSession } from './test-kit';

/**
 * No dose or place is handed out twice when requests race (run it with MYSQL_URL: MariaDB runs the
 * transactions concurrently; SQLite serialises them, so there it shows the same outcome, not the proof).
 */
let s: Stack;
beforeAll(async () => {
  // A generous upstream budget: 40 residents hit the in-process sandbox at once on a shared 2-core machine.
  s = await startStack({ UPSTREAM_TIMEOUT_MS: '5000', VACCINE_JOB_INTERVAL_SECONDS: '0', VACCINE_BOOK_RATE_PER_MINUTE: '200', TRUST_PROXY: 'true' });
});
afterAll(() => s.close());

const repo = <T extends object>(e: new () => T) => s.bff.services.ds.getRepository(e);

async function women(n: number) {
  const out = [];
  for (let i = 0; i < n; i++) out.push(await adult(s, 'female', `199${i % 10}-0${1 + (i % 9)}-1${i % 10}`));
  return out;
}

describe('racing for scarce stock', () => {
  it('40 women race for a batch of 12 HPV9 doses: exactly 12 get one, the rest are told it is gone', async () => {
    const people = await women(40);
    // Only the test's batch is open: the clock stands before the weekly releases.
    const weekly = (await s.sbx('GET', '/platform/vaccination/products')).body.items.find((p: any) => p.id === 'P-HPV9').batches.filter((b: any) => b.clinicId === 'VC003');
    const before = Date.parse(weekly.map((b: any) => b.releaseAt).sort()[0]) - 3600_000;
    const batch = (await s.sbx('POST', '/platform/vaccination/sandbox/batches', { body: { clinicId: 'VC003', productId: 'P-HPV9', quantity: 12, releaseAt: '2026-01-01T00:00:00+08:00' } })).body;
    s.bff.services.vaccines.context.clock = () => before;
    try {
      const session = (await s.api('GET', '/api/v1/vaccines/clinics/VC003/sessions?vaccineCode=HPV9', { token: people[0].token })).body.items.find(
        (x: any) => Date.parse(x.start) > Math.max(before, Date.now()),
      );
      const results = await Promise.all(people.map((p) => book(s, p.token, { memberId: p.self, clinicId: 'VC003', sessionId: session.id, vaccineCode: 'HPV9' })));
      const ok = results.filter((r) => r.status === 201);
      expect(ok).toHaveLength(12);
      expect(results.filter((r) => r.status !== 201).map((r) => r.body.error.code)).toEqual(Array(28).fill('VACCINE_OUT_OF_STOCK'));
      expect(ok.every((r) => r.body.status === 'pending_payment' && r.body.orderId)).toBe(true);
      expect(await repo(VaccineStock).findOneByOrFail({ id: batch.id })).toMatchObject({ quantity: 12, remaining: 0 });
      expect(await repo(VaccineAppointment).countBy({ stockId: batch.id })).toBe(12);
      expect((await repo(VaccineSessionQuota).findOneByOrFail({ id: `${session.id}|HPV9` })).booked).toBe(12);
      // every order belongs to exactly one appointment
      const orders = new Set(ok.map((r) => r.body.orderId));
      expect(orders.size).toBe(12);
    } finally {
      s.bff.services.vaccines.context.clock = Date.now;
    }
  }, 120_000);

  it('25 women race for 6 places of one session: exactly 6 booked, and the stock moves by 6', async () => {
    const people = await women(25);
    const session = await nextSession(s, people[0].token, 'VC003', 'Flu', 2);
    // The clinic gives this session 6 flu places (the platform's capacity is imported once).
    await repo(VaccineSessionQuota).insert({ id: `${session.id}|Flu`, clinicId: 'VC003', sessionId: session.id, vaccineCode: 'Flu', capacity: 6, booked: 0 });
    const stockBefore = (await repo(VaccineStock).findBy({ clinicId: 'VC003', productId: 'P-FLU' })).reduce((n, b) => n + b.remaining, 0);
    const results = await Promise.all(people.map((p) => book(s, p.token, { memberId: p.self, clinicId: 'VC003', sessionId: session.id, vaccineCode: 'Flu' })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(6);
    expect(results.filter((r) => r.status !== 201).map((r) => r.body.error.code)).toEqual(Array(19).fill('VACCINE_SESSION_FULL'));
    expect((await repo(VaccineSessionQuota).findOneByOrFail({ id: `${session.id}|Flu` })).booked).toBe(6);
    const stockAfter = (await repo(VaccineStock).findBy({ clinicId: 'VC003', productId: 'P-FLU' })).reduce((n, b) => n + b.remaining, 0);
    expect(stockBefore - stockAfter).toBe(6);
  }, 120_000);

  it('one person tapping 8 times at once (different keys) gets one appointment', async () => {
    const [p] = await women(1);
    const session = await nextSession(s, p.token, 'VC003', 'Flu', 3);
    const results = await Promise.all(Array.from({ length: 8 }, () => book(s, p.token, { memberId: p.self, clinicId: 'VC003', sessionId: session.id, vaccineCode: 'Flu' })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status !== 201).every((r) => r.body.error.code === 'VACCINE_ALREADY_BOOKED')).toBe(true);
    expect(await repo(VaccineAppointment).countBy({ memberId: p.self, status: In(['pending_payment', 'confirmed']) })).toBe(1);
    expect((await repo(VaccineSessionQuota).findOneByOrFail({ id: `${session.id}|Flu` })).booked).toBe(1);
  });
});
