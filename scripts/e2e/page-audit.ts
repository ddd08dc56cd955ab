/**
 * What a resident would notice on the page on screen, measured as it is (nothing scrolled into
 * view): the page panning sideways, an element past the viewport's edge, a number, date, ID number
 * or amount broken across two lines, a tap target smaller than the MIIT 适老化 size, tappable
 * elements without a role, a name or keyboard focus, small text or tight lines in 长辈模式, and
 * axe-core's serious and critical findings. Used by every-page.e2e.ts.
 */
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { TOKEN } from '../../miniapp/services/tokens';

export interface AuditRules {
  /** The smallest tap target, in CSS px (44 normally, 60 in 长辈模式). */
  minTap: number;
  /** The smallest font size of any text, in CSS px (0 = not checked). */
  minFont: number;
  /** The smallest line height as a multiple of the font size (0 = not checked). */
  minLineHeight: number;
}

/** What runs in the page: the rules and the token pattern (miniapp/services/tokens.ts) as its source. */
type PageRules = AuditRules & { token: string };

export const NORMAL: AuditRules = { minTap: 44, minFont: 0, minLineHeight: 0 };
/** MIIT 互联网应用适老化及无障碍改造 (2021): text ≥ 18 pt (CSS px on a phone), line spacing ≥ 1.3, targets ≥ 60×60. */
export const ELDERLY: AuditRules = { minTap: 60, minFont: 18, minLineHeight: 1.3 };

/** The layout and semantics checks, run inside the page (no closures over Node values). */
function layoutFindings(rules: PageRules): string[] {
  const out: string[] = [];
  const vw = window.innerWidth;
  const vh = window.innerHeight;
  const pages = Array.from(document.querySelectorAll<HTMLElement>('.taro_page')).filter((p) => p.offsetParent !== null || getComputedStyle(p).display !== 'none');
  const current = pages[pages.length - 1] ?? document.body;
  // The tab bar sits outside the pages (its container wraps the pages too: take the bar alone).
  const roots: HTMLElement[] = [current, ...Array.from(document.querySelectorAll<HTMLElement>('.taro-tabbar__tabbar'))];
  const describe = (el: Element) => {
    const id = el.getAttribute('data-testid');
    const cls = (el.getAttribute('class') ?? '').split(/\s+/).filter((c) => c && !c.startsWith('taro'))[0];
    const txt = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 24);
    return `${el.tagName.toLowerCase()}${id ? `[${id}]` : ''}${cls ? `.${cls}` : ''}${txt ? ` «${txt}»` : ''}`;
  };
  const shown = (el: Element) => {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) return false;
    const s = getComputedStyle(el);
    return s.visibility !== 'hidden' && Number(s.opacity) > 0;
  };
  const inScroller = (el: Element) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const s = getComputedStyle(p);
      if ((s.overflowX === 'auto' || s.overflowX === 'scroll') && p.scrollWidth > p.clientWidth + 1) return true;
    }
    return false;
  };
  const hiddenFromAt = (el: Element) => el.closest('[aria-hidden="true"]') !== null;

  if (document.documentElement.scrollWidth > vw + 1) out.push(`the page pans sideways (${document.documentElement.scrollWidth} px wide)`);

  const all = roots.flatMap((r) => [r, ...Array.from(r.querySelectorAll<HTMLElement>('*'))]);
  const past = new Set<Element>();
  for (const el of all) {
    if (!shown(el) || inScroller(el) || (el.parentElement && past.has(el.parentElement))) continue;
    const r = el.getBoundingClientRect();
    // Below the fold is fine (the page scrolls); sideways is not.
    if (r.right > vw + 1 || r.left < -1) {
      past.add(el);
      out.push(`past the edge (left ${Math.round(r.left)}, right ${Math.round(r.right)}): ${describe(el)}`);
    }
  }

  // Text cut off: by its own box (an ellipsis, a clipped line) or by a clipping container (a bar
  // of fixed height); a scrolling container is not a cut, the resident can scroll it.
  for (const el of all) {
    if (!shown(el) || hiddenFromAt(el)) continue;
    const hasText = Array.from(el.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '');
    if (!hasText) continue;
    const s = getComputedStyle(el);
    // Text for screen readers only (a 1 px clipped box) is meant to be invisible.
    if (el.getBoundingClientRect().width <= 1) continue;
    if (s.overflowX !== 'visible' && s.overflowX !== 'auto' && s.overflowX !== 'scroll' && el.scrollWidth > el.clientWidth + 1) {
      out.push(`text cut (${el.scrollWidth} px in ${el.clientWidth}): ${describe(el)}`);
      continue;
    }
    const r = el.getBoundingClientRect();
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const ps = getComputedStyle(p);
      if (['auto', 'scroll'].includes(ps.overflowY) || ['auto', 'scroll'].includes(ps.overflowX)) break;
      if (ps.overflowY !== 'visible' || ps.overflowX !== 'visible') {
        const pr = p.getBoundingClientRect();
        if (r.bottom > pr.bottom + 1 || r.top < pr.top - 1 || r.right > pr.right + 1) out.push(`text cut by its container ${describe(p).split(' ')[0]}: ${describe(el)}`);
        break;
      }
    }
    // A bar fixed to the screen (the tab bar, a footer) cannot scroll: it must end inside it.
    if (
      r.bottom > vh + 1 &&
      (el.closest('.taro-tabbar__tabbar') ||
        (() => {
          for (let p: Element | null = el; p; p = p.parentElement) if (getComputedStyle(p).position === 'fixed') return true;
          return false;
        })())
    )
      out.push(`cut off at the screen's bottom (${Math.round(r.bottom)} > ${vh}): ${describe(el)}`);
  }

  // Tokens: dates, times, readings, amounts, ID and phone numbers, counts. Read across an element's
  // adjacent text nodes (React writes `{sys}/{dia}` as three), measured with a Range.
  const tokens = new RegExp(rules.token, 'g');
  for (const el of all) {
    if (!shown(el)) continue;
    const nodes = Array.from(el.childNodes).filter((n): n is Text => n.nodeType === Node.TEXT_NODE);
    if (nodes.length === 0) continue;
    const text = nodes.map((n) => n.data).join('');
    for (const m of text.matchAll(tokens)) {
      if (m[0].length < 3) continue;
      const at = (offset: number): [Text, number] => {
        let rest = offset;
        for (const n of nodes) {
          if (rest <= n.data.length) return [n, rest];
          rest -= n.data.length;
        }
        const last = nodes[nodes.length - 1];
        return [last, last.data.length];
      };
      const range = document.createRange();
      range.setStart(...at(m.index));
      range.setEnd(...at(m.index + m[0].length));
      const lines = new Set(
        Array.from(range.getClientRects())
          .filter((r) => r.width > 0)
          .map((r) => Math.round(r.bottom)),
      );
      if (lines.size > 1) out.push(`"${m[0]}" breaks across ${lines.size} lines: ${describe(el)}`);
    }
  }

  // Tappable elements. Taro's H5 components take their handlers in a wrapper component and add
  // them with addEventListener, so they are read off that wrapper's props (the element's fiber's
  // parent); a plain React element keeps them in its own props (__reactProps$…).
  const propsOf = (el: Element): Record<string, unknown> | undefined => {
    const rec = el as unknown as Record<string, { return?: { tag: number; memoizedProps?: Record<string, unknown> } } & Record<string, unknown>>;
    const fiberKey = Object.keys(el).find((k) => k.startsWith('__reactFiber$'));
    const parent = fiberKey ? rec[fiberKey]?.return : undefined;
    if (el.tagName.startsWith('TARO-') && parent && parent.tag === 1) return parent.memoizedProps;
    const key = Object.keys(el).find((k) => k.startsWith('__reactProps$'));
    return key ? (rec[key] as Record<string, unknown>) : undefined;
  };
  const NATIVE = new Set([
    'BUTTON',
    'A',
    'INPUT',
    'TEXTAREA',
    'SELECT',
    'TARO-BUTTON-CORE',
    'TARO-INPUT-CORE',
    'TARO-TEXTAREA-CORE',
    'TARO-SWITCH-CORE',
    'TARO-CHECKBOX-CORE',
    'TARO-RADIO-CORE',
    'TARO-PICKER-CORE',
  ]);
  for (const el of all) {
    if (!shown(el) || hiddenFromAt(el)) continue;
    const props = propsOf(el);
    // NutUI's Tag always takes a click of its own: a label, not a control, unless given a role.
    if (el.classList.contains('nut-tag') && !el.hasAttribute('role')) continue;
    const tappable = typeof props?.onClick === 'function' || typeof props?.onTap === 'function' || NATIVE.has(el.tagName) || el.getAttribute('role') === 'button';
    if (!tappable) continue;
    // A native field inside a Taro web component is the component's own part.
    if ((el.tagName === 'INPUT' || el.tagName === 'TEXTAREA') && el.parentElement?.tagName.startsWith('TARO-')) continue;
    if (el.tagName === 'BUTTON' && el.parentElement?.tagName === 'TARO-BUTTON-CORE') continue;
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    const inline = s.display === 'inline';
    if (!inline && (r.width + 0.5 < rules.minTap || r.height + 0.5 < rules.minTap) && !inScroller(el) && r.top < vh) {
      out.push(`tap target ${Math.round(r.width)}×${Math.round(r.height)} < ${rules.minTap}: ${describe(el)}`);
    }
    const role = el.getAttribute('role');
    if (!NATIVE.has(el.tagName) && !role) out.push(`tappable without a role: ${describe(el)}`);
    const focusable = NATIVE.has(el.tagName) || (el as HTMLElement).tabIndex >= 0;
    if (!focusable) out.push(`not reachable by keyboard: ${describe(el)}`);
    const name = (el.getAttribute('aria-label') ?? el.textContent ?? '').trim() || el.getAttribute('placeholder') || el.getAttribute('title');
    if (!name) out.push(`tappable without a name: ${describe(el)}`);
  }

  if (rules.minFont > 0 || rules.minLineHeight > 0) {
    for (const el of all) {
      if (!shown(el) || hiddenFromAt(el)) continue;
      const hasText = Array.from(el.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '');
      if (!hasText) continue;
      const s = getComputedStyle(el);
      const size = parseFloat(s.fontSize);
      if (size + 0.05 < rules.minFont) out.push(`text ${size.toFixed(1)} px < ${rules.minFont}: ${describe(el)}`);
      const lh = s.lineHeight === 'normal' ? 0 : parseFloat(s.lineHeight);
      if (rules.minLineHeight > 0 && lh + 0.05 < size * rules.minLineHeight) out.push(`line height ${s.lineHeight} < ${rules.minLineHeight}× ${size.toFixed(1)} px: ${describe(el)}`);
    }
  }
  return Array.from(new Set(out));
}

let axeSource: string | undefined;

/** axe-core's serious and critical findings for the page on screen (WCAG 2.1 A and AA rules). */
async function axeFindings(page: Page): Promise<string[]> {
  axeSource ??= fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  // Evaluated through the DevTools protocol, so the page's CSP does not apply to the injection.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const pages = Array.from(document.querySelectorAll<HTMLElement>('.taro_page')).filter((p) => getComputedStyle(p).display !== 'none');
    const current = pages[pages.length - 1] ?? document.body;
    type Axe = { run: (ctx: unknown, opts: unknown) => Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[]; failureSummary: string }[] }[] }> };
    const axe = (window as unknown as { axe: Axe }).axe;
    const include = [current, ...Array.from(document.querySelectorAll('.taro-tabbar__tabbar'))];
    const res = await axe.run({ include }, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
    return res.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .flatMap((v) => v.nodes.map((n) => `axe ${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary.split('\n').slice(1, 2).join('').trim()}`));
  });
}

/** Every finding for the page on screen. */
export async function auditPage(page: Page, rules: AuditRules): Promise<string[]> {
  const layout = await page.evaluate(layoutFindings, { ...rules, token: TOKEN.source });
  return [...layout, ...(await axeFindings(page))];
}
