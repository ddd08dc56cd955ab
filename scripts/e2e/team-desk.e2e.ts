/**
 * 下班不下线 and team work on the desktop workbench (issue 13 §3, §6), at 1366×800 and 1920×1080:
 * the team lead 李明 puts the nurse 王丽 on the rota for the hours around now (overnight when they
 * cross midnight); 张伟 writes outside 李明's hours and the automatic reply names 王丽 and when to
 * expect a reply; 李明 hands the conversation to 王丽 with a note; 王丽 sees it in her inbox with
 * the note, opens it, types "/" and Enter for a team quick reply that fills 张伟's name, sends it;
 * then searches the team's conversations and opens the hit at the message. Every pane and the
 * input bar are measured as the page shows them (no scrolling). Screenshots in /tmp/shots-team-desk/.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { BASE, SANDBOX, agreePrivacyIfAsked, box, fill, inside, loginAs, openDesktop, openFresh, tap, visible } from './browser';

const SHOTS = '/tmp/shots-team-desk';
const NURSE_OPENID = `e2e_nurse_wangli_${Date.now().toString(36)}`;
const REPLY_TEXT = '{姓名}您好，我是值班护士王丽，已看到您的留言。请先静坐休息 5 分钟后再测一次血压，把结果发给我。';

async function call(method: string, p: string, body?: unknown, token?: string) {
  const res = await fetch(BASE + p, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}
async function login(openid: string) {
  const code = await (await fetch(`${SANDBOX}/wechat/sandbox/codes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ openid }) })).json();
  const l = await call('POST', '/api/v1/auth/wechat-login', { code: code.code });
  expect(l.status).toBe(200);
  return l.body as { accessToken: string; refreshToken: string; user: { id: string } };
}

/** Polls `fn` until it gives a value (10 s at most). */
async function until<T>(fn: () => Promise<T | undefined | null>): Promise<T> {
  const end = Date.now() + 10_000;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== null) return v;
    if (Date.now() > end) throw new Error('condition not met in 10 s');
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** China time now: the weekday (1–7) and hour. */
function chinaNow() {
  const local = new Date(Date.now() + 8 * 3600_000);
  return { weekday: local.getUTCDay() || 7, hour: local.getUTCHours() };
}
const hh = (h: number) => `${String(((h % 24) + 24) % 24).padStart(2, '0')}:00`;

/** The page fits the window: neither the document nor Taro's page scrolls. */
async function pageFits(page: Page) {
  return page.evaluate(`(() => {
    const taroPage = Array.from(document.querySelectorAll('.taro_page')).find((p) => getComputedStyle(p).display !== 'none' && p.getBoundingClientRect().height > 0);
    return document.scrollingElement.scrollHeight <= window.innerHeight && (!taroPage || taroPage.scrollHeight <= taroPage.clientHeight);
  })()`);
}
async function allInside(page: Page, ids: string[], width: number, height: number) {
  for (const id of ids) {
    const b = await box(page, id);
    expect([id, inside(b, width, height)]).toEqual([id, true]);
  }
}
const onScreen = (page: Page, testId: string, hasText?: string) => page.locator(`[data-testid="${testId}"]:visible`, hasText ? { hasText } : undefined).first();

let lead: { accessToken: string };
let resident: { token: string; members: Array<{ id: string; name: string; relation: string }> };
let nurse: { accessToken: string; refreshToken: string };

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  lead = await login('sbx_doctor_liming');
  // 王丽 (N-FD-001, the team's nurse) gets her staff account from the admin, as 人员与角色 does.
  const fresh = await login(NURSE_OPENID);
  const admin = await login('sbx_admin');
  const grant = await call('POST', `/api/v1/admin/users/${fresh.user.id}/roles`, { role: 'doctor', doctorId: 'N-FD-001', reason: '团队护士上岗（端到端测试）' }, admin.accessToken);
  expect(grant.status).toBe(200);
  nurse = await login(NURSE_OPENID);
  const quick = await call('POST', '/api/v1/workbench/quick-replies', { teamId: 'T001', title: '夜间值班回复', text: REPLY_TEXT }, nurse.accessToken);
  expect(quick.status).toBe(201);
  // 李明 keeps no online hours this week: every message gets the automatic reply.
  const settings = await call('GET', '/api/v1/workbench/settings', undefined, lead.accessToken);
  expect((await call('PUT', '/api/v1/workbench/settings', { ...settings.body, hours: { days: [], start: '08:00', end: '17:30' } }, lead.accessToken)).status).toBe(200);
  const zw = await login('sbx_resident_zhangwei');
  const consents = await call('GET', '/api/v1/me/consents', undefined, zw.accessToken);
  await call('POST', '/api/v1/me/consents', { kind: 'health_data', textVersion: consents.body.current.health_data.version }, zw.accessToken);
  resident = { token: zw.accessToken, members: (await call('GET', '/api/v1/family/members', undefined, zw.accessToken)).body.items };
});

describe.each([
  [1366, 800, 0, '氨氯地平'],
  [1920, 1080, 1, '硝苯地平'],
])('the team desk at %i×%i', (width, height, memberIndex, drug) => {
  let leadDesk: Awaited<ReturnType<typeof openDesktop>>;
  let nurseDesk: Awaited<ReturnType<typeof openDesktop>>;
  let member: { id: string; name: string };
  let conversationId: string;
  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}-${width}x${height}.png`) });

  beforeAll(async () => {
    // 张伟 himself, then his first child (both under the team's contract, as in doctor-desk.e2e.ts).
    member = memberIndex === 0 ? resident.members.find((m) => m.relation === 'self')! : resident.members.filter((m) => m.relation === 'child')[0];
    // Each run starts from an empty rota.
    expect((await call('PUT', '/api/v1/workbench/rota', { teamId: 'T001', entries: [], leave: [], holidays: [] }, lead.accessToken)).status).toBe(200);
    leadDesk = await openDesktop(width, height);
    await loginAs(leadDesk.page, 'sbx_doctor_liming');
  });
  afterAll(async () => {
    await leadDesk?.close();
    await nurseDesk?.close();
  });

  test('the lead puts the nurse on the rota for now; the preview names her', async () => {
    const page = leadDesk.page;
    await openFresh(page, '/workbench/pages/rota/index');
    await visible(page, 'rota-grid');
    const { weekday, hour } = chinaNow();
    // A shift from the hour before now to three hours on; at 22:00 or later it runs past midnight.
    const startDay = hour === 0 ? ((weekday + 5) % 7) + 1 : weekday;
    await tap(page, 'rota-add-entry');
    await tap(page, 'rota-entry-0-staff-N-FD-001');
    for (const d of [1, 2, 3, 4, 5]) await tap(page, `rota-entry-0-day-${d}`);
    await tap(page, `rota-entry-0-day-${startDay}`);
    await fill(page, 'rota-entry-0-start', hh(hour - 1));
    await fill(page, 'rota-entry-0-end', hh(hour + 3));
    await tap(page, 'rota-save');
    await onScreen(page, 'rota-preview', '王丽（社区护士）值班').waitFor({ timeout: 20_000 });
    await expect(onScreen(page, 'rota-now').textContent()).resolves.toContain('王丽');
    await expect(page.locator('[data-testid="rota-block"][data-staff="N-FD-001"]').count()).resolves.toBeGreaterThan(0);
    await page.waitForTimeout(800); // Taro's page slide-in
    await shot(page, '1-rota');
    await allInside(page, ['rota-main', 'rota-side', 'rota-save', 'rota-preview'], width, height);
    expect(await pageFits(page)).toBe(true);
  });

  test('the resident writes outside the doctor’s hours and the automatic reply names the cover and when', async () => {
    conversationId = (await call('POST', '/api/v1/doctor/conversations', { memberId: member.id }, resident.token)).body.id;
    const sent = await call(
      'POST',
      `/api/v1/doctor/conversations/${conversationId}/messages`,
      { clientId: `td-${width}-${Date.now().toString(36)}`, kind: 'text', text: `李医生，${member.name}晚上头晕，血压 168/98，${drug}今天还要加一片吗？` },
      resident.token,
    );
    expect(sent.status).toBe(201);
    // The automatic reply is written just after the message: wait for it to be there.
    const auto = await until(async () => {
      const page = await call('GET', `/api/v1/doctor/conversations/${conversationId}/messages`, undefined, resident.token);
      // The reply to this message: the conversation may hold earlier ones (other specs write to it).
      return (page.body.items as Array<{ seq: number; senderRole: string; text: string | null }>).find((m) => m.seq > sent.body.seq && m.senderRole === 'system' && m.text?.includes('【自动回复】'))
        ?.text;
    });
    expect(auto).toMatch(/由王丽（社区护士）值班（至 .+），预计 .*\d\d:\d\d 前回复您。/);
  });

  test('the lead hands the conversation to the nurse with a note; the header says who holds it', async () => {
    const page = leadDesk.page;
    await openFresh(page, '/workbench/pages/index/index');
    await onScreen(page, 'wb-inbox-item', member.name).click();
    await onScreen(page, 'wbchat-msg', '王丽（社区护士）值班').waitFor({ timeout: 20_000 });
    await tap(page, 'wbc-handover');
    await tap(page, 'wbc-handover-to-N-FD-001');
    await fill(page, 'wbc-handover-note', `${member.name}血压偏高，请电话随访并指导复测`);
    await tap(page, 'wbc-handover-confirm');
    await onScreen(page, 'wbc-holder', '由 王丽 处理').waitFor({ timeout: 20_000 });
    await onScreen(page, 'wbc-handover-last', '请电话随访并指导复测').waitFor({ timeout: 20_000 });
    await page.waitForTimeout(500);
    await shot(page, '2-handover');
    await allInside(page, ['wb-inbox-pane', 'wbc-conversation', 'wbc-record', 'wbchat-input-bar'], width, height);
    expect(await pageFits(page)).toBe(true);
  });

  test('the nurse sees it in her inbox with the note and answers with a quick reply that names the resident', async () => {
    nurseDesk = await openDesktop(width, height);
    const page = nurseDesk.page;
    await page.goto(`${BASE}/#/pages/login/index`);
    // Her session as the app keeps it after a login: the tokens and the user (/api/v1/me).
    const me = (await call('GET', '/api/v1/me', undefined, nurse.accessToken)).body;
    await page.evaluate(
      ([t, u]) => {
        localStorage.setItem('hp_tokens', JSON.stringify({ data: t }));
        localStorage.setItem('hp_user', JSON.stringify({ data: u }));
      },
      [{ accessToken: nurse.accessToken, refreshToken: nurse.refreshToken }, me] as const,
    );
    await openFresh(page, '/workbench/pages/index/index');
    await agreePrivacyIfAsked(page);
    const card = onScreen(page, 'wb-inbox-item', member.name);
    await card.waitFor({ timeout: 20_000 });
    await expect(card.locator('[data-testid="wb-inbox-handover"]').textContent()).resolves.toContain(`转交给我 · 李明：${member.name}血压偏高，请电话随访并指导复测`);
    await page.waitForTimeout(500);
    await shot(page, '3-nurse-inbox');
    await card.click();
    await onScreen(page, 'wbc-holder', '由 王丽 处理').waitFor({ timeout: 20_000 });
    const input = page.locator('[data-testid="wbchat-input"]:visible input').first();
    await input.click();
    await page.keyboard.type('/');
    await onScreen(page, 'wbchat-picker-item', '夜间值班回复').waitFor({ timeout: 10_000 });
    await shot(page, '4-quick-reply-picker');
    await allInside(page, ['wbchat-picker', 'wbchat-input-bar', 'wbc-record'], width, height);
    await page.keyboard.press('Enter');
    const filled = `${member.name}您好，我是值班护士王丽，已看到您的留言。`;
    expect(await until(async () => ((await input.inputValue()).includes(filled) ? await input.inputValue() : undefined))).toContain(filled);
    await tap(page, 'wbchat-send');
    await onScreen(page, 'wbchat-msg', filled).waitFor({ timeout: 20_000 });
    await allInside(page, ['wb-inbox-pane', 'wbc-conversation', 'wbc-record', 'wbchat-input-bar'], width, height);
    expect(await pageFits(page)).toBe(true);
  });

  test('search finds the resident’s message across the team and opens the conversation at it', async () => {
    const page = nurseDesk.page;
    await fill(page, 'wb-search-input', drug);
    await tap(page, 'wb-search-go');
    const hit = onScreen(page, 'wb-search-hit', member.name);
    await hit.waitFor({ timeout: 20_000 });
    await expect(hit.locator('[data-testid="wb-search-mark"]').first().textContent()).resolves.toBe(drug);
    await hit.click();
    const found = page.locator('.wb-desk__conv .chat__row--found:visible').first();
    await found.waitFor({ timeout: 20_000 });
    await expect(found.textContent()).resolves.toContain(drug);
    await page.waitForTimeout(500);
    await shot(page, '5-search');
    const [row, conv] = await Promise.all([found.boundingBox(), box(page, 'wbc-conversation')]);
    expect(row && row.y >= conv.y && row.y + row.height <= conv.y + conv.height).toBe(true);
    await allInside(page, ['wb-search-results', 'wbc-conversation', 'wbc-record', 'wbchat-input-bar'], width, height);
    expect(await pageFits(page)).toBe(true);
  });
});
