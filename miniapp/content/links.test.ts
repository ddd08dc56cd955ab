import { bodyLinks, opensInWebView } from './links';

describe('article links', () => {
  it('finds https and tel links once each, with their text, and nothing else', () => {
    const nodes = [
      { name: 'p', children: [{ name: 'a', attrs: { href: 'https://www.nhc.gov.cn/jkj/' }, children: [{ type: 'text', text: '国家卫健委' }] }] },
      { name: 'p', children: [{ name: 'a', attrs: { href: 'tel:12320' }, children: [{ type: 'text', text: '12320 卫生热线' }] }] },
      { name: 'a', attrs: { href: 'https://www.nhc.gov.cn/jkj/' }, children: [{ type: 'text', text: '又一次' }] },
      { name: 'a', attrs: { href: 'javascript:alert(1)' }, children: [{ type: 'text', text: 'x' }] },
      { name: 'a', attrs: { href: 'http://plain.example/' }, children: [] },
    ];
    expect(bodyLinks(nodes as never)).toEqual([
      { href: 'https://www.nhc.gov.cn/jkj/', kind: 'https', text: '国家卫健委' },
      { href: 'tel:12320', kind: 'tel', text: '12320 卫生热线' },
    ]);
  });

  it('opens in the web-view only hosts of the allowlist and their subdomains', () => {
    const domains = ['nhc.gov.cn'];
    expect(opensInWebView('https://www.nhc.gov.cn/a', domains)).toBe(true);
    expect(opensInWebView('https://nhc.gov.cn/a', domains)).toBe(true);
    expect(opensInWebView('https://nhc.gov.cn.evil.example/a', domains)).toBe(false);
    expect(opensInWebView('https://evilnhc.gov.cn/a', domains)).toBe(false);
    expect(opensInWebView('not a url', domains)).toBe(false);
  });
});
