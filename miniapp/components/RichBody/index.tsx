import { RichText, View } from '@tarojs/components';
import type { RichNode } from '@healthpocket/shared-types';
import { apiBase } from '../../services/api';
import './index.scss';

/**
 * Article bodies: rich-text nodes the BFF built from sanitised Markdown, filtered here once more
 * (defence in depth: the H5 rich-text turns nodes into DOM elements with their attributes).
 * Only these tags, only class/src/alt, images only from our API or https.
 */
const TAGS = new Set(['h2', 'h3', 'h4', 'p', 'br', 'hr', 'strong', 'em', 'del', 'div', 'ul', 'ol', 'li', 'code', 'a', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td']);
const IMAGE_PREFIX = '/api/v1/content/images/';

export function safeNodes(nodes: RichNode[] | undefined): RichNode[] {
  const out: RichNode[] = [];
  for (const n of nodes ?? []) {
    if (n.type === 'text') {
      if (typeof n.text === 'string') out.push({ type: 'text', text: n.text });
      continue;
    }
    if (!n.name || !TAGS.has(n.name)) continue;
    const attrs: Record<string, string> = {};
    const cls = n.attrs?.class;
    if (cls && /^md-[a-z0-9]+$/.test(cls)) attrs.class = cls;
    if (n.name === 'img') {
      const src = n.attrs?.src ?? '';
      if (src.startsWith(IMAGE_PREFIX)) attrs.src = `${apiBase()}${src}`;
      else if (/^https:\/\//i.test(src)) attrs.src = src;
      else continue;
      attrs.alt = n.attrs?.alt ?? '';
    }
    // Links stay text: the mini-program cannot open outside pages, and H5 keeps users in the app.
    out.push({ name: n.name === 'a' ? 'span' : n.name, attrs, children: safeNodes(n.children) });
  }
  return out;
}

export function RichBody({ nodes, testId }: { nodes: RichNode[] | undefined; testId?: string }) {
  return (
    <View className='hp-rich' data-testid={testId}>
      <RichText nodes={safeNodes(nodes) as never} />
    </View>
  );
}
