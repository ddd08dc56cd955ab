import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const BASE = process.env.E2E_BASE_URL ?? 'http://127.0.0.1:8080';
export const SANDBOX = process.env.E2E_SANDBOX_URL ?? 'http://127.0.0.1:8081';
const SHOTS = path.resolve(__dirname, '../../test-results');

export interface Browser {
  ctx: BrowserContext;
  page: Page;
  close: () => Promise<void>;
}

/** A phone-sized Chromium with touch, as stack.md prescribes (Debian's chromium, no download). */
export function openPhone(): Promise<Browser> {
  return openChromium({ isMobile: true, viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
}

/** A desktop browser (the doctor workbench and the operator console also work outside WeChat). */
export function openDesktop(width = 1366, height = 900): Promise<Browser> {
  return openChromium({ viewport: { width, height } });
}

/** CSP violations reported by any page of this spec file. */
export const violations: string[] = [];

async function openChromium(opts: { isMobile?: boolean; viewport: { width: number; height: number }; deviceScaleFactor?: number }): Promise<Browser> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hp-chrome-'));
  const ctx = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    // Taro's H5 buttons fire on touch.
    hasTouch: true,
    ...opts,
    locale: 'zh-CN',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  // Every page must pass the BFF's Content-Security-Policy (checked after each spec file, csp-check.ts).
  ctx.on('console', (m) => {
    if (/Content Security Policy|CSP violation/i.test(m.text())) violations.push(m.text());
  });
  await ctx.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`));
  });
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  return {
    ctx,
    page,
    close: async () => {
      await ctx.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function shot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SHOTS, { recursive: true });
  const file = path.join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  return file;
}

/** Taps an element found by data-testid (Taro's H5 buttons fire on touch). */
export async function tap(page: Page, testId: string) {
  const el = page.locator(`[data-testid="${testId}"]`).first();
  await el.waitFor({ state: 'visible', timeout: 15000 });
  await el.tap();
}

/** Types into a Taro Input (a web component wrapping a native input). */
export async function fill(page: Page, testId: string, value: string) {
  const host = page.locator(`[data-testid="${testId}"]`).first();
  await host.waitFor({ state: 'visible', timeout: 15000 });
  // A Taro Input/Textarea is a web component whose native field appears once it has hydrated:
  // wait for it rather than racing it (a native field is filled as it is).
  const native = await host.evaluate((el) => ['INPUT', 'TEXTAREA'].includes(el.tagName));
  if (native) return host.fill(value);
  const input = host.locator('input, textarea').first();
  await input.waitFor({ state: 'attached', timeout: 15000 });
  await input.fill(value);
}

/**
 * Opens an app page by its hash route as a fresh load. A goto that changes only the hash is a
 * same-document navigation: Taro's router may still be showing the page it came from on top, and
 * a tap then lands on that one. Reloading starts the app at the route, as a shared link would.
 */
export async function openFresh(page: Page, route: string) {
  await page.goto(`${BASE}/#${route}`);
  await page.reload();
}

export const visible = (page: Page, testId: string, timeout = 20_000) => page.locator(`[data-testid="${testId}"]`).first().waitFor({ state: 'visible', timeout });

/** Where an element is, measured as it is (no scrolling into view). */
export async function box(page: Page, testId: string) {
  const el = page.locator(`[data-testid="${testId}"]:visible`).first();
  await el.waitFor({ state: 'visible', timeout: 20_000 });
  const b = await el.boundingBox();
  if (!b) throw new Error(`${testId} has no box`);
  return b;
}

/** The box lies wholly inside a vw × vh viewport. */
export function inside(b: { x: number; y: number; width: number; height: number }, vw: number, vh: number) {
  return b.x >= 0 && b.y >= 0 && b.x + b.width <= vw + 0.5 && b.y + b.height <= vh + 0.5 && b.height > 0;
}

export const textOf = (page: Page, testId: string) => page.locator(`[data-testid="${testId}"]`).first().textContent();

/** Taro's H5 router slides a new page in: let it finish before a screenshot. */
export async function snap(page: Page, name: string, settleMs = 800) {
  await page.waitForTimeout(settleMs);
  return shot(page, name);
}

/** The privacy guide shows on a first visit; agree when it is there. */
export async function agreePrivacyIfAsked(page: Page) {
  const agree = page.locator('[data-testid="privacy-agree"]').first();
  if (await agree.isVisible().catch(() => false)) await agree.tap();
}

/** A new WeChat user: the privacy guide agreed on the login page, then 新用户登录; waits for the home grid. */
export async function loginAsNewUser(page: Page) {
  await page.goto(`${BASE}/#/pages/login/index`);
  await visible(page, 'privacy-guide', 30_000);
  await tap(page, 'privacy-agree');
  await tap(page, 'login-new-user');
  await visible(page, 'home-grid');
}

/** Logs in as a sandbox persona from the login page and waits for the home grid. */
export async function loginAs(page: Page, openid: string) {
  await page.goto(`${BASE}/#/pages/login/index`);
  await visible(page, `login-persona-${openid}`);
  await agreePrivacyIfAsked(page);
  await tap(page, `login-persona-${openid}`);
  await page.waitForURL(/pages\/(home|me)/, { timeout: 20_000 });
  await agreePrivacyIfAsked(page);
  await visible(page, 'home-grid');
}

/**
 * Withdraws the signed-in resident's health-data consent through the API (as 我的 → 隐私与授权
 * does), so a test that shows the consent gate does not depend on which suite ran before it.
 */
export async function withdrawHealthConsent(page: Page) {
  const { status } = await apiAs(page, 'DELETE', '/api/v1/me/consents/health_data');
  if (status !== 204) throw new Error(`withdrawing the health-data consent answered ${status}`);
}

/** The BFF's API as the resident signed in on the page (the app's own token, from its storage). */
export function apiAs<T>(page: Page, method: string, url: string, body?: unknown): Promise<{ status: number; body: T }> {
  return page.evaluate(
    async ({ method, url, body }) => {
      const raw = localStorage.getItem('hp_tokens');
      // Taro's H5 storage wraps values as {data: …}.
      const parsed = raw ? JSON.parse(raw) : null;
      const token = parsed?.data?.accessToken ?? parsed?.accessToken;
      const res = await fetch(url, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
    },
    { method, url, body },
  );
}

/** One phone-sized browser for a whole spec file: `let page: Page; phoneForSuite((p) => (page = p));`. */
export function phoneForSuite(use: (page: Page) => void): void {
  let phone: Browser | undefined;
  beforeAll(async () => {
    phone = await openPhone();
    use(phone.page);
  });
  afterAll(() => phone?.close());
}

/** A valid ID number (GB 11643) unique to this run, so reruns against one database don't collide. */
export function freshIdNumber(area = '310101', yearPrefix = '1988'): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const first = `${area}${yearPrefix}${String(1 + Math.floor(Math.random() * 9)).padStart(2, '0')}1${Math.floor(Math.random() * 9)}${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}`;
  return first + '10X98765432'[[...first].reduce((sum, c, i) => sum + Number(c) * w[i], 0) % 11];
}
