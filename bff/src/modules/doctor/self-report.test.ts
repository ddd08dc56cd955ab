import { chinaToday } from '@healthpocket/shared-types';
import { startStack, type Stack } from '../../../test/harness';
import { adultApproves, grantHealthConsent, zhangFamily, type ZhangFamily } from '../records/test-family';
import { FollowupSelfReport } from './self-report-entities';
import { staff } from './test-helpers';

jest.setTimeout(90_000);

const MOTHER = '11010100100100101'; // 王秀英: 高血压 + 2型糖尿病, team T001 (李明)
const DAY = 86_400_000;
const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);

let s: Stack;
let zw: ZhangFamily;
let wxy: { token: string; self: string };
let liming: Awaited<ReturnType<typeof staff>>;
let wu: Awaited<ReturnType<typeof staff>>;

const htnReport = (over: Record<string, unknown> = {}) => ({
  kind: 'hypertension',
  symptoms: ['头痛头晕'],
  smokingPerDay: 0,
  drinkingLiangPerDay: 0.5,
  exerciseTimesPerWeek: 5,
  exerciseMinutes: 30,
  salt: '中',
  adherence: '间断',
  adverseReaction: '偶有脚踝水肿',
  ...over,
});
const put = (token: string, memberId: string, body: unknown) => s.api('PUT', `/api/v1/doctor/members/${memberId}/self-report`, { token, body });
const page = (token: string, memberId: string) => s.api('GET', `/api/v1/doctor/members/${memberId}/self-report`, { token });
/** The doctor records a hypertension follow-up (`daysAgo`) with the next one due in `days` from today (the due date the self-report answers). */
async function recordWithNextIn(days: number, daysAgo = 0) {
  const today = chinaToday();
  const res = await s.api('POST', '/api/v1/workbench/followups', {
    token: liming.token,
    body: {
      kind: 'hypertension',
      recordNumber: MOTHER,
      date: addDays(today, -daysAgo),
      method: '门诊',
      symptoms: ['无症状'],
      sbp: 138,
      dbp: 84,
      weightKg: 61.5,
      heightCm: 158,
      heartRate: 74,
      smokingPerDay: 0,
      drinkingLiangPerDay: 0,
      exerciseTimesPerWeek: 5,
      exerciseMinutes: 30,
      salt: '中',
      adherence: '规律',
      adverseReaction: null,
      classification: '控制满意',
      medications: [],
      referral: null,
      advice: null,
      nextVisitDate: addDays(today, days),
      clientId: `sr${Math.random().toString(36).slice(2, 12)}`,
    },
  });
  expect(res.status).toBe(201);
  return addDays(today, days);
}
const reading = (token: string, memberId: string, daysAgo: number, systolic: number) =>
  s.api('POST', '/api/v1/doctor/readings', { token, body: { memberId, kind: 'bp', values: { systolic, diastolic: 88 }, measuredAt: new Date(Date.now() - daysAgo * DAY).toISOString() } });

beforeAll(async () => {
  s = await startStack();
  zw = await zhangFamily(s, { motherGrant: false });
  await grantHealthConsent(s, zw.motherAccount.token);
  const own = (await s.api('GET', '/api/v1/family/members', { token: zw.motherAccount.token })).body.items.find((m: { relation: string }) => m.relation === 'self');
  wxy = { token: zw.motherAccount.token, self: own.id };
  liming = await staff(s, 'D-FD-001');
  wu = await staff(s, 'D-FD-003');
});
afterAll(() => s.close());

describe('the self-report before a 随访', () => {
  it('王秀英 sends her self-report for the due follow-up with her last 14 days of home readings; sending again replaces it; the doctor sees it', async () => {
    const due = await recordWithNextIn(10, 1);
    for (const [daysAgo, sbp] of [
      [1, 142],
      [5, 151],
      [20, 160],
    ] as const)
      expect((await reading(wxy.token, wxy.self, daysAgo, sbp)).status).toBe(201);

    const before = await page(wxy.token, wxy.self);
    expect(before.status).toBe(200);
    expect(before.body.items.map((i: any) => i.kind)).toEqual(['hypertension', 'diabetes']);
    expect(before.body.items[0]).toMatchObject({ kind: 'hypertension', dueDate: due, open: true, overdue: false, report: null });
    // The readings that will be attached: the last 14 days only, newest first.
    expect(before.body.readings.map((r: any) => r.values.systolic)).toEqual([142, 151]);

    const sent = await put(wxy.token, wxy.self, htnReport());
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({
      recordNumber: MOTHER,
      kind: 'hypertension',
      dueDate: due,
      memberName: '王秀英',
      answers: { symptoms: ['头痛头晕'], salt: '中', adherence: '间断', stapleGramsPerDay: null, adverseReaction: '偶有脚踝水肿' },
    });
    expect(sent.body.readings.map((r: any) => r.values.systolic)).toEqual([142, 151]);

    // A reading added since, and new answers: the report is replaced, not added to.
    expect((await reading(wxy.token, wxy.self, 0, 136)).status).toBe(201);
    const again = await put(wxy.token, wxy.self, htnReport({ adherence: '规律', adverseReaction: null, symptoms: ['无症状'] }));
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(sent.body.id);
    expect(again.body.answers).toMatchObject({ adherence: '规律', adverseReaction: null, symptoms: ['无症状'] });
    expect(again.body.readings.map((r: any) => r.values.systolic)).toEqual([136, 142, 151]);
    expect(await s.bff.services.ds.getRepository(FollowupSelfReport).countBy({ recordNumber: MOTHER, kind: 'hypertension', dueDate: due })).toBe(1);
    expect((await page(wxy.token, wxy.self)).body.items[0].report.id).toBe(sent.body.id);
    // It is hers: in her data export (PIPL Art. 45), and in no one else's.
    const exported = async (token: string) => {
      const made = await s.api('POST', '/api/v1/me/export', { token });
      return (await s.api('GET', made.body.downloadPath, { token })).body.sections.familyDoctor.selfReports as Array<{ id: string; userId?: string }>;
    };
    const mine = await exported(wxy.token);
    expect(mine.map((r) => r.id)).toEqual([sent.body.id]);
    expect(mine[0].userId).toBeUndefined();
    expect(await exported(zw.token)).toEqual([]);

    // The contracted team's doctor sees it on the patient panel; another team's does not see the resident at all.
    const panel = await s.api('GET', `/api/v1/workbench/panel/${MOTHER}`, { token: liming.token });
    expect(panel.body.selfReports).toEqual([expect.objectContaining({ id: sent.body.id, kind: 'hypertension', dueDate: due, answers: expect.objectContaining({ adherence: '规律' }) })]);
    expect((await s.api('GET', `/api/v1/workbench/panel/${MOTHER}`, { token: wu.token })).status).toBe(404);

    // The doctor completes the follow-up: the next one is a quarter away, the report is no longer open, and a new one waits for that date.
    const next = await recordWithNextIn(90);
    expect((await s.api('GET', `/api/v1/workbench/panel/${MOTHER}`, { token: liming.token })).body.selfReports).toEqual([]);
    const after = (await page(wxy.token, wxy.self)).body.items[0];
    expect(after).toMatchObject({ dueDate: next, open: false, report: null });
    const early = await put(wxy.token, wxy.self, htnReport());
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('FOLLOWUP_NOT_DUE');
    expect(early.body.error.message).toContain(addDays(next, -14));
  });

  it('a family member needs 王秀英’s 查看健康信息 authorization; another user’s member is not found', async () => {
    const denied = await page(zw.token, zw.mother);
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('FAMILY_AUTHORIZATION_REQUIRED');
    expect((await put(zw.token, zw.mother, htnReport())).status).toBe(403);
    // 王秀英 herself asks the other way: 张伟's own record is not hers.
    expect((await page(wxy.token, zw.self)).status).toBe(404);
    expect((await put(wxy.token, zw.self, htnReport())).status).toBe(404);

    await adultApproves(s, zw.token, zw.mother, zw.motherAccount, ['health']);
    const allowed = await page(zw.token, zw.mother);
    expect(allowed.status).toBe(200);
    expect(allowed.body.memberName).toBe('王秀英');
  });

  it('refuses what is not on the form, out of range, of another kind, or for someone not managed, with stable codes', async () => {
    const bad = [
      htnReport({ salt: '很咸' }),
      htnReport({ symptoms: ['../../etc/passwd'] }),
      htnReport({ symptoms: [] }),
      htnReport({ smokingPerDay: 500 }),
      htnReport({ drinkingLiangPerDay: 0.25 }),
      htnReport({ exerciseMinutes: '30' }),
      htnReport({ classification: '控制满意' }), // the doctor's line, not the resident's
      htnReport({ kind: 'asthma' }),
      { ...htnReport({ kind: 'diabetes', symptoms: ['多饮'] }) }, // 摄盐 is not on the diabetes form
      htnReport({ adverseReaction: '很'.repeat(101) }),
      [],
    ];
    for (const body of bad) {
      const res = await put(wxy.token, wxy.self, body);
      expect([res.status, res.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
      expect(res.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
    }
    // 张伟 has no chronic condition: nothing to self-report.
    const none = await page(zw.token, zw.self);
    expect([none.status, none.body.error.code]).toEqual([409, 'NOT_MANAGED']);
    const wrongKid = await put(zw.token, zw.son, htnReport());
    expect(wrongKid.status).toBe(409);
  });
});
