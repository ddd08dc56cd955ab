import { checkDigitFor } from '@healthpocket/shared-types';
import type { SandboxContext } from '../context';
import { createSandbox } from '../server';
import { addDays, type World } from '../seed/world';
import { HOLD_MINUTES, cancel, checkIn, confirm, hold, ledgerOf, markNoShow, sweep, validatePatient } from './booking-state';

// 2026-11-23 10:00 China time (a Monday); the clock moves when a test says so.
const START = Date.parse('2026-11-23T02:00:00Z');

function fakeSandbox(seed = 11) {
  let now = START;
  const sctx = { seed, wechat: { now: () => now } } as unknown as SandboxContext;
  return { sctx, advance: (ms: number) => void (now += ms), at: (ms: number) => void (now = ms) };
}

/** A slot of a later day with at least `min` free places. */
function freeSlot(w: World, min = 1, after = w.today) {
  for (const s of w.slots.values()) if (s.date > after && s.capacity - s.booked >= min) return s;
  throw new Error('no free slot');
}

const ZW = { name: '张伟', idNumber: '110101199003077838', recordNumber: null };
const CJ = { name: '陈静', idNumber: '11010219840406970X', recordNumber: null };

describe('HIS booking ledger', () => {
  it('holds a place for 15 minutes, then gives it back when unpaid', () => {
    const f = fakeSandbox();
    const l = ledgerOf(f.sctx);
    const slot = freeSlot(l.world);
    const before = slot.booked;
    const { appointment: a, created } = hold(l, { slotId: slot.id, clientRef: 'ref-000001', patient: ZW });
    expect(created).toBe(true);
    expect(a.status).toBe('held');
    expect(a.holdExpiresAt).toBe(START + HOLD_MINUTES * 60_000);
    expect(slot.booked).toBe(before + 1);

    f.advance(HOLD_MINUTES * 60_000 - 1);
    sweep(l);
    expect(a.status).toBe('held');
    f.advance(1);
    sweep(l);
    expect(a.status).toBe('expired');
    expect(slot.booked).toBe(before);
  });

  it('answers a repeated clientRef with the same hold and takes no second place', () => {
    const l = ledgerOf(fakeSandbox().sctx);
    const slot = freeSlot(l.world, 2);
    const before = slot.booked;
    const first = hold(l, { slotId: slot.id, clientRef: 'ref-000002', patient: ZW });
    const again = hold(l, { slotId: slot.id, clientRef: 'ref-000002', patient: ZW });
    expect(again).toEqual({ appointment: first.appointment, created: false });
    expect(slot.booked).toBe(before + 1);
    expect(() => hold(l, { slotId: slot.id, clientRef: 'ref-000002', patient: CJ })).toThrow(expect.objectContaining({ code: 'CLIENT_REF_CONFLICT' }));
  });

  it('refuses a full slot, a second hold of one patient in the same session, and a slot that has started', () => {
    const f = fakeSandbox();
    const l = ledgerOf(f.sctx);
    const slot = freeSlot(l.world, 1);
    slot.booked = slot.capacity - 1;
    hold(l, { slotId: slot.id, clientRef: 'ref-000003', patient: ZW });
    expect(() => hold(l, { slotId: slot.id, clientRef: 'ref-000004', patient: CJ })).toThrow(expect.objectContaining({ code: 'SLOT_FULL', status: 409 }));
    expect(slot.booked).toBe(slot.capacity);

    const sibling = l.world.sessions
      .get(slot.sessionId)!
      .slotIds.map((id) => l.world.slots.get(id)!)
      .find((s) => s.id !== slot.id && s.booked < s.capacity);
    if (sibling) expect(() => hold(l, { slotId: sibling.id, clientRef: 'ref-000005', patient: ZW })).toThrow(expect.objectContaining({ code: 'DUPLICATE_PATIENT' }));

    f.at(Date.parse(slot.start));
    expect(() => hold(l, { slotId: slot.id, clientRef: 'ref-000006', patient: CJ })).toThrow(expect.objectContaining({ code: 'SLOT_CLOSED' }));
  });

  it('confirms a paid hold, revives an expired one when a place is left, and refuses when none is', () => {
    const f = fakeSandbox();
    const l = ledgerOf(f.sctx);
    const slot = freeSlot(l.world, 1);
    const a = hold(l, { slotId: slot.id, clientRef: 'ref-000007', patient: ZW }).appointment;
    expect(() => confirm(l, a.id, { paidFen: a.feeFen + 1, paymentRef: 'p1' })).toThrow(expect.objectContaining({ code: 'FEE_MISMATCH' }));
    expect(confirm(l, a.id, { paidFen: a.feeFen, paymentRef: 'p1' }).status).toBe('booked');
    expect(confirm(l, a.id, { paidFen: a.feeFen, paymentRef: 'p1' }).status).toBe('booked');

    const other = freeSlot(l.world, 1, slot.date);
    const b = hold(l, { slotId: other.id, clientRef: 'ref-000008', patient: CJ }).appointment;
    f.advance(HOLD_MINUTES * 60_000);
    sweep(l);
    expect(b.status).toBe('expired');
    const booked = other.booked;
    expect(confirm(l, b.id, { paidFen: b.feeFen, paymentRef: 'p2' }).status).toBe('booked');
    expect(other.booked).toBe(booked + 1);

    const third = freeSlot(l.world, 1, other.date);
    const c = hold(l, { slotId: third.id, clientRef: 'ref-000009', patient: ZW }).appointment;
    f.advance(HOLD_MINUTES * 60_000);
    sweep(l);
    third.booked = third.capacity; // taken by others meanwhile
    expect(() => confirm(l, c.id, { paidFen: c.feeFen, paymentRef: 'p3' })).toThrow(expect.objectContaining({ code: 'HOLD_EXPIRED' }));
    expect(third.booked).toBe(third.capacity);
  });

  it('cancels once, returning the place; a visit that happened cannot be cancelled', () => {
    const l = ledgerOf(fakeSandbox().sctx);
    const slot = freeSlot(l.world, 2);
    const before = slot.booked;
    const a = hold(l, { slotId: slot.id, clientRef: 'ref-000010', patient: ZW }).appointment;
    confirm(l, a.id, { paidFen: a.feeFen, paymentRef: null });
    cancel(l, a.id, '行程有变');
    cancel(l, a.id, '行程有变');
    expect(a.status).toBe('cancelled');
    expect(slot.booked).toBe(before);

    const b = hold(l, { slotId: slot.id, clientRef: 'ref-000011', patient: CJ }).appointment;
    confirm(l, b.id, { paidFen: b.feeFen, paymentRef: null });
    checkIn(l, b.id);
    expect(() => cancel(l, b.id, null)).toThrow(expect.objectContaining({ code: 'APPOINTMENT_VISITED' }));
    expect(slot.booked).toBe(before + 1);
  });

  it('marks a booked visit whose session ended without check-in as a no-show', () => {
    const f = fakeSandbox();
    const l = ledgerOf(f.sctx);
    const slot = freeSlot(l.world, 1);
    const a = hold(l, { slotId: slot.id, clientRef: 'ref-000012', patient: ZW }).appointment;
    confirm(l, a.id, { paidFen: a.feeFen, paymentRef: null });
    f.at(Date.parse(l.world.sessions.get(slot.sessionId)!.end));
    sweep(l);
    expect(a.status).toBe('no_show');
    expect(() => markNoShow(l, a.id)).not.toThrow();
    expect(() => cancel(l, a.id, null)).toThrow(expect.objectContaining({ code: 'APPOINTMENT_CLOSED' }));
  });

  it('identifies patients by ID number or platform record, and refuses a name that does not match', () => {
    const l = ledgerOf(fakeSandbox().sctx);
    expect(validatePatient(l, { name: '张伟', idNumber: '110101199003077838' })).toEqual({ name: '张伟', idNumber: '110101199003077838', recordNumber: '11010100100100102' });
    expect(validatePatient(l, { name: '张小宝', recordNumber: '11010100100100105' })).toEqual({ name: '张小宝', idNumber: null, recordNumber: '11010100100100105' });
    // An ID number the platform does not know gets a new patient card.
    const unknown = '11010119800101123' + checkDigitFor('11010119800101123');
    expect(validatePatient(l, { name: '赵新', idNumber: unknown })).toEqual({ name: '赵新', idNumber: unknown, recordNumber: null });
    expect(() => validatePatient(l, { name: '李四', idNumber: '110101199003077838' })).toThrow(expect.objectContaining({ code: 'PATIENT_MISMATCH' }));
    expect(() => validatePatient(l, { name: '张伟', idNumber: '110101199003077830' })).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }));
    expect(() => validatePatient(l, { name: '张伟', recordNumber: '99999999999999999' })).toThrow(expect.objectContaining({ code: 'PATIENT_MISMATCH' }));
    expect(() => validatePatient(l, { name: '张伟' })).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }));
  });
});

describe('HIS booking API over HTTP', () => {
  let sbx: Awaited<ReturnType<ReturnType<typeof createSandbox>['listen']>>;
  let sandbox: ReturnType<typeof createSandbox>;
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(sbx.url + path, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: (await res.json().catch(() => null)) as any };
  };
  beforeAll(async () => {
    sandbox = createSandbox();
    sbx = await sandbox.listen(0);
  });
  afterAll(() => sbx.close());

  const sessionWithSlots = async () => {
    const w = ledgerOf(sandbox.context).world;
    // The earliest one from the day after tomorrow: some days (Sundays) have no sessions at all.
    const s = [...w.sessions.values()].filter((x) => x.date >= addDays(w.today, 2) && x.slotIds.length >= 5).sort((a, b) => a.date.localeCompare(b.date))[0];
    return s;
  };

  it('never sells more places than the session has, whatever the concurrency', async () => {
    const s = await sessionWithSlots();
    const reset = await call('POST', `/his/sandbox/sessions/${s.id}/reset`, { capacityTotal: 5 });
    expect(reset.status).toBe(200);
    expect(reset.body.slots.reduce((n: number, x: { capacity: number }) => n + x.capacity, 0)).toBe(5);
    const withPlace = reset.body.slots.filter((x: { capacity: number }) => x.capacity > 0).map((x: { id: string }) => x.id);
    const ids = Array.from({ length: 200 }, (_, i) => `11010119900101${String(i).padStart(3, '0')}`);
    const results = await Promise.all(
      ids.map((first17, i) => {
        const idNumber = first17 + checkDigitFor(first17);
        return call('POST', '/his/appointments', { slotId: withPlace[i % withPlace.length], clientRef: `rush-${i}-xxxx`, patient: { name: '测试', idNumber } });
      }),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(5);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.code === 'SLOT_FULL')).toBe(true);
    expect(results.some((r) => r.status >= 500)).toBe(false);
    const schedule = await call('GET', `/his/doctors/${s.doctorId}/schedules?from=${s.date}&to=${s.date}`);
    const session = schedule.body.items.find((x: { id: string }) => x.id === s.id);
    expect(session.remaining).toBe(0);
    expect(session.booked).toBe(5);
  });

  it('holds, reads back, confirms and cancels with the documented bodies and errors', async () => {
    const s = await sessionWithSlots();
    await call('POST', `/his/sandbox/sessions/${s.id}/reset`, { capacityTotal: 10 });
    const slotId = s.slotIds[0];
    const slot = await call('GET', `/his/slots/${slotId}`);
    expect(slot.body).toMatchObject({ id: slotId, doctorId: s.doctorId, remaining: slot.body.capacity, feeFen: s.feeFen });

    const held = await call('POST', '/his/appointments', { slotId, clientRef: 'http-0001', patient: { name: '张伟', idNumber: '110101199003077838' } });
    expect(held.status).toBe(201);
    expect(held.body).toMatchObject({ status: 'held', slotId, visitNo: 1, patient: { name: '张伟', idNumberMasked: '110101********7838', recordNumber: '11010100100100102' } });
    expect(held.body.holdExpiresAt).toMatch(/\+08:00$/);
    expect((await call('POST', '/his/appointments', { slotId, clientRef: 'http-0001', patient: { name: '张伟', idNumber: '110101199003077838' } })).status).toBe(200);

    expect((await call('POST', `/his/appointments/${held.body.id}/confirm`, { paidFen: 'x' })).status).toBe(400);
    const booked = await call('POST', `/his/appointments/${held.body.id}/confirm`, { paidFen: s.feeFen, paymentRef: 'wx1' });
    expect(booked.body).toMatchObject({ status: 'booked', holdExpiresAt: null, paidFen: s.feeFen });
    const list = await call('GET', `/his/appointments?ids=${held.body.id},GH0`);
    expect(list.body.items.map((a: { id: string }) => a.id)).toEqual([held.body.id]);

    const cancelled = await call('POST', `/his/appointments/${held.body.id}/cancel`, { reason: '行程有变' });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelReason: '行程有变' });
    expect((await call('GET', `/his/slots/${slotId}`)).body.remaining).toBe(slot.body.capacity);

    expect((await call('GET', '/his/appointments/GH404')).status).toBe(404);
    expect((await call('POST', '/his/appointments', { slotId: 'nope', clientRef: 'http-0002', patient: { name: '张伟', idNumber: '110101199003077838' } })).status).toBe(404);
    expect((await call('POST', '/his/appointments', { slotId, clientRef: 'x', patient: { name: '张伟', idNumber: '110101199003077838' } })).status).toBe(400);
  });

  it('reports check-in and no-show set at the hospital, and an expired hold', async () => {
    const s = await sessionWithSlots();
    await call('POST', `/his/sandbox/sessions/${s.id}/reset`, { capacityTotal: 60 });
    const mk = async (ref: string, p: { name: string; idNumber: string }) => (await call('POST', '/his/appointments', { slotId: s.slotIds[1], clientRef: ref, patient: p })).body;
    const a = await mk('http-0101', { name: '张伟', idNumber: '110101199003077838' });
    const b = await mk('http-0102', { name: '陈静', idNumber: '11010219840406970X' });
    const c = await mk('http-0103', { name: '王秀英', idNumber: '11010519491231002X' });
    await call('POST', `/his/appointments/${a.id}/confirm`, { paidFen: s.feeFen });
    await call('POST', `/his/appointments/${b.id}/confirm`, { paidFen: s.feeFen });
    expect((await call('POST', `/his/sandbox/appointments/${a.id}/check-in`)).body.status).toBe('checked_in');
    expect((await call('POST', `/his/sandbox/appointments/${b.id}/no-show`)).body.status).toBe('no_show');
    expect((await call('POST', `/his/sandbox/appointments/${c.id}/expire-hold`)).body.status).toBe('expired');
    expect((await call('POST', `/his/sandbox/appointments/${c.id}/check-in`)).status).toBe(409);
    const all = await call('GET', `/his/sandbox/appointments?sessionId=${s.id}`);
    expect(all.body.items.filter((x: { status: string }) => ['held', 'booked'].includes(x.status))).toHaveLength(0);
    // Visits that happened or were missed keep their places; the expired hold's place came back.
    expect((await call('GET', `/his/slots/${s.slotIds[1]}`)).body.booked).toBe(2);
  });
});
