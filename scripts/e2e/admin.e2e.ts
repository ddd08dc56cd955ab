/**
 * 人员与角色 end to end: the admin persona, in a desktop browser at 1366×800, finds 王秀英, grants
 * her the doctor role bound to 孙静 (D-FD-002) picked from the platform's staff directory, then
 * revokes it with a reason after the confirmation. Screenshots in test-results/admin-*.png.
 */
import { BASE, fill, loginAs, openDesktop, openFresh, openPhone, shot, snap, tap, visible } from './browser';

let desk: Awaited<ReturnType<typeof openDesktop>>;

beforeAll(async () => {
  desk = await openDesktop(1366, 800);
});
afterAll(async () => {
  await desk?.close();
});

test('an admin grants a doctor role from the staff directory and revokes it, with reasons', async () => {
  const page = desk.page;
  await loginAs(page, 'sbx_admin');
  await page.goto(`${BASE}/#/pages/me/index`);
  await tap(page, 'me-link-admin');
  await visible(page, 'admin-home');
  // The staff accounts are listed before any search (the personas: doctor, operator, admin).
  await page.locator('[data-testid^="admin-user-"]', { hasText: 'sbx_doctor_liming' }).first().waitFor({ timeout: 20_000 });

  await fill(page, 'admin-search', '王秀英');
  await tap(page, 'admin-search-submit');
  const row = page.locator('[data-testid^="admin-user-"]', { hasText: 'sbx_resident_wangxiuying' }).first();
  await row.waitFor({ timeout: 20_000 });
  expect(await row.innerText()).toContain('王*英');
  await row.tap();
  await visible(page, 'admin-detail');
  expect(await page.locator('[data-testid="admin-detail"]').innerText()).not.toContain('11010519491231002X');

  await tap(page, 'admin-grant-role-doctor');
  await fill(page, 'admin-directory-search', '孙');
  await tap(page, 'admin-directory-D-FD-002');
  await page.locator('[data-testid="admin-grant-doctor"]', { hasText: 'D-FD-002' }).waitFor();
  await fill(page, 'admin-grant-reason', '社区卫生服务中心新聘家庭医生（演示）');
  await shot(page, 'admin-0-grant-doctor-1366x800');
  await tap(page, 'admin-grant-submit');
  await visible(page, 'admin-role-doctor');
  await page.locator('[data-testid="admin-detail-doctor"]', { hasText: '孙静（D-FD-002）' }).waitFor();
  await page.locator('[data-testid^="admin-history-"]', { hasText: '新聘家庭医生' }).first().waitFor({ timeout: 20_000 });
  await shot(page, 'admin-1-granted-1366x800');

  await tap(page, 'admin-revoke-doctor');
  await fill(page, 'admin-revoke-reason', '演示结束，撤销医生角色');
  await tap(page, 'admin-revoke-submit');
  await visible(page, 'confirm-dialog');
  expect(await page.locator('[data-testid="confirm-dialog"]').innerText()).toContain('演示结束');
  await shot(page, 'admin-2-confirm-revoke-1366x800');
  await tap(page, 'confirm-ok');
  await page.locator('[data-testid="admin-role-doctor"]').waitFor({ state: 'detached', timeout: 20_000 });
  await page.locator('[data-testid^="admin-history-"]', { hasText: '演示结束' }).first().waitFor({ timeout: 20_000 });
  expect(await page.locator('[data-testid^="admin-history-"]').count()).toBe(2);
  await shot(page, 'admin-3-revoked-1366x800');

  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.waitForTimeout(300); // relayout after the resize
  await shot(page, 'admin-4-1920x1080');
});

test('on a phone: the list, then one user with a way back', async () => {
  const phone = await openPhone();
  try {
    const page = phone.page;
    await loginAs(page, 'sbx_admin');
    await page.goto(`${BASE}/#/pages/me/index`);
    await tap(page, 'me-link-admin');
    const row = page.locator('[data-testid^="admin-user-"]', { hasText: 'sbx_doctor_liming' }).first();
    await row.waitFor({ timeout: 20_000 });
    await snap(page, 'admin-5-phone-list');
    await row.tap();
    await visible(page, 'admin-detail');
    expect(await page.locator('[data-testid="admin-detail-doctor"]').innerText()).toContain('D-FD-001');
    expect(await page.locator('[data-testid^="admin-user-"]').first().isVisible()).toBe(false);
    await snap(page, 'admin-6-phone-detail', 300);
    await tap(page, 'admin-back');
    await row.waitFor({ state: 'visible' });
  } finally {
    await phone.close();
  }
});

test('安全审计: the chain is intact and the role changes above are in the trail, at 1366×800', async () => {
  const page = desk.page;
  // The desktop page is still signed in as the admin from the first test.
  await page.setViewportSize({ width: 1366, height: 800 });
  await openFresh(page, '/admin/pages/index/index');
  await tap(page, 'admin-link-audit');
  await visible(page, 'audit-home');
  await page.locator('[data-testid="audit-chain-text"]', { hasText: '审计链完整' }).waitFor({ timeout: 20_000 });
  await page.locator('[data-testid^="audit-row-"]').first().waitFor({ timeout: 20_000 });
  await tap(page, 'audit-quick-role.*');
  await page.locator('[data-testid^="audit-row-"]', { hasText: '演示结束' }).first().waitFor({ timeout: 20_000 });
  await page.locator('[data-testid^="audit-row-"]', { hasText: '授予角色' }).first().waitFor();
  // A desktop table: no sideways scrolling, the filters and the first rows above the fold.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1366);
  for (const id of ['audit-chain', 'audit-filter-action', 'audit-search']) {
    const box = await page.locator(`[data-testid="${id}"]`).boundingBox();
    expect(box && box.y + box.height <= 800).toBe(true);
  }
  await shot(page, 'admin-7-audit-1366x800');
});
