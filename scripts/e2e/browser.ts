import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const BASE = process.env.E2E_BASE_URL ?? 'http://127.0.0.1:8080';
export const SANDBOX = process.env.E2E_SANDBOX_URL ?? 'http://127.0.0.1:8081';
const SHOTS = path.resolve(__dirname, '../../test-results');

/** A phone-sized Chromium with touch, as stack.md prescribes (Debian's chromium, no download). */
export async function openPhone(): Promise<{ ctx: BrowserContext; page: Page; close: () => Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hp-chrome-'));
  const ctx = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    hasTouch: true,
    isMobile: true,
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    locale: 'zh-CN',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
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
  const input = host.locator('input, textarea').first();
  if (await input.count()) await input.fill(value);
  else await host.fill(value);
}
