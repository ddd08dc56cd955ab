/**
 * 智能导诊 in the browser, as 张伟 on a 390×844 phone: 预约挂号 → 不知道挂什么科？ → head → a symptom →
 * departments with the guide they come from and the guidance notice; then a red-flag symptom in
 * words puts 急诊/120 first. Screenshots in test-results/triage-*.png.
 */
import { BASE, loginAs, openPhone, snap, tap, textOf, visible } from './browser';

let phone: Awaited<ReturnType<typeof openPhone>>;
beforeAll(async () => {
  phone = await openPhone();
});
afterAll(async () => {
  await phone?.close();
});

test('a resident finds a department by symptom, and a red flag sends him to 急诊/120 first', async () => {
  const page = phone.page;
  await loginAs(page, 'sbx_resident_zhangwei');
  await page.goto(`${BASE}/#/booking/pages/index/index`);
  await tap(page, 'booking-triage-entry');
  await visible(page, 'triage-emergency');
  await visible(page, 'call-120');
  await snap(page, 'triage-1-parts');

  await tap(page, 'triage-part-head');
  await tap(page, 'triage-symptom-headache-chronic');
  await tap(page, 'triage-go');
  await visible(page, 'triage-advice');
  await visible(page, 'triage-dept-神经内科');
  expect(await textOf(page, 'triage-notice')).toMatch(/不能代替|不是诊断|仅供参考/);
  expect(await page.locator('[data-testid="triage-red-flag"]').count()).toBe(0);
  await snap(page, 'triage-2-advice');

  await page.goto(`${BASE}/#/booking/pages/triage/index`);
  await page
    .locator('[data-testid="triage-text"] textarea, [data-testid="triage-text"] input, textarea[data-testid="triage-text"], input[data-testid="triage-text"]')
    .first()
    .fill('突然剧烈胸痛，出了很多汗');
  await tap(page, 'triage-go');
  await visible(page, 'triage-red-flag');
  await visible(page, 'call-120-now');
  await snap(page, 'triage-3-red-flag');
});
