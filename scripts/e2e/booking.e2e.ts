/**
 * 预约挂号 in the browser, as 张伟: 首页 → 预约挂号 → 市第一人民医院 → a department → a doctor →
 * the schedule grid → a time slot → confirm (本人, fee, rules) → pay at the sandbox cashier →
 * 预约成功 → 我的预约 → cancel with a reason → refund. Screenshots in test-results/booking-*.png.
 */
import type { Page } from 'playwright-core';
import { BASE, openPhone, shot as rawShot, tap } from './browser';

let phone: Awaited<ReturnType<typeof openPhone>>;

beforeAll(async () => {
  phone = await openPhone();
});
afterAll(async () => {
  await phone?.close();
});

/** Lets the H5 page transition finish, so the screenshot shows the page and not the slide. */
async function shot(page: Page, name: string) {
  await page.waitForTimeout(700);
  await rawShot(page, name);
}

const visible = (page: Page, testId: string, timeout = 20_000) => page.locator(`[data-testid="${testId}"]`).first().waitFor({ state: 'visible', timeout });
const text = (page: Page, testId: string) => page.locator(`[data-testid="${testId}"]`).first().textContent();

async function login(page: Page, openid: string) {
  await page.goto(`${BASE}/#/pages/login/index`);
  await visible(page, `login-persona-${openid}`);
  const agree = page.locator('[data-testid="privacy-agree"]').first();
  if (await agree.isVisible().catch(() => false)) await agree.tap();
  await tap(page, `login-persona-${openid}`);
  if (await agree.isVisible().catch(() => false)) await agree.tap();
  await visible(page, 'home-grid');
}

async function api(p: string) {
  const res = await fetch(BASE + p);
  if (!res.ok) throw new Error(`${p}: ${res.status}`);
  return res.json() as Promise<any>;
}

/** A doctor of the first department group at H001 with a bookable paid slot (what the page shows first). */
async function pickDoctor() {
  const depts = await api('/api/v1/booking/hospitals/H001/departments');
  for (const d of depts.groups[0].items) {
    for (const doc of (await api(`/api/v1/booking/departments/${d.id}/doctors`)).items) {
      if (doc.feeFen <= 0) continue;
      const sched = await api(`/api/v1/booking/doctors/${doc.id}/schedule`);
      const session = sched.items.find((x: { bookable: boolean }) => x.bookable);
      if (session) return { deptId: d.id, doctorId: doc.id, feeFen: doc.feeFen, slotId: session.slots.find((x: { bookable: boolean }) => x.bookable).id as string };
    }
  }
  throw new Error('no bookable doctor at H001');
}

test('张伟 books and pays a slot, sees it in 我的预约, and cancels it with a refund', async () => {
  const page = phone.page;
  const pick = await pickDoctor();
  const yuan = `¥${(pick.feeFen / 100).toFixed(2)}`;

  await login(page, 'sbx_resident_zhangwei');
  await tap(page, 'home-entry-booking');
  await visible(page, 'booking-hospital-H001');
  await shot(page, 'booking-1-hospitals');

  await tap(page, 'booking-hospital-H001');
  await visible(page, `booking-dept-${pick.deptId}`);
  await tap(page, 'booking-notice-toggle');
  await visible(page, 'booking-notice');
  await shot(page, 'booking-2-departments');

  await tap(page, `booking-dept-${pick.deptId}`);
  await visible(page, `booking-doctor-${pick.doctorId}`);
  await tap(page, `booking-doctor-${pick.doctorId}`);
  await visible(page, 'booking-slots');
  await page.locator(`[data-testid="booking-slot-${pick.slotId}"]`).first().scrollIntoViewIfNeeded();
  await shot(page, 'booking-3-schedule');

  await tap(page, `booking-slot-${pick.slotId}`);
  await page.locator('[data-testid="booking-patient"]', { hasText: '张伟' }).first().waitFor({ timeout: 20_000 });
  expect(await text(page, 'booking-fee')).toBe(yuan);
  await shot(page, 'booking-4-confirm');

  await tap(page, 'booking-submit');
  await visible(page, 'confirm-dialog');
  expect(await text(page, 'confirm-dialog')).toContain('号源将为您保留15分钟');
  await shot(page, 'booking-5-confirm-dialog');
  await tap(page, 'confirm-ok');

  await visible(page, 'sandbox-cashier');
  expect(await text(page, 'cashier-amount')).toContain(yuan.slice(1));
  await shot(page, 'booking-6-cashier');
  await tap(page, 'cashier-pay');

  await page.locator('[data-testid="booking-result-status"][data-status="confirmed"]').first().waitFor({ timeout: 30_000 });
  expect(await text(page, 'booking-result-status')).toContain('预约成功');
  expect(await text(page, 'booking-his-id')).toMatch(/^GH\d+/);
  await shot(page, 'booking-7-success');

  await tap(page, 'booking-result-mine');
  await visible(page, 'booking-list');
  expect(await text(page, 'booking-list')).toContain('预约成功');
  await shot(page, 'booking-8-mine');

  await page.locator('[data-testid^="booking-item-"]').first().tap();
  await visible(page, 'booking-cancel-rule');
  await tap(page, 'booking-cancel');
  await visible(page, 'booking-cancel-reasons');
  await tap(page, 'booking-reason-行程有变');
  await shot(page, 'booking-9-cancel-reason');
  await tap(page, 'booking-cancel');
  await visible(page, 'confirm-dialog');
  expect(await text(page, 'confirm-dialog')).toContain(`挂号费 ${yuan} 将原路退回`);
  await tap(page, 'confirm-ok');
  await page.locator('[data-testid="booking-detail-status"][data-status="cancelled"]').first().waitFor({ timeout: 20_000 });
  expect(await text(page, 'booking-refund')).toContain(yuan);
  await shot(page, 'booking-10-cancelled');

  // The refund completes in the background; the page shows it on a later visit.
  for (let i = 0; i < 20 && !(await text(page, 'booking-refund'))?.includes('已原路退回'); i++) {
    await page.waitForTimeout(1000);
    await page.reload();
    await visible(page, 'booking-refund');
  }
  expect(await text(page, 'booking-refund')).toContain('已原路退回');
  await shot(page, 'booking-11-refunded');
});
