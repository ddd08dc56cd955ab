/**
 * 门诊缴费 in the browser, as 张伟: 首页 → 缴费 → his two unpaid bills at 市第一人民医院 (items
 * expanded) → choose both → confirm → the sandbox cashier → 支付成功 → the hospital confirms and the
 * e-invoice appears → 缴费记录. Also 王秀英's bills through the member switcher.
 * Screenshots in test-results/pay-*.png.
 */
import { BASE, SANDBOX, loginAs, openPhone } from './browser';
import { onScreen, pageShot, tapId, tapOn, text, visible } from './on-screen';

let phone: Awaited<ReturnType<typeof openPhone>>;

beforeAll(async () => {
  phone = await openPhone();
});
afterAll(async () => {
  await phone?.close();
});

/** 张伟's unpaid bills as the HIS holds them (the persona's bills are fixed by the sandbox seed). */
async function hisBills(): Promise<Array<{ billNo: string; totalFen: number }>> {
  const res = await fetch(`${SANDBOX}/his/bills?idNumber=110101199003077838&status=unpaid`);
  return ((await res.json()) as { items: Array<{ billNo: string; totalFen: number }> }).items;
}

test('张伟 pays two outpatient bills through the sandbox cashier and gets the e-invoice', async () => {
  const page = phone.page;
  const bills = await hisBills();
  expect(bills).toHaveLength(2);
  const total = bills.reduce((n, b) => n + b.totalFen, 0);
  const yuan = `¥${(total / 100).toFixed(2)}`;

  await loginAs(page, 'sbx_resident_zhangwei');
  await tapId(page, 'home-entry-pay');
  await visible(page, `bill-${bills[0].billNo}`);
  await tapId(page, `bill-items-toggle-${bills[0].billNo}`);
  await pageShot(page, 'pay-index', 'pay-1-unpaid-bills');

  for (const b of bills) await tapId(page, `bill-check-${b.billNo}`);
  expect(await text(page, 'pay-total')).toBe(yuan);
  await pageShot(page, 'pay-index', 'pay-2-chosen');

  await tapId(page, 'pay-submit');
  await visible(page, 'confirm-dialog');
  expect(await text(page, 'confirm-dialog')).toContain(`2张账单，合计${yuan}`);
  await pageShot(page, 'pay-index', 'pay-3-confirm');

  await tapId(page, 'confirm-ok');
  await visible(page, 'sandbox-cashier');
  expect(await text(page, 'cashier-amount')).toBe(yuan);
  await pageShot(page, 'pay-index', 'pay-4-cashier');

  await tapId(page, 'cashier-pay');
  await visible(page, 'pay-order');
  await onScreen(page, '[data-testid="order-status"]', '支付成功').waitFor({ timeout: 30_000 });
  expect(await text(page, 'order-amount')).toBe(yuan);
  // The hospital confirms through the outbox; the page looks again until the e-invoice is there.
  await visible(page, `bill-invoice-${bills[0].billNo}`, 30_000);
  await visible(page, `bill-invoice-${bills[1].billNo}`, 30_000);
  expect(await text(page, `bill-status-${bills[0].billNo}`)).toBe('已缴费');
  await onScreen(page, `[data-testid="bill-invoice-${bills[0].billNo}"]`).scrollIntoViewIfNeeded();
  await pageShot(page, 'pay-order', 'pay-5-paid-with-invoice');

  // Nothing left to pay; the history shows the payment.
  await page.goBack();
  await onScreen(page, '[data-testid="status-empty"]', '暂无待缴费账单').waitFor({ timeout: 20_000 });
  await tapId(page, 'pay-tab-paid');
  await visible(page, `bill-invoice-${bills[1].billNo}`);
  await pageShot(page, 'pay-index', 'pay-6-paid-tab');

  await tapId(page, 'pay-history-link');
  await visible(page, 'pay-orders');
  await onScreen(page, '[data-testid^="order-state-"]', '已支付').waitFor({ timeout: 20_000 });
  await pageShot(page, 'pay-orders', 'pay-7-history');

  // The HIS has them as paid, under this payment.
  const paid = await fetch(`${SANDBOX}/his/bills/${bills[0].billNo}`).then((r) => r.json());
  expect(paid.status).toBe('paid');
  expect(paid.invoice.number).toMatch(/^\d{10}$/);
});

test("王秀英's bills through the member switcher; closing the cashier leaves the order payable", async () => {
  const page = phone.page;
  await page.goto(`${BASE}/#/pay/pages/index/index`);
  await visible(page, 'member-switcher');
  await tapOn(page, '[data-testid^="member-switch-"]', '王秀英');
  await tapId(page, 'pay-tab-unpaid');
  await onScreen(page, '[data-testid^="bill-check-"]').waitFor({ timeout: 20_000 });
  await pageShot(page, 'pay-index', 'pay-8-mother-bills');

  await tapOn(page, '[data-testid^="bill-check-"]');
  await tapId(page, 'pay-submit');
  await tapId(page, 'confirm-ok');
  await visible(page, 'sandbox-cashier');
  await tapId(page, 'cashier-cancel');
  await onScreen(page, '[data-testid^="bill-resume-"]').waitFor({ timeout: 20_000 });
  await pageShot(page, 'pay-index', 'pay-9-cancelled-resumable');
});
