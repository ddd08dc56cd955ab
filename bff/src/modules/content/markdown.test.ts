import { parseDocument } from 'htmlparser2';
import type { RichNode } from '@healthpocket/shared-types';
import { renderMarkdown, sanitizeReport } from './markdown';

/** Real payloads (OWASP XSS filter evasion cheat sheet, markdown-it and sanitize-html issue reports). */
const PAYLOADS: Array<[string, string]> = [
  ['raw script tag', '<script>alert(1)</script>'],
  ['img onerror', '<img src=x onerror=alert(1)>'],
  ['svg onload', '<svg/onload=alert(1)>'],
  ['iframe', '<iframe src="https://evil.example/"></iframe>'],
  ['details ontoggle', '<details open ontoggle=alert(1)>'],
  ['style tag with javascript url', '<style>body{background:url("javascript:alert(1)")}</style>'],
  ['anchor with javascript href', '<a href="javascript:alert(1)">x</a>'],
  ['markdown link javascript:', '[click](javascript:alert(1))'],
  ['mixed-case scheme', '[click](JaVaScRiPt:alert(1))'],
  ['leading spaces', '[click](   javascript:alert(1))'],
  ['entity-encoded tab in scheme', '[click](java&#x09;script:alert(1))'],
  ['decimal entity scheme', '[click](&#106;avascript:alert(1))'],
  ['hex entities whole scheme', '[click](&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1))'],
  ['url-encoded scheme', '[click](javascript%3Aalert(1))'],
  ['vbscript', '[click](vbscript:msgbox(1))'],
  ['data:text/html link', '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
  ['image with javascript src', '![x](javascript:alert(1))'],
  ['image with data src', '![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)'],
  ['image over plain http', '![x](http://tracker.example/pixel.gif)'],
  ['autolink javascript', '<javascript:alert(1)>'],
  ['reference link javascript', '[a][r]\n\n[r]: javascript:alert(1)'],
  ['title attribute breakout', '[a](https://ok.example "\\"onmouseover=alert(1) x=\\"")'],
  ['image src breakout', '![x](https://ok.example/a.png" onerror="alert(1))'],
  ['math xlink', '<math><mi xlink:href="javascript:alert(1)">x</mi></math>'],
  ['form action', '<form action="javascript:alert(1)"><button>x</button></form>'],
  ['object data', '<object data="javascript:alert(1)"></object>'],
  ['meta refresh', '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'],
  ['html comment trick', '<!--<img src="--><img src=x onerror=alert(1)//">'],
  ['protocol-relative link', '[x](//evil.example/a)'],
  ['nested in list', '- [x](javascript:alert(1))\n- <img src=x onerror=alert(1)>'],
  ['table cell', '| a |\n|---|\n| <script>alert(1)</script> |'],
];

const ALLOWED_TAGS = new Set([
  'h2',
  'h3',
  'h4',
  'p',
  'br',
  'hr',
  'strong',
  'em',
  's',
  'del',
  'blockquote',
  'ul',
  'ol',
  'li',
  'code',
  'pre',
  'a',
  'img',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'div',
]);
const ALLOWED_ATTRS = new Set(['href', 'title', 'rel', 'target', 'src', 'alt', 'start', 'class']);

function checkUrl(attr: string, value: string): void {
  // eslint-disable-next-line no-control-regex -- control characters are what it removes
  const v = value.replace(/[\s\u0000-\u001f]/g, '').toLowerCase();
  if (attr === 'href') expect(v).toMatch(/^(https?:\/\/|mailto:|tel:)/);
  if (attr === 'src') expect(v.startsWith('https://') || v.startsWith('/api/v1/content/images/')).toBe(true);
}

function assertSafeHtml(html: string): void {
  const walk = (nodes: ReturnType<typeof parseDocument>['children']) => {
    for (const n of nodes) {
      if (n.type === 'script' || n.type === 'style') throw new Error(`<${n.name}> survived`);
      if (n.type === 'tag') {
        expect(ALLOWED_TAGS.has(n.name)).toBe(true);
        for (const [k, v] of Object.entries(n.attribs)) {
          expect(ALLOWED_ATTRS.has(k)).toBe(true);
          checkUrl(k, v);
        }
        walk(n.children);
      }
    }
  };
  walk(parseDocument(html).children);
  expect(html).not.toMatch(/<\s*(script|iframe|svg|math|style|object|form|meta)/i);
}

function assertSafeNodes(nodes: RichNode[]): void {
  for (const n of nodes) {
    if (n.type === 'text') continue;
    expect(ALLOWED_TAGS.has(n.name!)).toBe(true);
    for (const [k, v] of Object.entries(n.attrs ?? {})) {
      expect(ALLOWED_ATTRS.has(k)).toBe(true);
      checkUrl(k, v);
    }
    assertSafeNodes(n.children ?? []);
  }
}

describe('Markdown rendering against XSS', () => {
  it.each(PAYLOADS)('%s: no script, no event handler, no unsafe URL in the HTML or the rich-text nodes', (_name, payload) => {
    const { html, nodes } = renderMarkdown(payload);
    assertSafeHtml(html);
    assertSafeNodes(nodes);
  });

  it('shows markup typed into the body as text instead of dropping it', () => {
    const { html, nodes } = renderMarkdown('血压 <140/90 mmHg & <script>');
    expect(html).toContain('血压 &lt;140/90 mmHg &amp; &lt;script&gt;');
    expect(nodes).toEqual([{ name: 'p', attrs: { class: 'md-p' }, children: [{ type: 'text', text: '血压 <140/90 mmHg & <script>' }] }]);
  });

  it('keeps ordinary formatting: headings from h2, lists, emphasis, safe links and our images', () => {
    const { html, nodes } = renderMarkdown('# 高血压饮食\n\n**少盐**，每天不超过 *5 克*。\n\n1. 多吃蔬菜\n2. 戒烟限酒\n\n> 提示\n\n[指南](https://www.nhc.gov.cn/) ![图](/api/v1/content/images/abc)');
    expect(html).toContain('<h2>高血压饮食</h2>');
    expect(html).toContain('<strong>少盐</strong>');
    expect(html).toContain('<ol>');
    expect(html).toContain('<a href="https://www.nhc.gov.cn/" rel="noopener noreferrer nofollow" target="_blank">指南</a>');
    expect(html).toContain('<img src="/api/v1/content/images/abc" alt="图" />');
    // rich-text has no blockquote: it becomes a div with the class the page styles.
    expect(nodes.map((n) => n.name)).toEqual(['h2', 'p', 'ol', 'div', 'p']);
    expect(nodes[3].attrs).toEqual({ class: 'md-blockquote' });
  });

  it('drops relative images that are not ours and links to other relative paths', () => {
    const { html } = renderMarkdown('![a](/etc/passwd) [b](/api/v1/me)');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('href');
  });
});

describe('what sanitising removed, told to the operator', () => {
  it('names raw HTML, non-https links and foreign images, and nothing for clean Markdown', () => {
    const notes = sanitizeReport('正文 <b>加粗</b>\n\n[旧网站](http://old.example/page) [电话](tel:12320) [指南](https://www.nhc.gov.cn/)\n\n![图](http://img.example/a.png)');
    expect(notes.map((n) => [n.kind, n.what])).toEqual([
      ['html', '<b>'],
      ['html', '</b>'],
      ['link', 'http://old.example/page'],
      ['image', 'http://img.example/a.png'],
    ]);
    for (const n of notes) expect(n.why).toMatch(/[\u4e00-\u9fa5]/);
    expect(sanitizeReport('## 小标题\n\n**加粗** [指南](https://www.nhc.gov.cn/) [电话](tel:12320)')).toEqual([]);
  });
});
