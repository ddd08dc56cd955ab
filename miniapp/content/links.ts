import type { RichNode } from '@healthpocket/shared-types';

export interface BodyLink {
  href: string;
  text: string;
  kind: 'tel' | 'https';
}

const textOf = (n: RichNode): string => (n.type === 'text' ? (n.text ?? '') : (n.children ?? []).map(textOf).join(''));

/** The https and tel links of an article body, in order, each once (the sanitiser already dropped the rest). */
export function bodyLinks(nodes: RichNode[] | undefined): BodyLink[] {
  const out: BodyLink[] = [];
  const seen = new Set<string>();
  const walk = (list: RichNode[] | undefined) => {
    for (const n of list ?? []) {
      const href = n.name === 'a' ? (n.attrs?.href ?? '').trim() : '';
      const kind = /^tel:[0-9+\-\s]{3,20}$/i.test(href) ? 'tel' : /^https:\/\/[^\s/]+/i.test(href) ? 'https' : null;
      if (kind && !seen.has(href)) {
        seen.add(href);
        out.push({ href, kind, text: textOf(n).trim() || href });
      }
      walk(n.children);
    }
  };
  walk(nodes);
  return out.slice(0, 20);
}

/** May this https link open inside the weapp's web-view (its host is one of the 业务域名)? */
export function opensInWebView(href: string, domains: string[]): boolean {
  let host: string;
  try {
    host = new URL(href).hostname.toLowerCase();
  } catch {
    return false;
  }
  return domains.some((d) => host === d.toLowerCase() || host.endsWith(`.${d.toLowerCase()}`));
}
