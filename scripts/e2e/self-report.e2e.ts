/**
 * 随访自报 from the resident to the doctor. 王秀英 (高血压 + 2型糖尿病, team T001) has a hypertension
 * follow-up due in 10 days (李明 recorded the last one with that next date, through the API) and three
 * home readings, one of them older than 14 days (recorded today: it is the latest follow-up even when
 * workbench-panel.e2e.ts, which records one today with the next in 90 days, ran first). On her phone
 * (390×844, then 长辈模式) she opens 随访自报 from 家庭医生, sees the two readings that will go with it, answers the form's own lines and sends it.
 * 李明 at 1366×800 and 1920×1080 sees it on the patient panel and starts the follow-up form from it,
 * pre-filled with her answers and nothing of his. Screenshots in test-results/self-report-*.png.
 */
import type { Page } from 'playwright-core';
import { BASE, SANDBOX, box, fill, loginAs, openDesktop, openFresh, openPhone, shot, tap, visible } from './browser';
import { onScreen, settled } from './on-screen';

const MOTHER = '11010100100100101';
const DAY = 86_400_000;
const chinaDate = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);

async function call(method: string, p: string, body?: unknown, token?: string) {
  const res = await fetch((p.startsWith('/api') ? BASE : SANDBOX) + p, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const t = await res.text();
  return { status: res.status, body: t ? JSON.parse(t) : null };
}
async function tokenOf(openid: string) {
  const code = (await call('POST', '/wechat/sandbox/codes', { openid })).body.code;
  return (await call('POST', '/api/v1/auth/wechat-login', { code })).body.accessToken as string;
}

let self = '';
let due = '';

beforeAll(async () => {
  const doctor = await tokenOf('sbx_doctor_liming');
  const today = chinaDate(Date.now());
  due = chinaDate(Date.now() + 10 * DAY);
  const recorded = await call(
    'POST',
    '/api/v1/workbench/followups',
    {
      kind: 'hypertension',
      recordNumber: MOTHER,
      date: today,
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
      nextVisitDate: due,
      clientId: `e2e-sr-${Date.now().toString(36)}`,
    },
    doctor,
  );
  expect([recorded.status, today <= due]).toEqual([201, true]);

  const wxy = await tokenOf('sbx_resident_wangxiuying');
  const consents = (await call('GET', '/api/v1/me/consents', undefined, wxy)).body;
  await call('POST', '/api/v1/me/consents', { kind: 'health_data', textVersion: consents.current.health_data.version }, wxy);
  self = (await call('GET', '/api/v1/family/members', undefined, wxy)).body.items.find((m: { relation: string }) => m.relation === 'self').id;
  for (const [daysAgo, systolic] of [
    [1, 146],
    [4, 152],
    [20, 161],
  ]) {
    const r = await call('POST', '/api/v1/doctor/readings', { memberId: self, kind: 'bp', values: { systolic, diastolic: 88 }, measuredAt: new Date(Date.now() - daysAgo * DAY).toISOString() }, wxy);
    expect(r.status).toBe(201);
  }
});

test('王秀英 sends her self-report with her last 14 days of readings, on the phone and in 长辈模式', async () => {
  const phone = await openPhone();
  const page = phone.page;
  try {
    await loginAs(page, 'sbx_resident_wangxiuying');
    await openFresh(page, `/doctor/pages/self-report/index?memberId=${self}`);
    await settled(page, 'self-report');
    await visible(page, 'self-report-form');
    expect(await onScreen(page, '[data-testid="sr-due"]').textContent()).toContain(`高血压随访应于 ${due} 前完成`);
    // Two readings of the last 14 days go with it; the one of 20 days ago does not.
    expect(await page.locator('[data-testid="sr-reading"]:visible').allTextContents()).toEqual([expect.stringContaining('146/88'), expect.stringContaining('152/88')]);
    await shot(page, 'self-report-1-form');

    await tap(page, 'sr-symptoms-头痛头晕');
    for (const [k, v] of Object.entries({ smokingPerDay: '0', drinkingLiangPerDay: '0.5', exerciseTimesPerWeek: '3', exerciseMinutes: '40' })) await fill(page, `sr-${k}`, v);
    await tap(page, 'sr-salt-重');
    await tap(page, 'sr-adherence-间断');
    await fill(page, 'sr-adverseReaction', '早上偶有脚踝水肿');
    await tap(page, 'sr-submit');
    await visible(page, 'sr-sent');
    expect(await onScreen(page, '[data-testid="sr-sent"]').textContent()).toContain('自测 2 条');
    // As the resident sees it after the tap: the confirmation beside the button, no scrolling.
    await shot(page, 'self-report-2-sent');

    await page.evaluate(() => localStorage.setItem('hp_large_font', JSON.stringify({ data: true })));
    await openFresh(page, `/doctor/pages/self-report/index?memberId=${self}`);
    await settled(page, 'self-report');
    await visible(page, 'self-report-form');
    expect(await onScreen(page, '[data-testid="sr-due"]').textContent()).toContain('再次发送会替换上次内容');
    await shot(page, 'self-report-3-large-font');
    await page.evaluate(() => localStorage.removeItem('hp_large_font'));
  } finally {
    await phone.close();
  }
});

describe.each([
  [1366, 800],
  [1920, 1080],
])('李明 at %i×%i', (width, height) => {
  let desk: Awaited<ReturnType<typeof openDesktop>>;
  let page: Page;
  beforeAll(async () => {
    desk = await openDesktop(width, height);
    page = desk.page;
    await loginAs(page, 'sbx_doctor_liming');
  });
  afterAll(() => desk?.close());

  test('sees the self-report on the panel and starts the follow-up from it, pre-filled with her lines only', async () => {
    await openFresh(page, '/workbench/pages/panel/index');
    await visible(page, `wbp-row-${MOTHER}`);
    // 搜索 stays on one line beside the search box.
    const [input, go] = await Promise.all([box(page, 'wbp-search'), box(page, 'wbp-search-go')]);
    expect(go.height).toBeLessThanOrEqual(input.height + 1);
    await tap(page, `wbp-row-${MOTHER}`);
    await visible(page, 'wbp-self-report-hypertension');
    const card = await page.locator('[data-testid="wbp-self-report-hypertension"]').first().textContent();
    expect(card).toContain('头痛头晕');
    expect(card).toContain('早上偶有脚踝水肿');
    expect(card).toContain('近14天家庭自测 2 条');
    await page.waitForTimeout(500);
    await shot(page, `self-report-4-panel-${width}x${height}`);

    await tap(page, 'wbp-start-from-report-hypertension');
    await visible(page, 'wbp-prefilled');
    const value = (id: string) => page.locator(`[data-testid="${id}"] input, input[data-testid="${id}"]`).first().inputValue();
    expect([await value('wbp-exerciseTimesPerWeek'), await value('wbp-exerciseMinutes'), await value('wbp-drinkingLiangPerDay'), await value('wbp-sbp')]).toEqual(['3', '40', '0.5', '']);
    expect(await page.locator('[data-testid="wbp-salt-重"]').first().getAttribute('class')).toContain('hp-chip--active');
    // Each choice group lies on one line in the form pane (they stacked one chip per line when the pane was narrow).
    for (const [first, last] of [
      ['wbp-method-门诊', 'wbp-method-电话'],
      ['wbp-adherence-规律', 'wbp-adherence-不服药'],
      ['wbp-classification-控制满意', 'wbp-classification-并发症'],
    ]) {
      const [a, b] = await Promise.all([box(page, first), box(page, last)]);
      expect(b.y).toBe(a.y);
    }
    // Classification is the doctor's: nothing chosen.
    expect(await page.locator('[data-testid^="wbp-classification-"].hp-chip--active').count()).toBe(0);
    await page.waitForTimeout(300);
    await shot(page, `self-report-5-form-${width}x${height}`);
  });
});
