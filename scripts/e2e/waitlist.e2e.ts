/**
 * 候补挂号 in the browser, as 张伟: a session of a paid doctor at H002 (市妇幼保健院) has one place, taken by
 * his mother 王秀英 (booked through the API); on the schedule the full session offers 候补挂号 →
 * the waitlist page (本人, the line, the rules) → confirm → 第 1 位 → 我的预约 · 候补. Her booking is
 * cancelled: the place is held for 张伟 automatically → 去支付 → the sandbox cashier → 预约成功.
 * Screenshots in test-results/waitlist-*.png.
 */
import type { Page } from 'playwright-core';
import { BASE, SANDBOX, loginAs, openFresh, openPhone, snap, tap, textOf, visible } from './browser';

let phone: Awaited<ReturnType<typeof openPhone>>;
beforeAll(async () => {
  phone = await openPhone();
});
afterAll(async () => {
  await phone?.close();
});

async function call(base: string, method: string, p: string, body?: unknown, token?: string, headers: Record<string, string> = {}) {
  const res = await fetch(base + p, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** A paid doctor at H002 with a bookable session; the session is left with exactly one place. */
async function fullSessionAtH002() {
  const depts = (await call(BASE, 'GET', '/api/v1/booking/hospitals/H002/departments')).body;
  for (const g of depts.groups) {
    for (const d of g.items) {
      for (const doc of (await call(BASE, 'GET', `/api/v1/booking/departments/${d.id}/doctors`)).body.items) {
        if (doc.feeFen <= 0) continue;
        const sched = (await call(BASE, 'GET', `/api/v1/booking/doctors/${doc.id}/schedule`)).body;
        const s = sched.items.find((x: { bookable: boolean; slots: unknown[] }) => x.bookable && x.slots.length >= 4);
        if (!s) continue;
        const reset = await call(SANDBOX, 'POST', `/his/sandbox/sessions/${s.id}/reset`, { capacityTotal: 1 });
        const slot = reset.body.slots.find((x: { capacity: number }) => x.capacity === 1);
        return { doctorId: doc.id as string, sessionId: s.id as string, slotId: slot.id as string, feeFen: doc.feeFen as number };
      }
    }
  }
  throw new Error('no bookable paid doctor at H002');
}

async function asZhangWei() {
  const code = (await call(SANDBOX, 'POST', '/wechat/sandbox/codes', { openid: 'sbx_resident_zhangwei' })).body.code;
  const token = (await call(BASE, 'POST', '/api/v1/auth/wechat-login', { code })).body.accessToken as string;
  const members = (await call(BASE, 'GET', '/api/v1/family/members', undefined, token)).body.items as Array<{ id: string; name: string; relation: string }>;
  return { token, mother: members.find((m) => m.name === '王秀英')! };
}

async function waitForText(page: Page, testId: string, want: string, reloads = 30) {
  for (let i = 0; i < reloads; i++) {
    if ((await textOf(page, testId).catch(() => null))?.includes(want)) return;
    await page.waitForTimeout(1000);
    await page.reload();
  }
  throw new Error(`${testId} never showed ${want}`);
}

test('张伟 joins the waitlist of a full session, is given the freed place, and pays for it', async () => {
  const page = phone.page;
  const pick = await fullSessionAtH002();
  const yuan = `¥${(pick.feeFen / 100).toFixed(2)}`;
  const api = await asZhangWei();
  expect(api.mother).toBeDefined();
  const held = await call(BASE, 'POST', '/api/v1/bookings', { slotId: pick.slotId, memberId: api.mother.id }, api.token, { 'Idempotency-Key': `e2e-wait-${Date.now()}` });
  expect(held.status).toBe(201);

  await loginAs(page, 'sbx_resident_zhangwei');
  await openFresh(page, `/booking/pages/schedule/index?doctorId=${pick.doctorId}`);
  await tap(page, `booking-cell-${pick.sessionId}`);
  await visible(page, 'booking-waitlist');
  await page.locator('[data-testid="booking-waitlist-join"]').first().scrollIntoViewIfNeeded();
  await snap(page, 'waitlist-1-schedule-full');

  await tap(page, 'booking-waitlist-join');
  await visible(page, 'waitlist-rules');
  expect(await textOf(page, 'waitlist-waiting')).toBe('目前无人候补，加入后排在第 1 位');
  expect(await textOf(page, 'waitlist-rules')).toContain('10分钟内完成支付');
  await snap(page, 'waitlist-2-join');

  await tap(page, 'waitlist-submit');
  await visible(page, 'confirm-dialog');
  expect(await textOf(page, 'confirm-dialog')).toContain(`请在10分钟内支付挂号费 ${yuan}`);
  await snap(page, 'waitlist-3-confirm');
  await tap(page, 'confirm-ok');
  await visible(page, 'waitlist-position');
  expect(await textOf(page, 'waitlist-position')).toBe('当前排在第 1 位');
  await snap(page, 'waitlist-4-joined');

  await tap(page, 'waitlist-mine');
  await visible(page, 'waitlist-list');
  expect(await textOf(page, 'waitlist-item-position')).toContain('排在第 1 位');
  await snap(page, 'waitlist-5-mine');

  // 王秀英's booking is cancelled: the freed place is held for 张伟 (the outbox, within seconds).
  expect((await call(BASE, 'POST', `/api/v1/bookings/${held.body.id}/cancel`, {}, api.token)).status).toBe(200);
  await waitForText(page, 'waitlist-item-status', '已为您锁号');
  await visible(page, 'waitlist-item-offer');
  expect(await textOf(page, 'waitlist-item-offer')).toContain('前完成支付');
  await snap(page, 'waitlist-6-offered');

  await tap(page, 'waitlist-item-pay');
  await page.locator('[data-testid="booking-detail-status"][data-status="pending_payment"]').first().waitFor({ timeout: 20_000 });
  await snap(page, 'waitlist-7-held-booking');
  await tap(page, 'booking-pay');
  await visible(page, 'sandbox-cashier');
  expect(await textOf(page, 'cashier-amount')).toContain(yuan.slice(1));
  await tap(page, 'cashier-pay');
  await page.locator('[data-testid="booking-result-status"][data-status="confirmed"]').first().waitFor({ timeout: 30_000 });
  expect(await textOf(page, 'booking-result-status')).toContain('预约成功');
  await snap(page, 'waitlist-8-booked');

  await openFresh(page, '/booking/pages/mine/index?tab=waitlist');
  await waitForText(page, 'waitlist-item-status', '候补成功');
  await snap(page, 'waitlist-9-mine-booked');

  // 长辈模式 (large font): the same list still reads and its buttons stay reachable.
  await page.evaluate(() => localStorage.setItem('hp_large_font', JSON.stringify({ data: true })));
  await openFresh(page, '/booking/pages/mine/index?tab=waitlist');
  await visible(page, 'waitlist-item-booking');
  await snap(page, 'waitlist-10-mine-large-font');
  await page.evaluate(() => localStorage.removeItem('hp_large_font'));
});
