import { startStack, type Stack } from '../../../test/harness';
import { AuditLog, FamilyMember } from '../../db/entities';
import { VaccineAppointment, VaccineSessionQuota, VaccineStock } from './entities';
import { adultApproves } from '../records/test-family';
import { adult, book, idemKey, nextSession, payThroughCashier, waitFor, zhangFamily, type ZhangFamily } from './test-kit';

let s: Stack;
let zw: ZhangFamily;
beforeAll(async () => {
  s = await startStack({ VACCINE_JOB_INTERVAL_SECONDS: '0', VACCINE_BOOK_RATE_PER_MINUTE: '200', TRUST_PROXY: 'true' });
  zw = await zhangFamily(s);
});
afterAll(() => s.close());

const get = (path: string, token = zw.token) => s.api('GET', path, { token });
const svc = () => s.bff.services.vaccines;
/** Moves the BFF's clock for the rest of a test (restored after each). */
const travelTo = (ms: number) => {
  svc().context.clock = () => ms;
};
afterEach(() => {
  svc().context.clock = Date.now;
});

describe('timeline and 电子接种证', () => {
  it('张小宝 (14 months): MPSV-A 2 due, 18-month doses upcoming, JE-I not needed after JE-L; the read is audited', async () => {
    const res = await get(`/api/v1/vaccines/members/${zw.son}/timeline`);
    expect(res.status).toBe(200);
    expect(res.body.member).toMatchObject({ name: '张小宝', ageLabel: '14月龄', relationLabel: '子女' });
    expect(res.body.certNo).toMatch(/^110101\d{8}0105$/);
    const by = (code: string, dose: number) => res.body.entries.find((e: any) => e.code === code && e.dose === dose);
    expect(by('MPSV-A', 2)).toMatchObject({ status: 'due', reason: '已到接种时间，请尽快预约', appointment: null });
    expect(by('DTaP', 4)).toMatchObject({ status: 'upcoming', recommendedAge: '1岁6月龄' });
    expect(by('JE-I', 1)).toMatchObject({ status: 'not_needed', reason: '已接种乙脑减毒活疫苗，无需再接种乙脑灭活疫苗' });
    expect(res.body.summary).toMatchObject({ due: 1, overdue: 0 });
    expect(res.body.entries.some((e: any) => e.code === 'HPV2')).toBe(false);
    const audit = await s.bff.services.ds.getRepository(AuditLog).findBy({ action: 'vaccines.timeline.read', subjectId: zw.son });
    expect(audit).toHaveLength(1);
    expect(audit[0].actorUserId).toBe(zw.userId);
  });

  it('张一诺 (6 today, history from the old 3/4/5-month DTaP schedule): DTaP 5 and MPSV-AC 2 are due, HPV2 upcoming at 13', async () => {
    const res = await get(`/api/v1/vaccines/members/${zw.daughter}/timeline`);
    const by = (code: string, dose: number) => res.body.entries.find((e: any) => e.code === code && e.dose === dose);
    expect(by('DTaP', 5)).toMatchObject({ status: 'due', code: 'DTaP' });
    expect(by('MPSV-AC', 2).status).toBe('due');
    expect(by('bOPV', 4).status).toBe('done');
    expect(by('HPV2', 1)).toMatchObject({ status: 'upcoming' });
    const member = await s.bff.services.ds.getRepository(FamilyMember).findOneByOrFail({ id: zw.daughter });
    const due = await svc().dueWithin(member, 14);
    expect(due.map((e) => `${e.code}#${e.dose}`).sort()).toEqual(['DTaP#5', 'MPSV-AC#2']);
  });

  it('the 电子接种证 lists every dose on the platform, programme and self-paid', async () => {
    const res = await get(`/api/v1/vaccines/members/${zw.son}/record`);
    expect(res.status).toBe(200);
    expect(res.body.onPlatform).toBe(true);
    expect(res.body.items.length).toBe(18);
    expect(res.body.items.find((i: any) => i.vaccineCode === 'PCV13')).toMatchObject({ kind: 'self_paid', manufacturer: '辉瑞' });
    expect(res.body.programmeSummary).toEqual({ done: expect.any(Number), outstanding: 1 });
  });

  it("asks for the health-data consent, and hides other users' members behind 404", async () => {
    const stranger = await s.resident();
    const noConsent = await get(`/api/v1/vaccines/members/${(await get('/api/v1/family/members', stranger.token)).body.items[0].id}/timeline`, stranger.token);
    expect(noConsent.status).toBe(403);
    expect(noConsent.body.error.code).toBe('CONSENT_REQUIRED');
    const other = await adult(s, 'female');
    const res = await get(`/api/v1/vaccines/members/${zw.son}/timeline`, other.token);
    expect(res.status).toBe(404);
    expect(await s.bff.services.ds.getRepository(AuditLog).countBy({ action: 'vaccines.timeline.read', actorUserId: other.userId })).toBe(0);
  });

  it('an adult is outside the programme: empty timeline with a note', async () => {
    const res = await get(`/api/v1/vaccines/members/${zw.self}/timeline`);
    expect(res.body).toMatchObject({ inProgramme: false, entries: [], note: expect.stringContaining('成人') });
  });
});

describe('clinics by whom they serve', () => {
  const ids = (r: { body: { items: Array<{ id: string }> } }) => r.body.items.map((c) => c.id).sort();

  it("lists every clinic's age band; with a member, only the clinics serving the member's age", async () => {
    const all = await get('/api/v1/vaccines/clinics?vaccineCode=Flu');
    expect(ids(all)).toEqual(['VC001', 'VC002', 'VC003']);
    expect(all.body.items.find((c: { id: string }) => c.id === 'VC003').serves).toEqual({ minYears: 18, maxYears: null, label: '18岁及以上成人' });
    expect(all.body.items.find((c: { id: string }) => c.id === 'VC001').serves).toEqual({ minYears: null, maxYears: 18, label: '18岁以下儿童' });
    // 张小宝 is 14 months old: no adult clinic for his flu shot
    expect(ids(await get(`/api/v1/vaccines/clinics?vaccineCode=Flu&memberId=${zw.son}`))).toEqual(['VC001', 'VC002']);
    // 张伟 is an adult: no children's clinic
    expect(ids(await get(`/api/v1/vaccines/clinics?vaccineCode=Flu&memberId=${zw.self}`))).toEqual(['VC002', 'VC003']);
  });

  it("hides another user's member behind 404", async () => {
    const other = await adult(s, 'female');
    const res = await get(`/api/v1/vaccines/clinics?vaccineCode=Flu&memberId=${zw.son}`, other.token);
    expect(res.status).toBe(404);
  });

  it('refuses booking a child at the adult clinic, in Chinese, and books nothing', async () => {
    const session = await nextSession(s, zw.token, 'VC003', 'Flu');
    const before = await s.bff.services.ds.getRepository(VaccineAppointment).count();
    const res = await book(s, zw.token, { memberId: zw.son, clinicId: 'VC003', sessionId: session.id, vaccineCode: 'Flu' });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'VACCINE_CLINIC_AGE', message: '市第一人民医院成人预防接种门诊只为18岁及以上成人接种，张小宝（1岁）请选择其他接种门诊' });
    expect(await s.bff.services.ds.getRepository(VaccineAppointment).count()).toBe(before);
  });
});

describe('booking a programme dose', () => {
  it('books the due MPSV-A 2 for 张小宝, free and confirmed at once; a replay answers the same; a second booking is refused', async () => {
    const session = await nextSession(s, zw.token, 'VC001', 'MPSV-A');
    const list = await get(`/api/v1/vaccines/clinics/VC001/sessions?vaccineCode=MPSV-A&memberId=${zw.son}`);
    expect(list.body.items.find((x: { id: string }) => x.id === session.id)).toMatchObject({ bookable: true, reason: null, priceFen: 0, stock: null, capacity: 20 });
    const key = idemKey();
    const body = { memberId: zw.son, clinicId: 'VC001', sessionId: session.id, vaccineCode: 'MPSV-A' };
    const res = await book(s, zw.token, body, key);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'confirmed',
      statusLabel: '已预约',
      kind: 'programme',
      priceFen: 0,
      orderId: null,
      dose: 2,
      vaccineName: 'A群流脑多糖疫苗',
      memberName: '张小宝',
      cancellable: true,
    });
    expect(res.body.start).toMatch(/T08:00:00\+08:00$/);
    const replay = await book(s, zw.token, body, key);
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body.id).toBe(res.body.id);
    const again = await book(s, zw.token, body);
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'VACCINE_ALREADY_BOOKED', message: '张小宝已预约A群流脑多糖疫苗，请勿重复预约' });
    const quota = await s.bff.services.ds.getRepository(VaccineSessionQuota).findOneByOrFail({ id: `${session.id}|MPSV-A` });
    expect(quota.booked).toBe(1);
    const timeline = await get(`/api/v1/vaccines/members/${zw.son}/timeline`);
    expect(timeline.body.entries.find((e: any) => e.code === 'MPSV-A' && e.dose === 2).appointment).toMatchObject({ id: res.body.id, sessionDate: session.date });

    // cancel before the session: the place goes back; cancelling again changes nothing
    const cancel = await s.api('POST', `/api/v1/vaccines/appointments/${res.body.id}/cancel`, { token: zw.token, body: {} });
    expect(cancel.body).toMatchObject({ status: 'cancelled', cancellable: false });
    expect((await s.bff.services.ds.getRepository(VaccineSessionQuota).findOneByOrFail({ id: quota.id })).booked).toBe(0);
    const twice = await s.api('POST', `/api/v1/vaccines/appointments/${res.body.id}/cancel`, { token: zw.token, body: {} });
    expect(twice.body.status).toBe('cancelled');
    expect((await s.bff.services.ds.getRepository(VaccineSessionQuota).findOneByOrFail({ id: quota.id })).booked).toBe(0);
    const mine = await get('/api/v1/vaccines/appointments');
    expect(mine.body.items[0]).toMatchObject({ id: res.body.id, status: 'cancelled' });
  });

  describe('eligibility refusals say why', () => {
    const cases: Array<[string, () => Record<string, string>, number, string, RegExp]> = [
      [
        'DTaP 4 for 张小宝 before 18 months',
        () => ({ memberId: zw.son, vaccineCode: 'DTaP', clinicId: 'VC001' }),
        409,
        'VACCINE_TOO_EARLY',
        /百白破疫苗第4剂最早可在\d{4}-\d{2}-\d{2}接种（满1岁6月龄可接种）/,
      ],
      ['HPV2 for a boy', () => ({ memberId: zw.son, vaccineCode: 'HPV2', clinicId: 'VC001' }), 409, 'VACCINE_NOT_ELIGIBLE', /双价HPV疫苗不适用于该接种对象/],
      ['bOPV when polio is complete', () => ({ memberId: zw.daughter, vaccineCode: 'bOPV', clinicId: 'VC001' }), 409, 'VACCINE_NOT_ELIGIBLE', /已完成全部4剂次/],
      ['JE-I after JE-L was chosen', () => ({ memberId: zw.son, vaccineCode: 'JE-I', clinicId: 'VC001' }), 409, 'VACCINE_NOT_ELIGIBLE', /无需再接种乙脑灭活疫苗/],
      ['a vaccine the clinic does not give', () => ({ memberId: zw.self, vaccineCode: 'MPSV-A', clinicId: 'VC003' }), 409, 'VACCINE_NOT_OFFERED', /不提供/],
      ['HPV9 for a man', () => ({ memberId: zw.self, vaccineCode: 'HPV9', clinicId: 'VC003' }), 409, 'VACCINE_NOT_ELIGIBLE', /九价HPV疫苗仅适用于女性/],
      ['HPV9 for a 6-year-old girl', () => ({ memberId: zw.daughter, vaccineCode: 'HPV9', clinicId: 'VC002' }), 409, 'VACCINE_TOO_EARLY', /九价HPV疫苗适用于9岁至46岁前，最早可在/],
    ];
    it.each(cases)('%s', async (_name, input, status, code, message) => {
      const i = input();
      const session = await nextSession(s, zw.token, i.clinicId, i.clinicId === 'VC003' && i.vaccineCode === 'MPSV-A' ? 'HPV9' : i.vaccineCode);
      const before = await s.bff.services.ds.getRepository(VaccineAppointment).count();
      const res = await book(s, zw.token, { memberId: i.memberId, clinicId: i.clinicId, sessionId: session.id, vaccineCode: i.vaccineCode });
      expect(res.status).toBe(status);
      expect(res.body.error.code).toBe(code);
      expect(res.body.error.message).toMatch(message);
      if (code === 'VACCINE_TOO_EARLY') expect(res.body.error.earliestDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(await s.bff.services.ds.getRepository(VaccineAppointment).count()).toBe(before);
    });

    it('a session that started, an unknown session and a bad body', async () => {
      const session = await nextSession(s, zw.token, 'VC001', 'MPSV-A');
      travelTo(Date.parse(session.start) + 60_000);
      const started = await book(s, zw.token, { memberId: zw.son, clinicId: 'VC001', sessionId: session.id, vaccineCode: 'MPSV-A' });
      expect(started.body.error.code).toBe('VACCINE_SESSION_CLOSED');
      svc().context.clock = Date.now;
      const unknown = await book(s, zw.token, { memberId: zw.son, clinicId: 'VC001', sessionId: 'VC001-20000101-am', vaccineCode: 'MPSV-A' });
      expect(unknown.body.error.code).toBe('VACCINE_SESSION_CLOSED');
      const bad = await book(s, zw.token, { memberId: '', clinicId: 'VC001', sessionId: session.id, vaccineCode: 'MPSV-A' });
      expect(bad.status).toBe(400);
      const noKey = await s.api('POST', '/api/v1/vaccines/appointments', { token: zw.token, body: { memberId: zw.son, clinicId: 'VC001', sessionId: session.id, vaccineCode: 'MPSV-A' } });
      expect(noKey.status).toBe(400);
    });
  });

  it('cannot cancel once the session started', async () => {
    const session = await nextSession(s, zw.token, 'VC001', 'DTaP');
    const res = await book(s, zw.token, { memberId: zw.daughter, clinicId: 'VC001', sessionId: session.id, vaccineCode: 'DTaP' });
    expect(res.status).toBe(201);
    travelTo(Date.parse(session.start) + 1000);
    const late = await s.api('POST', `/api/v1/vaccines/appointments/${res.body.id}/cancel`, { token: zw.token, body: {} });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('VACCINE_CANCEL_CLOSED');
    svc().context.clock = Date.now;
    const other = await adult(s, 'male');
    expect((await s.api('POST', `/api/v1/vaccines/appointments/${res.body.id}/cancel`, { token: other.token, body: {} })).status).toBe(404);
    expect((await get(`/api/v1/vaccines/appointments/${res.body.id}`, other.token)).status).toBe(404);
    await s.api('POST', `/api/v1/vaccines/appointments/${res.body.id}/cancel`, { token: zw.token, body: {} });
  });
});

describe('attendance and no-shows', () => {
  it('a dose the clinic recorded completes the appointment and the timeline; two no-shows block booking until next year', async () => {
    // 张一诺 gets MPSV-AC 2 at the first session: the clinic records it.
    const first = await nextSession(s, zw.token, 'VC001', 'MPSV-AC');
    const given = await book(s, zw.token, { memberId: zw.daughter, clinicId: 'VC001', sessionId: first.id, vaccineCode: 'MPSV-AC' });
    expect(given.status).toBe(201);
    const rn = (await s.bff.services.ds.getRepository(VaccineAppointment).findOneByOrFail({ id: given.body.id })).recordNumber!;
    // 张小宝 misses MPSV-A at the same session.
    const missed = await book(s, zw.token, { memberId: zw.son, clinicId: 'VC001', sessionId: first.id, vaccineCode: 'MPSV-A' });
    expect(missed.status).toBe(201);
    // The sandbox clock is real time: record the dose as given today, matched by the appointment id.
    await s.sbx('POST', '/platform/sandbox/immunizations', { body: { recordNumber: rn, code: 'MPSV-AC', clinicId: 'VC001', appointmentRef: given.body.id } });
    travelTo(Date.parse(first.end) + 60_000);
    const settled = await svc().jobs.settleAttendance();
    expect(settled).toMatchObject({ completed: 1, noShow: 1 });
    svc().context.clock = Date.now;
    expect((await get(`/api/v1/vaccines/appointments/${given.body.id}`)).body.status).toBe('completed');
    expect((await get(`/api/v1/vaccines/appointments/${missed.body.id}`)).body).toMatchObject({ status: 'no_show', statusLabel: '爽约' });
    const timeline = await get(`/api/v1/vaccines/members/${zw.daughter}/timeline`);
    expect(timeline.body.entries.find((e: any) => e.code === 'MPSV-AC' && e.dose === 2).status).toBe('done');
    // Settling again changes nothing.
    travelTo(Date.parse(first.end) + 120_000);
    expect(await svc().jobs.settleAttendance()).toMatchObject({ completed: 0, noShow: 0 });

    // A second no-show for 张小宝 in the same year …
    const second = await nextSession(s, zw.token, 'VC001', 'MPSV-A', 1);
    svc().context.clock = Date.now;
    const again = await book(s, zw.token, { memberId: zw.son, clinicId: 'VC001', sessionId: second.id, vaccineCode: 'MPSV-A' });
    expect(again.status).toBe(201);
    travelTo(Date.parse(second.end) + 60_000);
    await svc().jobs.settleAttendance();
    svc().context.clock = Date.now;
    // … blocks him until 1 January; his sister is not affected.
    const third = await nextSession(s, zw.token, 'VC001', 'MPSV-A', 2);
    const blocked = await book(s, zw.token, { memberId: zw.son, clinicId: 'VC001', sessionId: third.id, vaccineCode: 'MPSV-A' });
    expect(blocked.status).toBe(403);
    const year = Number(second.date.slice(0, 4));
    expect(blocked.body.error).toMatchObject({ code: 'VACCINE_BOOKING_BLOCKED', until: `${year + 1}-01-01`, message: `${year}年已爽约2次，${year + 1}年1月1日前暂停疫苗预约` });
  });
});

describe('self-paid doses through payments', () => {
  // 陈静 is an adult: her husband books and pays for her once she approves his 家人授权.
  beforeAll(() => adultApproves(s, zw.token, zw.wife, { name: '陈静', idNumber: '11010219840406970X', phone: '13900139000' }));

  it('HPV9 before its weekly release says when it opens', async () => {
    const batches = (await s.sbx('GET', '/platform/vaccination/products')).body.items.find((p: any) => p.id === 'P-HPV9').batches.filter((b: any) => b.clinicId === 'VC002');
    const firstRelease = batches.map((b: any) => b.releaseAt).sort()[0];
    expect(firstRelease).toMatch(/T10:00:00\+08:00$/);
    const sessions = (await get('/api/v1/vaccines/clinics/VC002/sessions?vaccineCode=HPV9')).body.items;
    const session = sessions.find((x: any) => Date.parse(x.start) > Date.parse(firstRelease));
    travelTo(Date.parse(firstRelease) - 3600_000);
    const res = await book(s, zw.token, { memberId: zw.wife, clinicId: 'VC002', sessionId: session.id, vaccineCode: 'HPV9' });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'VACCINE_NOT_RELEASED', releaseAt: firstRelease, message: `九价HPV疫苗下一批将于${firstRelease.slice(0, 10)} 10:00开放预约` });
    const list = await get(`/api/v1/vaccines/clinics/VC002/sessions?vaccineCode=HPV9`);
    expect(list.body.items.find((x: any) => x.id === session.id)).toMatchObject({ bookable: false, reason: '疫苗暂无余量，请等待下次放号', stock: { remaining: 0, nextReleaseAt: firstRelease } });
  });

  it('HPV9 books pending payment with an order; paying confirms it; cancelling gives the dose back and refunds', async () => {
    const session = await nextSession(s, zw.token, 'VC003', 'HPV9');
    await s.sbx('POST', '/platform/vaccination/sandbox/batches', { body: { clinicId: 'VC003', productId: 'P-HPV9', quantity: 5 } });
    s.bff.services.upstream.platform.invalidate('/vaccination/products'); // new batches otherwise show within 10 s
    const res = await book(s, zw.token, { memberId: zw.wife, clinicId: 'VC003', sessionId: session.id, vaccineCode: 'HPV9' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'pending_payment', kind: 'self_paid', priceFen: 131800, dose: 1, orderId: expect.any(String), payBy: expect.stringMatching(/\+08:00$/) });
    const row = await s.bff.services.ds.getRepository(VaccineAppointment).findOneByOrFail({ id: res.body.id });
    const stockBefore = (await s.bff.services.ds.getRepository(VaccineStock).findOneByOrFail({ id: row.stockId! })).remaining;

    await payThroughCashier(s, zw.token, res.body.orderId);
    await waitFor('confirmed', async () => (await get(`/api/v1/vaccines/appointments/${res.body.id}`)).body.status === 'confirmed');

    const cancel = await s.api('POST', `/api/v1/vaccines/appointments/${res.body.id}/cancel`, { token: zw.token, body: { reason: '行程有变' } });
    expect(cancel.body.status).toBe('cancelled');
    expect((await s.bff.services.ds.getRepository(VaccineStock).findOneByOrFail({ id: row.stockId! })).remaining).toBe(stockBefore + 1);
    await s.bff.services.outbox.runOnce();
    await waitFor('refund', async () => {
      const order = (await get(`/api/v1/payments/orders/${res.body.orderId}`)).body;
      return ['REFUNDING', 'REFUNDED'].includes(order.state);
    });
  });

  it('an unpaid self-paid booking that expires gives its dose and place back', async () => {
    const session = await nextSession(s, zw.token, 'VC003', 'HPV9', 1);
    const res = await book(s, zw.token, { memberId: zw.wife, clinicId: 'VC003', sessionId: session.id, vaccineCode: 'HPV9' });
    expect(res.status).toBe(201);
    const row = await s.bff.services.ds.getRepository(VaccineAppointment).findOneByOrFail({ id: res.body.id });
    const stock = (await s.bff.services.ds.getRepository(VaccineStock).findOneByOrFail({ id: row.stockId! })).remaining;
    const quota = (await s.bff.services.ds.getRepository(VaccineSessionQuota).findOneByOrFail({ id: row.quotaId })).booked;
    await s.bff.services.payments.close(res.body.orderId, 'expired');
    expect((await get(`/api/v1/vaccines/appointments/${res.body.id}`)).body.status).toBe('expired');
    expect((await s.bff.services.ds.getRepository(VaccineStock).findOneByOrFail({ id: row.stockId! })).remaining).toBe(stock + 1);
    expect((await s.bff.services.ds.getRepository(VaccineSessionQuota).findOneByOrFail({ id: row.quotaId })).booked).toBe(quota - 1);
    // and she may book again
    const again = await book(s, zw.token, { memberId: zw.wife, clinicId: 'VC003', sessionId: session.id, vaccineCode: 'HPV9' });
    expect(again.status).toBe(201);
    await s.api('POST', `/api/v1/vaccines/appointments/${again.body.id}/cancel`, { token: zw.token, body: {} });
    expect((await get(`/api/v1/vaccines/appointments/${again.body.id}`)).body.status).toBe('cancelled');
  });
});

describe('reminders', () => {
  it('sends one subscribe message per booked session and per due dose, never twice', async () => {
    const tmpl = s.bff.services.config.raw.VACCINE_APPOINTMENT_TEMPLATE_ID ?? 'sbx_tmpl_vaccine_appointment';
    await s.sbx('POST', '/wechat/sandbox/subscriptions', { body: { openid: zw.openid, templateIds: [tmpl, 'sbx_tmpl_vaccine_due'], count: 10 } });
    const session = await nextSession(s, zw.token, 'VC001', 'DTaP');
    const res = await book(s, zw.token, { memberId: zw.daughter, clinicId: 'VC001', sessionId: session.id, vaccineCode: 'DTaP' });
    expect(res.status).toBe(201);
    travelTo(Date.parse(session.start) - 3600_000);
    const first = await svc().jobs.remindSessions();
    expect(first.sent).toBe(1);
    expect(await svc().jobs.remindSessions()).toMatchObject({ sent: 0 });
    svc().context.clock = Date.now;
    const due = await svc().jobs.remindDue();
    const again = await svc().jobs.remindDue();
    expect(again.sent).toBe(0);
    const sent = (await s.sbx('GET', `/wechat/sandbox/sent?touser=${zw.openid}`)).body.items;
    const sessionMsgs = sent.filter((m: any) => m.template_id === tmpl);
    expect(sessionMsgs).toHaveLength(1);
    expect(sessionMsgs[0].data).toMatchObject({ thing1: { value: '百白破疫苗第5剂' }, name2: { value: '张一诺' } });
    expect(sent.filter((m: any) => m.template_id === 'sbx_tmpl_vaccine_due')).toHaveLength(due.sent);
    // Each reminder once in the 消息中心 too: the session one and one per due dose.
    const inbox = (await s.api('GET', '/api/v1/messages?category=vaccine&limit=50', { token: zw.token })).body.items as Array<{ title: string; body: string; memberId: string; link: string }>;
    const sessionNotes = inbox.filter((m) => m.title === '接种提醒');
    expect(sessionNotes.map((m) => [m.memberId, m.link])).toEqual([[zw.daughter, `vaccines/pages/appointments/index?id=${res.body.id}`]]);
    expect(sessionNotes[0].body).toContain('张一诺');
    expect(inbox.filter((m) => m.title !== '接种提醒')).toHaveLength(due.sent);
    await s.api('POST', `/api/v1/vaccines/appointments/${res.body.id}/cancel`, { token: zw.token, body: {} });
  });
});
