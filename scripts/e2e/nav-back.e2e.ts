/**
 * Navigation (issue 15 §4) in the browser, as 张伟 on a phone: the H5 header shows the page's
 * title; with the sandbox cashier open on a bill, the browser's back closes the cashier and stays
 * on 门诊缴费, and nothing is paid (the HIS still has the bill unpaid, the order can be resumed).
 * Screenshot: test-results/nav-1-back-closed-cashier.png.
 */
import { SANDBOX, loginAs, openPhone, shot } from './browser';
import { onScreen, settled, tapId, tapOn, text, visible } from './on-screen';

let phone: Awaited<ReturnType<typeof openPhone>>;

beforeAll(async () => {
  phone = await openPhone();
});
afterAll(async () => {
  await phone?.close();
});

const ZHANG_WEI_ID = '110101199003077838';

async function hisBill(billNo: string): Promise<{ status: string }> {
  return (await fetch(`${SANDBOX}/his/bills/${billNo}`)).json() as Promise<{ status: string }>;
}

/** A bill of this spec's own (the seeded ones belong to the 门诊缴费 spec, which may have run first). */
async function newBill(): Promise<string> {
  const res = await fetch(`${SANDBOX}/his/sandbox/bills`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ idNumber: ZHANG_WEI_ID, name: '张伟', department: '全科医疗科', category: '检验费', items: [{ code: 'JY0001', quantity: 1 }] }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { billNo: string }).billNo;
}

let billNo = '';
afterAll(async () => {
  // Leave 张伟's unpaid bills as the seed has them: this one is settled at the window.
  if (billNo) await fetch(`${SANDBOX}/his/sandbox/bills/${billNo}/pay-at-window`, { method: 'POST' });
});

test('browser back closes the cashier on a bill: the page stays and no payment happens', async () => {
  const page = phone.page;
  billNo = await newBill();
  await loginAs(page, 'sbx_resident_zhangwei');
  await tapId(page, 'home-entry-pay');
  const check = onScreen(page, `[data-testid="bill-check-${billNo}"]`);
  await check.waitFor({ timeout: 20_000 });
  // Until the page has slid in, the home page's header is on screen too.
  await settled(page, 'pay-index');
  expect(await text(page, 'h5-header-title')).toBe('门诊缴费');

  await check.tap();
  await tapId(page, 'pay-submit');
  await tapId(page, 'confirm-ok');
  await visible(page, 'sandbox-cashier');
  expect(await onScreen(page, '[data-testid="sandbox-cashier"]').getAttribute('data-order-id')).toBeTruthy();
  const urlWithSheet = page.url();
  // Marks this page's DOM: a router that reloaded the page (the old bug) would lose the mark.
  await onScreen(page, '[data-testid="pay-index"]').evaluate((el) => void ((el as unknown as { kept: boolean }).kept = true));

  await page.goBack();

  // The sheet is gone everywhere (no page shows it), the resident is still on 门诊缴费.
  await page.locator('[data-testid="sandbox-cashier"]').waitFor({ state: 'detached', timeout: 20_000 });
  await onScreen(page, `[data-testid="bill-resume-${billNo}"]`).waitFor({ timeout: 20_000 });
  expect(page.url()).toBe(urlWithSheet);
  expect(await onScreen(page, '[data-testid="pay-index"]').evaluate((el) => (el as unknown as { kept?: boolean }).kept)).toBe(true);
  expect(await text(page, 'h5-header-title')).toBe('门诊缴费');
  expect((await hisBill(billNo)).status).toBe('unpaid');
  await shot(page, 'nav-1-back-closed-cashier');

  // The header's 返回 then leaves the page, as the browser's back would.
  await tapOn(page, '[data-testid="h5-header-back"]');
  await visible(page, 'home-grid');
});
