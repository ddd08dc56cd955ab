/**
 * 李明's workbench on a laptop (1366×800) and a desktop monitor (1920×1080): inbox | conversation |
 * resident summary fill the window, each pane scrolls on its own, the page itself does not. All
 * measured as the page opens, before any tap or scroll (a driver that scrolls first would hide a
 * reply box below the fold). The conversation with an open urgent alert heads the inbox. The
 * resident home on a phone keeps the phone's sizes. Screenshots in /tmp/shots-workbench/.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { BASE, SANDBOX, box, inside, loginAs, openDesktop, openFresh, openPhone, visible } from './browser';

const SHOTS = '/tmp/shots-workbench';

async function call(base: string, method: string, p: string, body?: unknown, token?: string) {
  const res = await fetch(base + p, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** 张伟 (through the API, as the app does): a long conversation of his own, one for each child, an urgent reading of his daughter. */
async function seedConversations() {
  const { body: code } = await call(SANDBOX, 'POST', '/wechat/sandbox/codes', { openid: 'sbx_resident_zhangwei' });
  const login = await call(BASE, 'POST', '/api/v1/auth/wechat-login', { code: code.code });
  const token = login.body.accessToken as string;
  const consents = await call(BASE, 'GET', '/api/v1/me/consents', undefined, token);
  await call(BASE, 'POST', '/api/v1/me/consents', { kind: 'health_data', textVersion: consents.body.current.health_data.version }, token);
  const members = (await call(BASE, 'GET', '/api/v1/family/members', undefined, token)).body.items as Array<{ id: string; name: string; relation: string }>;
  const self = members.find((m) => m.relation === 'self')!;
  const children = members.filter((m) => m.relation === 'child');
  const send = (conv: string, text: string) =>
    call(BASE, 'POST', `/api/v1/doctor/conversations/${conv}/messages`, { clientId: `desk-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`, kind: 'text', text }, token);
  const own = (await call(BASE, 'POST', '/api/v1/doctor/conversations', { memberId: self.id }, token)).body.id as string;
  for (let i = 1; i <= 12; i++) {
    expect((await send(own, `第${i}条：李医生，我这几天早上量血压在 14${i % 10}/9${i % 10} 左右，晚上会低一些，头有点胀，需要调整用药或者去社区复诊吗？`)).status).toBe(201);
  }
  for (const c of children) {
    const conv = (await call(BASE, 'POST', '/api/v1/doctor/conversations', { memberId: c.id }, token)).body.id as string;
    expect((await send(conv, `${c.name}这两天有点咳嗽，需要来社区看看吗？`)).status).toBe(201);
  }
  // An urgent reading of the younger child raises an alert on that child's conversation.
  const urgent = children.at(-1)!;
  const reading = await call(
    BASE,
    'POST',
    '/api/v1/doctor/readings',
    { memberId: urgent.id, kind: 'bp', values: { systolic: 182, diastolic: 114 }, measuredAt: new Date(Date.now() - 60_000).toISOString() },
    token,
  );
  expect(reading.status).toBe(201);
  return { urgentName: urgent.name };
}

/** The document and the Taro page both fit the window; the message list scrolls by itself. */
async function pageMetrics(page: Page) {
  return page.evaluate(`(() => {
    const se = document.scrollingElement;
    const taroPage = Array.from(document.querySelectorAll('.taro_page')).find((p) => getComputedStyle(p).display !== 'none' && p.getBoundingClientRect().height > 0);
    const list = document.querySelector('.wb-desk__conv .chat__list');
    const text = document.querySelector('.wb-desk__conv .chat__text');
    return {
      docScroll: se.scrollHeight,
      viewport: window.innerHeight,
      taroScroll: taroPage ? taroPage.scrollHeight : 0,
      taroClient: taroPage ? taroPage.clientHeight : 0,
      rootFont: parseFloat(getComputedStyle(document.documentElement).fontSize),
      bodyFont: text ? parseFloat(getComputedStyle(text).fontSize) : 0,
      listScrolls: list ? list.scrollHeight > list.clientHeight : false,
    };
  })()`) as Promise<{ docScroll: number; viewport: number; taroScroll: number; taroClient: number; rootFont: number; bodyFont: number; listScrolls: boolean }>;
}

let seeded: { urgentName: string };

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  seeded = await seedConversations();
});

describe.each([
  [1366, 800],
  [1920, 1080],
])('the workbench at %i×%i', (width, height) => {
  let desk: Awaited<ReturnType<typeof openDesktop>>;
  beforeAll(async () => {
    desk = await openDesktop(width, height);
    await loginAs(desk.page, 'sbx_doctor_liming');
  });
  afterAll(() => desk?.close());

  test('three panes fill the window: the reply box and the summary are on screen without scrolling, the alert heads the inbox', async () => {
    const page = desk.page;
    await openFresh(page, '/workbench/pages/index/index');
    await visible(page, 'workbench-home');
    // The top of the inbox (the open alert) opens by itself on a desktop window.
    const first = page.locator('[data-testid="wb-inbox-item"]').first();
    await first.waitFor({ timeout: 20_000 });
    await expect(first.textContent()).resolves.toContain(seeded.urgentName);
    await expect(first.textContent()).resolves.toContain('预警');
    await page.locator('[data-testid="wbchat-msg"]').first().waitFor({ timeout: 20_000 });
    await page.locator('[data-testid="wbc-record"]:visible', { hasText: '健康档案摘要' }).first().waitFor({ timeout: 20_000 });
    await page.waitForTimeout(800); // Taro's page slide-in
    await page.screenshot({ path: path.join(SHOTS, `workbench-${width}x${height}-alert.png`) });

    for (const id of ['wbchat-input-bar', 'wbc-record', 'wb-inbox-pane', 'wbc-conversation']) {
      const b = await box(page, id);
      expect([id, inside(b, width, height)]).toEqual([id, true]);
    }
    // Side by side: inbox | conversation | summary.
    const [inbox, conv, summary] = await Promise.all([box(page, 'wb-inbox-pane'), box(page, 'wbc-conversation'), box(page, 'wbc-record')]);
    expect(inbox.x + inbox.width).toBeLessThanOrEqual(conv.x + 1);
    expect(conv.x + conv.width).toBeLessThanOrEqual(summary.x + 1);
    // The reply box sits at the bottom of the conversation pane.
    const bar = await box(page, 'wbchat-input-bar');
    expect(Math.abs(bar.y + bar.height - (conv.y + conv.height))).toBeLessThanOrEqual(2);

    const m = await pageMetrics(page);
    expect(m.docScroll).toBeLessThanOrEqual(m.viewport);
    expect(m.taroScroll).toBeLessThanOrEqual(m.taroClient);
    expect(m.rootFont).toBe(20);
    expect(m.bodyFont).toBeGreaterThanOrEqual(14);
    expect(m.bodyFont).toBeLessThanOrEqual(16);
  });

  test('the long conversation: twelve messages scroll inside their pane, the page stays put', async () => {
    const page = desk.page;
    const own = page.locator('[data-testid="wb-inbox-item"]', { hasText: '张伟' }).first();
    await own.waitFor({ timeout: 20_000 });
    await own.click();
    await page.locator('[data-testid="wbc-title"]:visible', { hasText: '张伟' }).first().waitFor({ timeout: 20_000 });
    await page.locator('[data-testid="wbchat-msg"]', { hasText: '第12条' }).first().waitFor({ timeout: 20_000 });
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(SHOTS, `workbench-${width}x${height}-long-chat.png`) });
    const m = await pageMetrics(page);
    expect(m.docScroll).toBeLessThanOrEqual(m.viewport);
    expect(m.taroScroll).toBeLessThanOrEqual(m.taroClient);
    expect(m.listScrolls).toBe(true);
    for (const id of ['wbchat-input-bar', 'wbc-record']) {
      const b = await box(page, id);
      expect([id, inside(b, width, height)]).toEqual([id, true]);
    }
  });

  test('a conversation opened by its link fills the window the same way', async () => {
    const page = desk.page;
    const id = await page.evaluate(`(() => {
      const raw = localStorage.getItem('hp_tokens');
      const parsed = raw ? JSON.parse(raw) : null;
      const token = (parsed && parsed.data && parsed.data.accessToken) || (parsed && parsed.accessToken);
      return fetch('/api/v1/workbench/inbox', { headers: { authorization: 'Bearer ' + token } }).then((r) => r.json()).then((b) => b.items.find((i) => i.memberName === '张伟').conversationId);
    })()`);
    await openFresh(page, `/workbench/pages/chat/index?id=${id}`);
    await page.locator('[data-testid="wbchat-msg"]', { hasText: '第12条' }).first().waitFor({ timeout: 20_000 });
    await page.waitForTimeout(800);
    await page.screenshot({ path: path.join(SHOTS, `workbench-${width}x${height}-chat-link.png`) });
    for (const tid of ['wbchat-input-bar', 'wbc-record']) {
      const b = await box(page, tid);
      expect([tid, inside(b, width, height)]).toEqual([tid, true]);
    }
    const m = await pageMetrics(page);
    expect(m.docScroll).toBeLessThanOrEqual(m.viewport);
    expect(m.taroScroll).toBeLessThanOrEqual(m.taroClient);
  });

  test('the settings form: desktop type in a readable column', async () => {
    const page = desk.page;
    await openFresh(page, '/workbench/pages/settings/index');
    await visible(page, 'wbs-save');
    await page.waitForTimeout(800);
    await page.screenshot({ path: path.join(SHOTS, `workbench-${width}x${height}-settings.png`) });
    expect(await page.evaluate(`parseFloat(getComputedStyle(document.documentElement).fontSize)`)).toBe(20);
    const save = await box(page, 'wbs-save');
    expect(inside(save, width, height)).toBe(true);
    expect(save.width).toBeLessThanOrEqual(720); // a 720 px column, not the window
  });
});

test('on a phone the workbench keeps its phone layout, and the resident home keeps the phone sizes', async () => {
  const phone = await openPhone();
  try {
    const page = phone.page;
    await loginAs(page, 'sbx_resident_zhangwei');
    await page.waitForTimeout(800);
    await page.screenshot({ path: path.join(SHOTS, 'resident-home-390x844.png') });
    const home = (await page.evaluate(`({ cls: document.documentElement.className, root: parseFloat(getComputedStyle(document.documentElement).fontSize) })`)) as { cls: string; root: number };
    expect(home.cls).not.toContain('hp-desk');
    // Taro's own root size for a 390-wide phone: 40 × 390 / 750.
    expect(home.root).toBeCloseTo((40 * 390) / 750, 1);
  } finally {
    await phone.close();
  }
  const doctorPhone = await openPhone();
  try {
    const page = doctorPhone.page;
    await loginAs(page, 'sbx_doctor_liming');
    await openFresh(page, '/workbench/pages/index/index');
    await page.locator('[data-testid="wb-inbox-item"]').first().waitFor({ timeout: 20_000 });
    await page.waitForTimeout(800);
    await page.screenshot({ path: path.join(SHOTS, 'workbench-phone-390x844.png') });
    await expect(page.locator('.wb-desk').count()).resolves.toBe(0);
    expect(await page.evaluate(`parseFloat(getComputedStyle(document.documentElement).fontSize)`)).toBeCloseTo((40 * 390) / 750, 1);
  } finally {
    await doctorPhone.close();
  }
});
