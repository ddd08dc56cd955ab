/**
 * 健康资讯 end to end: the operator 王芳 writes and publishes an article in a desktop browser
 * (the console subpackage through H5), 张伟 sees it in his feed on a phone and subscribes to
 * reminders, 王芳 pushes it and watches the report, 张伟 opens it from the push in large-font mode,
 * and the console counts the open. Screenshots in test-results/content-*.png.
 */
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { BASE, fill, loginAs, openDesktop, openPhone, shot, tap, visible } from './browser';

/** innerText: what a reader sees (textContent would include hidden markup). */
const textOf = (page: Page, testId: string) => page.locator(`[data-testid="${testId}"]`).first().innerText();

let desk: Awaited<ReturnType<typeof openDesktop>>;
let reviewer: Awaited<ReturnType<typeof openDesktop>>;
let phone: Awaited<ReturnType<typeof openPhone>>;
const TITLE = `冬季高血压自我管理 ${Date.now().toString(36).slice(-4)}`;

beforeAll(async () => {
  desk = await openDesktop();
  reviewer = await openDesktop(1920, 1080);
  phone = await openPhone();
});
afterAll(async () => {
  await desk?.close();
  await reviewer?.close();
  await phone?.close();
});

test('an operator publishes on a desktop browser, a resident reads it on a phone, a push is sent and counted', async () => {
  const op = desk.page;
  await loginAs(op, 'sbx_operator_wangfang');
  await op.goto(`${BASE}/#/pages/me/index`);
  await tap(op, 'me-link-console');
  await visible(op, 'console-home');
  await tap(op, 'console-new');
  await visible(op, 'console-edit');

  await fill(op, 'editor-title', TITLE);
  await fill(op, 'editor-summary', '寒冷季节血压容易升高，家庭自测和规律服药最重要。');
  await tap(op, 'editor-topic-hypertension');
  await tap(op, 'editor-topic-elderly');
  await fill(
    op,
    'editor-body',
    '## 为什么冬天血压会升高\n\n寒冷使**血管收缩**，血压随之升高。\n\n1. 每天早晚各测一次\n2. 测前静坐5分钟\n\n> 收缩压 ≥180 mmHg 请立即就医。\n\n咨询请拨打 [12320 卫生热线](tel:12320)，更多见 [国家卫健委](https://www.nhc.gov.cn/)。\n\n<script>alert(1)</script>',
  );

  // Cover: Taro.chooseImage opens a file chooser in H5.
  const png = await sharp({ create: { width: 800, height: 450, channels: 3, background: '#0a7d5a' } })
    .png()
    .toBuffer();
  const chooser = op.waitForEvent('filechooser');
  await tap(op, 'editor-cover');
  await (await chooser).setFiles({ name: 'cover.png', mimeType: 'image/png', buffer: png });
  await visible(op, 'editor-cover-img');

  // The preview is the residents' rendering: headings and lists, the script tag only as text.
  await op.locator('[data-testid="editor-preview"]', { hasText: '为什么冬天血压会升高' }).waitFor({ timeout: 20_000 });
  expect(await op.locator('[data-testid="editor-preview"] script').count()).toBe(0);
  expect(await textOf(op, 'editor-preview')).toContain('<script>alert(1)</script>');
  await op.locator('[data-testid="editor-title"]').first().scrollIntoViewIfNeeded();
  await shot(op, 'content-1-console-editor-desktop');

  // 医学审核: the operator submits; publishing waits for a reviewer's approval.
  expect(await op.locator('[data-testid="editor-publish"]').count()).toBe(0);
  await tap(op, 'editor-submit');
  await tap(op, 'confirm-ok');
  await op.locator('[data-testid="editor-review-status"]', { hasText: '待审核' }).waitFor({ timeout: 20_000 });
  // Sanitising told the operator what residents will not get, and why.
  expect(await textOf(op, 'editor-removed')).toContain('<script>');
  await shot(op, 'content-1b-console-submitted');

  // The reviewer 陈静, on a 1920×1080 screen, reads the changes and approves.
  const rv = reviewer.page;
  await loginAs(rv, 'sbx_reviewer_chenjing');
  await rv.goto(`${BASE}/#/console/pages/review/index`);
  const item = rv.locator('[data-testid^="review-"]', { hasText: TITLE }).first();
  await item.waitFor({ timeout: 20_000 });
  await item.locator('[data-testid="review-open"]').click();
  await item.locator('[data-testid="revision-diff"]').waitFor({ timeout: 20_000 });
  await item.locator('[data-testid="review-preview"]', { hasText: '为什么冬天血压会升高' }).waitFor({ timeout: 20_000 });
  await shot(rv, 'content-1c-review-desktop-1920');
  await item.locator('[data-testid="review-approve"]').click();
  await rv.locator('[data-testid^="review-"]', { hasText: TITLE }).first().waitFor({ state: 'detached', timeout: 20_000 });

  // Back to the operator: the approved version is published.
  await op.goto(`${BASE}/#/console/pages/index/index`);
  const row = op.locator('[data-testid^="console-article-"]', { hasText: TITLE }).first();
  await row.waitFor({ timeout: 20_000 });
  await row.locator('[data-testid^="console-edit-"]').click();
  await op.locator('[data-testid="editor-review-status"]', { hasText: '审核通过' }).waitFor({ timeout: 20_000 });
  await tap(op, 'editor-publish');
  await tap(op, 'confirm-ok');
  await op.locator('[data-testid="editor-status"]', { hasText: '已发布' }).waitFor({ timeout: 20_000 });

  // The resident's phone: the feed shows it; he subscribes to reminders (the sandbox stands in for WeChat).
  const me = phone.page;
  await loginAs(me, 'sbx_resident_zhangwei');
  await tap(me, 'home-entry-content');
  await visible(me, 'content-feed');
  // Recommended first (his mother is over 60: 老年健康), not repeated in the list below.
  await me.locator('[data-testid="content-for-you"]', { hasText: TITLE }).waitFor({ timeout: 20_000 });
  await me
    .locator('[data-testid="home-page"]')
    .first()
    .waitFor({ state: 'hidden' })
    .catch(() => undefined);
  await me.waitForTimeout(600); // the page slide-in animation
  await shot(me, 'content-2-feed-phone');
  await tap(me, 'content-subscribe');
  await me.getByText('订阅成功').first().waitFor({ timeout: 10_000 });

  // Back on the desktop: push to all residents, seeing the audience size first.
  await tap(op, 'editor-push');
  await visible(op, 'console-campaign');
  await tap(op, 'segment-all');
  await tap(op, 'segment-count');
  await visible(op, 'segment-size');
  expect(await textOf(op, 'segment-size')).toMatch(/全部居民：将推送给 \d+ 位居民，其中约 \d+ 位已订阅提醒/);
  await tap(op, 'campaign-send');
  await tap(op, 'confirm-ok');
  await op.locator('[data-testid="campaign-status"]', { hasText: '已完成' }).waitFor({ timeout: 30_000 });
  const counts = await textOf(op, 'campaign-counts');
  expect(counts).toContain('已发送 1');
  expect(counts).toMatch(/跳过 \d+/);
  await op.locator('[data-testid="campaign-reasons"]').first().scrollIntoViewIfNeeded();
  await shot(op, 'content-3-console-campaign-report');

  // 张伟 opens the message: the push page carries the campaign id. Large-font mode on first.
  await me.goto(`${BASE}/#/pages/me/index`);
  await tap(me, 'me-large-font');
  await me.locator('[data-testid="me-large-font-state"]', { hasText: '已开启' }).waitFor();
  const sent = await (await fetch(`${process.env.E2E_SANDBOX_URL}/wechat/sandbox/sent?touser=sbx_resident_zhangwei`)).json();
  const page = sent.items[sent.items.length - 1].page as string;
  expect(page).toMatch(/^content\/pages\/article\/index\?id=.+&campaign=.+/);
  await me.goto(`${BASE}/#/${page}`);
  await me.locator('[data-testid="article-title"]', { hasText: TITLE }).waitFor({ timeout: 20_000 });
  await visible(me, 'article-body');
  expect(await me.locator('[data-testid="article-body"] script').count()).toBe(0);
  const size = await me
    .locator('[data-testid="article-title"]')
    .first()
    .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  // 文中链接: tel dials, https opens (a new tab in H5); the tap is counted for the campaign.
  await visible(me, 'article-links');
  expect((await me.locator('[data-testid="article-link"]').allInnerTexts()).map((t) => t.replace(/\s+/g, ' '))).toEqual(['12320 卫生热线 拨打', '国家卫健委 打开']);
  await me.context().route('https://www.nhc.gov.cn/**', (r) => r.fulfill({ status: 200, contentType: 'text/html', body: '<p>nhc</p>' }));
  const popup = me.context().waitForEvent('page');
  await me.locator('[data-testid="article-link"]', { hasText: '国家卫健委' }).first().tap();
  expect((await popup).url()).toBe('https://www.nhc.gov.cn/');
  await tap(me, 'article-favourite');
  await me.locator('[data-testid="article-favourite"]', { hasText: '已收藏' }).waitFor();
  await shot(me, 'content-4-article-large-font');
  await tap(me, 'article-large-font');
  const normal = await me
    .locator('[data-testid="article-title"]')
    .first()
    .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  expect(size / normal).toBeCloseTo(1.25, 1);

  // The console counts the read and the open from push.
  await op.reload();
  await visible(op, 'article-stats');
  await op.locator('[data-testid="article-stats"]', { hasText: '推送打开' }).waitFor();
  await op.locator('[data-testid="article-stats"]', { hasText: /1\s*推送打开/ }).waitFor({ timeout: 10_000 });
  const stats = await textOf(op, 'article-stats');
  expect(stats.replace(/\s+/g, ' ')).toMatch(/1 推送打开/);
  await shot(op, 'content-5-console-stats');
  await op.locator('[data-testid="campaign-figures"]', { hasText: '链接点击 1' }).first().waitFor({ timeout: 10_000 });
});
