/**
 * 健康档案 in the browser: 张伟 logs in, agrees to the health-data consent, opens his mother
 * 王秀英's record and her BP trend (thresholds drawn, the urgent reading marked), a report with
 * abnormal values, and his own "谁查看了我的档案". Screenshots in test-results/records-*.png.
 */
import type { Page } from 'playwright-core';
import { BASE, loginAs, openPhone, snap, tap, visible, withdrawHealthConsent, phoneForSuite } from './browser';

let page: Page;
phoneForSuite((p) => (page = p));

test('张伟 consents, opens 王秀英’s record and her BP chart', async () => {
  await loginAs(page, 'sbx_resident_zhangwei');
  // Whichever suite ran before, start without the health-data consent.
  await withdrawHealthConsent(page);
  await tap(page, 'home-entry-records');

  // First visit: the separate health-data consent (PIPL Art. 29) before anything is shown.
  await visible(page, 'records-consent-gate');
  await snap(page, 'records-1-consent');
  await tap(page, 'records-consent-agree');
  await visible(page, 'records-overview');

  // Switch to his mother.
  await page.locator('[data-testid^="member-switch-"]', { hasText: '王秀英' }).first().tap();
  await page.locator('[data-testid="records-basic"]', { hasText: '王秀英' }).waitFor({ timeout: 20_000 });
  await expect(page.locator('[data-testid="records-idNumber"]').first().textContent()).resolves.toBe('110***********002X');
  await expect(page.locator('[data-testid="records-conditions"]').first().textContent()).resolves.toContain('高血压');
  await snap(page, 'records-2-mother');

  // Her BP trend: every reading drawn, the urgent 184/112 among them, the 65+ target and referral lines.
  await tap(page, 'records-section-bp');
  await visible(page, 'trend-chart-bp');
  const points = page.locator('[data-testid="trend-chart-bp"] [data-testid="chart-point"]');
  expect(await points.count()).toBeGreaterThan(10);
  expect(await page.locator('[data-testid="trend-chart-bp"] [data-category="urgent"]').count()).toBeGreaterThanOrEqual(1);
  for (const line of ['150', '90', '180', '110']) await visible(page, `chart-line-${line}`);
  await expect(page.locator('[data-testid="trend-readings"]').first().textContent()).resolves.toContain('184/112');
  await snap(page, 'records-3-bp-chart');

  // A report with abnormal values highlighted.
  await page.goBack();
  await tap(page, 'records-section-reports');
  await tap(page, 'reports-filter-abnormal');
  await page.locator('[data-testid="report-item"]').first().tap();
  await visible(page, 'report-abnormal-note');
  await snap(page, 'records-4-report');

  // His own record: who looked at it.
  await page.goBack();
  await page.goBack();
  await page.locator('[data-testid^="member-switch-"]', { hasText: '张伟' }).first().tap();
  await page.locator('[data-testid="records-basic"]', { hasText: '张伟' }).waitFor({ timeout: 20_000 });
  await tap(page, 'records-section-audit');
  await visible(page, 'audit-item');
  await expect(page.locator('[data-testid="audit-item"]').first().textContent()).resolves.toContain('本人');
  await snap(page, 'records-5-audit');
});

test('an adult member’s record needs their authorization (家人授权); 王秀英 sees the approval she gave', async () => {
  // 张伟's wife 陈静 has not authorized him (nor logged in): the record stays closed, and asking says what she must do.
  await page.goto(`${BASE}/#/records/pages/index/index`);
  await page.locator('[data-testid^="member-switch-"]', { hasText: '陈静' }).first().tap();
  await visible(page, 'records-auth-gate');
  await expect(page.locator('[data-testid="records-auth-gate"]').first().textContent()).resolves.toContain('需要其本人授权');
  expect(await page.locator('[data-testid="records-basic"]').count()).toBe(0);
  // Asking sends 陈静 an invitation (she is not on the app): pending, with the way to pass it on.
  await tap(page, 'records-auth-request');
  await visible(page, 'records-auth-pending');
  await visible(page, 'records-auth-invite');
  await snap(page, 'records-6-auth-required');

  // 王秀英 (provisioned: she approved 张伟) finds his request under 我的 → 家人授权, with a way to withdraw it.
  const mom = await openPhone();
  try {
    await loginAs(mom.page, 'sbx_resident_wangxiuying');
    await mom.page.goto(`${BASE}/#/pages/me/index`);
    await tap(mom.page, 'me-link-family-access');
    await visible(mom.page, 'family-access-page');
    const card = mom.page.locator('[data-testid^="access-request-"]', { hasText: '张伟' }).first();
    await card.waitFor({ timeout: 20_000 });
    await expect(card.textContent()).resolves.toContain('已同意');
    expect(await card.locator('[data-testid^="access-revoke-"]').count()).toBe(1);
    await snap(mom.page, 'records-7-family-access');
  } finally {
    await mom.close();
  }
});
