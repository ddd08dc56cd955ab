/**
 * H5 only: what a browser gives a native <button> and Taro's web components do not.
 * - Every element with an interactive role (button, link, tab, checkbox, radio, switch, option)
 *   and every Taro Button is in the tab order, and Enter or Space activates it (a click, which is
 *   the event Taro's onClick listens to). A disabled Taro Button says so (aria-disabled).
 * - Every scrolling region (each page, each ScrollView) can take focus, so the keyboard can
 *   scroll it (WCAG 2.1.1; axe's scrollable-region-focusable).
 * The weapp has no keyboard; its screen reader reads the roles and labels the pages set.
 */
const ROLES = ['button', 'link', 'tab', 'checkbox', 'radio', 'switch', 'option', 'menuitem'];
const ACTIONABLE = [...ROLES.map((r) => `[role="${r}"]`), 'taro-button-core'].join(',');
const SCROLLERS = '.taro_page, taro-scroll-view-core';

function prepare(el: Element): void {
  if (!(el instanceof HTMLElement)) return;
  if (el.matches(ACTIONABLE)) {
    if (el.tagName === 'TARO-BUTTON-CORE') {
      if (!el.hasAttribute('role')) el.setAttribute('role', 'button');
      const disabled = el.hasAttribute('disabled') && el.getAttribute('disabled') !== 'false';
      el.setAttribute('aria-disabled', String(disabled));
    }
    if (!el.hasAttribute('tabindex')) el.tabIndex = 0;
  } else if (el.matches(SCROLLERS) && !el.hasAttribute('tabindex')) {
    el.tabIndex = 0;
  }
}

function prepareTree(root: Element): void {
  prepare(root);
  root.querySelectorAll(`${ACTIONABLE},${SCROLLERS}`).forEach(prepare);
}

function onKey(e: KeyboardEvent): void {
  if (e.key !== 'Enter' && e.key !== ' ') return;
  const el = e.target;
  if (!(el instanceof HTMLElement) || !el.matches(ACTIONABLE) || el.getAttribute('aria-disabled') === 'true') return;
  // A native field inside keeps its own keys (typing a space into an input).
  if (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA') return;
  e.preventDefault();
  el.click();
}

let installed = false;

export function installKeyboardAccess(): void {
  if (installed || process.env.TARO_ENV !== 'h5' || typeof MutationObserver === 'undefined') return;
  installed = true;
  const doc = document;
  doc.addEventListener('keydown', onKey);
  const observer = new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'attributes') prepare(r.target as Element);
      r.addedNodes.forEach((n) => n instanceof Element && prepareTree(n));
    }
  });
  observer.observe(doc.documentElement, { subtree: true, childList: true, attributes: true, attributeFilter: ['role', 'disabled'] });
  prepareTree(doc.documentElement);
}
