/**
 * 疫苗接种 after the dose, in the browser: the clinic records a dose for 张小宝 and 张伟 sees the 留观
 * countdown (不要提前离开) on the vaccines home; 张一诺's dose of 40 minutes ago shows 留观结束. From
 * there he reports a suspected adverse reaction: ticking 呼吸困难 puts 拨打120 first; the report
 * (发热) reaches the clinic through the platform, 已提交, and once the clinic accepts it, 已受理.
 * The community clinic's flu vaccine batch is withdrawn: 到苗提醒 for 张小宝, listed, cancelled. Then
 * the 电子接种证 and the countdown in 长辈模式. Screenshots in test-results/vaccine-care-*.png.
 */
import type { Page } from 'playwright-core';
import { BASE, SANDBOX, fill, loginAs, openFresh, phoneForSuite, shot } from './browser';
import { onScreen, pageShot, settled, tapId, tapOn, text, visible } from './on-screen';

let page: Page;
phoneForSuite((p) => (page = p));

const SON = '11010100100100105';
const DAUGHTER = '11010100100100104';

async function sbx(method: string, p: string, body?: unknown) {
  const res = await fetch(SANDBOX + p, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = await res.json().catch(() => null);
  if (res.status >= 300) throw new Error(`${method} ${p}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}
const chinaIso = (ms: number) => `${new Date(ms + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;

async function chooseMember(name: string) {
  await tapOn(page, '[data-testid^="member-switch-"]', name);
  await onScreen(page, '[data-testid="vaccines-member"]', name).waitFor({ timeout: 20_000 });
}

async function agreeConsentIfAsked() {
  const gate = onScreen(page, '[data-testid="vaccines-consent-gate"]');
  if (await gate.isVisible().catch(() => false)) await tapId(page, 'vaccines-consent-agree');
}

test('留观 countdown and 留观结束, then an AEFI report from the dose: 拨打120 first on severe signs, 已提交 → 已受理', async () => {
  // The clinics record the doses (the clinic's client on the platform): 张小宝 now, 张一诺 40 minutes ago.
  const now = Date.now();
  const chinaMidnight = Date.parse(`${chinaIso(now).slice(0, 10)}T00:00:00+08:00`);
  await sbx('POST', '/platform/sandbox/immunizations', { recordNumber: SON, code: 'PCV13', clinicId: 'VC001' });
  const flu = await sbx('POST', '/platform/sandbox/immunizations', { recordNumber: DAUGHTER, code: 'Flu', clinicId: 'VC001', givenAt: chinaIso(Math.max(now - 40 * 60_000, chinaMidnight + 1000)) });
  const fluDose = flu.items.find((i: { vaccineCode: string; givenAt: string | null }) => i.vaccineCode === 'Flu' && i.givenAt);
  const products = await sbx('GET', '/platform/vaccination/products');
  const fluBatches = products.items.find((p: { id: string }) => p.id === 'P-FLU').batches.filter((b: { clinicId: string }) => b.clinicId === 'VC001');
  for (const b of fluBatches) await sbx('POST', `/platform/vaccination/sandbox/batches/${b.id}/withdraw`);

  await loginAs(page, 'sbx_resident_zhangwei');
  await tapId(page, 'home-entry-vaccines');
  await settled(page, 'vaccines-home');
  await agreeConsentIfAsked();
  await visible(page, 'vaccines-member');

  await chooseMember('张小宝');
  const banner = onScreen(page, '[data-testid="observation-banner"][data-state="observing"]');
  await banner.waitFor({ timeout: 20_000 });
  await expect(banner.textContent()).resolves.toContain('不要提前离开');
  await expect(banner.textContent()).resolves.toContain('呼吸困难');
  const first = (await text(page, 'observation-left'))!;
  expect(first).toMatch(/^(2\d|30):\d{2}$/);
  // It counts down.
  await onScreen(page, '[data-testid="observation-left"]').filter({ hasNotText: first }).waitFor({ timeout: 5_000 });
  await pageShot(page, 'vaccines-home', 'vaccine-care-1-observing');

  await chooseMember('张一诺');
  const ended = onScreen(page, '[data-testid="observation-banner"][data-state="ended"]');
  await ended.waitFor({ timeout: 20_000 });
  await expect(ended.textContent()).resolves.toContain('留观结束');
  await pageShot(page, 'vaccines-home', 'vaccine-care-2-ended');

  // Reporting from the dose: the form names the dose's vaccine and batch.
  await tapId(page, 'observation-report');
  await settled(page, 'vaccines-aefi');
  await expect(text(page, 'aefi-dose')).resolves.toContain(fluDose.batchNo);
  await tapId(page, 'aefi-symptom-breathing');
  await visible(page, 'aefi-emergency');
  await expect(text(page, 'aefi-emergency')).resolves.toContain('拨打120');
  await shot(page, 'vaccine-care-3-severe-first');
  await tapId(page, 'aefi-symptom-breathing');
  await onScreen(page, '[data-testid="aefi-emergency"]').waitFor({ state: 'hidden', timeout: 5_000 });

  await tapId(page, 'aefi-symptom-fever');
  await fill(page, 'aefi-temperature', '38.6');
  await fill(page, 'aefi-description', '接种后2小时发热38.6℃，精神尚可');
  await fill(page, 'aefi-reporter-name', '张伟');
  await fill(page, 'aefi-reporter-phone', '13800138000');
  await shot(page, 'vaccine-care-4-form');
  await tapId(page, 'aefi-submit');
  // Sent: the page shows the reports (the form is not offered again).
  await settled(page, 'vaccines-aefi');
  const card = onScreen(page, '[data-testid^="aefi-report-"][data-status]');
  await card.waitFor({ timeout: 20_000 });
  const reportId = (await card.getAttribute('data-testid'))!.replace('aefi-report-', '');

  // The clinic has it (the outbox delivered it): reopened, the page says 已提交 and what happens next.
  let received: { reportNo: string; symptoms: string[] } | undefined;
  for (let i = 0; i < 100 && !received; i++) {
    received = (await sbx('GET', `/platform/vaccination/sandbox/aefi-reports?clientRef=${reportId}`)).items[0];
    if (!received) await page.waitForTimeout(100);
  }
  expect(received!.symptoms).toEqual(['发热']);
  await page.reload();
  await onScreen(page, `[data-testid="aefi-report-${reportId}"][data-status="submitted"]`).waitFor({ timeout: 20_000 });
  await expect(text(page, `aefi-report-${reportId}`)).resolves.toContain('48小时内');
  await pageShot(page, 'vaccines-aefi', 'vaccine-care-5-submitted');

  await sbx('POST', `/platform/vaccination/sandbox/aefi-reports/${received!.reportNo}/accept`);
  await page.reload();
  await onScreen(page, `[data-testid="aefi-report-${reportId}"][data-status="accepted"]`).waitFor({ timeout: 20_000 });
  await expect(text(page, `aefi-report-${reportId}`)).resolves.toContain('已受理');
  await pageShot(page, 'vaccines-aefi', 'vaccine-care-6-accepted');

  // 到苗提醒: the community clinic's flu vaccine batch was withdrawn (停用), none is left there.
  const members = await page.evaluate(async () => {
    const raw = localStorage.getItem('hp_tokens');
    const parsed = raw ? JSON.parse(raw) : null;
    const token = parsed?.data?.accessToken ?? parsed?.accessToken;
    return (await (await fetch('/api/v1/family/members', { headers: { authorization: `Bearer ${token}` } })).json()).items as Array<{ id: string; name: string }>;
  });
  const son = members.find((m) => m.name === '张小宝')!;
  await openFresh(page, `/vaccines/pages/book/index?memberId=${son.id}&code=Flu&clinicId=VC001`);
  await settled(page, 'vaccines-book');
  await visible(page, 'stock-alert-card');
  await expect(text(page, 'stock-alert-card')).resolves.toContain('流感疫苗暂无余量');
  await pageShot(page, 'vaccines-book', 'vaccine-care-8-out-of-stock');
  await tapId(page, 'stock-alert-subscribe');
  await visible(page, 'stock-alert-waiting');
  await tapId(page, 'stock-alert-mine');
  await settled(page, 'vaccines-alerts');
  const alert = onScreen(page, '[data-testid^="stock-alert-"][data-status="waiting"]');
  await alert.waitFor({ timeout: 20_000 });
  await expect(alert.textContent()).resolves.toContain('东华街道社区卫生服务中心预防接种门诊');
  await pageShot(page, 'vaccines-alerts', 'vaccine-care-9-alerts');
  await tapOn(page, '[data-testid^="stock-alert-cancel-"]');
  await visible(page, 'alerts-go-catalogue');
  await pageShot(page, 'vaccines-alerts', 'vaccine-care-10-alerts-empty');

  // 长辈模式: the countdown on the 电子接种证 still reads, with the report link on each dose.
  await page.goto(`${BASE}/#/pages/me/index`);
  await tapId(page, 'me-large-font');
  await onScreen(page, '[data-testid="me-large-font-state"]', '已开启').waitFor({ timeout: 20_000 });
  await page.goto(`${BASE}/#/vaccines/pages/record/index?memberId=${son.id}`);
  await onScreen(page, '[data-testid="observation-banner"][data-state="observing"]').waitFor({ timeout: 20_000 });
  await visible(page, 'vaccine-cert');
  await pageShot(page, 'vaccines-record', 'vaccine-care-7-large-font');
  await page.goto(`${BASE}/#/pages/me/index`);
  await tapId(page, 'me-large-font');
  await onScreen(page, '[data-testid="me-large-font-state"]', '已关闭').waitFor({ timeout: 20_000 });
});
