import type { Page } from 'playwright-core';
import { BASE, fill, freshIdNumber, loginAs, loginAsNewUser, openPhone, snap, tap, visible } from './browser';

/** The signed-in user's access token, as the H5 app keeps it. */
async function api(page: Page, method: string, path: string, body?: unknown) {
  return page.evaluate(
    async ([m, p, b]) => {
      const raw = localStorage.getItem('hp_tokens');
      const parsed = raw ? JSON.parse(raw) : null;
      const token = parsed?.data?.accessToken ?? parsed?.accessToken;
      const res = await fetch(p, { method: m, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: b === undefined ? undefined : JSON.stringify(b) });
      return res.json();
    },
    [method, path, body] as const,
  );
}

/**
 * 家人授权 by invitation: 张伟 asks his sister 张丽 (a member he adds now, not on the app) for
 * 代办挂号与缴费 and 查看健康信息; she opens the invitation after her own login and face
 * verification, allows only 代办, and his side shows the answer.
 */
describe('家人授权 by invitation', () => {
  it('an adult not on the app approves one scope from the invitation after verifying', async () => {
    let sisterId = '';
    const zw = await openPhone();
    const cj = await openPhone();
    try {
      await loginAs(zw.page, 'sbx_resident_zhangwei');
      const idNumber = freshIdNumber('110105', '1987');
      const sister = await api(zw.page, 'POST', '/api/v1/family/members', { name: '张丽', relation: 'sibling', idNumber });
      expect(sister.id).toBeTruthy();
      await zw.page.goto(`${BASE}/#/profile/pages/members/index`);
      const sisterItem = zw.page.locator('[data-testid="member-item"]').filter({ hasText: '张丽' });
      await sisterItem.waitFor({ timeout: 20_000 });
      await sisterItem.locator('[data-testid^="member-access-"]').tap();
      await visible(zw.page, 'member-access-send');
      await snap(zw.page, 'family-invite-1-ask');
      await tap(zw.page, 'member-access-send');
      await visible(zw.page, 'member-access-invite');
      expect(await zw.page.locator('[data-testid="member-access-invite"]').innerText()).toContain('也可以把邀请发给张丽');
      await snap(zw.page, 'family-invite-2-sent');
      // What 复制邀请链接 copies: the approval page with the invitation's code.
      sisterId = sister.id as string;
      const latest = await api(zw.page, 'GET', `/api/v1/family/members/${sisterId}/access-requests/latest`);
      expect(latest).toMatchObject({ status: 'pending', scopes: ['health', 'proxy'], grantorOnApp: false });

      // 张丽: a new WeChat user; the link first needs her own verification.
      await loginAsNewUser(cj.page);
      await cj.page.goto(`${BASE}/#/profile/pages/family-access/index?invite=${latest.inviteCode}`);
      await visible(cj.page, 'next-step-IDENTITY_UNVERIFIED');
      await snap(cj.page, 'family-invite-3-verify-first');
      await tap(cj.page, 'next-step-action');
      await fill(cj.page, 'realname-name', '张丽');
      await fill(cj.page, 'realname-id', idNumber);
      await tap(cj.page, 'realname-face');
      await visible(cj.page, 'face-sheet');
      await tap(cj.page, 'face-pass');
      await visible(cj.page, 'realname-done');

      await cj.page.goto(`${BASE}/#/profile/pages/family-access/index?invite=${latest.inviteCode}`);
      const card = cj.page.locator(`[data-testid="access-request-${latest.id}"]`).first();
      await card.waitFor({ timeout: 20_000 });
      expect(await card.innerText()).toContain('张伟');
      // The invitation itself, highlighted, and no stale "verify first" left above it.
      await cj.page.locator('.fa__card--invite:visible').waitFor({ timeout: 15_000 });
      expect(await cj.page.locator('[data-testid^="next-step-"]:visible').count()).toBe(0);
      await snap(cj.page, 'family-invite-4-invited');
      // The approve button is on screen as the page shows, without scrolling.
      const approve = await cj.page.locator(`[data-testid="access-approve-${latest.id}"]`).boundingBox();
      expect(approve && approve.y + approve.height <= 844 && approve.x + approve.width <= 390).toBe(true);
      await tap(cj.page, `access-scope-${latest.id}-health`);
      await tap(cj.page, `access-approve-${latest.id}`);
      await cj.page.locator(`[data-testid="access-status-${latest.id}"]`).filter({ hasText: '已同意' }).waitFor({ timeout: 15_000 });
      await snap(cj.page, 'family-invite-5-approved');

      // 张伟's side: the answer, with 代办 only.
      await tap(zw.page, 'member-access-refresh');
      await zw.page.locator('[data-testid="member-access-status"]').filter({ hasText: '家人已同意' }).waitFor({ timeout: 15_000 });
      expect(await zw.page.locator('[data-testid="member-access-history"]').innerText()).toContain('代办挂号与缴费');
      const bills = await api(zw.page, 'GET', `/api/v1/bills?memberId=${sisterId}&status=unpaid`);
      expect(bills.error).toBeUndefined();
      const record = await api(zw.page, 'GET', `/api/v1/records/${sisterId}`);
      expect(record.error).toMatchObject({ code: 'FAMILY_AUTHORIZATION_REQUIRED', scope: 'health' });
      await snap(zw.page, 'family-invite-6-answered');
    } finally {
      // Leave 张伟's family as the other specs expect it.
      if (sisterId) await api(zw.page, 'DELETE', `/api/v1/family/members/${sisterId}`).catch(() => undefined);
      await zw.close();
      await cj.close();
    }
  });
});
