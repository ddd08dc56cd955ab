/**
 * H5 keeps earlier pages of the stack in the DOM (hidden): these look only at what is on screen.
 * Used by the payment specs (门诊缴费, 住院服务).
 */
import type { Page } from 'playwright-core';
import { shot } from './browser';

export const onScreen = (page: Page, selector: string, hasText?: string) =>
  page
    .locator(selector, hasText ? { hasText } : undefined)
    .filter({ visible: true })
    .first();
export const visible = (page: Page, testId: string, timeout = 20_000) => onScreen(page, `[data-testid="${testId}"]`).waitFor({ state: 'visible', timeout });
export const text = (page: Page, testId: string) => onScreen(page, `[data-testid="${testId}"]`).textContent();
export const tapOn = (page: Page, selector: string, hasText?: string) => onScreen(page, selector, hasText).tap();
export const tapId = (page: Page, testId: string) => tapOn(page, `[data-testid="${testId}"]`);

/** Once the page (by its container's test id) has finished sliding in (before that the page under it still shows). */
export async function settled(page: Page, container: string) {
  const el = onScreen(page, `[data-testid="${container}"]`);
  await el.waitFor({ timeout: 20_000 });
  await el.evaluate(
    (node) =>
      new Promise<void>((resolve) => {
        const check = () => (Math.abs(node.getBoundingClientRect().left) < 1 ? resolve() : requestAnimationFrame(check));
        check();
      }),
  );
}

/** A screenshot once the page has finished sliding in. */
export async function pageShot(page: Page, container: string, name: string) {
  await settled(page, container);
  await shot(page, name);
}
