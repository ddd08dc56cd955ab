import { safeNodes } from '.';

describe('RichBody node filter (defence in depth behind the BFF sanitiser)', () => {
  it('keeps allowed tags with md- classes and text, drops everything else', () => {
    const out = safeNodes([
      { name: 'h2', attrs: { class: 'md-h2', onclick: 'alert(1)', style: 'x' }, children: [{ type: 'text', text: '<b>标题</b>' }] },
      { name: 'script', children: [{ type: 'text', text: 'alert(1)' }] },
      { name: 'iframe', attrs: { src: 'https://evil.example' } },
      { name: 'p', attrs: { class: 'md-p" onmouseover="x' }, children: [] },
    ]);
    expect(out).toEqual([
      { name: 'h2', attrs: { class: 'md-h2' }, children: [{ type: 'text', text: '<b>标题</b>' }] },
      { name: 'p', attrs: {}, children: [] },
    ]);
  });

  it('allows images only from our API or https, and turns links into plain text', () => {
    const out = safeNodes([
      { name: 'img', attrs: { class: 'md-img', src: '/api/v1/content/images/abc', alt: '图' } },
      { name: 'img', attrs: { src: 'javascript:alert(1)' } },
      { name: 'img', attrs: { src: 'http://tracker.example/p.gif' } },
      { name: 'img', attrs: { src: 'https://cdn.example/a.png' } },
      { name: 'a', attrs: { class: 'md-a', href: 'https://x.example' }, children: [{ type: 'text', text: '链接' }] },
    ]);
    expect(out.map((n) => n.attrs?.src ?? n.name)).toEqual([expect.stringMatching(/\/api\/v1\/content\/images\/abc$/), 'https://cdn.example/a.png', 'span']);
    expect(out[2]).toEqual({ name: 'span', attrs: { class: 'md-a' }, children: [{ type: 'text', text: '链接' }] });
  });
});
