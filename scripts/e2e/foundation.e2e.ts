import { BASE, fill, freshIdNumber, openFresh, openPhone, shot, tap } from './browser';

describe('first visit: privacy → login → identity verification (phone refused, face) → add a child', () => {
  it('walks a new resident through the foundation flow in Chromium', async () => {
    const { page, close } = await openPhone();
    try {
      await page.goto(`${BASE}/#/pages/login/index`);
      await page.locator('[data-testid="privacy-guide"]').waitFor({ timeout: 30000 });
      await shot(page, 'foundation-01-privacy-guide');
      await tap(page, 'privacy-agree');
      await tap(page, 'login-new-user');
      await page.locator('[data-testid="home-realname-prompt"]').waitFor({ timeout: 20000 });
      await shot(page, 'foundation-02-home-new-user');
      await tap(page, 'home-realname-prompt');

      // A wrong check digit is caught with the exact problem.
      await fill(page, 'realname-name', '赵敏');
      await fill(page, 'realname-id', '110105194912310021');
      await tap(page, 'realname-face');
      const idError = page.locator('[data-testid="realname-id-error"]');
      await idError.waitFor({ timeout: 10000 });
      expect(await idError.innerText()).toContain('校验位');
      await shot(page, 'foundation-03-realname-wrong-id');

      // 手机号快速验证 with a phone that is not the one on file: the page leads to 刷脸认证.
      const id = freshIdNumber();
      await fill(page, 'realname-id', id.toLowerCase());
      await fill(page, 'realname-phone', '13611112222');
      await tap(page, 'realname-phone-verify');
      const error = page.locator('[data-testid="realname-error"]');
      await error.waitFor({ timeout: 15000 });
      expect(await error.innerText()).toContain('刷脸认证');
      await shot(page, 'foundation-04-realname-face-required');

      // 刷脸认证: the H5 sandbox sheet stands for WeChat's face check; 不通过 first, then 通过.
      await tap(page, 'realname-face');
      await page.locator('[data-testid="face-sheet"]').waitFor({ timeout: 15000 });
      await shot(page, 'foundation-05-face-sheet');
      await tap(page, 'face-fail');
      await page.locator('[data-testid="realname-error"]').filter({ hasText: '未通过' }).waitFor({ timeout: 15000 });
      await tap(page, 'realname-face');
      await page.locator('[data-testid="face-sheet"]').waitFor({ timeout: 15000 });
      await tap(page, 'face-pass');
      await page.locator('[data-testid="realname-done"]').waitFor({ timeout: 20000 });
      expect(await page.locator('[data-testid="realname-method"]').innerText()).toContain('刷脸认证');
      await shot(page, 'foundation-06-realname-done');
      // The next step: the family list, like a resident would.
      await tap(page, 'realname-add-family');
      await page.waitForURL(/members/, { timeout: 15000 });
      // Start the list as a fresh load: a hash-only goto would stack a second, hidden copy of the page.
      await openFresh(page, '/profile/pages/members/index');
      await page.locator('[data-testid="member-item"]').first().waitFor({ timeout: 20000 });

      // Add a one-year-old child without an ID card, with the guardian's consent.
      await tap(page, 'member-add');
      await tap(page, 'member-relation-child');
      await fill(page, 'member-name', '赵小满');
      await tap(page, 'member-no-id');
      const birth = new Date(Date.now() - 400 * 86400_000).toISOString().slice(0, 10);
      await page.locator('[data-testid="member-birth"] input, input[data-testid="member-birth"]').first().fill(birth);
      await tap(page, 'member-sex-female');
      await page.locator('[data-testid="member-guardian"]').waitFor({ timeout: 10000 });
      await tap(page, 'member-guardian-check');
      await shot(page, 'foundation-07-child-form');
      await tap(page, 'member-submit');
      // The form goes back to the list, which reloads: wait for the child to appear in it (the
      // list shown before the reload has only the resident).
      const list = page.locator('[data-testid="members-list"]').filter({ hasText: '赵小满' });
      await list.waitFor({ timeout: 20000 });
      expect(await list.locator('[data-testid="member-item"]').count()).toBe(2);
      await shot(page, 'foundation-08-members');
    } finally {
      await close();
    }
  });
});
