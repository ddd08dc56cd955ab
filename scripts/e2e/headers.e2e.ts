import { BASE, openPhone, violations } from './browser';

/**
 * The H5 app under the BFF's headers in Chromium: the policy is really enforced (an injected
 * inline script is refused and reported), the app itself loads with no violation, and the bundle
 * arrives compressed with the caching rules.
 */
describe('headers in the browser', () => {
  it('enforces the Content-Security-Policy, and the app passes it', async () => {
    const { page, close } = await openPhone();
    try {
      const res = await page.goto(`${BASE}/#/pages/login/index`);
      expect(res?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res?.headers()['cache-control']).toBe('no-cache');
      await page.locator('[data-testid="privacy-guide"]').waitFor({ timeout: 30000 });
      expect(violations).toEqual([]);

      // The detector itself: an inline script is blocked by script-src 'self' and reported.
      const reported = page.waitForEvent('console', { predicate: (m) => /CSP violation/.test(m.text()), timeout: 10_000 });
      const ran = await page.evaluate(() => {
        const w = window as unknown as { injected?: boolean };
        w.injected = false;
        const s = document.createElement('script');
        s.textContent = 'window.injected = true';
        document.head.appendChild(s); // an allowed inline script would have run by now
        return w.injected;
      });
      expect(ran).toBe(false);
      await reported;
      expect(violations.join('\n')).toMatch(/script-src/);
      violations.length = 0; // the deliberate one; anything else still fails this file
    } finally {
      await close();
    }
  });

  it('serves the hashed bundle compressed and immutable', async () => {
    const html = await (await fetch(`${BASE}/`)).text();
    const js = /src="\/?([^"]+\.js)"/.exec(html)?.[1];
    expect(js).toBeTruthy();
    const r = await fetch(`${BASE}/${js}`, { headers: { 'accept-encoding': 'br, gzip' } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-encoding')).toMatch(/^(br|gzip)$/);
    expect(r.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });
});
