import { chinaToday } from '@healthpocket/shared-types';
import { startStack, type Stack } from '../../../test/harness';
import { addDays } from './china-time';
import { book, family, freshSession, key, pay, sessionPair, slotAtHis, waitFor, type SessionPick } from './test-helpers';

const ZHANG_WEI = '110101199003077838';

// Whole flows over real HTTP (and MariaDB); generous on a busy 2-core machine.
jest.setTimeout(60_000);

let s: Stack;
const taken = new Set<string>();

beforeAll(async () => {
  s = await startStack({ OUTBOX_POLL_MS: '100', OUTBOX_RETRY_BASE_MS: '50', TRUST_PROXY: 'true' });
});
afterAll(() => s.close());
afterEach(() => {
  s.bff.services.booking.clock = () => new Date();
});

const get = (token: string, id: string) => s.api('GET', `/api/v1/bookings/${id}`, { token });
const statusOf = async (token: string, id: string) => (await get(token, id)).body.status as string;

describe('browse', () => {
  it('lists hospitals with level, departments grouped, doctors with fees, and a schedule with what can be booked', async () => {
    const hospitals = await s.api('GET', '/api/v1/booking/hospitals');
    expect(hospitals.status).toBe(200);
    expect(hospitals.body.items.map((h: { id: string; level: string }) => [h.id, h.level])).toEqual([
      ['H001', '三级甲等'],
      ['H002', '三级乙等'],
      ['H003', '一级'],
    ]);
    const detail = await s.api('GET', '/api/v1/booking/hospitals/H002');
    expect(detail.body.rules).toMatchObject({ windowDays: 7, nextDayCutoff: '16:00' });
    expect(detail.body.notice[0]).toBe('可预约7天内的号源，每天00:00放出新一天的号源。');

    const depts = await s.api('GET', '/api/v1/booking/hospitals/H001/departments');
    expect(depts.body.groups[0].group).toBe('内科');
    expect(depts.body.groups[0].items.map((d: { name: string }) => d.name)).toContain('心血管内科');

    const deptId = depts.body.groups[0].items[0].id;
    const doctors = await s.api('GET', `/api/v1/booking/departments/${deptId}/doctors`);
    expect(doctors.body.items.length).toBeGreaterThan(0);
    expect(doctors.body.items[0]).toMatchObject({ departmentId: deptId, feeFen: expect.any(Number), title: expect.any(String) });

    const schedule = await s.api('GET', `/api/v1/booking/doctors/${doctors.body.items[0].id}/schedule`);
    expect(schedule.status).toBe(200);
    expect(schedule.body).toMatchObject({ from: chinaToday(), to: addDays(chinaToday(), 13), stale: false });
    for (const x of schedule.body.items) {
      expect(['open', 'full', 'not_open', 'closed']).toContain(x.status);
      expect(x.bookable).toBe(x.slots.some((slot: { bookable: boolean }) => slot.bookable));
      // Today is never bookable at H001 (no same-day booking).
      if (x.date === chinaToday()) expect(x.bookable).toBe(false);
    }
  });

  it('shows a date beyond the window as not yet released, with the opening time', async () => {
    // H002 books 7 days ahead; the HIS has 14 days of schedules.
    const depts = await s.api('GET', '/api/v1/booking/hospitals/H002/departments');
    const doctors = await s.api('GET', `/api/v1/booking/departments/${depts.body.groups[0].items[0].id}/doctors`);
    const sched = await s.api('GET', `/api/v1/booking/doctors/${doctors.body.items[0].id}/schedule`);
    expect(sched.body.to).toBe(addDays(chinaToday(), 6));
    expect(sched.body.items.every((x: { date: string }) => x.date <= addDays(chinaToday(), 6))).toBe(true);
  });

  it('searches doctors and departments by name, and refuses an empty query', async () => {
    const r = await s.api('GET', `/api/v1/booking/search?q=${encodeURIComponent('儿科')}`);
    expect(r.status).toBe(200);
    expect(r.body.departments.some((d: { name: string; hospitalName: string }) => d.name.includes('儿科') && d.hospitalName)).toBe(true);
    const liming = await s.api('GET', `/api/v1/booking/search?q=${encodeURIComponent('李明')}`);
    expect(liming.body.doctors.map((d: { id: string }) => d.id)).toContain('D-FD-001');
    expect((await s.api('GET', '/api/v1/booking/search?q=')).status).toBe(400);
    expect((await s.api('GET', '/api/v1/booking/hospitals/H999')).status).toBe(404);
    expect((await s.api('GET', '/api/v1/booking/doctors/NOPE/schedule')).status).toBe(404);
  });
});

describe('book, pay, cancel', () => {
  it('holds the slot, creates one order per Idempotency-Key, confirms once paid, and refunds on cancel', async () => {
    const f = await family(s);
    const session = await freshSession(s, { hospitalId: 'H001', free: false, taken });
    const slotId = session.slotIds[0];
    const before = await slotAtHis(s, slotId);

    const quote = await s.api('GET', `/api/v1/booking/quote?slotId=${slotId}&memberId=${f.memberIds[0]}`, { token: f.token });
    expect(quote.body).toMatchObject({ feeFen: session.feeFen, holdMinutes: 15, refusal: null, cancellableAfterBooking: true });

    const k = key();
    const created = await book(s, f.token, { slotId, memberId: f.memberIds[0] }, k);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'pending_payment', feeFen: session.feeFen, payment: { amountFen: session.feeFen }, hisAppointmentId: null });
    const holdMs = Date.parse(created.body.holdExpiresAt) - Date.now();
    expect(holdMs).toBeGreaterThan(14 * 60_000);
    expect(holdMs).toBeLessThanOrEqual(15 * 60_000);
    expect(created.body.start).toMatch(/\+08:00$/);
    expect((await slotAtHis(s, slotId)).booked).toBe(before.booked + 1);

    // A double tap or a retry with the same key: the same booking, no second hold, no second order.
    const replay = await book(s, f.token, { slotId, memberId: f.memberIds[0] }, k);
    expect(replay.status).toBe(201);
    expect(replay.body.id).toBe(created.body.id);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect((await slotAtHis(s, slotId)).booked).toBe(before.booked + 1);
    const orders = await s.api('GET', '/api/v1/payments/orders', { token: f.token });
    expect(orders.body.items.filter((o: { purpose: string }) => o.purpose === 'registration')).toHaveLength(1);
    const order = orders.body.items[0];
    // The order runs out with the hold, not after it.
    expect(Date.parse(order.expiresAt)).toBeLessThanOrEqual(Date.parse(created.body.holdExpiresAt));

    await pay(s, f.token, created.body.payment.orderId);
    const confirmed = await waitFor('confirmed', async () => {
      const b = (await get(f.token, created.body.id)).body;
      return b.status === 'confirmed' && b;
    });
    expect(confirmed).toMatchObject({ payment: null, holdExpiresAt: null, cancellable: true, hisAppointmentId: expect.stringMatching(/^GH/), visitNo: expect.any(Number) });
    const appt = await s.sbx('GET', `/his/appointments/${confirmed.hisAppointmentId}`);
    expect(appt.body).toMatchObject({ status: 'booked', paidFen: session.feeFen });
    expect((await s.api('GET', '/api/v1/bookings?tab=upcoming', { token: f.token })).body.items.map((b: { id: string }) => b.id)).toEqual([created.body.id]);

    const cancelled = await s.api('POST', `/api/v1/bookings/${created.body.id}/cancel`, { token: f.token, body: { reason: '行程有变' } });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelReason: '行程有变', refund: { amountFen: session.feeFen, status: 'pending' }, cancellable: false });
    await waitFor('refunded', async () => (await get(f.token, created.body.id)).body.refund?.status === 'refunded');
    await waitFor('slot released at the HIS', async () => (await slotAtHis(s, slotId)).booked === before.booked);
    expect((await s.sbx('GET', `/his/appointments/${confirmed.hisAppointmentId}`)).body.status).toBe('cancelled');
    const paidOrder = (await s.api('GET', `/api/v1/payments/orders/${order.id}`, { token: f.token })).body;
    expect(paidOrder).toMatchObject({ state: 'REFUNDED', refundedFen: session.feeFen });

    // Cancelling again answers the same and refunds nothing more.
    const again = await s.api('POST', `/api/v1/bookings/${created.body.id}/cancel`, { token: f.token, body: {} });
    expect(again.body.status).toBe('cancelled');
    expect((await s.api('GET', `/api/v1/payments/orders/${order.id}`, { token: f.token })).body.refunds).toHaveLength(1);
    expect((await s.api('GET', '/api/v1/bookings?tab=cancelled', { token: f.token })).body.items.map((b: { id: string }) => b.id)).toEqual([created.body.id]);
    expect((await s.api('GET', '/api/v1/bookings?tab=upcoming', { token: f.token })).body.items).toEqual([]);
  });

  it('confirms a free registration at once', async () => {
    const f = await family(s);
    const session = await freshSession(s, { hospitalId: 'H003', free: true, taken });
    const r = await book(s, f.token, { slotId: session.slotIds[0], memberId: f.memberIds[0] });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ status: 'confirmed', feeFen: 0, payment: null, hisAppointmentId: expect.stringMatching(/^GH/) });
    expect((await s.api('GET', '/api/v1/payments/orders', { token: f.token })).body.items).toEqual([]);
  });

  it('lets an unpaid hold expire: the slot returns and the order is closed', async () => {
    const f = await family(s);
    const session = await freshSession(s, { hospitalId: 'H001', free: false, taken });
    const slotId = session.slotIds[1];
    const before = await slotAtHis(s, slotId);
    const created = await book(s, f.token, { slotId, memberId: f.memberIds[0] });
    expect((await slotAtHis(s, slotId)).booked).toBe(before.booked + 1);

    // Nothing happens before the hold's time.
    expect(await s.bff.services.booking.expireDue(new Date(Date.now() + 60_000))).toBe(0);
    expect(await statusOf(f.token, created.body.id)).toBe('pending_payment');

    expect(await s.bff.services.booking.expireDue(new Date(Date.now() + 16 * 60_000))).toBe(1);
    const expired = (await get(f.token, created.body.id)).body;
    expect(expired).toMatchObject({ status: 'expired', payment: null, cancellable: false, cancelReason: '超时未支付，号源已释放' });
    await waitFor('slot back at the HIS', async () => (await slotAtHis(s, slotId)).booked === before.booked);
    const order = (await s.api('GET', `/api/v1/payments/orders/${created.body.payment.orderId}`, { token: f.token })).body;
    expect(order.state).toBe('CLOSED');
    // The same member may book that session again.
    expect((await book(s, f.token, { slotId, memberId: f.memberIds[0] })).status).toBe(201);
  });

  it('revives a hold that ran out at the HIS when payment arrives and the place is still free', async () => {
    const f = await family(s);
    const session = await freshSession(s, { hospitalId: 'H001', free: false, taken });
    const created = await book(s, f.token, { slotId: session.slotIds[2], memberId: f.memberIds[0] });
    const appts = (await s.sbx('GET', `/his/sandbox/appointments?slotId=${session.slotIds[2]}`)).body.items;
    await s.sbx('POST', `/his/sandbox/appointments/${appts[0].id}/expire-hold`);
    await pay(s, f.token, created.body.payment.orderId);
    await waitFor('confirmed', async () => (await statusOf(f.token, created.body.id)) === 'confirmed');
  });

  it('refunds a payment the HIS can no longer honour, and says why', async () => {
    const f = await family(s);
    const session = await freshSession(s, { hospitalId: 'H001', free: false, taken });
    const slotId = session.slotIds[3];
    const created = await book(s, f.token, { slotId, memberId: f.memberIds[0] });
    const appt = (await s.sbx('GET', `/his/sandbox/appointments?slotId=${slotId}`)).body.items[0];
    await s.sbx('POST', `/his/sandbox/appointments/${appt.id}/expire-hold`);
    // The HIS let the hold go by itself: the BFF's rush counter learns it at its next re-sync (seconds); here at once.
    s.bff.services.booking.reopened(slotId);
    // Someone else takes every place of the slot meanwhile.
    const other = await family(s, 4);
    for (const m of other.memberIds) await book(s, other.token, { slotId, memberId: m });
    expect((await slotAtHis(s, slotId)).remaining).toBe(0);

    await pay(s, f.token, created.body.payment.orderId);
    const b = await waitFor('cancelled by the system', async () => {
      const x = (await get(f.token, created.body.id)).body;
      return x.status === 'cancelled' && x;
    });
    expect(b.cancelReason).toBe('号源已失效，预约未成功');
    await waitFor('refunded', async () => (await get(f.token, created.body.id)).body.refund?.status === 'refunded');
  });

  it('confirms through the outbox when the HIS is down at payment time', async () => {
    const f = await family(s);
    const session = await freshSession(s, { hospitalId: 'H001', free: false, taken });
    const created = await book(s, f.token, { slotId: session.slotIds[0], memberId: f.memberIds[0] });
    await s.sbx('POST', '/sandbox/faults', { body: { pathPrefix: '/his/appointments/', method: 'POST', status: 503 } });
    try {
      await pay(s, f.token, created.body.payment.orderId);
      await waitFor('a failed delivery', async () => (await s.bff.services.outbox.pending('booking.his-confirm')).some((m) => m.attempts > 0));
      expect(await statusOf(f.token, created.body.id)).toBe('confirming');
    } finally {
      await s.sbx('DELETE', '/sandbox/faults');
    }
    await waitFor('confirmed after the HIS is back', async () => (await statusOf(f.token, created.body.id)) === 'confirmed', 15_000);
  });

  it('gives a retry after a timed-out hold the same place, not a duplicate refusal', async () => {
    const f = await family(s);
    const session = await freshSession(s, { hospitalId: 'H001', free: false, taken });
    const slotId = session.slotIds[0];
    // The HIS takes the place, but answers after the BFF has given up (1.5 s budget in tests).
    await s.sbx('POST', '/sandbox/faults', { body: { pathPrefix: '/his/appointments', method: 'POST', latencyMs: 2500, times: 1 } });
    const k = key();
    try {
      const first = await book(s, f.token, { slotId, memberId: f.memberIds[0] }, k);
      expect(first.status).toBe(503);
      expect(first.body.error.code).toBe('UPSTREAM_UNAVAILABLE');
      await waitFor('the late hold', async () => (await slotAtHis(s, slotId)).booked === 1);
    } finally {
      await s.sbx('DELETE', '/sandbox/faults');
    }
    const retry = await book(s, f.token, { slotId, memberId: f.memberIds[0] }, k);
    expect(retry.status).toBe(201);
    expect((await slotAtHis(s, slotId)).booked).toBe(1);
  });

  it('refuses to cancel after the cut-off, says why, and changes nothing', async () => {
    const f = await family(s);
    const session = await freshSession(s, { hospitalId: 'H003', free: true, taken });
    const created = await book(s, f.token, { slotId: session.slotIds[0], memberId: f.memberIds[0] });
    expect(created.body.status).toBe('confirmed');
    // H003: cancel until 07:00 on the visit day. Move the clock to 07:30 that day.
    s.bff.services.booking.clock = () => new Date(`${session.date}T07:30:00+08:00`);
    const r = await s.api('POST', `/api/v1/bookings/${created.body.id}/cancel`, { token: f.token, body: { reason: '行程有变' } });
    expect(r.status).toBe(409);
    expect(r.body.error).toMatchObject({ code: 'CANCEL_NOT_ALLOWED', rule: 'cancel_cutoff', message: expect.stringContaining('就诊当日07:00前') });
    const b = (await get(f.token, created.body.id)).body;
    expect(b).toMatchObject({ status: 'confirmed', cancellable: false, cancelBlockedReason: expect.stringContaining('已过退号截止时间') });
    expect((await slotAtHis(s, session.slotIds[0])).booked).toBe(1);
  });

  it('lets the user cancel an unpaid hold at any time, closing its order', async () => {
    const f = await family(s);
    const session = await freshSession(s, { hospitalId: 'H001', free: false, taken });
    const created = await book(s, f.token, { slotId: session.slotIds[0], memberId: f.memberIds[0] });
    const r = await s.api('POST', `/api/v1/bookings/${created.body.id}/cancel`, { token: f.token, body: {} });
    expect(r.body).toMatchObject({ status: 'cancelled', refund: null });
    expect((await s.api('GET', `/api/v1/payments/orders/${created.body.payment.orderId}`, { token: f.token })).body.state).toBe('CLOSED');
    await waitFor('slot released', async () => (await slotAtHis(s, session.slotIds[0])).booked === 0);
  });
});

describe('rules', () => {
  it('allows one booking per patient per department and session, and says which rule refused', async () => {
    const f = await family(s);
    const session = await freshSession(s, { hospitalId: 'H001', free: false, taken });
    expect((await book(s, f.token, { slotId: session.slotIds[0], memberId: f.memberIds[0] })).status).toBe(201);
    const second = await book(s, f.token, { slotId: session.slotIds[1], memberId: f.memberIds[0] });
    expect(second.status).toBe(409);
    expect(second.body.error).toMatchObject({ code: 'BOOKING_LIMIT_REACHED', rule: 'per_department_session', limit: 1 });
    // The refused attempt left no hold behind.
    expect((await slotAtHis(s, session.slotIds[1])).booked).toBe(0);
  });

  it('suspends booking after three no-shows reported by the HIS, until 90 days after the third', async () => {
    const f = await family(s);
    const visits: Array<{ id: string; date: string }> = [];
    // Three free sessions (the community centre is closed on some days of the week; morning and
    // afternoon of one day are different sessions).
    const open: SessionPick[] = [];
    const halfDay = (x: SessionPick) => `${x.date}-${x.id.split('-').pop()}`;
    for (const d of [2, 3, 4, 5, 6]) {
      for (let tries = 0; tries < 6 && open.length < 3; tries++) {
        const x = await freshSession(s, { hospitalId: 'H003', free: true, daysAhead: d, taken }).catch(() => null);
        if (!x) break;
        if (!open.some((o) => halfDay(o) === halfDay(x))) open.push(x);
      }
    }
    expect(open).toHaveLength(3);
    for (const session of open) {
      const r = await book(s, f.token, { slotId: session.slotIds[0], memberId: f.memberIds[0] });
      expect(r.body).toMatchObject({ status: 'confirmed' });
      visits.push({ id: r.body.id, date: session.date });
      await s.sbx('POST', `/his/sandbox/appointments/${r.body.hisAppointmentId}/no-show`);
    }
    // The visits have begun by then: the sync asks the HIS and records what it says.
    expect(await s.bff.services.booking.syncVisits(new Date(`${addDays(visits.map((v) => v.date).sort()[2], 1)}T12:00:00+08:00`))).toBe(3);
    for (const v of visits) expect(await statusOf(f.token, v.id)).toBe('no_show');
    expect((await s.api('GET', '/api/v1/bookings?tab=past', { token: f.token })).body.items).toHaveLength(3);

    const next = await freshSession(s, { hospitalId: 'H001', free: false, taken });
    const r = await book(s, f.token, { slotId: next.slotIds[0], memberId: f.memberIds[0] });
    expect(r.status).toBe(403);
    expect(r.body.error).toMatchObject({ code: 'BOOKING_SUSPENDED', rule: 'no_show', until: `${addDays(visits.map((v) => v.date).sort()[2], 90)}T00:00:00+08:00` });
    // The quote tells the resident before anything is charged.
    const q = await s.api('GET', `/api/v1/booking/quote?slotId=${next.slotIds[0]}&memberId=${f.memberIds[0]}`, { token: f.token });
    expect(q.body.refusal).toMatchObject({ code: 'BOOKING_SUSPENDED', rule: 'no_show' });
    expect((await slotAtHis(s, next.slotIds[0])).booked).toBe(0);
  });

  it('records check-in from the HIS', async () => {
    const f = await family(s);
    const session = await freshSession(s, { hospitalId: 'H003', free: true, taken });
    const r = await book(s, f.token, { slotId: session.slotIds[0], memberId: f.memberIds[0] });
    await s.sbx('POST', `/his/sandbox/appointments/${r.body.hisAppointmentId}/check-in`);
    expect(await s.bff.services.booking.syncVisits(new Date(`${session.date}T23:00:00+08:00`))).toBe(1);
    expect((await get(f.token, r.body.id)).body).toMatchObject({ status: 'checked_in', cancellable: false });
  });

  it('books a child without an ID card by the platform record, and refuses a child the platform does not know', async () => {
    const f = await family(s, 0, ZHANG_WEI);
    const kids = (await s.sbx('GET', `/platform/sandbox/children?guardianIdNumber=${ZHANG_WEI}`)).body.items as Array<{ name: string; birthDate: string; sex: string; recordNumber: string }>;
    const kid = kids[0];
    const add = async (name: string, birthDate: string, sex: string) =>
      (await s.api('POST', '/api/v1/family/members', { token: f.token, body: { name, relation: 'child', birthDate, sex, guardianConsentVersion: '2026-11-01' } })).body.id as string;
    const kidId = await add(kid.name, kid.birthDate, kid.sex);
    const session = await freshSession(s, { hospitalId: 'H002', free: false, taken });
    const r = await book(s, f.token, { slotId: session.slotIds[0], memberId: kidId });
    expect(r.status).toBe(201);
    expect(r.body.patientName).toBe(kid.name);
    const appt = (await s.sbx('GET', `/his/sandbox/appointments?slotId=${session.slotIds[0]}`)).body.items[0];
    expect(appt.patient).toEqual({ name: kid.name, idNumberMasked: null, recordNumber: kid.recordNumber });

    const strangerId = await add('张不在', '2022-02-02', 'male');
    const refused = await book(s, f.token, { slotId: session.slotIds[1], memberId: strangerId });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('PATIENT_NOT_IDENTIFIED');
  });

  it('refuses bad input with 4xx, and never shows another user’s booking', async () => {
    const f = await family(s);
    const session = await freshSession(s, { hospitalId: 'H001', free: false, taken });
    expect((await s.api('POST', '/api/v1/bookings', { token: f.token, body: { slotId: session.slotIds[0], memberId: f.memberIds[0] } })).status).toBe(400);
    expect((await book(s, f.token, { slotId: 'D001001-20990101-am-0800', memberId: f.memberIds[0] })).body.error.code).toBe('SLOT_UNAVAILABLE');
    expect((await book(s, f.token, { slotId: session.slotIds[0], memberId: 'not-mine' })).status).toBe(404);
    expect((await s.api('POST', '/api/v1/bookings', { token: f.token, body: { slotId: 1 }, headers: { 'Idempotency-Key': key() } })).status).toBe(400);
    const mine = await book(s, f.token, { slotId: session.slotIds[0], memberId: f.memberIds[0] });
    const other = await family(s);
    expect((await get(other.token, mine.body.id)).status).toBe(404);
    expect((await s.api('POST', `/api/v1/bookings/${mine.body.id}/cancel`, { token: other.token, body: {} })).status).toBe(404);
    expect(await statusOf(f.token, mine.body.id)).toBe('pending_payment');
    expect((await s.api('GET', '/api/v1/bookings?tab=upcoming&cursor=zzz', { token: f.token })).status).toBe(400);
  });
});

describe('concurrency', () => {
  it('100 parallel attempts on 5 places give exactly 5 bookings', async () => {
    const families = await Promise.all(Array.from({ length: 20 }, () => family(s, 4)));
    const attempts = families.flatMap((f) => f.memberIds.map((memberId) => ({ token: f.token, memberId })));
    expect(attempts).toHaveLength(100);
    const session = await freshSession(s, { hospitalId: 'H001', free: false, capacity: 5, taken });
    const withPlace: string[] = [];
    for (const id of session.slotIds) if ((await slotAtHis(s, id)).capacity > 0) withPlace.push(id);

    const results = await Promise.all(attempts.map((a, i) => book(s, a.token, { slotId: withPlace[i % withPlace.length], memberId: a.memberId })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(5);
    expect(results.filter((r) => r.status >= 500)).toEqual([]);
    expect(new Set(results.filter((r) => r.status !== 201).map((r) => r.body.error.code))).toEqual(new Set(['SLOT_FULL']));
    const his = (await s.sbx('GET', `/his/sandbox/appointments?sessionId=${session.id}`)).body.items.filter((a: { status: string }) => a.status === 'held');
    expect(his).toHaveLength(5);
    let booked = 0;
    for (const id of session.slotIds) booked += (await slotAtHis(s, id)).booked;
    expect(booked).toBe(5);
  });

  it('the same member booking twice in parallel (two devices) gets one booking', async () => {
    for (let round = 0; round < 5; round++) {
      const f = await family(s);
      const session = await freshSession(s, { hospitalId: 'H001', free: false, taken });
      const [a, b] = await Promise.all([book(s, f.token, { slotId: session.slotIds[0], memberId: f.memberIds[0] }), book(s, f.token, { slotId: session.slotIds[1], memberId: f.memberIds[0] })]);
      expect([a.status, b.status].sort()).toEqual([201, 409]);
      expect([a, b].find((r) => r.status === 409)!.body.error).toMatchObject({ code: 'BOOKING_LIMIT_REACHED', rule: 'per_department_session' });
      expect((await s.api('GET', '/api/v1/bookings?tab=upcoming', { token: f.token })).body.items).toHaveLength(1);
      await waitFor('the loser’s hold released', async () => (await slotAtHis(s, session.slotIds[0])).booked + (await slotAtHis(s, session.slotIds[1])).booked === 1);
    }
  });

  it('also across two doctors of one department and half-day, which the HIS alone would allow', async () => {
    for (let round = 0; round < 5; round++) {
      const f = await family(s);
      const [x, y] = await sessionPair(s, 'H001', taken);
      const results = await Promise.all([book(s, f.token, { slotId: x.slotIds[0], memberId: f.memberIds[0] }), book(s, f.token, { slotId: y.slotIds[0], memberId: f.memberIds[0] })]);
      expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
      expect((await s.api('GET', '/api/v1/bookings?tab=upcoming', { token: f.token })).body.items).toHaveLength(1);
      await waitFor('the loser’s hold released', async () => (await slotAtHis(s, x.slotIds[0])).booked + (await slotAtHis(s, y.slotIds[0])).booked === 1);
    }
  });
});

describe('visit reminders', () => {
  it('sends one subscribe message the day before a confirmed visit, once', async () => {
    const f = await family(s);
    await s.sbx('POST', '/wechat/sandbox/subscriptions', { body: { openid: f.openid, templateIds: ['sbx_tmpl_visit_reminder'], count: 3 } });
    const session = await freshSession(s, { hospitalId: 'H003', free: true, taken });
    const r = await book(s, f.token, { slotId: session.slotIds[0], memberId: f.memberIds[0], subscribeReminder: true });
    expect(r.body).toMatchObject({ status: 'confirmed', reminder: 'requested' });

    const svc = s.bff.services.booking;
    expect(await svc.sendReminders(new Date(`${addDays(session.date, -2)}T10:00:00+08:00`))).toEqual({ sent: 0, refused: 0 });
    const dayBefore = new Date(`${addDays(session.date, -1)}T10:00:00+08:00`);
    const [one, two] = await Promise.all([svc.sendReminders(dayBefore), svc.sendReminders(dayBefore)]);
    expect(one.sent + two.sent).toBe(1);
    expect((await svc.sendReminders(dayBefore)).sent).toBe(0);
    expect((await get(f.token, r.body.id)).body.reminder).toBe('sent');
    const sent = (await s.sbx('GET', '/wechat/sandbox/sent')).body.items.filter((m: { touser: string }) => m.touser === f.openid);
    expect(sent).toHaveLength(1);
    expect(sent[0].data.time4.value).toBe(`${session.date} ${r.body.start.slice(11, 16)}`);
    // Its durable copy in the 消息中心, once although three runs raced.
    const inbox = (await s.api('GET', '/api/v1/messages', { token: f.token })).body.items;
    expect(inbox.map((m: { category: string; title: string; link: string; read: boolean }) => [m.category, m.title, m.link, m.read])).toEqual([
      ['booking', '就诊提醒', `booking/pages/detail/index?id=${r.body.id}`, false],
    ]);
    expect(inbox[0].body).toContain(`${session.date} ${r.body.start.slice(11, 16)}`);
  });

  it('keeps the reminder in the 消息中心 when WeChat refuses it (no subscription quota)', async () => {
    const f = await family(s);
    const session = await freshSession(s, { hospitalId: 'H003', free: true, taken });
    const r = await book(s, f.token, { slotId: session.slotIds[0], memberId: f.memberIds[0], subscribeReminder: true });
    const res = await s.bff.services.booking.sendReminders(new Date(`${addDays(session.date, -1)}T10:00:00+08:00`));
    expect(res).toEqual({ sent: 0, refused: 1 });
    expect((await get(f.token, r.body.id)).body.reminder).toBe('refused');
    const inbox = (await s.api('GET', '/api/v1/messages?category=booking', { token: f.token })).body.items;
    expect(inbox.map((m: { title: string; memberId: string }) => [m.title, m.memberId])).toEqual([['就诊提醒', f.memberIds[0]]]);
    expect((await s.api('GET', '/api/v1/messages/unread-count', { token: f.token })).body).toEqual({ count: 1 });
  });
});
