import { startStack, type Stack } from '../../../test/harness';
import { waitlistAccountData } from './account-data';
import { Booking, WaitlistEntry } from './entities';
import { book, family, freshSession, pay, sessionPair, waitFor } from './test-helpers';

// Whole flows over real HTTP (and MariaDB); generous on a busy 2-core machine.
jest.setTimeout(90_000);

let s: Stack;
const taken = new Set<string>();
const PAY_MINUTES = 10;

beforeAll(async () => {
  // The periodic sweep is off: each test runs it when it means to.
  s = await startStack({ OUTBOX_POLL_MS: '100', OUTBOX_RETRY_BASE_MS: '50', TRUST_PROXY: 'true', BOOKING_WAITLIST_INTERVAL_MS: '0', BOOKING_WAITLIST_PAY_MINUTES: String(PAY_MINUTES) });
});
afterAll(() => s.close());
afterEach(() => {
  jest.restoreAllMocks();
  s.bff.services.booking.clock = () => new Date();
});

type Fam = Awaited<ReturnType<typeof family>>;
const join = (f: Fam, sessionId: string, memberId = f.memberIds[0], subscribe?: boolean) =>
  s.api('POST', '/api/v1/booking/waitlist', { token: f.token, body: { sessionId, memberId, ...(subscribe === undefined ? {} : { subscribe }) } });
const mine = async (f: Fam) => (await s.api('GET', '/api/v1/booking/waitlist', { token: f.token })).body.items as Array<Record<string, any>>;
const entry = async (f: Fam, id: string) => (await mine(f)).find((e) => e.id === id)!;
const leave = (f: Fam, id: string) => s.api('POST', `/api/v1/booking/waitlist/${id}/leave`, { token: f.token });
const cancel = (f: Fam, id: string) => s.api('POST', `/api/v1/bookings/${id}/cancel`, { token: f.token, body: {} });
const bookingOf = async (f: Fam, id: string) => (await s.api('GET', `/api/v1/bookings/${id}`, { token: f.token })).body;
const offered = (f: Fam, id: string) => waitFor(`entry ${id} offered`, async () => ((await entry(f, id)).status === 'offered' ? entry(f, id) : null), 15_000);
/** The HIS appointment of a booking (the view shows it once confirmed). */
const hisIdOf = async (bookingId: string) => (await s.bff.services.ds.getRepository(Booking).findOneByOrFail({ id: bookingId })).hisAppointmentId;
/** The HIS's appointments of a session that still hold a place. */
const heldAtHis = async (sessionId: string) =>
  ((await s.sbx('GET', `/his/sandbox/appointments?sessionId=${sessionId}`)).body.items as Array<{ id: string; status: string; clientRef: string }>).filter(
    (a) => a.status === 'held' || a.status === 'booked',
  );

/** A session with `places` places, all taken by holds of fresh residents (unpaid). */
async function fullSession(places: number, hospitalId = 'H001') {
  const session = await freshSession(s, { hospitalId, free: false, capacity: places, taken });
  const holders: Array<{ f: Fam; bookingId: string }> = [];
  for (let i = 0; i < places; i++) {
    const f = await family(s);
    const r = await book(s, f.token, { slotId: session.slotIds[i], memberId: f.memberIds[0] });
    expect(r.status).toBe(201);
    holders.push({ f, bookingId: r.body.id });
  }
  return { session, holders };
}

describe('joining and leaving', () => {
  it('joins only a full session, one entry per patient in line order, for own members only, and leaves', async () => {
    const session = await freshSession(s, { hospitalId: 'H001', free: false, capacity: 1, taken });
    const [a, b, c] = [await family(s), await family(s, 1), await family(s)];
    const notFull = await join(b, session.id);
    expect(notFull.status).toBe(409);
    expect(notFull.body.error.code).toBe('WAITLIST_NOT_FULL');

    expect((await book(s, a.token, { slotId: session.slotIds[0], memberId: a.memberIds[0] })).status).toBe(201);
    const quote = await s.api('GET', `/api/v1/booking/waitlist/quote?sessionId=${session.id}`, { token: b.token });
    expect(quote.body).toMatchObject({ sessionId: session.id, remaining: 0, waiting: 0, payMinutes: PAY_MINUTES, templateId: 'sbx_tmpl_waitlist_offer' });
    expect(quote.body.rules.join('')).toContain(`${PAY_MINUTES}分钟内完成支付`);

    const b1 = await join(b, session.id);
    expect(b1.status).toBe(201);
    expect(b1.body).toMatchObject({ status: 'waiting', statusLabel: '候补中', position: 1, sessionId: session.id, bookingId: null });
    const b2 = await join(b, session.id, b.memberIds[1]);
    expect(b2.body.position).toBe(2);
    const dup = await join(b, session.id);
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('WAITLIST_DUPLICATE');
    // Another user's family member is not found (member policy); a bad id is a 400.
    expect((await join(c, session.id, b.memberIds[0])).status).toBe(404);
    expect((await s.api('POST', '/api/v1/booking/waitlist', { token: c.token, body: { sessionId: '../../x', memberId: c.memberIds[0] } })).status).toBe(400);
    expect((await s.api('POST', '/api/v1/booking/waitlist', { token: c.token, body: { sessionId: session.id, memberId: 7 } })).status).toBe(400);
    expect((await s.api('POST', '/api/v1/booking/waitlist', { token: c.token, body: { sessionId: 'NOPE-20990101-am', memberId: c.memberIds[0] } })).body.error.code).toBe('SLOT_UNAVAILABLE');
    const c1 = await join(c, session.id);
    expect(c1.body.position).toBe(3);

    expect((await mine(b)).map((e) => [e.id, e.position])).toEqual([
      [b1.body.id, 1],
      [b2.body.id, 2],
    ]);
    // Someone else's entry cannot be read or left.
    expect((await leave(c, b1.body.id)).status).toBe(404);

    const left = await leave(b, b2.body.id);
    expect(left.body).toMatchObject({ status: 'left', position: null });
    expect((await leave(b, b2.body.id)).body.status).toBe('left');
    expect((await entry(c, c1.body.id)).position).toBe(2);
    // Having left, the member may join again, at the end of the line.
    expect((await join(b, session.id, b.memberIds[1])).body.position).toBe(3);
  });

  it('applies the per-patient limits to entries in line, and skips a patient who booked elsewhere meanwhile', async () => {
    // Two doctors' sessions of one department and half-day, each with one place, both taken.
    const [x, y] = await sessionPair(s, 'H001', taken);
    for (const z of [x, y]) await s.sbx('POST', `/his/sandbox/sessions/${z.id}/reset`, { body: { capacityTotal: 1 } });
    const [ax, ay, b, c] = [await family(s), await family(s), await family(s), await family(s)];
    const axBooking = (await book(s, ax.token, { slotId: x.slotIds[0], memberId: ax.memberIds[0] })).body;
    const ayBooking = (await book(s, ay.token, { slotId: y.slotIds[0], memberId: ay.memberIds[0] })).body;

    // ay has a visit in that department and half-day: waiting for x as well is refused.
    const ayJoin = await join(ay, x.id);
    expect(ayJoin.status).toBe(409);
    expect(ayJoin.body.error).toMatchObject({ code: 'BOOKING_LIMIT_REACHED', rule: 'per_department_session' });
    // b waits for x; that entry counts, so b cannot also wait for y.
    const bx = (await join(b, x.id)).body;
    expect((await join(b, y.id)).body.error).toMatchObject({ code: 'BOOKING_LIMIT_REACHED', rule: 'per_department_session' });
    const cx = (await join(c, x.id)).body;

    // y frees (nobody waits for it) and b books it directly: allowed, and b is still in x's line.
    expect((await cancel(ay, ayBooking.id)).status).toBe(200);
    await waitFor('y free at the HIS', async () => (await heldAtHis(y.id)).length === 0);
    const by = await book(s, b.token, { slotId: y.slotIds[0], memberId: b.memberIds[0] });
    expect(by.status).toBe(201);
    expect((await entry(b, bx.id)).status).toBe('waiting');

    // x frees: b's turn comes, but b has a visit in that half-day now: skipped, c gets it.
    await cancel(ax, axBooking.id);
    const co = await offered(c, cx.id);
    expect((await entry(b, bx.id)).status).toBe('skipped');
    expect((await entry(b, bx.id)).endReason).toContain('候补结束');
    const held = await heldAtHis(x.id);
    expect(held.map((a) => a.id)).toEqual([await hisIdOf(co.bookingId)]);
  });
});

describe('account data', () => {
  it("exports a resident's entries without internal keys, and deleting the account takes them out of every line", async () => {
    const { session } = await fullSession(1, 'H002');
    const [b, c] = [await family(s), await family(s)];
    const bx = (await join(b, session.id)).body;
    const cx = (await join(c, session.id)).body;
    const ds = s.bff.services.ds;
    const userId = (await ds.getRepository(WaitlistEntry).findOneByOrFail({ id: bx.id })).userId;
    const handler = waitlistAccountData(ds);
    const exported = (await handler.export!({ userId, memberIds: b.memberIds })) as Array<Record<string, unknown>>;
    expect(exported).toHaveLength(1);
    expect(exported[0]).toMatchObject({ id: bx.id, sessionId: session.id, status: 'waiting', patientName: '张伟' });
    expect(Object.keys(exported[0])).not.toEqual(expect.arrayContaining(['patientKey']));
    expect(Object.keys(exported[0])).not.toContain('activeKey');
    await ds.transaction((m) => handler.erase!(m, { userId, memberIds: b.memberIds, retentionId: 'r-1', now: new Date(), keptMemberIds: new Set() }));
    expect(await ds.getRepository(WaitlistEntry).countBy({ userId })).toBe(0);
    expect((await entry(c, cx.id)).position).toBe(1);
  });
});

describe('promotion', () => {
  it('holds a cancelled place for the first in line, tells them, and they pay; an unpaid offer passes to the next', async () => {
    const { session, holders } = await fullSession(1);
    const [b, c] = [await family(s), await family(s)];
    await s.sbx('POST', '/wechat/sandbox/subscriptions', { body: { openid: b.openid, templateIds: ['sbx_tmpl_waitlist_offer'], count: 1 } });
    const bx = (await join(b, session.id, b.memberIds[0], true)).body;
    const cx = (await join(c, session.id)).body;

    const before = Date.now();
    expect((await cancel(holders[0].f, holders[0].bookingId)).status).toBe(200);
    const bo = await offered(b, bx.id);
    expect(bo.statusLabel).toBe('已为您锁号，待支付');
    const bBooking = await bookingOf(b, bo.bookingId);
    expect(bBooking).toMatchObject({ status: 'pending_payment', payment: { amountFen: session.feeFen } });
    const until = Date.parse(bBooking.holdExpiresAt);
    expect(until).toBeGreaterThanOrEqual(before + PAY_MINUTES * 60_000 - 1000);
    expect(until).toBeLessThanOrEqual(Date.now() + PAY_MINUTES * 60_000 + 1000);
    expect(Date.parse(bo.offerExpiresAt)).toBe(until);
    expect((await entry(c, cx.id)).position).toBe(1);
    const sent = await waitFor('the offer message', async () => {
      const items = (await s.sbx('GET', '/wechat/sandbox/sent')).body.items.filter((m: { touser: string }) => m.touser === b.openid);
      return items.length ? items : null;
    });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ template_id: 'sbx_tmpl_waitlist_offer', page: `booking/pages/detail/index?id=${bo.bookingId}` });
    expect(sent[0].data.thing5.value).toBe(`候补成功，请在${PAY_MINUTES}分钟内支付`);
    // Its 消息中心 copy, for b only, with the deadline.
    const inbox = (await s.api('GET', '/api/v1/messages?category=booking', { token: b.token })).body.items;
    expect(inbox.map((m: { title: string; link: string }) => [m.title, m.link])).toEqual([['候补成功，请及时支付', `booking/pages/detail/index?id=${bo.bookingId}`]]);
    expect(inbox[0].body).toContain(`请在${bo.offerExpiresAt.slice(11, 16)}前支付`);
    expect((await s.api('GET', '/api/v1/messages?category=booking', { token: c.token })).body.items).toEqual([]);

    // b does not pay: the offer lapses after PAY_MINUTES (not 15) and c gets the place.
    await s.bff.services.booking.expireDue(new Date(Date.now() + (PAY_MINUTES - 1) * 60_000));
    expect((await bookingOf(b, bo.bookingId)).status).toBe('pending_payment');
    await s.bff.services.booking.expireDue(new Date(Date.now() + (PAY_MINUTES + 1) * 60_000));
    const co = await offered(c, cx.id);
    expect((await entry(b, bx.id)).status).toBe('lapsed');
    expect((await bookingOf(b, bo.bookingId)).status).toBe('expired');

    await pay(s, c.token, (await bookingOf(c, co.bookingId)).payment.orderId);
    await waitFor('c booked', async () => (await entry(c, cx.id)).status === 'booked' && (await bookingOf(c, co.bookingId)).status === 'confirmed');
    const held = await heldAtHis(session.id);
    expect(held).toHaveLength(1);
    expect(held[0]).toMatchObject({ id: await hisIdOf(co.bookingId), status: 'booked' });
  });

  it('hands places the hospital adds (加号) to those in line, in order', async () => {
    const { session } = await fullSession(1, 'H002');
    const fams = [await family(s), await family(s), await family(s), await family(s)];
    const ids: string[] = [];
    for (const f of fams) ids.push((await join(f, session.id)).body.id);
    expect((await s.sbx('POST', `/his/sandbox/sessions/${session.id}/add-places`, { body: { count: 0 } })).status).toBe(400);
    const added = await s.sbx('POST', `/his/sandbox/sessions/${session.id}/add-places`, { body: { count: 2 } });
    expect(added.body).toMatchObject({ id: session.id, remaining: 2 });
    expect(await s.bff.services.waitlist.sweep()).toBe(2);
    expect((await entry(fams[0], ids[0])).status).toBe('offered');
    expect((await entry(fams[1], ids[1])).status).toBe('offered');
    expect(await entry(fams[2], ids[2])).toMatchObject({ status: 'waiting', position: 1 });
    // Nothing more is free: another sweep changes nothing.
    expect(await s.bff.services.waitlist.sweep()).toBe(0);
    expect(await heldAtHis(session.id)).toHaveLength(3);

    // A latecomer is refused the full slot (the rush counter now remembers it as full) …
    const late = await family(s);
    const lastSlot = session.slotIds[3];
    expect((await book(s, late.token, { slotId: lastSlot, memberId: late.memberIds[0] })).body.error.code).toBe('SLOT_FULL');
    // … then more places come than people wait: the line is served first, the rest is everyone's.
    await s.sbx('POST', `/his/sandbox/sessions/${session.id}/add-places`, { body: { count: 4 } });
    expect(await s.bff.services.waitlist.sweep()).toBe(2);
    expect((await entry(fams[2], ids[2])).status).toBe('offered');
    expect((await entry(fams[3], ids[3])).status).toBe('offered');
    const free = ((await s.sbx('GET', `/his/sessions/${session.id}`)).body.slots as Array<{ id: string; remaining: number }>).filter((x) => x.remaining > 0);
    expect(free).toHaveLength(2);
    expect(free.map((x) => x.id)).toContain(lastSlot);
    expect((await book(s, late.token, { slotId: lastSlot, memberId: late.memberIds[0] })).status).toBe(201);
  });

  it('leaving while a place is held lets it go to the next in line', async () => {
    const { session, holders } = await fullSession(1);
    const [b, c] = [await family(s), await family(s)];
    const bx = (await join(b, session.id)).body;
    const cx = (await join(c, session.id)).body;
    await cancel(holders[0].f, holders[0].bookingId);
    const bo = await offered(b, bx.id);
    expect((await leave(b, bx.id)).body.status).toBe('left');
    expect((await bookingOf(b, bo.bookingId)).status).toBe('cancelled');
    await offered(c, cx.id);
  });
});

describe('under concurrency and crashes', () => {
  it('gives concurrent joins distinct places in line, and one entry to a patient joining twice at once', async () => {
    const { session } = await fullSession(1, 'H002');
    const fams = await Promise.all(Array.from({ length: 8 }, () => family(s)));
    const twice = fams[0];
    const rs = await Promise.all([...fams.map((f) => join(f, session.id)), join(twice, session.id), join(twice, session.id)]);
    expect(rs.filter((r) => r.status === 201)).toHaveLength(8);
    expect(rs.filter((r) => r.status === 409).map((r) => r.body.error.code)).toEqual(['WAITLIST_DUPLICATE', 'WAITLIST_DUPLICATE']);
    const rows = await s.bff.services.ds.getRepository(WaitlistEntry).find({ where: { sessionId: session.id }, order: { seq: 'ASC' } });
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const positions = await Promise.all(
      rows.map(
        async (r) =>
          (
            await entry(
              fams.find((f) => f.memberIds[0] === r.memberId)!,
              r.id,
            )
          ).position,
      ),
    );
    expect(positions).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('two places freeing at once (a cancel racing an expiry) go to the first two in line, each once', async () => {
    const { session, holders } = await fullSession(2);
    const fams = [await family(s), await family(s), await family(s)];
    const ids: string[] = [];
    for (const f of fams) ids.push((await join(f, session.id)).body.id);
    const svc = s.bff.services;
    await Promise.all([cancel(holders[0].f, holders[0].bookingId), svc.booking.expireDue(new Date(Date.now() + 16 * 60_000))]);
    // Every worker at once: the outbox, sweeps, direct promotions.
    await Promise.all([svc.outbox.runOnce(), svc.waitlist.sweep(), svc.waitlist.sweep(), svc.waitlist.promote(session.id)]);
    await offered(fams[0], ids[0]);
    await offered(fams[1], ids[1]);
    await Promise.all([svc.outbox.runOnce(), svc.waitlist.sweep(), svc.waitlist.sweep()]);
    expect(await entry(fams[2], ids[2])).toMatchObject({ status: 'waiting', position: 1 });
    // At the HIS: exactly the two offers hold places, one each.
    const held = await heldAtHis(session.id);
    const offers = await Promise.all([0, 1].map(async (i) => hisIdOf((await entry(fams[i], ids[i])).bookingId)));
    expect(held.map((a) => a.id).sort()).toEqual(offers.sort());
    const rows = await svc.ds.getRepository(WaitlistEntry).findBy({ sessionId: session.id });
    expect(rows.filter((r) => r.status === 'offered')).toHaveLength(2);
  });

  it('a promotion cut short after the HIS hold is retried onto the same hold; meanwhile nobody jumps the line', async () => {
    const { session, holders } = await fullSession(1);
    const [b, d] = [await family(s), await family(s)];
    const bx = (await join(b, session.id)).body;
    const svc = s.bff.services;
    const crash = jest.spyOn(svc.booking, 'insertHeld').mockRejectedValueOnce(new Error('instance died'));
    await cancel(holders[0].f, holders[0].bookingId);
    await waitFor('the first promotion failed', async () => crash.mock.calls.length === 1);
    // The claimed attempt and its HIS hold are there; the place is not free for a direct booking.
    const claimed = await svc.ds.getRepository(WaitlistEntry).findOneByOrFail({ id: bx.id });
    expect(claimed).toMatchObject({ status: 'waiting', promoting: true, attempt: 1 });
    const direct = await book(s, d.token, { slotId: session.slotIds[0], memberId: d.memberIds[0] });
    expect(direct.status).toBe(409);
    expect(direct.body.error.code).toBe('SLOT_FULL');

    const bo = await offered(b, bx.id);
    const held = await heldAtHis(session.id);
    expect(held).toHaveLength(1);
    expect(held[0].id).toBe(await hisIdOf(bo.bookingId));
    expect((await svc.ds.getRepository(WaitlistEntry).findOneByOrFail({ id: bx.id })).attempt).toBe(1);
  });
});
