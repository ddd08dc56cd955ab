/**
 * 家庭医生 in two browsers at once: 张伟 on a phone writes to his family doctor; 李明 opens the
 * workbench from 我的 on a desktop-sized browser (H5), sees the message arrive in his inbox, answers
 * with the record summary beside the chat; 张伟 gets the answer live and sees his message marked
 * 已读. Screenshots in test-results/doctor-*.png.
 */
import type { Page } from 'playwright-core';
import { BASE, fill, loginAs, withdrawHealthConsent, openDesktop, openPhone, shot, tap, visible } from './browser';

let phone: Awaited<ReturnType<typeof openPhone>>;
let desk: { page: Page; close: () => Promise<void> };

beforeAll(async () => {
  phone = await openPhone();
  desk = await openDesktop(1280, 860);
});
afterAll(async () => {
  await phone?.close();
  await desk?.close();
});

const thread = (page: Page, prefix: string) => page.locator(`[data-testid="${prefix}-msg"]`);

test('张伟 and 李明 exchange messages in real time, with read receipts', async () => {
  const zw = phone.page;
  const lm = desk.page;

  // Resident: 家庭医生 → his contract → 在线咨询.
  await loginAs(zw, 'sbx_resident_zhangwei');
  await tap(zw, 'home-entry-doctor');
  await visible(zw, 'doctor-contract');
  await expect(zw.locator('[data-testid="doctor-contract"]').first().textContent()).resolves.toContain('李明家庭医生团队');
  await shot(zw, 'doctor-1-contract');
  await tap(zw, 'doctor-open-chat');
  await visible(zw, 'chat-notice');
  await expect(zw.locator('[data-testid="chat-notice"]').first().textContent()).resolves.toContain('不能替代线下首诊');
  await zw.locator('[data-testid="chat-socket"][data-state="open"]').first().waitFor({ timeout: 20_000 });
  await fill(zw, 'chat-input', '李医生您好，我这两天早上血压 150/95，需要调整用药吗？');
  await tap(zw, 'chat-send');
  await thread(zw, 'chat').filter({ hasText: '150/95' }).locator('[data-testid="chat-receipt"]').first().waitFor({ timeout: 20_000 });
  await shot(zw, 'doctor-2-resident-sent');

  // Doctor: 我的 → 医生工作台 (desktop browser), the message waits in the inbox.
  await loginAs(lm, 'sbx_doctor_liming');
  await lm.goto(`${BASE}/#/pages/me/index`);
  await visible(lm, 'me-link-workbench');
  await tap(lm, 'me-link-workbench');
  await visible(lm, 'workbench-home');
  const item = lm.locator('[data-testid="wb-inbox-item"]', { hasText: '张伟' }).first();
  await item.waitFor({ timeout: 20_000 });
  await expect(item.textContent()).resolves.toContain('150/95');
  await lm.waitForTimeout(600); // the page's slide-in animation
  await shot(lm, 'doctor-3-workbench-inbox');
  await item.tap();
  await visible(lm, 'wbc-record');
  await thread(lm, 'wbchat').filter({ hasText: '150/95' }).first().waitFor({ timeout: 20_000 });
  await lm.locator('[data-testid="wbchat-socket"][data-state="open"]').first().waitFor({ timeout: 20_000 });

  // The doctor has read it: the resident's message turns 已读 without a reload.
  await thread(zw, 'chat').filter({ hasText: '150/95' }).locator('[data-testid="chat-receipt"]', { hasText: '已读' }).first().waitFor({ timeout: 20_000 });

  // The doctor answers; it reaches the resident live.
  await fill(lm, 'wbchat-input', '您好，请连续测量一周早晚血压记录给我，暂不调整用药，本周五来社区复诊。');
  await tap(lm, 'wbchat-send');
  await thread(lm, 'wbchat').filter({ hasText: '本周五来社区复诊' }).first().waitFor({ timeout: 20_000 });
  await shot(lm, 'doctor-4-workbench-reply');
  const answer = thread(zw, 'chat').filter({ hasText: '本周五来社区复诊' }).first();
  await answer.waitFor({ timeout: 20_000 });
  await expect(answer.getAttribute('data-role')).resolves.toBe('doctor');
  // Order on both sides: question before answer.
  const seqs = await thread(zw, 'chat').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-seq'))));
  expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  await thread(lm, 'wbchat').filter({ hasText: '本周五来社区复诊' }).locator('[data-testid="wbchat-receipt"]', { hasText: '已读' }).first().waitFor({ timeout: 20_000 });
  await shot(zw, 'doctor-5-resident-got-reply');
  await shot(lm, 'doctor-6-doctor-sees-read');

  // A risky message is refused with a clear message and stays on the resident's screen as failed.
  await fill(zw, 'chat-input', '可以帮我代开处方吗');
  await tap(zw, 'chat-send');
  await visible(zw, 'chat-failed');
  await expect(zw.locator('[data-testid="chat-failed"]').first().textContent()).resolves.toContain('不适宜');
  await expect(zw.locator('[data-testid="chat-failed"]').first().textContent()).resolves.not.toContain('重发');
  await shot(zw, 'doctor-7-risky-refused');
});

test('an urgent home reading by 张伟 alerts 李明 live and advises 张伟 in the chat', async () => {
  const zw = phone.page;
  const lm = desk.page;
  // The doctor watches the workbench.
  await lm.goto(`${BASE}/#/workbench/pages/index/index`);
  await visible(lm, 'workbench-home');

  // The resident: 家庭医生 → 血压血糖记录; the separate health-data consent first.
  await zw.goto(`${BASE}/#/pages/home/index`);
  await withdrawHealthConsent(zw);
  await tap(zw, 'home-entry-doctor');
  await tap(zw, 'doctor-open-readings');
  await visible(zw, 'readings-consent-gate');
  await shot(zw, 'doctor-8-readings-consent');
  await tap(zw, 'readings-consent-open');
  await tap(zw, 'consent-health_data-grant');
  await visible(zw, 'consent-health_data-withdraw');
  await zw.goBack();
  await visible(zw, 'reading-systolic');
  await fill(zw, 'reading-systolic', '186');
  await fill(zw, 'reading-diastolic', '112');
  await tap(zw, 'reading-submit');
  await visible(zw, 'reading-urgent');
  await expect(zw.locator('[data-testid="reading-urgent"]').first().textContent()).resolves.toContain('186/112');
  await zw.locator('[data-testid="reading-item"]', { hasText: '186/112' }).first().waitFor({ timeout: 20_000 });
  await shot(zw, 'doctor-9-urgent-reading');

  // The doctor's alert tab fills without a reload.
  await tap(lm, 'wb-tab-alerts');
  const alert = lm.locator('[data-testid="wb-alert"]', { hasText: '186/112' }).first();
  await alert.waitFor({ timeout: 20_000 });
  await expect(alert.textContent()).resolves.toContain('张伟');
  // A banner stays above the tabs while the alert is unacknowledged.
  await visible(lm, 'wb-alert-banner');
  await expect(lm.locator('[data-testid="wb-alert-banner-detail"]').textContent()).resolves.toContain('186/112');
  await shot(lm, 'doctor-10-workbench-alert');

  // The resident's chat carries the advice.
  await zw.goBack();
  await tap(zw, 'doctor-open-chat');
  const advice = thread(zw, 'chat').filter({ hasText: '【健康提醒】张伟' }).first();
  await advice.waitFor({ timeout: 20_000 });
  await expect(advice.textContent()).resolves.toContain('请立即就医或拨打120');
  // Under the advice, a button that dials 120 (the alert is a system message).
  await advice.locator('[data-testid="chat-dial-120"]').waitFor({ state: 'visible', timeout: 5_000 });
  await shot(zw, 'doctor-11-chat-advice');

  // Acknowledged with an outcome and a note.
  await alert.locator('[data-testid="wb-alert-ack"]').tap();
  await alert.locator('[data-testid="wb-alert-outcome-phoned"]').tap();
  await fill(lm, 'wb-alert-note', '已电话联系，嘱立即到医院急诊');
  await shot(lm, 'doctor-12-alert-ack-outcome');
  await alert.locator('[data-testid="wb-alert-ack-confirm"]').tap();
  await lm.locator('[data-testid="wb-alert"]', { hasText: '186/112' }).first().waitFor({ state: 'detached', timeout: 20_000 });
  // The banner no longer names this alert (another spec's resident may have one of their own open on the same team).
  await lm.locator('[data-testid="wb-alert-banner-detail"]', { hasText: '186/112' }).waitFor({ state: 'detached', timeout: 20_000 });
});
