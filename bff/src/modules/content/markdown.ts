import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';
import { parseDocument } from 'htmlparser2';
import type { RenderedBody, RichNode, SanitizeNote } from '@healthpocket/shared-types';

/** Our own uploaded images; the only relative URL a body may contain. */
export const IMAGE_PATH_PREFIX = '/api/v1/content/images/';

/** Plain http pages do not open in the weapp (web-view needs https) and can be tampered with on the way. */
const SAFE_LINK = /^(https:|mailto:|tel:)/i;

/**
 * Markdown → HTML with raw HTML switched off (a `<script>` in the source is text), and links
 * limited to https, mailto and tel. markdown-it normalises entity-encoded and mixed-case schemes
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
  allowedSchemes: ['https', 'mailto', 'tel'],
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

function renderMarkdownHtml(source: string): string {
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

/** The same parser with nothing refused: what the operator wrote, to compare with what survives. */
const probe = new MarkdownIt({ html: true, linkify: true, breaks: true, typographer: false });
probe.validateLink = () => true;

type Token = ReturnType<typeof probe.parse>[number];
const short = (s: string) => (s.length > 60 ? `${s.slice(0, 57)}…` : s);

/**
 * What sanitising takes out of (or leaves as plain text in) this Markdown, and why, so the
 * operator is told at save time instead of finding a dead link after publication.
 */
export function sanitizeReport(source: string): SanitizeNote[] {
  const notes: SanitizeNote[] = [];
  const seen = new Set<string>();
  const add = (n: SanitizeNote) => {
    const key = `${n.kind}|${n.what}`;
    if (!seen.has(key) && notes.length < 20) {
      notes.push(n);
      seen.add(key);
    }
  };
  const walk = (tokens: Token[]) => {
    for (const t of tokens) {
      if (t.type === 'html_block' || t.type === 'html_inline') {
        const tag = t.content.trim();
        if (tag && !/^<\/?br\s*\/?>$/i.test(tag)) add({ kind: 'html', what: short(tag), why: 'HTML 代码不会生效，会按原样显示为文字；请改用编辑器的 Markdown 格式' });
      } else if (t.type === 'link_open') {
        const href = String(t.attrGet('href') ?? '').trim();
        if (!SAFE_LINK.test(href) && !href.startsWith(IMAGE_PATH_PREFIX)) {
          add({
            kind: 'link',
            what: short(href),
            why: /^http:/i.test(href) ? '居民端只能打开 https 网址，http 链接不安全，已改为普通文字；请改用 https 地址' : '只允许 https 网址和 tel: 电话链接，这个链接已改为普通文字',
          });
        }
      } else if (t.type === 'image') {
        const src = String(t.attrGet('src') ?? '').trim();
        if (!isSafeImage(src)) add({ kind: 'image', what: short(src || '（空地址）'), why: '图片只能使用上传到本系统的图片或 https 地址，这张图片已移除' });
      }
      if (t.children) walk(t.children);
    }
  };
  walk(probe.parse(source, {}));
  return notes;
}

/** Sanitised HTML (H5 preview) and the same content as rich-text nodes (the article page on both targets). */
export function renderMarkdown(source: string): RenderedBody {
  const html = renderMarkdownHtml(source);
  // decodeEntities: text nodes carry plain text; rich-text escapes it again when it renders.
  const doc = parseDocument(html, { decodeEntities: true });
  return { html, nodes: toNodes(doc.children) };
}
