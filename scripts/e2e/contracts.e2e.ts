/**
 * §7 and §8 of issue 13 as people use them.
 * - 周磊 (not contracted, lives in 和平社区) on a phone (390×844) in 长辈模式 verifies his identity,
 *   chooses 李明's team with the 高血压 package, reads the agreement in full, ticks it and signs with
 *   his name; a wrong name is refused with what to do.
 * - 王秀英, 20 days before her contract year ends, renews in 长辈模式 and signs the agreement.
 * - 李明 (team lead) on a laptop (1366×800) sees the application with the package, the signed
 *   version and the out-of-community flag; then at 1366×800 and 1920×1080 the 考核 figures: every
 *   member's row and the definitions inside the window as it opens, sorting, a refused custom
 *   range, and the CSV download.
 * Screenshots in test-results/contracts-*.png.
 */
import { BASE, SANDBOX, box, fill, inside, loginAs, openDesktop, openFresh, openPhone, shot, snap, tap, textOf, visible, type Browser } from './browser';

const ZHOU_LEI = { name: '周磊', idNumber: '310101198511170038' };

describe('周磊 applies with a package and signs the agreement (390×844, 长辈模式)', () => {
  let phone: Browser;
  beforeAll(async () => {
    phone = await openPhone();
  });
  afterAll(() => phone?.close());

  test('verify, 长辈模式, choose team and package, sign, pending', async () => {
    const page = phone.page;
    await page.goto(`${BASE}/#/pages/login/index`);
    await visible(page, 'privacy-guide', 30_000);
    await tap(page, 'privacy-agree');
    await tap(page, 'login-new-user');
    await tap(page, 'home-realname-prompt');
    await fill(page, 'realname-name', ZHOU_LEI.name);
    await fill(page, 'realname-id', ZHOU_LEI.idNumber);
    await tap(page, 'realname-face');
    await visible(page, 'face-sheet');
    await tap(page, 'face-pass');
    await visible(page, 'realname-done');

    await openFresh(page, '/pages/me/index');
    await tap(page, 'me-large-font');
    await page.locator('[data-testid="me-large-font-state"]', { hasText: '已开启' }).waitFor();

    await openFresh(page, '/doctor/pages/index/index');
    await visible(page, 'doctor-no-contract');
    await snap(page, 'contracts-1-no-contract-elder');
    await tap(page, 'doctor-choose-team');
    await visible(page, 'team-T001');
    await tap(page, 'team-T001');
    await tap(page, 'package-PKG-HTN');
    expect(await page.locator('[data-testid="package-PKG-HTN"]').getAttribute('aria-checked')).toBe('true');
    await snap(page, 'contracts-2-team-package-elder');
    await tap(page, 'teams-apply');
    await visible(page, 'agreement');
    expect(await textOf(page, 'agreement-version')).toContain('2026.1');
    expect(await textOf(page, 'sign-summary')).toContain('高血压个性化服务包');
    await snap(page, 'contracts-3-agreement-elder');

    // Not ticked: nothing is sent. Then another person's name: the BFF refuses it.
    await tap(page, 'agreement-sign');
    expect(await textOf(page, 'agreement-problem')).toBe('请先阅读并勾选同意协议');
    await tap(page, 'agreement-accept');
    await fill(page, 'agreement-name', '张伟');
    await tap(page, 'agreement-sign');
    await visible(page, 'agreement-error');
    expect(await textOf(page, 'agreement-error')).toContain('与您实名认证的姓名不一致');
    await shot(page, 'contracts-4-wrong-name-elder');
    await fill(page, 'agreement-name', '周磊');
    await tap(page, 'agreement-sign');

    await page.waitForURL(/doctor\/pages\/index/, { timeout: 20_000 });
    await openFresh(page, '/doctor/pages/index/index');
    await visible(page, 'doctor-application-pending');
    expect(await textOf(page, 'doctor-application-pending')).toContain('李明家庭医生团队');
    await snap(page, 'contracts-5-pending-elder');
  });
});

describe('王秀英 renews in the last month of her contract year (390×844, 长辈模式)', () => {
  let phone: Browser;
  beforeAll(async () => {
    phone = await openPhone();
  });
  afterAll(() => phone?.close());

  test('the contract card offers 续约; the agreement (never signed online) is signed; pending', async () => {
    const page = phone.page;
    const validTo = new Date(Date.now() + 8 * 3600_000 + 20 * 86_400_000).toISOString().slice(0, 10);
    const moved = await fetch(`${SANDBOX}/platform/sandbox/contracts/11010100100100101/valid-to`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ validTo }),
    });
    expect(moved.status).toBe(200);
    await loginAs(page, 'sbx_resident_wangxiuying');
    await openFresh(page, '/pages/me/index');
    await tap(page, 'me-large-font');
    await page.locator('[data-testid="me-large-font-state"]', { hasText: '已开启' }).waitFor();
    await openFresh(page, '/doctor/pages/index/index');
    await visible(page, 'doctor-renewal');
    expect(await textOf(page, 'doctor-renewal')).toContain('签约还有 20 天到期，现在可以续约（协议书有更新，需重新签署）');
    await snap(page, 'contracts-9-renewal-card-elder');
    await tap(page, 'doctor-renew');
    await visible(page, 'renew-summary');
    expect(await textOf(page, 'renew-resign')).toContain('本次续约需在线签署签约服务协议书');
    await visible(page, 'agreement');
    await snap(page, 'contracts-10-renew-elder');
    await tap(page, 'agreement-accept');
    await fill(page, 'agreement-name', '王秀英');
    await tap(page, 'agreement-sign');
    await page.waitForURL(/doctor\/pages\/index/, { timeout: 20_000 });
    await openFresh(page, '/doctor/pages/index/index');
    await visible(page, 'doctor-renewal-pending');
    await snap(page, 'contracts-11-renewal-pending-elder');
  });
});

describe('李明 reviews it on a laptop (1366×800)', () => {
  let desk: Browser;
  beforeAll(async () => {
    desk = await openDesktop(1366, 800);
    await loginAs(desk.page, 'sbx_doctor_liming');
  });
  afterAll(() => desk?.close());

  test('the application shows the package, the signed version and the out-of-community flag', async () => {
    const page = desk.page;
    await openFresh(page, '/workbench/pages/index/index');
    await tap(page, 'wb-tab-applications');
    const item = page.locator('[data-testid="wb-application"]', { hasText: '周磊' }).first();
    await item.waitFor({ timeout: 20_000 });
    expect(await item.locator('[data-testid="wb-application-packages"]').textContent()).toContain('新签约：李明家庭医生团队 · 服务包 基础服务包、高血压个性化服务包');
    expect(await item.locator('[data-testid="wb-application-agreement"]').textContent()).toContain('已签署协议书 2026.1 版（周磊');
    expect(await item.textContent()).toContain('非本团队服务社区的居民');
    const renewal = page.locator('[data-testid="wb-application"]', { hasText: '王秀英' }).first();
    expect(await renewal.locator('[data-testid="wb-application-packages"]').textContent()).toContain('续约：李明家庭医生团队');
    expect(await renewal.locator('[data-testid="wb-application-agreement"]').textContent()).toContain('已签署协议书 2026.1 版（王秀英');
    await snap(page, 'contracts-6-review-1366x800');
  });
});

describe.each([
  [1366, 800],
  [1920, 1080],
])('李明 views the 考核 figures at %i×%i', (width, height) => {
  let desk: Browser;
  beforeAll(async () => {
    desk = await openDesktop(width, height);
    await loginAs(desk.page, 'sbx_doctor_liming');
  });
  afterAll(() => desk?.close());

  test('every member, in the window; sorting; a refused range; CSV', async () => {
    const page = desk.page;
    await openFresh(page, '/workbench/pages/figures/index');
    await visible(page, 'wbf-row-team');
    await page.waitForTimeout(800);
    await shot(page, `contracts-7-figures-${width}x${height}`);
    // The lead sees each member; the table is inside the window as the page opens.
    for (const id of ['wbf-row-team', 'wbf-row-D-FD-001', 'wbf-row-N-FD-001', 'wbf-row-P-FD-001']) expect(inside(await box(page, id), width, height)).toBe(true);
    expect(inside(await box(page, 'wbf-export'), width, height)).toBe(true);
    expect(await textOf(page, 'wbf-title')).toContain('团队负责人：可看每位成员');
    expect(await textOf(page, 'wbf-definitions')).toContain('国家基本公共卫生服务规范（第三版）');

    await tap(page, 'wbf-sort-name');
    expect(await page.locator('[data-testid="wbf-sort-name"]').getAttribute('aria-sort')).toBe('ascending');
    const first = page.locator('[role="row"]').nth(1);
    expect(await first.getAttribute('data-testid')).toBe('wbf-row-team');

    await tap(page, 'wbf-period-custom');
    await fill(page, 'wbf-from', '2024-01-01');
    await tap(page, 'wbf-apply');
    expect(await textOf(page, 'wbf-problem')).toBe('统计区间最长 366 天');
    await shot(page, `contracts-8-figures-range-${width}x${height}`);

    await tap(page, 'wbf-period-lastMonth');
    await page.locator('[data-testid="wbf-problem"]').waitFor({ state: 'detached' });
    const [download] = await Promise.all([page.waitForEvent('download'), tap(page, 'wbf-export')]);
    expect(download.suggestedFilename()).toMatch(/^考核指标-李明家庭医生团队-\d{4}-\d{2}-01至\d{4}-\d{2}-\d{2}\.csv$/);
    const text = await new Promise<string>((resolve, reject) => {
      void download.createReadStream().then((s) => {
        const chunks: Buffer[] = [];
        s.on('data', (c: Buffer) => chunks.push(c));
        s.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        s.on('error', reject);
      });
    });
    const lines = text
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0].startsWith('成员,角色,统计开始,统计结束')).toBe(true);
    // The header, the team total and the team's four members.
    expect(lines).toHaveLength(6);
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(expect.arrayContaining(['团队合计', '李明', '王丽', '赵强']));
  });
});
