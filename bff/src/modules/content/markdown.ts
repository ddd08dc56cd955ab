import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';
import { parseDocument } from 'htmlparser2';
import type { RenderedBody, RichNode } from '@healthpocket/shared-types';

/** Our own uploaded images; the only relative URL a body may contain. */
export const IMAGE_PATH_PREFIX = '/api/v1/content/images/';

const SAFE_LINK = /^(https?:|mailto:|tel:)/i;

/**
 * Markdown → HTML with raw HTML switched off (a `<script>` in the source is text), and links
 * limited to http(s), mailto and tel. markdown-it normalises entity-encoded and mixed-case schemes
 * before this check, so `jav&#x09;ascript:` is caught too.
 */
const md = new MarkdownIt({ html: false, linkify: true, breaks: true, typographer: false });
md.validateLink = (url: string) => {
  const u = url.trim();
  return SAFE_LINK.test(u) || u.startsWith(IMAGE_PATH_PREFIX);
};

/**
 * The second line of defence: whatever markdown-it produced passes an allowlist of tags and
 * attributes (no event handlers, no style, no iframe/svg/math), and URLs are re-checked.
 */
const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: ['h2', 'h3', 'h4', 'p', 'br', 'hr', 'strong', 'em', 's', 'del', 'blockquote', 'ul', 'ol', 'li', 'code', 'pre', 'a', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td'],
  allowedAttributes: { a: ['href', 'title', 'rel', 'target'], img: ['src', 'alt', 'title'], ol: ['start'] },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesByTag: { img: ['https'] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    // Headings start at h2: the page title is the article's h1.
    h1: 'h2',
    h5: 'h4',
    h6: 'h4',
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'noopener noreferrer nofollow', target: '_blank' } }),
  },
  exclusiveFilter: (frame) => frame.tag === 'img' && !isSafeImage(frame.attribs.src ?? ''),
};

function isSafeImage(src: string): boolean {
  return src.startsWith(IMAGE_PATH_PREFIX) || /^https:\/\//i.test(src);
}

export function renderMarkdownHtml(source: string): string {
  return sanitizeHtml(md.render(source), SANITIZE);
}

/**
 * Tags the weapp's rich-text knows: blockquote, pre and s are not among them, so they become a
 * div/del with a class. Every node gets a `md-<tag>` class that the article page styles.
 */
type ChildNode = ReturnType<typeof parseDocument>['children'][number];

const RICH_NAME: Record<string, string> = { blockquote: 'div', pre: 'div', s: 'del' };
const RICH_ATTRS: Record<string, string[]> = { img: ['src', 'alt'], a: ['href'], ol: ['start'] };

function toNodes(children: ChildNode[], inPre = false): RichNode[] {
  const out: RichNode[] = [];
  for (const c of children) {
    if (c.type === 'text') {
      // The newlines between blocks would show as blank text in rich-text; inside <pre> they matter.
      if (c.data && (inPre || c.data.trim())) out.push({ type: 'text', text: c.data });
    } else if (c.type === 'tag') {
      const attrs: Record<string, string> = { class: `md-${c.name}` };
      for (const a of RICH_ATTRS[c.name] ?? []) if (c.attribs[a] !== undefined) attrs[a] = c.attribs[a];
      out.push({ name: RICH_NAME[c.name] ?? c.name, attrs, children: toNodes(c.children, inPre || c.name === 'pre') });
    }
  }
  return out;
}

/** Sanitised HTML (H5 preview) and the same content as rich-text nodes (the article page on both targets). */
export function renderMarkdown(source: string): RenderedBody {
  const html = renderMarkdownHtml(source);
  // decodeEntities: text nodes carry plain text; rich-text escapes it again when it renders.
  const doc = parseDocument(html, { decodeEntities: true });
  return { html, nodes: toNodes(doc.children) };
}
