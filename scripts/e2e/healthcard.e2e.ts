/**
 * 电子健康卡 in the browser: 张伟 (the family persona, verified by the platform's phone on file)
 * opens 我的 → 我的健康卡, registers his own card and sees its dynamic QR code with the masked card
 * number and the refresh countdown; the code he sees resolves at the hospital (sandbox HIS). A new
 * resident verified by face has no phone: the page asks for 授权微信手机号 first. Screenshots in
 * test-results/healthcard-*.png.
 */
import type { Page } from 'playwright-core';
import { BASE, SANDBOX, fill, freshIdNumber, loginAs, openPhone, phoneForSuite, snap, tap, textOf, visible } from './browser';

let page: Page;
phoneForSuite((p) => (page = p));

test('张伟 registers his e-health card and shows its QR code', async () => {
  await loginAs(page, 'sbx_resident_zhangwei');
  await page.goto(`${BASE}/#/pages/me/index`);
  const qrAnswer = page.waitForResponse((r) => /\/api\/v1\/health-cards\/[^/]+\/qr$/.test(new URL(r.url()).pathname) && r.status() === 200, { timeout: 30_000 });
  await tap(page, 'me-link-health-cards');
  await visible(page, 'health-cards-page');

  const selfTab = page.locator('[data-testid^="health-card-tab-"]', { hasText: '张伟' }).first();
  await selfTab.waitFor({ timeout: 20_000 });
  await selfTab.tap();
  const register = page.locator('[data-testid="health-card-register"]').first();
  // A card may already exist when the suite runs twice against the same data.
  if (await register.isVisible().catch(() => false)) await register.tap();

  await visible(page, 'qr-code');
  await expect(textOf(page, 'health-card-no')).resolves.toMatch(/^卡号 [0-9A-F]{4} \*{4} \*{4} [0-9A-F]{4}$/);
  await expect(textOf(page, 'health-card-countdown')).resolves.toMatch(/^\d+ 秒后自动刷新$/);

  // The QR is large and fully on screen (a window scanner needs all of it).
  const box = (await page.locator('[data-testid="qr-code"]').first().boundingBox())!;
  expect(box.width).toBeGreaterThanOrEqual(250);
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(390);
  expect(box.y + box.height).toBeLessThanOrEqual(844);
  await page.getByText('健康卡已领取').waitFor({ state: 'hidden', timeout: 10_000 });
  await snap(page, 'healthcard-1-qr');

  // The hospital window scans the code on screen: the sandbox HIS resolves it to 张伟.
  const shown = (await (await qrAnswer).json()) as { qrCodeText: string };
  const scan = await fetch(`${SANDBOX}/his/health-cards/scan`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ qrCodeText: shown.qrCodeText }) });
  expect(scan.status).toBe(200);
  await expect(scan.json()).resolves.toMatchObject({ name: '张伟', codeKind: 'dynamic', idNumberMasked: '110***********7838' });

  // His younger child: registered from the same page, then shown.
  const kidTab = page.locator('[data-testid^="health-card-tab-"]', { hasText: '张一诺' }).first();
  await kidTab.tap();
  await page.locator('[data-testid="health-card-register"]').first().tap();
  await page.locator('[data-testid^="health-card-tab-"]', { hasText: '张一诺' }).filter({ hasText: '已领卡' }).first().waitFor({ timeout: 20_000 });
  await visible(page, 'qr-code');
  await page.getByText('健康卡已领取').waitFor({ state: 'hidden', timeout: 10_000 });
  await snap(page, 'healthcard-2-child');
});

test('a resident verified by face authorizes the WeChat phone, then registers the card', async () => {
  const other = await openPhone();
  try {
    const p = other.page;
    await p.goto(`${BASE}/#/pages/login/index`);
    await visible(p, 'privacy-guide', 30_000);
    await tap(p, 'privacy-agree');
    await tap(p, 'login-new-user');
    await visible(p, 'home-realname-prompt');
    await tap(p, 'home-realname-prompt');
    await fill(p, 'realname-name', '林晓');
    await fill(p, 'realname-id', freshIdNumber());
    await tap(p, 'realname-face');
    await visible(p, 'face-sheet', 15_000);
    await tap(p, 'face-pass');
    await visible(p, 'realname-done');

    await p.goto(`${BASE}/#/profile/pages/health-cards/index`);
    await visible(p, 'health-card-phone-prompt');
    expect(await p.locator('[data-testid="health-card-register"]').count()).toBe(0);
    await snap(p, 'healthcard-3-phone-step');

    await fill(p, 'health-card-phone', '13912345678');
    await tap(p, 'health-card-phone-register');
    await visible(p, 'qr-code');
    await expect(textOf(p, 'health-card-no')).resolves.toMatch(/^卡号 [0-9A-F]{4} \*{4} \*{4} [0-9A-F]{4}$/);
    await p.getByText('健康卡已领取').waitFor({ state: 'hidden', timeout: 10_000 });
    await snap(p, 'healthcard-4-face-card');
  } finally {
    await other.close();
  }
});
