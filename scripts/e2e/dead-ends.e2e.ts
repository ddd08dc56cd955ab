import { agreePrivacyIfAsked, loginAsNewUser, openFresh, openPhone, snap, tap, visible } from './browser';

/**
 * A new user who has not proven who they are opens every service on the home page: each one
 * either works (booking, 健康资讯 are open to browse) or says what is needed and leads there — none
 * spins "加载中…" forever or shows a bare "＋ 添加".
 */
const NEEDS_VERIFICATION = ['records', 'doctor', 'vaccines', 'pay'] as const;
const OPEN = ['booking', 'content'] as const;

describe('no dead ends for a new user', () => {
  it('every home entry either opens or leads to verification', async () => {
    const { page, close } = await openPhone();
    try {
      await loginAsNewUser(page);
      for (const key of NEEDS_VERIFICATION) {
        await openFresh(page, '/pages/home/index');
        await agreePrivacyIfAsked(page);
        await tap(page, `home-entry-${key}`);
        await visible(page, 'no-member-yet');
        // The page is settled: no spinner left behind the card.
        expect(await page.locator('[data-testid="status-loading"]').count()).toBe(0);
        await snap(page, `dead-ends-${key}`);
        // The way on is on screen as the page first shows, without scrolling.
        const box = await page.locator('[data-testid="no-member-verify"]').boundingBox();
        expect(box && box.x >= 0 && box.x + box.width <= 390 && box.y + box.height <= 844).toBe(true);
        await tap(page, 'no-member-verify');
        await page.waitForURL(/real-name/, { timeout: 15_000 });
      }
      for (const key of OPEN) {
        await openFresh(page, '/pages/home/index');
        await tap(page, `home-entry-${key}`);
        await page.waitForURL(new RegExp(`${key}/pages/index`), { timeout: 15_000 });
        await page.waitForFunction(() => !document.querySelector('[data-testid="status-loading"]'), undefined, { timeout: 20_000 });
        expect(await page.locator('[data-testid="status-error"]').count()).toBe(0);
        await snap(page, `dead-ends-${key}`);
      }
    } finally {
      await close();
    }
  });
});
