import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { createHash } from 'node:crypto';
import { startStack, type Stack } from '../../test/harness';
import { HASHED_ASSET } from './h5';

/** Raw GET: no transparent decompression, so Content-Encoding and the bytes can be checked. */
function get(base: string, p: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; bytes: Buffer }> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    http
      .get({ host: u.hostname, port: u.port, path: p, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

describe('security headers, compression and caching', () => {
  let s: Stack;
  let token: string;
  const INLINE = '!function(n){n.document.documentElement.style.fontSize="20px"}(window);';
  const appJs = `console.log(${JSON.stringify('健康口袋 '.repeat(4000))});`;
  beforeAll(async () => {
    const h5 = fs.mkdtempSync(path.join(os.tmpdir(), 'hp-h5-'));
    fs.writeFileSync(
      path.join(h5, 'index.html'),
      `<!doctype html><html><head><script>${INLINE}</script><script src="js/app.3f9a1c2e.js"></script></head><body>${'<div></div>'.repeat(200)}</body></html>`,
    );
    fs.mkdirSync(path.join(h5, 'js'));
    fs.writeFileSync(path.join(h5, 'js', 'app.3f9a1c2e.js'), appJs);
    fs.writeFileSync(path.join(h5, 'favicon.ico'), Buffer.alloc(10));
    s = await startStack({ H5_DIST_DIR: h5 });
    token = (await s.resident()).token;
  });
  afterAll(() => s.close());

  it.each(['/', '/api/v1/me', '/api/v1/booking/hospitals', '/healthz', '/api/v1/nope'])('%s carries helmet headers, a CSP with frame-ancestors none, HSTS and a Permissions-Policy', async (p) => {
    const r = await get(s.bff.url, p, { authorization: `Bearer ${token}` });
    const csp = String(r.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toContain('upgrade-insecure-requests'); // plain http on loopback outside production
    expect(r.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(r.headers['x-frame-options']).toBe('DENY');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['referrer-policy']).toBe('no-referrer');
    expect(r.headers['permissions-policy']).toMatch(/camera=\(\).*geolocation=\(\).*microphone=\(\)/);
    expect(r.headers['x-powered-by']).toBeUndefined();
  });

  it("allows exactly the built index.html's inline script, by hash, and no other inline script", async () => {
    const csp = String((await get(s.bff.url, '/')).headers['content-security-policy']);
    const scriptSrc = csp.split(';').find((d) => d.trim().startsWith('script-src '));
    expect(scriptSrc?.trim()).toBe(`script-src 'self' 'sha256-${createHash('sha256').update(INLINE).digest('base64')}'`);
  });

  it('every /api/ answer, success or error, with or without a token, is no-store', async () => {
    const cases: Array<[string, Record<string, string>]> = [
      ['/api/v1/me', { authorization: `Bearer ${token}` }],
      ['/api/v1/family/members', { authorization: `Bearer ${token}` }],
      ['/api/v1/me', { authorization: 'Bearer not-a-token' }],
      ['/api/v1/me', {}],
      ['/api/v1/booking/hospitals', {}],
      ['/api/v1/booking/hospitals/..%2f/departments', {}],
    ];
    for (const [p, headers] of cases) expect([p, (await get(s.bff.url, p, headers)).headers['cache-control']]).toEqual([p, 'no-store']);
  });

  it('any answer to a request carrying Authorization is no-store, even outside /api/', async () => {
    expect((await get(s.bff.url, '/healthz', { authorization: `Bearer ${token}` })).headers['cache-control']).toBe('no-store');
  });

  it('a records answer (personal health data) is no-store', async () => {
    const members = await s.api('GET', '/api/v1/family/members', { token });
    const r = await get(s.bff.url, `/api/v1/records/${members.body.items[0].id}`, { authorization: `Bearer ${token}` });
    expect(r.headers['cache-control']).toBe('no-store');
  });

  it('index.html is never cached without revalidation; hashed assets are immutable for a year', async () => {
    expect((await get(s.bff.url, '/')).headers['cache-control']).toBe('no-cache');
    expect((await get(s.bff.url, '/index.html')).headers['cache-control']).toBe('no-cache');
    expect((await get(s.bff.url, '/favicon.ico')).headers['cache-control']).toBe('no-cache');
    expect((await get(s.bff.url, '/js/app.3f9a1c2e.js')).headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it.each([
    ['br', (b: Buffer) => zlib.brotliDecompressSync(b)],
    ['gzip', (b: Buffer) => zlib.gunzipSync(b)],
  ])('serves the H5 bundle %s-compressed when the browser accepts it', async (encoding, decode) => {
    const r = await get(s.bff.url, '/js/app.3f9a1c2e.js', { 'accept-encoding': encoding });
    expect(r.status).toBe(200);
    expect(r.headers['content-encoding']).toBe(encoding);
    expect(r.headers.vary).toMatch(/accept-encoding/i);
    expect(r.bytes.length).toBeLessThan(Buffer.byteLength(appJs) / 3);
    expect(decode(r.bytes).toString('utf8')).toBe(appJs);
    const html = await get(s.bff.url, '/', { 'accept-encoding': encoding });
    expect(html.headers['content-encoding']).toBe(encoding);
  });

  it('sends the bundle uncompressed to a client that accepts no encoding', async () => {
    const r = await get(s.bff.url, '/js/app.3f9a1c2e.js', { 'accept-encoding': 'identity' });
    expect(r.headers['content-encoding']).toBeUndefined();
    expect(r.bytes.toString('utf8')).toBe(appJs);
  });

  it('recognises Taro hashed file names, not plain ones', () => {
    for (const f of ['app.3f9a1c2e.js', 'vendors.0a1b2c3d4e.css', '123.abcdef12.js', 'logo.9f8e7d6c.png']) expect(HASHED_ASSET.test(f)).toBe(true);
    for (const f of ['index.html', 'app.js', 'favicon.ico', 'app.main.js']) expect(HASHED_ASSET.test(f)).toBe(false);
  });
});
