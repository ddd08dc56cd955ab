/**
 * A vaccine booking whose BFF died between its commit and recording the answer: the key stays
 * pending under the dead instance's lease. After the lease lapsed, the retry finds the appointment
 * (its id comes from the key) and answers it, rather than refusing it as a duplicate.
 * (The real kill -9 of a BFF process is in ../../../test/crash-recovery.mysql.test.ts.)
 */
import { startStack, type Stack } from '../../../test/harness';
import { IdempotencyKey } from '../../db/entities';
import { VaccineAppointment } from './entities';
import { adult, book, idemKey, nextSession } from './test-kit';

let s: Stack;
const LEASE_MS = 30_000;
beforeAll(async () => {
  s = await startStack({ VACCINE_JOB_INTERVAL_SECONDS: '0', TRUST_PROXY: 'true', IDEMPOTENCY_LEASE_MS: String(LEASE_MS) });
});
afterAll(() => s.close());
afterEach(() => {
  s.bff.services.idempotency.clock = Date.now;
});

it('a retry after the dead attempt committed answers the appointment it wrote, once', async () => {
  const a = await adult(s, 'female');
  const session = await nextSession(s, a.token, 'VC003', 'Flu', 1);
  const body = { memberId: a.self, clinicId: 'VC003', sessionId: session.id, vaccineCode: 'Flu' };
  const k = idemKey();
  const first = await book(s, a.token, body, k);
  expect(first.status).toBe(201);
  const keys = s.bff.services.ds.getRepository(IdempotencyKey);
  await keys.update({ key: k }, { state: 'pending', responseStatus: null, responseBody: null, leaseOwner: 'killed-host:4242:deadbeef', leaseExpiresAt: new Date(Date.now() + LEASE_MS) });
  expect((await book(s, a.token, body, k)).body.error.code).toBe('IDEMPOTENCY_CONFLICT');

  s.bff.services.idempotency.clock = () => Date.now() + LEASE_MS + 1000;
  const r = await book(s, a.token, body, k);
  expect(r.status).toBe(201);
  expect(r.body).toEqual(first.body);
  expect(await s.bff.services.ds.getRepository(VaccineAppointment).countBy({ memberId: a.self })).toBe(1);
  expect(await keys.findOneByOrFail({ key: k })).toMatchObject({ state: 'done', attempt: 2 });
  // A new key for the same dose is the duplicate it always was.
  expect((await book(s, a.token, body)).body.error.code).toBe('VACCINE_ALREADY_BOOKED');
});
