import type { Page } from 'playwright-core';
import { fill, loginAsNewUser, openFresh, openPhone, snap, tap, textOf, visible } from './browser';

/** The access token the H5 app keeps (Taro's H5 storage wraps values as {data: …}). */
async function accessToken(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const raw = localStorage.getItem('hp_tokens');
    const parsed = raw ? JSON.parse(raw) : null;
    return parsed?.data?.accessToken ?? parsed?.accessToken ?? null;
  });
}

const status = (page: Page, path: string, token: string) => page.evaluate(async ([p, t]) => (await fetch(p, { headers: { authorization: `Bearer ${t}` } })).status, [path, token] as const);

/**
 * The resident's rights: a new resident exports their data, then deletes their account after
 * reading what is deleted and what is kept; the old token is refused at once.
 */
describe('导出我的数据 and 注销账号', () => {
  it('exports, then deletes the account with a typed confirmation and says what was kept', async () => {
    const { page, close } = await openPhone();
    try {
      await loginAsNewUser(page);
      const token = await accessToken(page);
      expect(token).toBeTruthy();

      // 隐私与授权 says what each withdrawal stops; withdrawing push turns it off.
      await openFresh(page, '/profile/pages/privacy/index');
      await visible(page, 'consent-push-stops');
      expect(await textOf(page, 'consent-push-status')).toBe('已开启');
      await tap(page, 'consent-push-withdraw');
      expect(await textOf(page, 'confirm-dialog')).toContain('不再通过微信订阅消息向您推送');
      await snap(page, 'account-0-withdraw-push');
      await tap(page, 'confirm-ok');
      await page.waitForFunction(() => document.querySelector('[data-testid="consent-push-status"]')?.textContent === '已关闭', undefined, { timeout: 15_000 });

      await openFresh(page, '/pages/me/index');
      await tap(page, 'me-link-my-data');
      await visible(page, 'export-empty');
      await tap(page, 'export-create');
      await visible(page, 'export-download');
      expect(await textOf(page, 'export-status')).toContain('可下载');
      expect(await textOf(page, 'export-next')).toContain('后可再次导出');
      await snap(page, 'account-1-export-ready');
      const download = page.waitForEvent('download');
      await tap(page, 'export-download');
      expect((await download).suggestedFilename()).toMatch(/^healthpocket-export-\d{4}-\d{2}-\d{2}\.json$/);

      await tap(page, 'my-data-delete');
      await visible(page, 'delete-account-keeps');
      expect(await textOf(page, 'delete-account-keeps')).toContain('保留3年');
      await snap(page, 'account-2-delete-plan');
      const submit = page.locator('[data-testid="delete-account-submit"]').first();
      await submit.scrollIntoViewIfNeeded();
      await fill(page, 'delete-account-input', '注销账号');
      await tap(page, 'delete-account-submit');
      await visible(page, 'delete-account-done');
      expect(await textOf(page, 'delete-account-kept')).toContain('保留至');
      await snap(page, 'account-3-deleted');

      // The old access token is refused at once, and the app holds no session any more.
      expect(await status(page, '/api/v1/me', token!)).toBe(401);
      expect(await accessToken(page)).toBeNull();
      await tap(page, 'delete-account-finish');
      await page.waitForURL(/pages\/home/, { timeout: 20_000 });
    } finally {
      await close();
    }
  });
});
