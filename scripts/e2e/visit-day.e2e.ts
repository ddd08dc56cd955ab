/**
 * 就诊当天 in the browser, as 张伟 at 东华街道社区卫生服务中心 (H003: same-day booking, 签到 from two
 * hours before the slot). The sandbox HIS publishes a 临时加诊 session starting in 5–10 minutes
 * (POST /his/sandbox/doctors/:id/sessions), so its 签到 window is open whatever the hour; two
 * walk-in patients are registered and checked in at the HIS before him. 张伟 books and pays in the
 * browser, checks in → 前面还有 2 位; the doctor calls (sandbox 叫号) → 1 位 → 下一位就是您 → 已叫号;
 * he is not there → 过号 → 重新签到排队 → back in the queue behind the next patients. The same
 * queue in 长辈模式. Screenshots in test-results/visit-day-*.png.
 */
import type { Page } from 'playwright-core';
import { BASE, SANDBOX, freshIdNumber, loginAs, openFresh, phoneForSuite, tap } from './browser';
import { onScreen, pageShot, settled, text, visible } from './on-screen';

let page: Page;
phoneForSuite((p) => (page = p));

async function call(base: string, method: string, p: string, body?: unknown) {
  const res = await fetch(base + p, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const t = await res.text();
  return { status: res.status, body: t ? JSON.parse(t) : null };
}

/** A paid doctor at H003 who is free this half-day gets a 临时加诊 session: one 15-minute slot of eight places. */
async function extraSessionAtH003() {
  const depts = (await call(BASE, 'GET', '/api/v1/booking/hospitals/H003/departments')).body;
  for (const g of depts.groups) {
    for (const d of g.items) {
      for (const doc of (await call(BASE, 'GET', `/api/v1/booking/departments/${d.id}/doctors`)).body.items) {
        if (doc.feeFen <= 0) continue;
        const res = await call(SANDBOX, 'POST', `/his/sandbox/doctors/${doc.id}/sessions`, { startsInMinutes: 5, slots: 1, capacity: 8, slotMinutes: 15 });
        if (res.status === 409 && res.body.code === 'SESSION_EXISTS') continue;
        if (res.status !== 201) throw new Error(`加诊 refused: ${res.status} ${JSON.stringify(res.body)}`);
        return { doctorId: doc.id as string, sessionId: res.body.id as string, slotId: res.body.slots[0].id as string, feeFen: res.body.feeFen as number };
      }
    }
  }
  throw new Error('no paid doctor at H003 is free this half-day');
}

/** Another patient registers at the window, pays and checks in at the kiosk (straight at the HIS). */
async function walkIn(slotId: string, feeFen: number, name: string) {
  const held = await call(SANDBOX, 'POST', '/his/appointments', {
    slotId,
    clientRef: `e2e-walkin-${Date.now()}-${name.length}${Math.floor(Math.random() * 1e6)}`,
    patient: { name, idNumber: freshIdNumber() },
  });
  expect(held.status).toBe(201);
  expect((await call(SANDBOX, 'POST', `/his/appointments/${held.body.id}/confirm`, { paidFen: feeFen })).status).toBe(200);
  expect((await call(SANDBOX, 'POST', `/his/sandbox/appointments/${held.body.id}/check-in`)).body.status).toBe('checked_in');
  return held.body.visitNo as number;
}

/** The doctor's 叫号 (with `missed`: the called patient did not come, 过号). */
const callNext = (sessionId: string, missed = false) => call(SANDBOX, 'POST', `/his/sandbox/sessions/${sessionId}/call-next`, { missed });

/** Reloads the booking page until the queue shows `state` (the page itself reads it every 15 s). */
async function queueShows(bookingId: string, state: string, want: string) {
  for (let i = 0; i < 20; i++) {
    await openFresh(page, `/booking/pages/detail/index?id=${bookingId}`);
    await settled(page, 'booking-detail');
    const q = onScreen(page, `[data-testid="queue"][data-state="${state}"]`);
    if (
      await q.waitFor({ timeout: 5000 }).then(
        () => true,
        () => false,
      )
    ) {
      if ((await q.textContent())?.includes(want)) return;
    }
  }
  throw new Error(`the queue never showed ${state} / ${want}`);
}

test('张伟 checks in on the day, watches the queue move, misses his call and queues again', async () => {
  const pick = await extraSessionAtH003();
  expect(await walkIn(pick.slotId, pick.feeFen, '李建国')).toBe(1);
  expect(await walkIn(pick.slotId, pick.feeFen, '赵淑芬')).toBe(2);

  // Book and pay in the browser.
  await loginAs(page, 'sbx_resident_zhangwei');
  await openFresh(page, `/booking/pages/schedule/index?doctorId=${pick.doctorId}`);
  await tap(page, `booking-cell-${pick.sessionId}`);
  await tap(page, `booking-slot-${pick.slotId}`);
  await onScreen(page, '[data-testid="booking-patient"]', '张伟').waitFor({ timeout: 20_000 });
  await tap(page, 'booking-submit');
  await visible(page, 'confirm-dialog');
  await tap(page, 'confirm-ok');
  await visible(page, 'sandbox-cashier');
  await tap(page, 'cashier-pay');
  await onScreen(page, '[data-testid="booking-result-status"][data-status="confirmed"]').waitFor({ timeout: 30_000 });
  await tap(page, 'booking-result-detail');

  // The visit day: the window is open, 签到.
  await settled(page, 'booking-detail');
  await visible(page, 'check-in');
  const bookingId = new URL(page.url().replace('#', '')).searchParams.get('id')!;
  expect(bookingId).toBeTruthy();
  expect(await text(page, 'check-in-window')).toMatch(/签到时间：\d\d:\d\d–\d\d:\d\d/);
  await pageShot(page, 'booking-detail', 'visit-day-1-check-in');

  await tap(page, 'check-in');
  await onScreen(page, '[data-testid="queue"][data-state="waiting"]').waitFor({ timeout: 20_000 });
  expect(await text(page, 'queue-ahead')).toBe('前面还有 2 位');
  expect(await text(page, 'booking-detail-status')).toContain('已签到');
  await pageShot(page, 'booking-detail', 'visit-day-2-waiting');

  // Two more patients check in after him; they queue behind him (by 就诊序号).
  expect(await walkIn(pick.slotId, pick.feeFen, '钱晓东')).toBe(4);
  expect(await walkIn(pick.slotId, pick.feeFen, '孙丽华')).toBe(5);

  // The doctor calls: 1 号, then 2 号.
  expect((await callNext(pick.sessionId)).body.calling.visitNo).toBe(1);
  await queueShows(bookingId, 'waiting', '前面还有1位');
  expect((await callNext(pick.sessionId)).body.calling.visitNo).toBe(2);
  await queueShows(bookingId, 'waiting', '下一位就是您');
  await pageShot(page, 'booking-detail', 'visit-day-3-next');

  // His turn: called.
  expect((await callNext(pick.sessionId)).body.calling.visitNo).toBe(3);
  await queueShows(bookingId, 'called', '已叫到您的号（3号）');
  await pageShot(page, 'booking-detail', 'visit-day-4-called');

  // He is not at the door: 过号, 4 号 is called instead.
  expect((await callNext(pick.sessionId, true)).body.calling.visitNo).toBe(4);
  await queueShows(bookingId, 'missed', '您已过号');
  await pageShot(page, 'booking-detail', 'visit-day-5-missed');

  // 重新签到排队: back in the queue behind 5 号 (the head of the queue is now 5 号; 顺延 3 places, fewer wait).
  await tap(page, 'check-in-again');
  await onScreen(page, '[data-testid="queue"][data-state="waiting"]').waitFor({ timeout: 20_000 });
  expect(await text(page, 'queue-ahead')).toBe('前面还有 1 位');
  expect(await text(page, 'queue-message')).toContain('过号后已重新排队');
  await pageShot(page, 'booking-detail', 'visit-day-6-requeued');

  // 长辈模式: the same queue in the large font.
  await page.evaluate(() => localStorage.setItem('hp_large_font', JSON.stringify({ data: true })));
  await queueShows(bookingId, 'waiting', '过号后已重新排队');
  await pageShot(page, 'booking-detail', 'visit-day-7-large-font');
  await page.evaluate(() => localStorage.removeItem('hp_large_font'));
});
