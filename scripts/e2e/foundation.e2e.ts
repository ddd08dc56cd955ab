import { BASE, fill, openPhone, shot, tap } from './browser';

/** A valid ID number (GB 11643) unique to this run, so reruns against one database don't collide. */
function freshIdNumber(): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const seq = String(Math.floor(Math.random() * 1000)).padStart(3, '0');
  const first = `3101011988${String(1 + Math.floor(Math.random() * 9)).padStart(2, '0')}1${Math.floor(Math.random() * 9)}${seq}`;
  return first + '10X98765432'[[...first].reduce((s, c, i) => s + Number(c) * w[i], 0) % 11];
}

describe('first visit: privacy → login → real-name → add a child', () => {
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
      await fill(page, 'realname-phone', '13611112222');
      await tap(page, 'realname-phone-code-btn');
      await page.locator('[data-testid="realname-phone-status"]').waitFor({ timeout: 15000 });
      await tap(page, 'realname-submit');
      const idError = page.locator('[data-testid="realname-id-error"]');
      await idError.waitFor({ timeout: 10000 });
      expect(await idError.innerText()).toContain('校验位');
      await shot(page, 'foundation-03-realname-wrong-id');

      const id = freshIdNumber();
      await fill(page, 'realname-id', id.toLowerCase());
      await tap(page, 'realname-submit');
      await page.locator('[data-testid="realname-done"]').waitFor({ timeout: 20000 });
      await shot(page, 'foundation-04-realname-done');
      // The page returns by itself once done; then go to the family list like a resident would.
      await page.waitForURL((u) => !u.hash.includes('real-name'), { timeout: 15000 });
      await page.goto(`${BASE}/#/profile/pages/members/index`);
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
      await shot(page, 'foundation-05-child-form');
      await tap(page, 'member-submit');
      await page.waitForURL(/members/, { timeout: 20000 });
      const list = page.locator('[data-testid="members-list"]');
      await list.waitFor({ timeout: 20000 });
      await expect_(list.innerText()).resolves.toContain('赵小满');
      expect(await page.locator('[data-testid="member-item"]').count()).toBe(2);
      await shot(page, 'foundation-06-members');
    } finally {
      await close();
    }
  });
});

const expect_ = (p: Promise<string>) => expect(p);
