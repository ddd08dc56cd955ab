/**
 * 长辈模式 offered on first launch to a resident aged 60+: 王秀英 (76) sees the card on the home
 * page (a card, not a pop-up), turns it on with one tap, and every page after is in large type;
 * the card does not come back. Screenshots: test-results/elderly-mode-*.png.
 */
import type { Page } from 'playwright-core';
import { BASE, loginAs, phoneForSuite, shot, tap, visible } from './browser';
import { pageShot } from './on-screen';

let page: Page;
phoneForSuite((p) => (page = p));

test('王秀英 is offered 长辈模式 on the home page and turns it on', async () => {
  await loginAs(page, 'sbx_resident_wangxiuying');
  await visible(page, 'elderly-offer');
  await pageShot(page, 'home-page', 'elderly-mode-1-offer');
  await tap(page, 'elderly-offer-on');
  await page.locator('[data-testid="home-page"].hp-large-font').first().waitFor({ timeout: 10_000 });
  expect(await page.locator('[data-testid="elderly-offer"]').count()).toBe(0);
  // Every page after: the setting is kept, and the offer is not made again.
  await page.goto(`${BASE}/#/pages/me/index`);
  await page.reload();
  await page.locator('[data-testid="me-large-font"]', { hasText: '已开启' }).first().waitFor({ timeout: 20_000 });
  await shot(page, 'elderly-mode-2-me');
  await page.goto(`${BASE}/#/pages/home/index`);
  await page.reload();
  await visible(page, 'home-grid');
  expect(await page.locator('[data-testid="elderly-offer"]').count()).toBe(0);
});
