import { chinaToday } from '@healthpocket/shared-types';
import { startStack, type Stack } from '../../../test/harness';
import { FollowupRecord } from './followup-entities';
import { WANG_XIUYING, ZHANG_WEI, residentWithConsent, staff } from './test-helpers';

jest.setTimeout(60_000);

const MOTHER = '11010100100100101'; // 王秀英: 高血压 + 2型糖尿病, T001, 76
const ZW = '11010100100100102'; // 张伟: no chronic condition, T001
const YINUO = '11010100100100104'; // 张一诺, 6 years old, T001
const SUNYUE = '11010100100200201'; // 孙悦, T002, maternal package

let s: Stack;
let liming: Awaited<ReturnType<typeof staff>>;
let wu: Awaited<ReturnType<typeof staff>>;
let sun: Awaited<ReturnType<typeof staff>>;
const deliver = () => s.bff.services.outbox.runOnce();
const today = () => chinaToday();
const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

function htnForm(over: Record<string, unknown> = {}) {
  return {
    kind: 'hypertension',
    recordNumber: MOTHER,
    date: today(),
    method: '门诊',
    symptoms: ['头痛头晕'],
    sbp: 148,
    dbp: 86,
    weightKg: 61.5,
    heightCm: 158,
    heartRate: 76,
    smokingPerDay: 0,
    drinkingLiangPerDay: 0,
    exerciseTimesPerWeek: 5,
    exerciseMinutes: 30,
    salt: '中',
    adherence: '规律',
    adverseReaction: null,
    classification: '控制满意',
    medications: [{ name: '氨氯地平片', usage: '5mg 每日1次' }],
    referral: null,
    advice: '低盐饮食，继续服药',
    nextVisitDate: addDays(today(), 90),
    clientId: `fu${Math.random().toString(36).slice(2, 12)}`,
    ...over,
  };
}

beforeAll(async () => {
  s = await startStack();
  liming = await staff(s, 'D-FD-001');
  wu = await staff(s, 'D-FD-003');
  sun = await staff(s, 'D-FD-002');
});
afterAll(() => s.close());

describe('patient panel', () => {
  it("lists only the team's contracted residents, paged by record number, with filters and search", async () => {
    const all = await s.api('GET', '/api/v1/workbench/panel?limit=100', { token: liming.token });
    expect(all.status).toBe(200);
    const rns = all.body.items.map((i: any) => i.recordNumber);
    expect(rns).toEqual([...rns].sort());
    expect(rns).toEqual(expect.arrayContaining([MOTHER, ZW, YINUO]));
    expect(rns).not.toContain(SUNYUE); // T002
    expect(rns).not.toContain('11010100100300056'); // 周磊, not contracted
    expect(all.body.total).toBe(rns.length);
    const mother = all.body.items.find((i: any) => i.recordNumber === MOTHER);
    expect(mother).toMatchObject({ name: '王秀英', sex: '女', conditions: ['高血压', '2型糖尿病'], doctorId: 'D-FD-001' });
    expect(mother.tags).toEqual(expect.arrayContaining(['hypertension', 'diabetes', 'elderly']));
    expect(mother.followups.map((f: any) => f.kind)).toEqual(['hypertension', 'diabetes']);

    const page1 = await s.api('GET', '/api/v1/workbench/panel?limit=2', { token: liming.token });
    expect(page1.body.items).toHaveLength(2);
    const page2 = await s.api('GET', `/api/v1/workbench/panel?limit=2&cursor=${page1.body.nextCursor}`, { token: liming.token });
    expect(page2.body.items[0].recordNumber > page1.body.items[1].recordNumber).toBe(true);
    expect(page2.body.items.map((i: any) => i.recordNumber)).toEqual(rns.slice(2, 4));

    const both = await s.api('GET', '/api/v1/workbench/panel?filters=hypertension,elderly', { token: liming.token });
    expect(both.body.items.map((i: any) => i.recordNumber)).toContain(MOTHER);
    for (const i of both.body.items) expect(i.tags).toEqual(expect.arrayContaining(['hypertension', 'elderly']));
    const kids = await s.api('GET', '/api/v1/workbench/panel?filters=child', { token: liming.token });
    expect(kids.body.items.map((i: any) => i.recordNumber)).toEqual(expect.arrayContaining([YINUO, '11010100100100105']));
    expect(kids.body.items.every((i: any) => i.age <= 6)).toBe(true);
    const pregnant = await s.api('GET', '/api/v1/workbench/panel?filters=pregnant', { token: sun.token });
    expect(pregnant.body.items.map((i: any) => i.recordNumber)).toEqual([SUNYUE]);

    expect((await s.api('GET', '/api/v1/workbench/panel?q=王秀英', { token: liming.token })).body.items.map((i: any) => i.recordNumber)).toEqual([MOTHER]);
    expect((await s.api('GET', `/api/v1/workbench/panel?q=${MOTHER.slice(-5)}`, { token: liming.token })).body.items.map((i: any) => i.recordNumber)).toEqual([MOTHER]);
  });

  it('refuses residents, other teams and bad input with stable codes', async () => {
    const zw = await s.resident(ZHANG_WEI);
    expect((await s.api('GET', '/api/v1/workbench/panel', { token: zw.token })).status).toBe(403);
    const other = await s.api('GET', `/api/v1/workbench/panel/${MOTHER}`, { token: wu.token });
    expect(other.status).toBe(404);
    expect((await s.api('GET', '/api/v1/workbench/panel', { token: wu.token })).body.items.map((i: any) => i.recordNumber)).not.toContain(MOTHER);
    const bad = await s.api('GET', '/api/v1/workbench/panel?filters=hypertension,../../x', { token: liming.token });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    expect((await s.api('GET', '/api/v1/workbench/panel?cursor=..%2F..', { token: liming.token })).status).toBe(400);
    expect((await s.api('GET', '/api/v1/workbench/panel/..%2Fteams', { token: liming.token })).status).toBe(400);
    expect((await s.api('POST', '/api/v1/workbench/followups', { token: wu.token, body: htnForm() })).status).toBe(404);
    expect((await s.api('POST', '/api/v1/workbench/followups', { token: zw.token, body: htnForm() })).status).toBe(403);
  });
});

describe('随访', () => {
  it('validates the national form', async () => {
    const wrongKind = await s.api('POST', '/api/v1/workbench/followups', { token: liming.token, body: htnForm({ recordNumber: ZW }) });
    expect(wrongKind.status).toBe(409);
    expect(wrongKind.body.error.code).toBe('NOT_MANAGED');
    for (const over of [
      { sbp: 400 },
      { salt: '很咸' },
      { classification: '好' },
      { symptoms: ['多饮'] },
      { date: addDays(today(), 1) },
      { nextVisitDate: today() },
      { dbp: 150, sbp: 140 },
      { extra: 1 },
      { sbp: '148' },
    ]) {
      const r = await s.api('POST', '/api/v1/workbench/followups', { token: liming.token, body: htnForm(over) });
      expect([r.status, r.body.error?.code]).toEqual([400, 'VALIDATION_FAILED']);
    }
    // The diabetes form asks for fasting glucose.
    const noGlucose = await s.api('POST', '/api/v1/workbench/followups', { token: liming.token, body: { ...htnForm({ kind: 'diabetes', symptoms: ['多饮'] }), salt: undefined } });
    expect(noGlucose.status).toBe(400);
    expect(await s.bff.services.ds.getRepository(FollowupRecord).countBy({ recordNumber: ZW })).toBe(0);
  });

  it('a recorded follow-up is written back once through the outbox and shows in the resident record; the due list moves', async () => {
    const dueBefore = await s.api('GET', '/api/v1/workbench/followups/due?scope=mine', { token: liming.token });
    expect(dueBefore.status).toBe(200);
    const form = htnForm();
    const first = await s.api('POST', '/api/v1/workbench/followups', { token: liming.token, body: form });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ recordNumber: MOTHER, kind: 'hypertension', bmi: 24.6, bpCategory: 'normal', writeback: 'pending', doctorName: '李明' });
    const retry = await s.api('POST', '/api/v1/workbench/followups', { token: liming.token, body: form });
    expect(retry.body.id).toBe(first.body.id);
    expect(await s.bff.services.ds.getRepository(FollowupRecord).countBy({ recordNumber: MOTHER })).toBe(1);

    await deliver();
    await deliver();
    const detail = await s.api('GET', `/api/v1/workbench/panel/${MOTHER}`, { token: liming.token });
    expect(detail.body.followups[0]).toMatchObject({ id: first.body.id, writeback: 'written' });
    const platformId = detail.body.followups[0].platformId;
    expect(platformId).toMatch(/^FUH-11010100100100101-W/);

    const record = await s.api('GET', `/api/v1/records/${MOTHER}/followups`, { token: liming.token });
    expect(record.status).toBe(200);
    const written = record.body.items.filter((f: any) => f.id === platformId);
    expect(written).toHaveLength(1);
    expect(written[0]).toMatchObject({ date: today(), sbp: 148, dbp: 86, classification: '控制满意', doctorName: '李明', nextVisitDate: form.nextVisitDate });

    const after = await s.api('GET', `/api/v1/workbench/panel?q=${MOTHER}`, { token: liming.token });
    const htn = after.body.items[0].followups.find((f: any) => f.kind === 'hypertension');
    expect(htn).toMatchObject({ lastDate: today(), dueDate: form.nextVisitDate, overdue: false });
    const dueAfter = await s.api('GET', '/api/v1/workbench/followups/due?scope=mine', { token: liming.token });
    expect([...dueAfter.body.overdue, ...dueAfter.body.due].some((i: any) => i.recordNumber === MOTHER && i.kind === 'hypertension')).toBe(false);
  });

  it('lists overdue follow-ups once the quarter has passed (movable clock)', async () => {
    const svc = s.bff.services.doctor.followups;
    const real = svc.clock;
    try {
      svc.clock = () => new Date(Date.now() + 200 * 86_400_000);
      const due = await s.api('GET', '/api/v1/workbench/followups/due?scope=team', { token: liming.token });
      const mother = due.body.overdue
        .filter((i: any) => i.recordNumber === MOTHER)
        .map((i: any) => i.kind)
        .sort();
      expect(mother).toEqual(['diabetes', 'hypertension']);
      for (const i of due.body.overdue) expect(i.overdueDays).toBeGreaterThan(0);
      const overdue = await s.api('GET', '/api/v1/workbench/panel?filters=overdue', { token: liming.token });
      expect(overdue.body.items.map((i: any) => i.recordNumber)).toContain(MOTHER);
      expect(overdue.body.items.map((i: any) => i.recordNumber)).not.toContain(ZW);
    } finally {
      svc.clock = real;
    }
  });
});

describe('reminders', () => {
  it('tells a resident once per due date, and a resident of 65+ once a year of the health check-up', async () => {
    // 王秀英 talks to her team: the conversation links her record to her account.
    const wxy = await residentWithConsent(s, WANG_XIUYING);
    expect((await s.api('POST', '/api/v1/doctor/conversations', { token: wxy.token, body: { memberId: wxy.selfId } })).status).toBeLessThan(300);
    const openid = wxy.openid;
    await s.sbx('POST', '/wechat/sandbox/subscriptions', { body: { openid, templateIds: ['sbx_tmpl_followup_reminder'], count: 10 } });
    const sent = async () => ((await s.sbx('GET', `/wechat/sandbox/sent?touser=${openid}`)).body.items as any[]).filter((m) => m.template_id === 'sbx_tmpl_followup_reminder');

    const svc = s.bff.services.doctor.followups;
    const real = svc.clock;
    try {
      svc.clock = () => new Date(Date.now() + 200 * 86_400_000); // both follow-ups overdue by then
      await svc.remind();
      await svc.remind(); // a second run (or instance) adds nothing
      await deliver();
      const msgs = await sent();
      const things = msgs.map((m) => m.data.thing2.value).sort();
      expect(things).toEqual(['糖尿病随访', '老年人年度免费健康体检', '高血压随访'].sort());
      expect(msgs.every((m) => m.data.name1.value === '王秀英')).toBe(true);
      await svc.remind();
      await deliver();
      expect(await sent()).toHaveLength(3);
      // The same three in her 消息中心, each once although the job ran three times.
      const inbox = (await s.api('GET', '/api/v1/messages?category=followup', { token: wxy.token })).body.items as Array<{ title: string; body: string; link: string }>;
      expect(inbox.map((m) => m.title).sort()).toEqual(['糖尿病随访提醒', '老年人年度免费健康体检提醒', '高血压随访提醒'].sort());
      expect(inbox.every((m) => m.body.startsWith('王秀英：') && m.link === 'doctor/pages/index/index')).toBe(true);
    } finally {
      svc.clock = real;
    }
  });
});
