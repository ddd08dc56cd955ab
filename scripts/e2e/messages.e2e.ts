import type { Page } from 'playwright-core';
import { SANDBOX, box, freshIdNumber, inside, loginAsNewUser, openFresh, openPhone, snap, tap, textOf, visible } from './browser';

/** A call to the BFF as the signed-in user of this page (the token the H5 app keeps). */
async function api(page: Page, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  return page.evaluate(
    async ([m, p, b]) => {
      const raw = localStorage.getItem('hp_tokens');
      const parsed = raw ? JSON.parse(raw) : null;
      const token = parsed?.data?.accessToken ?? parsed?.accessToken;
      const res = await fetch(p, { method: m, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: b === undefined ? undefined : JSON.stringify(b) });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
    [method, path, body] as const,
  );
}

/** 刷脸认证 through the API and the WeChat sandbox (the real-name page's own flow is covered by family-invite). */
async function verify(page: Page, who: { name: string; idNumber: string }) {
  const started = await api(page, 'POST', '/api/v1/me/identity/face', who);
  expect(started.status).toBe(200);
  const ran = await fetch(`${SANDBOX}/wechat/sandbox/face/verify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ verify_id: started.body.verifyId, outcome: 'pass' }),
  });
  expect(ran.status).toBe(200);
  expect((await api(page, 'POST', '/api/v1/me/identity/face/result', { verifyId: started.body.verifyId })).status).toBe(200);
}

/**
 * 消息中心: 李华 asks her sister 李梅 (both verified on the app) for 家人授权; 李梅 sees the unread
 * badge on the home page and under 我的, opens the centre, taps the message (it opens the request
 * and is read), and the badges are gone. 390×844, also in 长辈模式.
 */
describe('消息中心', () => {
  it('a 家人授权 request shows as unread on home and 我的, opens from the centre, and is read after', async () => {
    const hua = await openPhone();
    const mei = await openPhone();
    try {
      const meiId = freshIdNumber('320102', '1990');
      await loginAsNewUser(mei.page);
      await verify(mei.page, { name: '李梅', idNumber: meiId });
      await loginAsNewUser(hua.page);
      await verify(hua.page, { name: '李华', idNumber: freshIdNumber('320102', '1986') });
      const member = await api(hua.page, 'POST', '/api/v1/family/members', { name: '李梅', relation: 'sibling', idNumber: meiId });
      expect(member.status).toBe(201);
      // What produces the message: the request (李梅 is on the app, so she is told at once).
      expect((await api(hua.page, 'POST', `/api/v1/family/members/${member.body.id}/access-requests`, {})).status).toBe(201);

      const p = mei.page;
      await openFresh(p, '/pages/home/index');
      await p.waitForFunction(() => document.querySelector('[data-testid="home-messages-badge"]')?.textContent === '1', undefined, { timeout: 20_000 });
      expect(inside(await box(p, 'home-messages'), 390, 844)).toBe(true);
      await snap(p, 'messages-1-home-badge');

      await openFresh(p, '/pages/me/index');
      await visible(p, 'me-messages-unread');
      expect(await textOf(p, 'me-messages-unread')).toBe('1');
      expect(inside(await box(p, 'me-link-messages'), 390, 844)).toBe(true);
      await snap(p, 'messages-2-me-badge');

      // 长辈模式: the centre in large type, then back to normal type.
      await tap(p, 'me-large-font');
      await tap(p, 'me-link-messages');
      const item = () => p.locator('[data-testid^="message-"]', { hasText: '家人授权申请' }).first();
      await item().waitFor({ timeout: 20_000 });
      await snap(p, 'messages-3-centre-elder');
      await p.goBack();
      await tap(p, 'me-large-font');
      await tap(p, 'me-link-messages');
      await item().waitFor({ timeout: 20_000 });
      expect(await item().textContent()).toContain('李华申请家人授权');
      expect(await item().locator('[data-testid="message-unread-dot"]').count()).toBe(1);
      expect(await textOf(p, 'messages-unread')).toBe('1条未读');
      await snap(p, 'messages-4-centre');

      // A tap marks it read on the server and opens the request it is about.
      await item().tap();
      await visible(p, 'family-access-page');
      await snap(p, 'messages-5-opened');
      expect((await api(p, 'GET', '/api/v1/messages/unread-count')).body).toEqual({ count: 0 });
      // Back in the centre it is read; back on 我的 the badge that said 1 goes when the page shows again.
      await p.goBack();
      await item().locator('[data-testid="message-unread-dot"]').waitFor({ state: 'detached', timeout: 20_000 });
      await p.goBack();
      await visible(p, 'me-link-messages');
      await p.locator('[data-testid="me-messages-unread"]').waitFor({ state: 'detached', timeout: 20_000 });
      await snap(p, 'messages-6-me-read');
      // Back to the home page (where this began): it asks the server when it shows — 0, no badge.
      // (Not the tab bar: its H5 items are javascript: links, which the Content-Security-Policy refuses.)
      const answered = p.waitForResponse((r) => r.url().includes('/api/v1/messages/unread-count'), { timeout: 20_000 });
      await p.goBack();
      expect(await (await answered).json()).toEqual({ count: 0 });
      await visible(p, 'home-messages');
      expect(await p.locator('[data-testid="home-messages-badge"]').count()).toBe(0);
      await snap(p, 'messages-7-home-read');
      // The requester was told nothing.
      expect((await api(hua.page, 'GET', '/api/v1/messages?category=family_access')).body.items).toEqual([]);
    } finally {
      await hua.close();
      await mei.close();
    }
  });
});
