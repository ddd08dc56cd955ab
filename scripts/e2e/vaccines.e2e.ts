/**
 * 疫苗接种 in the browser: 张伟 logs in, agrees to the health-data consent, opens his son 张小宝's
 * timeline (MPSV-A dose 2 due, with the reason), books it at the community clinic's next session
 * (free, confirmed at once), sees it in 我的接种预约 and on the timeline, then opens the 电子接种证.
 * Screenshots in test-results/vaccines-*.png.
 */
import type { Page } from 'playwright-core';
import { loginAs, snap, tap, textOf, visible, withdrawHealthConsent, phoneForSuite } from './browser';

let page: Page;
phoneForSuite((p) => (page = p));

test('张伟 books the due MPSV-A dose for 张小宝 and sees it on the timeline and in 我的接种预约', async () => {
  await loginAs(page, 'sbx_resident_zhangwei');
  // Whichever suite ran before, start without the health-data consent.
  await withdrawHealthConsent(page);
  await tap(page, 'home-entry-vaccines');

  // First visit: the separate health-data consent before any vaccination data is shown.
  await visible(page, 'vaccines-consent-gate');
  await snap(page, 'vaccines-1-consent');
  await tap(page, 'vaccines-consent-agree');
  await visible(page, 'vaccines-member');

  // 张小宝, 14 months: MPSV-A dose 2 is due (missed at 9 months), the 18-month doses are upcoming.
  await page.locator('[data-testid^="member-switch-"]', { hasText: '张小宝' }).first().tap();
  await page.locator('[data-testid="vaccines-member"]', { hasText: '张小宝' }).waitFor({ timeout: 20_000 });
  await visible(page, 'vaccine-entry-MPSV-A-2');
  expect(await page.locator('[data-testid="vaccine-entry-MPSV-A-2"]').getAttribute('data-status')).toBe('due');
  await expect(textOf(page, 'vaccine-reason-MPSV-A-2')).resolves.toContain('已到接种时间');
  await expect(textOf(page, 'vaccines-due-count')).resolves.toBe('1');
  await expect(textOf(page, 'vaccine-reason-DTaP-4')).resolves.toContain('满1岁6月龄可接种');
  await snap(page, 'vaccines-2-timeline');

  // Book it: the community clinic's sessions (Tue/Thu mornings) with places left.
  await tap(page, 'vaccine-book-MPSV-A-2');
  await visible(page, 'vaccine-sessions');
  await expect(textOf(page, 'vaccine-book-name')).resolves.toBe('A群流脑多糖疫苗');
  const session = page.locator('[data-testid^="vaccine-session-"][data-bookable="true"]').first();
  await session.waitFor({ state: 'visible', timeout: 20_000 });
  const sessionId = (await session.getAttribute('data-testid'))!.replace('vaccine-session-', '');
  expect(sessionId).toMatch(/^VC001-\d{8}-am$/);
  await session.tap();
  await snap(page, 'vaccines-3-sessions');
  await tap(page, 'vaccine-book-submit');
  await visible(page, 'confirm-dialog');
  await expect(page.locator('[data-testid="confirm-dialog"]').first().textContent()).resolves.toContain('免费接种');
  await snap(page, 'vaccines-4-confirm');
  await tap(page, 'confirm-ok');

  // 我的接种预约: confirmed at once (a programme dose is free).
  await visible(page, 'vaccines-appointments');
  const card = page.locator('[data-testid^="vaccine-appointment-"][data-status="confirmed"]').first();
  await card.waitFor({ state: 'visible', timeout: 20_000 });
  await expect(card.textContent()).resolves.toContain('A群流脑多糖疫苗 第2剂');
  await expect(card.textContent()).resolves.toContain('张小宝');
  await snap(page, 'vaccines-5-appointments');

  // Back on the timeline the dose shows its appointment.
  await page.goBack();
  await visible(page, 'vaccine-booked-MPSV-A-2');
  await expect(textOf(page, 'vaccine-booked-MPSV-A-2')).resolves.toContain('东华街道社区卫生服务中心预防接种门诊');
  await snap(page, 'vaccines-6-timeline-booked');

  // The 电子接种证.
  await tap(page, 'vaccines-link-record');
  await visible(page, 'vaccine-cert');
  await expect(textOf(page, 'vaccine-cert-no')).resolves.toMatch(/接种证号：110101\d{8}0105/);
  await visible(page, 'vaccine-record-MPSV-A-1');
  await snap(page, 'vaccines-7-record');
});
