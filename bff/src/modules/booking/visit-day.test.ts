import { startStack, type Stack } from '../../../test/harness';
import { book, family, freshSession, waitFor } from './test-helpers';

// Whole flows over real HTTP (and MariaDB); generous on a busy 2-core machine.
jest.setTimeout(90_000);

const QUEUE_TEMPLATE = 'sbx_tmpl_queue_notice';

let s: Stack;
const taken = new Set<string>();

beforeAll(async () => {
  // The job is driven by the tests (sendQueueNotices), not by its timer.
  s = await startStack({ TRUST_PROXY: 'true', BOOKING_QUEUE_NOTICE_INTERVAL_MS: '3600000' });
});
afterAll(() => s.close());
afterEach(() => {
  s.bff.services.visitDay.clock = () => new Date();
  s.bff.services.booking.clock = () => new Date();
});

/** Both services judge the check-in window at `t`. */
const at = (t: Date) => {
  s.bff.services.visitDay.clock = () => t;
  s.bff.services.booking.clock = () => t;
};

interface Patient {
  token: string;
  openid: string;
  bookingId: string;
  visitNo: number;
  start: string;
  appointmentId: string;
}

/** `n` residents each with a confirmed free visit in one session of the community centre (H003). */
async function patientsInOneSession(n: number): Promise<{ sessionId: string; patients: Patient[] }> {
  const session = await freshSession(s, { hospitalId: 'H003', free: true, capacity: 40, taken });
  const patients: Patient[] = [];
  for (let i = 0; i < n; i++) {
    const f = await family(s);
    const r = await book(s, f.token, { slotId: session.slotIds[Math.floor(i / 4)], memberId: f.memberIds[0] });
    expect(r.status).toBe(201);
    const v = await waitFor('confirmed', async () => {
      const g = await s.api('GET', `/api/v1/bookings/${r.body.id}`, { token: f.token });
      return g.body.status === 'confirmed' ? g.body : null;
    });
    patients.push({ token: f.token, openid: f.openid, bookingId: v.id, visitNo: v.visitNo, start: v.start, appointmentId: v.hisAppointmentId });
  }
  return { sessionId: session.id, patients };
}

const checkIn = (p: Patient, body: Record<string, unknown> = {}) => s.api('POST', `/api/v1/bookings/${p.bookingId}/check-in`, { token: p.token, body });
const queue = (p: Patient) => s.api('GET', `/api/v1/bookings/${p.bookingId}/queue`, { token: p.token });
const hisStatus = async (p: Patient) => (await s.sbx('GET', `/his/appointments/${p.appointmentId}`)).body.status as string;
const callNext = (sessionId: string, missed = false) => s.sbx('POST', `/his/sandbox/sessions/${sessionId}/call-next`, { body: { missed } });
const sentTo = (openid: string) => s.sandbox.context.wechat.sent.filter((m) => m.touser === openid && m.template_id === QUEUE_TEMPLATE);

describe('签到 window', () => {
  it('refuses a check-in before the window and after it with clear codes, changing nothing; accepts it inside', async () => {
    const { patients } = await patientsInOneSession(1);
    const [p] = patients;
    const start = new Date(p.start).getTime();
    // H003: from 120 minutes before the slot until 60 minutes after its start.
    const before = await s.api('GET', `/api/v1/bookings/${p.bookingId}`, { token: p.token });
    expect(before.body.checkIn).toMatchObject({ open: false, opensAt: expect.any(String), checkedInAt: null });
    expect(new Date(before.body.checkIn.opensAt).getTime()).toBe(start - 120 * 60_000);
    expect(new Date(before.body.checkIn.closesAt).getTime()).toBe(start + 60 * 60_000);

    at(new Date(start - 121 * 60_000));
    const early = await checkIn(p);
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('CHECK_IN_NOT_OPEN');
    expect(early.body.error.message).toMatch(/还未到签到时间/);

    at(new Date(start + 60 * 60_000));
    const late = await checkIn(p);
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('CHECK_IN_CLOSED');

    // Nothing changed, here or at the HIS.
    expect((await s.api('GET', `/api/v1/bookings/${p.bookingId}`, { token: p.token })).body.status).toBe('confirmed');
    expect(await hisStatus(p)).toBe('booked');
    expect((await queue(p)).body).toMatchObject({ state: 'not_checked_in', ahead: null });

    at(new Date(start - 120 * 60_000));
    const ok = await checkIn(p);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'checked_in', checkIn: { open: false, checkedInAt: expect.any(String) } });
    expect(await hisStatus(p)).toBe('checked_in');
    expect((await queue(p)).body).toMatchObject({ state: 'waiting', ahead: 0, visitNo: p.visitNo });
    // Checking in again is harmless: still one place in the queue.
    expect((await checkIn(p)).status).toBe(200);
    expect((await queue(p)).body).toMatchObject({ state: 'waiting', ahead: 0 });
  });

  it("refuses someone else's booking (404, nothing changes), an unpaid one, and malformed ids and bodies", async () => {
    const { patients } = await patientsInOneSession(1);
    const [p] = patients;
    at(new Date(new Date(p.start).getTime() - 30 * 60_000));
    const other = await family(s);
    const theirs = await s.api('POST', `/api/v1/bookings/${p.bookingId}/check-in`, { token: other.token, body: {} });
    expect(theirs.status).toBe(404);
    expect((await s.api('GET', `/api/v1/bookings/${p.bookingId}/queue`, { token: other.token })).status).toBe(404);
    expect(await hisStatus(p)).toBe('booked');

    expect((await s.api('POST', `/api/v1/bookings/..%2F..%2Fx/check-in`, { token: p.token, body: {} })).status).toBeGreaterThanOrEqual(400);
    expect((await s.api('POST', `/api/v1/bookings/..%2F..%2Fx/check-in`, { token: p.token, body: {} })).status).toBeLessThan(500);
    const wrong = await s.api('POST', `/api/v1/bookings/${p.bookingId}/check-in`, { token: p.token, body: { subscribeQueue: 'yes' } });
    expect(wrong.status).toBe(400);
    expect((await s.api('POST', `/api/v1/bookings/${p.bookingId}/check-in`, { token: p.token, body: { extra: 1 } })).status).toBe(400);
    expect(await hisStatus(p)).toBe('booked');

    // A paid session left unpaid: 请先支付.
    at(new Date());
    const paid = await freshSession(s, { hospitalId: 'H001', free: false, taken });
    const f = await family(s);
    const held = await book(s, f.token, { slotId: paid.slotIds[0], memberId: f.memberIds[0] });
    expect(held.body.status).toBe('pending_payment');
    const unpaid = await s.api('POST', `/api/v1/bookings/${held.body.id}/check-in`, { token: f.token, body: {} });
    expect(unpaid.status).toBe(409);
    expect(unpaid.body.error).toMatchObject({ code: 'CHECK_IN_NOT_ALLOWED', message: expect.stringMatching(/先支付/) });
  });
});

describe('the queue', () => {
  it('moves as the doctor calls: how many ahead, called, 过号 and re-queued behind the head', async () => {
    const { sessionId, patients } = await patientsInOneSession(8);
    at(new Date(new Date(patients[0].start).getTime() - 30 * 60_000));
    // They arrive in reverse order; the queue is by 就诊序号 all the same.
    for (const p of [...patients].reverse()) expect((await checkIn(p)).status).toBe(200);
    const ahead = async () => Promise.all(patients.map(async (p) => (await queue(p)).body.ahead));
    expect(await ahead()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);

    await callNext(sessionId);
    const first = (await queue(patients[0])).body;
    expect(first).toMatchObject({ state: 'called', nowCalling: patients[0].visitNo, ahead: null });
    expect(first.message).toMatch(/请立即到.+诊室就诊/);
    expect((await queue(patients[1])).body).toMatchObject({ state: 'waiting', ahead: 0, nowCalling: patients[0].visitNo });

    // Patient 0 is seen; patient 1 is called and is not there: 过号.
    await callNext(sessionId);
    await callNext(sessionId, true);
    expect((await queue(patients[0])).body.state).toBe('done');
    expect((await queue(patients[1])).body).toMatchObject({ state: 'missed', ahead: null });
    expect((await queue(patients[2])).body).toMatchObject({ state: 'called' });
    expect(await Promise.all(patients.slice(3).map(async (p) => (await queue(p)).body.ahead))).toEqual([0, 1, 2, 3, 4]);

    // Checking in again re-queues patient 1 three places behind the head, not at the end.
    expect((await checkIn(patients[1])).status).toBe(200);
    expect((await queue(patients[1])).body).toMatchObject({ state: 'waiting', ahead: 3, requeued: true });
    expect(await Promise.all(patients.slice(3).map(async (p) => (await queue(p)).body.ahead))).toEqual([0, 1, 2, 4, 5]);
    expect((await queue(patients[1])).body.message).toMatch(/过号后已重新排队/);
  });

  it('sends the 候诊提醒 once, when three are ahead, whether the page or the job sees it first', async () => {
    const { sessionId, patients } = await patientsInOneSession(6);
    const last = patients[5];
    // The resident accepted the template (twice over, so only the BFF can hold it to one message).
    await s.sbx('POST', '/wechat/sandbox/subscriptions', { body: { openid: last.openid, templateIds: [QUEUE_TEMPLATE], count: 2 } });
    const t = new Date(new Date(patients[0].start).getTime() - 30 * 60_000);
    at(t);
    for (const p of patients.slice(0, 5)) expect((await checkIn(p)).status).toBe(200);
    const checked = await checkIn(last, { subscribeQueue: true });
    expect(checked.status).toBe(200);
    expect((await queue(last)).body).toMatchObject({ ahead: 5, notice: 'requested' });

    // Four ahead: not yet.
    await callNext(sessionId);
    expect((await queue(last)).body.ahead).toBe(4);
    expect(await s.bff.services.visitDay.sendQueueNotices(t)).toBe(0);
    expect(sentTo(last.openid)).toHaveLength(0);

    // Three ahead: the page read and the job race; one message goes out.
    await callNext(sessionId);
    const [a, b, c] = await Promise.all([queue(last), s.bff.services.visitDay.sendQueueNotices(t), queue(last)]);
    expect(a.body.ahead).toBe(3);
    expect(c.body.ahead).toBe(3);
    expect(b).toBeLessThanOrEqual(1);
    await waitFor('one message', async () => sentTo(last.openid).length === 1);
    expect(sentTo(last.openid)[0]).toMatchObject({ page: `booking/pages/detail/index?id=${last.bookingId}`, data: { number4: { value: '3' }, character_string3: { value: String(last.visitNo) } } });
    expect((await queue(last)).body.notice).toBe('sent');

    // Two ahead, one ahead: no second message, from either path.
    await callNext(sessionId);
    await queue(last);
    await s.bff.services.visitDay.sendQueueNotices(t);
    await callNext(sessionId);
    await queue(last);
    expect(await s.bff.services.visitDay.sendQueueNotices(t)).toBe(0);
    expect(sentTo(last.openid)).toHaveLength(1);
    // Nobody else, who did not ask, got one.
    for (const p of patients.slice(0, 5)) expect(sentTo(p.openid)).toHaveLength(0);
    // One 候诊提醒 in the 消息中心 as well, whichever path sent it.
    const inbox = (await s.api('GET', '/api/v1/messages?category=booking', { token: last.token })).body.items as Array<{ title: string; body: string; link: string }>;
    expect(inbox.map((m) => [m.title, m.link])).toEqual([['候诊提醒', `booking/pages/detail/index?id=${last.bookingId}`]]);
    expect(inbox[0].body).toContain(`您是${last.visitNo}号，前面还有3位`);
  });
});
