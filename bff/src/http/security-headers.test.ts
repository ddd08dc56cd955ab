import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import helmet from 'helmet';
import { helmetHeaderSet, helmetOptions, securityHeaders, type SecurityHeaderOptions } from './headers';

/** The headers of one GET to a server built from `handle`. */
async function headersOf(handle: http.RequestListener): Promise<http.IncomingHttpHeaders> {
  const server = http.createServer(handle);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const { port } = server.address() as AddressInfo;
    return await new Promise((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port, path: '/' }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.headers));
        })
        .on('error', reject);
    });
  } finally {
    await new Promise((r) => server.close(r));
  }
}

const withoutDate = (h: http.IncomingHttpHeaders) => {
  const { date: _date, connection: _c, 'keep-alive': _k, ...rest } = h;
  return rest;
};

describe('security headers: helmet recorded once and replayed', () => {
  const cases: Array<[string, SecurityHeaderOptions]> = [
    ['embedded default', { production: false, sandboxPublicUrl: 'http://127.0.0.1:4000/x', scriptHashes: ["'sha256-abc='"] }],
    ['production', { production: true }],
  ];

  it.each(cases)('%s: a Koa answer carries exactly the headers helmet itself sets', async (_name, opts) => {
    const app = new Koa();
    app.use(securityHeaders(opts));
    app.use((ctx) => {
      ctx.body = 'ok';
    });
    const handle = app.callback();
    // Koa answers its own errors (ctx.onerror): the handler's promise never rejects.
    const replayed = await headersOf((req, res) => void handle(req, res));
    const direct = await headersOf((req, res) =>
      helmet(helmetOptions(opts))(req, res, () => {
        res.setHeader('Content-Type', 'text/plain; charset=utf-8');
        res.setHeader('Content-Length', '2');
        res.end('ok');
      }),
    );
    expect(withoutDate(replayed)).toEqual(withoutDate(direct));
    expect(replayed['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(replayed['content-security-policy']?.includes('upgrade-insecure-requests')).toBe(opts.production);
  });

  it('records the CSP once per app, with the script hashes and sandbox origin given', () => {
    const { set, removed } = helmetHeaderSet(helmetOptions(cases[0][1]));
    const csp = set.find(([n]) => n.toLowerCase() === 'content-security-policy')?.[1];
    expect(csp).toContain("script-src 'self' 'sha256-abc='");
    expect(csp).toContain("connect-src 'self' blob: http://127.0.0.1:4000");
    expect(removed.map((n) => n.toLowerCase())).toContain('x-powered-by');
  });
});
