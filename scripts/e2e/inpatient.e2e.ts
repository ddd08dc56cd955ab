/**
 * 住院服务 in the browser, as 张伟 for his mother 王秀英 (in hospital at 市第一人民医院 心血管内科 in
 * the sandbox, balance below the reminder line): 首页 → 缴费 → 住院服务 → 王秀英 → the balance and
 * the warning → ¥1000 chip → confirm → the sandbox cashier → 医院入账 → the balance grows by ¥1000
 * and the HIS holds the deposit once → 每日清单, today and the admission day.
 * Screenshots in test-results/inpatient-*.png.
 */
import { BASE, SANDBOX, loginAs, openPhone } from './browser';
import { onScreen, pageShot, settled, tapId, tapOn, text, visible } from './on-screen';

let phone: Awaited<ReturnType<typeof openPhone>>;

beforeAll(async () => {
  phone = await openPhone();
});
afterAll(async () => {
  await phone?.close();
});

interface HisAdmission {
  admissionNo: string;
  depositFen: number;
  balanceFen: number;
}

async function motherAdmission(): Promise<HisAdmission> {
  const res = await fetch(`${SANDBOX}/his/inpatient/admissions?idNumber=11010519491231002X`);
  return ((await res.json()) as { items: HisAdmission[] }).items[0];
}

const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;

test("张伟 pays ¥1000 of his mother's inpatient deposit through the sandbox cashier; the hospital credits it once", async () => {
  const page = phone.page;
  const before = await motherAdmission();
  expect(before.balanceFen).toBeLessThan(50_000);

  await loginAs(page, 'sbx_resident_zhangwei');
  await tapId(page, 'home-entry-pay');
  await visible(page, 'pay-inpatient-link');
  await tapId(page, 'pay-inpatient-link');
  await settled(page, 'inpatient');
  await tapOn(page, '[data-testid^="member-switch-"]', '王秀英');
  await onScreen(page, '[data-testid="inpatient-balance"]', yuan(before.balanceFen)).waitFor({ timeout: 20_000 });
  await visible(page, 'inpatient-low');
  await pageShot(page, 'inpatient', 'inpatient-1-balance');

  await tapId(page, 'inpatient-chip-100000');
  expect(await text(page, 'inpatient-amount')).toBe('¥1000.00');
  await pageShot(page, 'inpatient', 'inpatient-2-chip');

  await tapId(page, 'inpatient-submit');
  await visible(page, 'confirm-dialog');
  expect(await text(page, 'confirm-dialog')).toContain(`为王秀英向市第一人民医院缴纳住院预交金¥1000.00（住院号${before.admissionNo}）`);
  await pageShot(page, 'inpatient', 'inpatient-3-confirm');

  await tapId(page, 'confirm-ok');
  await visible(page, 'sandbox-cashier');
  expect(await text(page, 'cashier-amount')).toBe('¥1000.00');
  await pageShot(page, 'inpatient', 'inpatient-4-cashier');

  await tapId(page, 'cashier-pay');
  await visible(page, 'inpatient-notice', 30_000);
  // The hospital credits it through the outbox; the page looks again until it has.
  await onScreen(page, '[data-testid="inpatient-balance"]', yuan(before.balanceFen + 100_000)).waitFor({ timeout: 30_000 });
  await onScreen(page, '[data-testid="inpatient-deposit"]', '微信支付').waitFor({ timeout: 20_000 });
  expect(await text(page, 'inpatient-deposit')).toContain('已入账');
  expect(await text(page, 'inpatient-notice')).toBe('已缴纳¥1000.00，医院已入账，已计入预交金余额');
  await pageShot(page, 'inpatient', 'inpatient-5-credited');

  const after = await motherAdmission();
  expect(after.depositFen).toBe(before.depositFen + 100_000);
  const deposits = (await fetch(`${SANDBOX}/his/inpatient/admissions/${before.admissionNo}/deposits`).then((r) => r.json())) as { items: Array<{ channel: string; amountFen: number }> };
  expect(deposits.items.filter((d) => d.channel === 'wechat')).toEqual([expect.objectContaining({ amountFen: 100_000 })]);

  await tapId(page, 'inpatient-tab-daily');
  await visible(page, 'inpatient-daily');
  expect(await text(page, 'inpatient-daily')).toContain('普通病房床位费（三人间）');
  await pageShot(page, 'inpatient', 'inpatient-6-daily-today');

  await tapOn(page, '[data-testid^="inpatient-day-"]:last-child');
  await onScreen(page, '[data-testid="inpatient-daily"]', '血常规（五分类）').waitFor({ timeout: 20_000 });
  await pageShot(page, 'inpatient', 'inpatient-7-daily-first-day');

  // 长辈模式: the same page with the large font still reads and the top-up stays reachable.
  await page.goto(`${BASE}/#/pages/me/index`);
  await tapId(page, 'me-large-font');
  await onScreen(page, '[data-testid="me-large-font-state"]', '已开启').waitFor({ timeout: 20_000 });
  await page.goto(`${BASE}/#/pay/pages/inpatient/index`);
  await settled(page, 'inpatient');
  await tapOn(page, '[data-testid^="member-switch-"]', '王秀英');
  await onScreen(page, '[data-testid="inpatient-balance"]', yuan(before.balanceFen + 100_000)).waitFor({ timeout: 20_000 });
  await visible(page, 'inpatient-chip-50000');
  await pageShot(page, 'inpatient', 'inpatient-8-large-font');
});
