/**
 * A booking whose BFF died in the middle (the HIS hold in flight): the dead attempt's pending
 * Idempotency-Key and its HIS hold are left behind. After the key's lease lapses, a retry with the
 * same key adopts the hold and finishes — or gives the place back when it may not keep it.
 * (The real kill -9 of a BFF process is in ../../../test/crash-recovery.mysql.test.ts.)
 */
import { startStack, type Stack } from '../../../test/harness';
import { IdempotencyKey } from '../../db/entities';
import { Booking } from './entities';
import { book, family, freshSession, key, pay, sessionPair, slotAtHis, waitFor } from './test-helpers';

jest.setTimeout(60_000);

let s: Stack;
const taken = new Set<string>();
const LEASE_MS = 30_000;

beforeAll(async () => {
  s = await startStack({ OUTBOX_POLL_MS: '100', OUTBOX_RETRY_BASE_MS: '50', TRUST_PROXY: 'true', IDEMPOTENCY_LEASE_MS: String(LEASE_MS) });
});
afterAll(() => s.close());
afterEach(async () => {
  s.bff.services.idempotency.clock = Date.now;
  await s.sbx('DELETE', '/sandbox/faults');
});

const keys = () => s.bff.services.ds.getRepository(IdempotencyKey);
const leaseLapsed = () => {
  s.bff.services.idempotency.clock = () => Date.now() + LEASE_MS + 1000;
};

/**
 * Books with `k` while the HIS hold is held at the sandbox; the BFF gives up on the call (as a
 * killed one would never read it), then the HIS takes the place. Leaves what a BFF killed -9 at
 * that moment leaves: the hold at the HIS and the key pending under the dead instance's lease.
 */
async function orphanHold(token: string, body: { slotId: string; memberId: string }, k: string) {
  const fault = (await s.sbx('POST', '/sandbox/faults', { body: { pathPrefix: '/his/appointments', method: 'POST', pause: true, times: 1 } })).body;
  const first = book(s, token, body, k);
  await waitFor('the hold in flight', async () => (await s.sbx('GET', '/sandbox/faults')).body.items.find((f: { id: number }) => f.id === fault.id)?.waiting === 1);
  const pending = await keys().findOneByOrFail({ key: k });
  expect(pending).toMatchObject({ state: 'pending', attempt: 1, leaseOwner: s.bff.services.idempotency.owner });
  // While its instance is alive (its lease runs), a retry is a concurrent duplicate.
  expect((await book(s, token, body, k)).body.error.code).toBe('IDEMPOTENCY_CONFLICT');
  expect((await first).status).toBe(503);
  await s.sbx('POST', `/sandbox/faults/${fault.id}/release`);
  await waitFor('the HIS to take the place', async () => (await slotAtHis(s, body.slotId)).booked === 1);
  await keys().insert({ ...pending, leaseOwner: 'killed-host:4242:deadbeef' });
  const holds = (await s.sbx('GET', `/his/sandbox/appointments?slotId=${body.slotId}`)).body.items.filter((a: { status: string }) => a.status === 'held');
  expect(holds).toHaveLength(1);
  return holds[0].id as string;
}

describe('a booking retried after its BFF died mid-request', () => {
  it('adopts the hold the dead attempt took once the lease lapsed, answers 201 and books once', async () => {
    const session = await freshSession(s, { hospitalId: 'H001', free: false, taken, capacity: 1 });
    const slotId = session.slotIds[0];
    expect((await slotAtHis(s, slotId)).capacity).toBe(1);
    const f = await family(s);
    const k = key();
    const holdId = await orphanHold(f.token, { slotId, memberId: f.memberIds[0] }, k);

    // The orphan hold keeps the only place: anyone else is told it is full.
    const other = await family(s);
    expect((await book(s, other.token, { slotId, memberId: other.memberIds[0] })).body.error.code).toBe('SLOT_FULL');
    // The dead instance's lease still runs: 409.
    expect((await book(s, f.token, { slotId, memberId: f.memberIds[0] }, k)).body.error.code).toBe('IDEMPOTENCY_CONFLICT');

    leaseLapsed();
    const r = await book(s, f.token, { slotId, memberId: f.memberIds[0] }, k);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ status: 'pending_payment', date: session.date });
    const rows = await s.bff.services.ds.getRepository(Booking).findBy({ userId: (await s.api('GET', '/api/v1/me', { token: f.token })).body.id });
    expect(rows.map((b) => [b.id, b.hisAppointmentId])).toEqual([[r.body.id, holdId]]);
    expect(await slotAtHis(s, slotId)).toMatchObject({ booked: 1, remaining: 0 });
    expect(await keys().findOneByOrFail({ key: k })).toMatchObject({ state: 'done', attempt: 2 });

    const replay = await book(s, f.token, { slotId, memberId: f.memberIds[0] }, k);
    expect(replay).toMatchObject({ status: 201, body: r.body });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    await pay(s, f.token, r.body.payment.orderId);
    await waitFor('confirmed', async () => (await s.api('GET', `/api/v1/bookings/${r.body.id}`, { token: f.token })).body.status === 'confirmed');
  });

  it('finds the booking a dead attempt committed before it could record the answer, and answers it', async () => {
    const session = await freshSession(s, { hospitalId: 'H001', free: false, taken });
    const f = await family(s);
    const k = key();
    const body = { slotId: session.slotIds[0], memberId: f.memberIds[0] };
    const first = await book(s, f.token, body, k);
    expect(first.status).toBe(201);
    // As if the instance died between the booking's commit and the key's `done`.
    await keys().update({ key: k }, { state: 'pending', responseStatus: null, responseBody: null, leaseOwner: 'killed-host:4242:deadbeef', leaseExpiresAt: new Date(Date.now() + LEASE_MS) });
    leaseLapsed();
    const r = await book(s, f.token, body, k);
    expect(r.status).toBe(201);
    expect(r.body).toEqual(first.body);
    expect((await s.api('GET', '/api/v1/bookings?tab=upcoming', { token: f.token })).body.items).toHaveLength(1);
    expect((await slotAtHis(s, body.slotId)).booked).toBe(1);
  });

  it('gives the hold back when the re-run may not keep it (the patient booked the department’s half-day meanwhile)', async () => {
    const [x, y] = await sessionPair(s, 'H001', taken);
    const f = await family(s);
    const k = key();
    await orphanHold(f.token, { slotId: x.slotIds[0], memberId: f.memberIds[0] }, k);
    // Meanwhile, with a new key, the same patient books another doctor of that department and half-day.
    expect((await book(s, f.token, { slotId: y.slotIds[0], memberId: f.memberIds[0] })).status).toBe(201);

    leaseLapsed();
    const r = await book(s, f.token, { slotId: x.slotIds[0], memberId: f.memberIds[0] }, k);
    expect(r.body.error.code).toBe('BOOKING_LIMIT_REACHED');
    expect((await slotAtHis(s, x.slotIds[0])).booked).toBe(0);
    // The key is free again (a failed request frees it).
    expect(await keys().findOneBy({ key: k })).toBeNull();
    expect((await s.api('GET', '/api/v1/bookings?tab=upcoming', { token: f.token })).body.items).toHaveLength(1);
  });
});
