/**
 * 李明's patient panel and 随访 on a laptop (1366×800) and a desktop (1920×1080): the list and the
 * resident pane sit side by side inside the window (measured as the page opens, no scrolling), the
 * filters narrow the list, and a hypertension follow-up filled in on the national form is written
 * back to the platform and shows in the resident's record (records follow-up page).
 * Screenshots in /tmp/shots-workbench-panel/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { box, fill, inside, loginAs, openDesktop, openFresh, tap, visible } from './browser';

const SHOTS = '/tmp/shots-workbench-panel';
const MOTHER = '11010100100100101';

beforeAll(() => fs.mkdirSync(SHOTS, { recursive: true }));

describe.each([
  [1366, 800],
  [1920, 1080],
])('the patient panel at %i×%i', (width, height) => {
  let desk: Awaited<ReturnType<typeof openDesktop>>;
  beforeAll(async () => {
    desk = await openDesktop(width, height);
    await loginAs(desk.page, 'sbx_doctor_liming');
  });
  afterAll(() => desk?.close());

  test('list | resident side by side in the window; filters narrow the list', async () => {
    const page = desk.page;
    await openFresh(page, '/workbench/pages/panel/index');
    await visible(page, `wbp-row-${MOTHER}`);
    await page.waitForTimeout(800);
    await page.screenshot({ path: path.join(SHOTS, `panel-${width}x${height}.png`) });
    const [list, detail] = await Promise.all([box(page, 'wbp-list'), box(page, 'wbp-detail')]);
    expect([inside(list, width, height), inside(detail, width, height)]).toEqual([true, true]);
    expect(list.x + list.width).toBeLessThanOrEqual(detail.x + 1);
    expect(await page.evaluate(`document.scrollingElement.scrollHeight <= window.innerHeight`)).toBe(true);

    await tap(page, 'wbp-filter-child');
    await page.locator(`[data-testid="wbp-row-${MOTHER}"]`).waitFor({ state: 'detached', timeout: 20_000 });
    await visible(page, 'wbp-row-11010100100100104');
    await tap(page, 'wbp-filter-child');
    await visible(page, `wbp-row-${MOTHER}`);
  });

  test('a follow-up on the national form, written back and shown in the record', async () => {
    const page = desk.page;
    await tap(page, `wbp-row-${MOTHER}`);
    await tap(page, 'wbp-start-hypertension');
    await visible(page, 'wbp-form');
    for (const [k, v] of Object.entries({
      sbp: '146',
      dbp: '84',
      weightKg: '61.5',
      heightCm: '158',
      heartRate: '76',
      smokingPerDay: '0',
      drinkingLiangPerDay: '0',
      exerciseTimesPerWeek: '5',
      exerciseMinutes: '30',
    }))
      await fill(page, `wbp-${k}`, v);
    for (const id of ['wbp-salt-中', 'wbp-adherence-规律', 'wbp-classification-控制满意']) await tap(page, id);
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(SHOTS, `form-${width}x${height}.png`) });
    const submit = await box(page, 'wbp-submit');
    expect(submit.x + submit.width).toBeLessThanOrEqual(width);
    await tap(page, 'wbp-submit');
    await page.locator('[data-testid="wbp-form"]').waitFor({ state: 'detached', timeout: 20_000 });
    // The outbox writes it back within a few seconds: reopen the resident until the pane says so.
    const deadline = Date.now() + 30_000;
    for (;;) {
      await openFresh(page, '/workbench/pages/panel/index');
      await tap(page, `wbp-row-${MOTHER}`);
      await visible(page, 'wbp-writeback');
      if ((await page.locator('[data-testid="wbp-writeback"]').first().textContent())?.includes('已回传')) break;
      if (Date.now() > deadline) throw new Error('follow-up not written back within 30 s');
      await page.waitForTimeout(1000);
    }
    await page.screenshot({ path: path.join(SHOTS, `written-${width}x${height}.png`) });

    await openFresh(page, `/records/pages/followups/index?member=${MOTHER}`);
    await page.getByText('146/84').first().waitFor({ timeout: 20_000 });
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(SHOTS, `record-${width}x${height}.png`) });
  });
});
