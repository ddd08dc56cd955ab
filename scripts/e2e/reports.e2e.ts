/**
 * 报告已出 in the browser: the sandbox LIS registers 张伟's 急诊生化 and publishes it; the alert job
 * tells him (a subscribe message naming the report, no values); he opens the list (新), then the
 * report: "2 项异常，其中 1 项危急值" first, the critical glucose marked with what to do, the
 * potassium the laboratory left unflagged marked from its range. Then the same in 长辈模式.
 * Screenshots in test-results/reports-*.png.
 */
import type { Page } from 'playwright-core';
import { BASE, SANDBOX, loginAs, phoneForSuite, snap, tap, visible } from './browser';

let page: Page;
phoneForSuite((p) => (page = p));

const ZHANG_WEI_RECORD = '11010100100100102';
const OPENID = 'sbx_resident_zhangwei';

async function sbx(method: string, p: string, body?: unknown) {
  const res = await fetch(SANDBOX + p, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

/** The job runs every few seconds in the e2e product: wait for its message, not for a time. */
async function messageAbout(reportId: string, timeoutMs = 60_000): Promise<{ page: string; data: Record<string, { value: string }> }> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const sent = (await sbx('GET', `/wechat/sandbox/sent?touser=${OPENID}`)).body.items as Array<{ page: string; data: Record<string, { value: string }> }>;
    const hit = sent.find((m) => m.page?.includes(`id=${reportId}`));
    if (hit) return hit;
    if (Date.now() > until) throw new Error(`no 报告已出 message for ${reportId}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

test('a published report is announced once, shows 新, and opens with the abnormal values marked', async () => {
  await loginAs(page, OPENID);
  // The health-data consent: alerts go only to residents who gave it.
  await tap(page, 'home-entry-records');
  const gate = page.locator('[data-testid="records-consent-agree"]').first();
  await Promise.race([gate.waitFor({ timeout: 20_000 }), page.locator('[data-testid="records-overview"]').first().waitFor({ timeout: 20_000 })]);
  if (await gate.isVisible()) await gate.tap();
  await visible(page, 'records-overview');
  await sbx('POST', '/wechat/sandbox/subscriptions', { openid: OPENID, templateIds: ['sbx_tmpl_report_ready'], count: 5 });

  const ordered = await sbx('POST', `/platform/sandbox/residents/${ZHANG_WEI_RECORD}/reports`);
  expect(ordered.status).toBe(201);
  const reportId = ordered.body.id as string;
  expect((await sbx('POST', `/platform/sandbox/reports/${reportId}/publish`)).body.status).toBe('final');

  const msg = await messageAbout(reportId);
  expect(msg.data.thing1.value).toBe('急诊生化');
  expect(JSON.stringify(msg.data)).not.toContain('17.4');
  const member = new URL(`http://x${msg.page}`).searchParams.get('member')!;

  // The list: the new report first, marked 新 and 含危急值.
  await page.goto(`${BASE}/#/records/pages/reports/index?member=${member}`);
  const row = page.locator('[data-testid="report-item"]', { hasText: '急诊生化' }).first();
  await row.waitFor({ timeout: 20_000 });
  await expect(row.locator('[data-testid="report-new"]').textContent()).resolves.toBe('新');
  await expect(row.locator('[data-testid="report-tag"]').textContent()).resolves.toContain('含危急值');
  await snap(page, 'reports-1-list-new');

  await row.tap();
  await visible(page, 'report-summary');
  await expect(page.locator('[data-testid="report-abnormal-note"]').first().textContent()).resolves.toBe('2 项异常，其中 1 项危急值');
  const critical = page.locator('[data-testid="exam-critical"]').first();
  await expect(critical.locator('[data-testid="exam-flag"]').textContent()).resolves.toBe('↑↑ 危急值');
  const high = page.locator('[data-testid="exam-abnormal"]').first();
  await expect(high.getAttribute('data-flag')).resolves.toBe('high');
  await expect(high.locator('[data-testid="exam-flag-by-range"]').textContent()).resolves.toBe('按参考范围判断');
  await visible(page, 'report-contact-doctor');
  await snap(page, 'reports-2-report-marked');

  // Opened: 新 is gone from the list.
  await page.goBack();
  const again = page.locator('[data-testid="report-item"]', { hasText: '急诊生化' }).first();
  await again.waitFor();
  await page.reload();
  await page.locator('[data-testid="report-item"]', { hasText: '急诊生化' }).first().waitFor({ timeout: 20_000 });
  expect(await page.locator('[data-testid="report-item"]', { hasText: '急诊生化' }).first().locator('[data-testid="report-new"]').count()).toBe(0);

  // 长辈模式: the same report in large font.
  await page.goto(`${BASE}/#/pages/me/index`);
  await tap(page, 'me-large-font');
  await page.locator('[data-testid="me-large-font-state"]', { hasText: '已开启' }).waitFor();
  await page.goto(`${BASE}/#${msg.page}`);
  await visible(page, 'report-summary');
  await snap(page, 'reports-3-report-large-font');
  await page.goto(`${BASE}/#/pages/me/index`);
  await tap(page, 'me-large-font');
  await page.locator('[data-testid="me-large-font-state"]', { hasText: '已关闭' }).waitFor();

  // Exactly one message for the report, however many times the job ran meanwhile.
  const sent = (await sbx('GET', `/wechat/sandbox/sent?touser=${OPENID}`)).body.items as Array<{ page: string }>;
  expect(sent.filter((m) => m.page?.includes(`id=${reportId}`))).toHaveLength(1);
});
