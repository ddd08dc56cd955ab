import type { SandboxContext } from '../context';
import { createSandbox } from '../server';
import { ledgerOf } from './booking-state';
import { publishExtraSession } from './extra-session';

// 2026-11-23 21:02 China time (a Monday): no seeded session is anywhere near its 签到 window.
const EVENING = Date.parse('2026-11-23T13:02:00Z');

function ledgerAt(now: number) {
  const sctx = { seed: 11, wechat: { now: () => now } } as unknown as SandboxContext;
  return ledgerOf(sctx);
}

/** A doctor with no session on 2026-11-23 afternoon. */
function freeDoctor(l: ReturnType<typeof ledgerAt>) {
  for (const d of l.world.doctors.values()) if (!l.world.sessions.has(`${d.id}-20261123-pm`)) return d;
  throw new Error('every doctor works that afternoon');
}

describe('HIS 临时加诊 (sandbox)', () => {
  it('publishes a session from the next 5-minute mark, with empty slots, in the doctor’s schedule order', () => {
    const l = ledgerAt(EVENING);
    const d = freeDoctor(l);
    const s = publishExtraSession(l.world, EVENING, d.id, { startsInMinutes: 10, slots: 2, capacity: 4, slotMinutes: 15 });
    expect(s).toMatchObject({
      id: `${d.id}-20261123-pm`,
      date: '2026-11-23',
      session: 'pm',
      sessionLabel: '下午',
      start: '2026-11-23T21:15:00+08:00',
      end: '2026-11-23T21:45:00+08:00',
      feeFen: d.feeFen,
    });
    expect(s.slotIds.map((id) => l.world.slots.get(id))).toEqual([
      expect.objectContaining({ id: `${s.id}-2115`, start: '2026-11-23T21:15:00+08:00', end: '2026-11-23T21:30:00+08:00', capacity: 4, booked: 0 }),
      expect.objectContaining({ id: `${s.id}-2130`, start: '2026-11-23T21:30:00+08:00', end: '2026-11-23T21:45:00+08:00', capacity: 4, booked: 0 }),
    ]);
    const starts = l.world.sessionIdsByDoctor.get(d.id)!.map((id) => Date.parse(l.world.sessions.get(id)!.start));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });

  it('refuses a second session in the same half-day and one that would run past midnight', () => {
    const l = ledgerAt(EVENING);
    const d = freeDoctor(l);
    publishExtraSession(l.world, EVENING, d.id, { startsInMinutes: 0, slots: 1, capacity: 1, slotMinutes: 15 });
    expect(() => publishExtraSession(l.world, EVENING, d.id, { startsInMinutes: 60, slots: 1, capacity: 1, slotMinutes: 15 })).toThrow(
      expect.objectContaining({ status: 409, code: 'SESSION_EXISTS' }),
    );
    const other = [...l.world.doctors.values()].find((x) => x.id !== d.id && !l.world.sessions.has(`${x.id}-20261123-pm`))!;
    // 21:05 + 6 × 30 min = 00:05 the next day.
    expect(() => publishExtraSession(l.world, EVENING, other.id, { startsInMinutes: 0, slots: 6, capacity: 1, slotMinutes: 30 })).toThrow(
      expect.objectContaining({ status: 409, code: 'SESSION_CROSSES_MIDNIGHT' }),
    );
    // 22:00 + 8 × 15 min: ending exactly at midnight is allowed.
    expect(publishExtraSession(l.world, EVENING, other.id, { startsInMinutes: 55, slots: 8, capacity: 1, slotMinutes: 15 }).end).toBe('2026-11-24T00:00:00+08:00');
  });
});

describe('POST /his/sandbox/doctors/:doctorId/sessions', () => {
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

  it('answers 201 with the session as the schedule shows it, bookable and queued like any other', async () => {
    jest.spyOn(sandbox.context.wechat, 'now').mockReturnValue(EVENING);
    const l = ledgerOf(sandbox.context);
    const d = freeDoctor(l);
    const res = await call('POST', `/his/sandbox/doctors/${d.id}/sessions`, { startsInMinutes: 5, slots: 1, capacity: 3 });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: `${d.id}-20261123-pm`,
      doctorId: d.id,
      start: '2026-11-23T21:10:00+08:00',
      capacity: 3,
      remaining: 3,
      slots: [expect.objectContaining({ capacity: 3, remaining: 3 })],
    });
    const sched = await call('GET', `/his/doctors/${d.id}/schedules?from=2026-11-23&to=2026-11-23`);
    expect(sched.body.items.map((s: { id: string }) => s.id)).toContain(res.body.id);
    const held = await call('POST', '/his/appointments', { slotId: res.body.slots[0].id, clientRef: 'extra-0001', patient: { name: '张伟', idNumber: '110101199003077838' } });
    expect(held.status).toBe(201);
    await call('POST', `/his/appointments/${held.body.id}/confirm`, { paidFen: res.body.feeFen });
    expect((await call('POST', `/his/appointments/${held.body.id}/check-in`, {})).body.queue).toMatchObject({ status: 'waiting', ahead: 0 });
  });

  it('refuses bad bodies and unknown doctors with the HIS’s error body', async () => {
    const d = [...ledgerOf(sandbox.context).world.doctors.values()][0];
    for (const body of [
      {},
      { startsInMinutes: -1, slots: 1, capacity: 1 },
      { startsInMinutes: 5, slots: 0, capacity: 1 },
      { startsInMinutes: 5, slots: 1, capacity: '3' },
      { startsInMinutes: 5, slots: 1, capacity: 1, slotMinutes: 20 },
    ]) {
      const res = await call('POST', `/his/sandbox/doctors/${d.id}/sessions`, body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('BAD_REQUEST');
    }
    expect((await call('POST', '/his/sandbox/doctors/D999999/sessions', { startsInMinutes: 5, slots: 1, capacity: 1 })).status).toBe(404);
  });
});
