/**
 * kill -9 of a real BFF process in the middle of a request, then a new BFF on the same MariaDB:
 * the resident's retry with the same Idempotency-Key (after the dead instance's lease lapsed)
 * finishes what the first request started and answers as the first would have — one booking, the
 * HIS place counted once, no orphan hold; one vaccine appointment; one WeChat Pay transaction,
 * paid once. The sandbox (in this process) holds the upstream call in flight (faults `pause`) so
 * the kill lands there, then lets the upstream finish the work the dead BFF will never hear about.
 * MariaDB/MySQL only (jest.config.js runs *.mysql.test.ts with MYSQL_URL).
 */
import { IdempotencyKey } from '../src/db/entities';
import { Booking } from '../src/modules/booking/entities';
import { PaymentOrder } from '../src/modules/payments/entities';
import { VaccineAppointment, VaccineSessionQuota } from '../src/modules/vaccines/entities';
import { book, family, freshSession, key, slotAtHis, waitFor } from '../src/modules/booking/test-helpers';
import { adult, book as bookVaccine, idemKey } from '../src/modules/vaccines/test-kit';
import { startProcessStack, type BffProcess, type ProcessStack } from './bff-process';

jest.setTimeout(180_000);

const LEASE_MS = 2000;
let p: ProcessStack;
let bff: BffProcess;
const taken = new Set<string>();

beforeAll(async () => {
  p = await startProcessStack({
    IDEMPOTENCY_LEASE_MS: String(LEASE_MS),
    // The held upstream call must not time out before the kill lands.
    UPSTREAM_TIMEOUT_MS: '30000',
    OUTBOX_POLL_MS: '100',
    OUTBOX_RETRY_BASE_MS: '50',
    TRUST_PROXY: 'true',
    VACCINE_JOB_INTERVAL_SECONDS: '0',
  });
  bff = await p.start();
  await p.ds.initialize();
});
afterAll(async () => {
  await p?.close();
});

/** Holds the next matching upstream request at the sandbox; resolves once the BFF's call is held there. */
async function pauseNext(pathPrefix: string, method: string, send: () => Promise<unknown>): Promise<number> {
  const fault = (await p.sbx('POST', '/sandbox/faults', { body: { pathPrefix, method, pause: true, times: 1 } })).body;
  // The answer never comes: the BFF dies with the request.
  send().catch(() => undefined);
  await waitFor(`${method} ${pathPrefix} held in flight`, async () => (await p.sbx('GET', '/sandbox/faults')).body.items.find((f: { id: number }) => f.id === fault.id)?.waiting === 1, 30_000);
  return fault.id;
}

/** kill -9 of the BFF, the upstream finishing the held call, and a new BFF on the same database. */
async function killAndRestart(faultId: number, upstreamDone: () => Promise<boolean>): Promise<void> {
  await bff.kill();
  expect((await p.sbx('POST', `/sandbox/faults/${faultId}/release`)).status).toBe(204);
  await waitFor('the upstream to finish the held call', upstreamDone);
  bff = await p.start();
}

/** The dead request's key, still pending under the dead instance's lease; resolves once that lease lapsed. */
async function deadLeaseLapsed(k: string, deadPid: number): Promise<void> {
  const row = await p.ds.getRepository(IdempotencyKey).findOneByOrFail({ key: k });
  expect(row).toMatchObject({ state: 'pending', attempt: 1 });
  expect(row.leaseOwner).toContain(`:${deadPid}:`);
  await waitFor('the dead lease to lapse', async () => Date.now() > row.leaseExpiresAt!.getTime() + 50, LEASE_MS + 5000);
}

let booked: { token: string; bookingId: string; orderId: string; slotId: string };

describe('kill -9 while the HIS hold is in flight', () => {
  it('the retry after the lease adopts the hold: one booking, 201 with the same shape, the place counted once', async () => {
    const session = await freshSession(p.stack, { hospitalId: 'H001', free: false, taken, capacity: 1 });
    const slotId = session.slotIds[0];
    const f = await family(p.stack);
    const body = { slotId, memberId: f.memberIds[0] };
    const k = key();
    const dead = bff.pid;
    const faultId = await pauseNext('/his/appointments', 'POST', () => book(p.stack, f.token, body, k));
    await killAndRestart(faultId, async () => (await slotAtHis(p.stack, slotId)).booked === 1);

    // The orphan hold keeps the only place: someone else is told it is full.
    const other = await family(p.stack);
    expect((await book(p.stack, other.token, { slotId, memberId: other.memberIds[0] })).body.error.code).toBe('SLOT_FULL');

    await deadLeaseLapsed(k, dead);
    const r = await book(p.stack, f.token, body, k);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ status: 'pending_payment', date: session.date, memberId: f.memberIds[0], payment: { amountFen: session.feeFen } });
    const holds = (await p.sbx('GET', `/his/sandbox/appointments?slotId=${slotId}`)).body.items;
    expect(holds.map((a: { status: string }) => a.status)).toEqual(['held']);
    const rows = await p.ds.getRepository(Booking).findBy({ slotId });
    expect(rows.map((b) => [b.id, b.hisAppointmentId])).toEqual([[r.body.id, holds[0].id]]);
    expect(await slotAtHis(p.stack, slotId)).toMatchObject({ booked: 1, remaining: 0 });
    expect(await p.ds.getRepository(IdempotencyKey).findOneByOrFail({ key: k })).toMatchObject({ state: 'done', attempt: 2, responseStatus: 201 });

    const replay = await book(p.stack, f.token, body, k);
    expect(replay).toMatchObject({ status: 201, body: r.body });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    booked = { token: f.token, bookingId: r.body.id, orderId: r.body.payment.orderId, slotId };
  });
});

describe('kill -9 in the middle of a vaccine booking', () => {
  it('the retry after the lease books once (the dead attempt wrote nothing), 201, the session counted once', async () => {
    const a = await adult(p.stack, 'female');
    // Straight from the platform: the BFF has read nothing of the clinic yet, so the booking must ask.
    const sessions = (await p.sbx('GET', '/platform/vaccination/clinics/VC003/sessions')).body.items as Array<{ id: string; start: string; quotas: Array<{ vaccineCode: string }> }>;
    const session = sessions.find((x) => Date.parse(x.start) > Date.now() + 86_400_000 && x.quotas.some((q) => q.vaccineCode === 'Flu'))!;
    const body = { memberId: a.self, clinicId: 'VC003', sessionId: session.id, vaccineCode: 'Flu' };
    const k = idemKey();
    const dead = bff.pid;
    // The admission step reads the clinic's sessions before the key is taken; the resident's own
    // record (her history) is read by the booking itself, under the key's lease: the BFF dies there.
    const faultId = await pauseNext('/platform/residents/', 'GET', () => bookVaccine(p.stack, a.token, body, k));
    await killAndRestart(faultId, async () => true);
    expect(await p.ds.getRepository(VaccineAppointment).countBy({ memberId: a.self })).toBe(0);

    await deadLeaseLapsed(k, dead);
    const r = await bookVaccine(p.stack, a.token, body, k);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ status: 'pending_payment', vaccineCode: 'Flu' });
    expect(await p.ds.getRepository(VaccineAppointment).countBy({ memberId: a.self })).toBe(1);
    expect((await p.ds.getRepository(VaccineSessionQuota).findOneByOrFail({ id: `${session.id}|Flu` })).booked).toBe(1);
    expect(await p.ds.getRepository(IdempotencyKey).findOneByOrFail({ key: k })).toMatchObject({ state: 'done', attempt: 2 });
    const replay = await bookVaccine(p.stack, a.token, body, k);
    expect(replay).toMatchObject({ status: 201, body: r.body });
  });
});

describe('kill -9 while the WeChat Pay JSAPI order is in flight', () => {
  it('the next prepay gets a prepay_id for the same transaction; paying it pays the one order once', async () => {
    const { token, bookingId, orderId, slotId } = booked;
    const order = await p.ds.getRepository(PaymentOrder).findOneByOrFail({ id: orderId });
    const faultId = await pauseNext('/wechatpay/v3/pay/transactions/jsapi', 'POST', () => p.api('POST', `/api/v1/payments/orders/${orderId}/prepay`, { token }));
    await killAndRestart(faultId, async () => (await p.sbx('GET', `/wechatpay/sandbox/transactions/${order.outTradeNo}`)).status === 200);
    const orphan = (await p.sbx('GET', `/wechatpay/sandbox/transactions/${order.outTradeNo}`)).body;
    expect(orphan.prepay_ids).toHaveLength(1);
    // The dead BFF never stored the prepay_id.
    expect((await p.ds.getRepository(PaymentOrder).findOneByOrFail({ id: orderId })).prepayId).toBeNull();

    const prepay = await p.api('POST', `/api/v1/payments/orders/${orderId}/prepay`, { token });
    expect(prepay.status).toBe(200);
    expect(prepay.body).toMatchObject({ orderId, outTradeNo: order.outTradeNo, amountFen: order.amountFen });
    const tx = (await p.sbx('GET', `/wechatpay/sandbox/transactions/${order.outTradeNo}`)).body;
    expect(tx.prepay_ids).toEqual([...orphan.prepay_ids, prepay.body.prepayId]);
    expect(tx.trade_state).toBe('NOTPAY');

    const paid = await p.sbx('POST', '/wechatpay/sandbox/pay', { body: { prepay_id: prepay.body.prepayId, result: 'success' } });
    expect(paid.status).toBe(200);
    await waitFor('the booking confirmed', async () => (await p.api('GET', `/api/v1/bookings/${bookingId}`, { token })).body.status === 'confirmed', 30_000);
    expect(await p.ds.getRepository(PaymentOrder).findOneByOrFail({ id: orderId })).toMatchObject({ state: 'PAID' });
    expect(await p.ds.getRepository(PaymentOrder).countBy({ userId: order.userId })).toBe(1);
    // Paying again with the first prepay_id is refused: the one transaction is paid.
    expect((await p.sbx('POST', '/wechatpay/sandbox/pay', { body: { prepay_id: orphan.prepay_ids[0], result: 'success' } })).status).toBe(400);
    expect(await slotAtHis(p.stack, slotId)).toMatchObject({ booked: 1 });
  });
});
