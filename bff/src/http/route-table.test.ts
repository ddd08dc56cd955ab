import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import Router from '@koa/router';
import { startStack, type Stack } from '../../test/harness';
import type { Method } from './route';
import { routeTable, type RouteEntry } from './route-table';

type Def = { method: Method; path: string };

/** An app answering `METHOD template` from the route that matched, or 404. */
function appOf(defs: Def[], bucketed: boolean): Koa {
  const app = new Koa();
  const entries: RouteEntry[] = defs.map((d) => ({
    ...d,
    handler: async (ctx: Koa.Context) => {
      ctx.body = `${d.method.toUpperCase()} ${d.path} ${(ctx as { _matchedRoute?: string })._matchedRoute}`;
    },
  }));
  if (bucketed) app.use(routeTable(entries));
  else {
    const router = new Router();
    for (const e of entries) router[e.method](e.path, e.handler);
    app.use(router.routes() as unknown as Koa.Middleware);
  }
  return app;
}

async function serve(app: Koa): Promise<{ url: string; close: () => Promise<void> }> {
  const handle = app.callback();
  // Koa answers its own errors (ctx.onerror): the handler's promise never rejects.
  const server = http.createServer((req, res) => void handle(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(() => r())) };
}

async function answers(defs: Def[], requests: Array<[string, string]>): Promise<{ plain: string[]; bucketed: string[] }> {
  const [a, b] = await Promise.all([serve(appOf(defs, false)), serve(appOf(defs, true))]);
  try {
    const run = async (base: string) => {
      const out: string[] = [];
      for (const [method, p] of requests) {
        const res = await fetch(base + p, { method });
        out.push(`${method} ${p} → ${res.status} ${method === 'HEAD' ? '' : await res.text()}`);
      }
      return out;
    };
    return { plain: await run(a.url), bucketed: await run(b.url) };
  } finally {
    await a.close();
    await b.close();
  }
}

describe('routeTable: routes matched per bucket of leading segments', () => {
  it('answers like one router: registration order across buckets, parameters in the leading segments, case and trailing slashes', async () => {
    const defs: Def[] = [
      { method: 'get', path: '/api/v1/:thing/list' },
      { method: 'get', path: '/api/v1/me' },
      { method: 'get', path: '/api/v1/me/consents' },
      { method: 'delete', path: '/api/v1/me/consents/:kind' },
      { method: 'get', path: '/api/v1/family/members/:id' },
      { method: 'get', path: '/api/v1/family/members/self' },
      { method: 'get', path: '/healthz' },
      { method: 'get', path: '/api/openapi.json' },
    ];
    const requests: Array<[string, string]> = [
      ['GET', '/api/v1/me'],
      ['GET', '/API/V1/Me'],
      ['GET', '/api/v1/me/'],
      ['HEAD', '/api/v1/me'],
      ['POST', '/api/v1/me'],
      ['GET', '/api/v1/me/list'], // the parameter route registered first wins, in its bucket too
      ['GET', '/api/v1/family/list'],
      ['GET', '/api/v1/family/members/self'], // :id was registered first
      ['DELETE', '/api/v1/me/consents/push'],
      ['GET', '/api/v1/me/consents/push'],
      ['GET', '/healthz'],
      ['GET', '/healthz/x'],
      ['GET', '/api/openapi.json'],
      ['GET', '/api/v1'],
      ['GET', '//api/v1/me'],
      ['GET', '/api/v1/%6De'],
      ['GET', '/nope'],
    ];
    const { plain, bucketed } = await answers(defs, requests);
    expect(bucketed).toEqual(plain);
    expect(bucketed[5]).toBe('GET /api/v1/me/list → 200 GET /api/v1/:thing/list /api/v1/:thing/list');
    expect(bucketed[7]).toContain('GET /api/v1/family/members/:id');
  });

  describe('over every route of the app', () => {
    let s: Stack;
    beforeAll(async () => {
      s = await startStack();
    });
    afterAll(() => s.close());

    it('each route answers its own path, in the same spellings, exactly as with one router', async () => {
      const spec = (await s.api('GET', '/api/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
      const defs: Def[] = Object.entries(spec.paths).flatMap(([p, ops]) =>
        Object.keys(ops)
          .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
          .map((m) => ({ method: m as Method, path: p.replace(/\{(\w+)\}/g, ':$1') })),
      );
      expect(defs.length).toBeGreaterThan(150);
      const requests: Array<[string, string]> = defs.flatMap((d) => {
        const concrete = d.path.replace(/:\w+/g, 'x1');
        const m = d.method.toUpperCase();
        return [
          [m, concrete],
          [m, concrete.toUpperCase()],
          [m, `${concrete}/`],
          [m, `${concrete}/extra`],
        ] as Array<[string, string]>;
      });
      const { plain, bucketed } = await answers(defs, requests);
      expect(bucketed).toEqual(plain);
      // Every route is reachable by its own path.
      expect(bucketed.filter((line, i) => i % 4 === 0 && !line.includes('→ 200'))).toEqual([]);
    });
  });
});
