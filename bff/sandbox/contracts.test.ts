import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import Router from '@koa/router';
import { upstream } from '@healthpocket/shared-types';
import { createSandbox } from './server';
import { CONTRACTS, contractCheck } from './contracts';
import { client, type Call } from '../test/harness';

let close: () => Promise<void>;
let sbx: Call;
const sandbox = createSandbox();

beforeAll(async () => {
  const server = await sandbox.listen(0);
  sbx = client(server.url);
  close = server.close;
});
afterAll(() => close());
afterEach(() => sbx('DELETE', '/sandbox/faults'));

/** `METHOD /path` of every route the sandbox's routers serve. */
function servedRoutes(): Set<string> {
  const out = new Set<string>();
  for (const mw of sandbox.app.middleware as Array<{ router?: Router }>) {
    for (const layer of mw.router?.stack ?? []) for (const m of layer.methods) if (m !== 'HEAD') out.add(`${m} ${layer.path}`);
  }
  return out;
}

describe('the sandbox answers within the upstream contract', () => {
  it('every contract route is a route the sandbox serves (a typo would switch its check off)', () => {
    const served = servedRoutes();
    expect(Object.keys(CONTRACTS).filter((k) => !served.has(k))).toEqual([]);
    // And the BFF-facing routes are covered, not only the helper ones left out.
    expect(Object.keys(CONTRACTS).length).toBeGreaterThan(60);
  });

  it('an answer outside its schema is refused by the check with 500 SANDBOX_CONTRACT_BROKEN and the failing paths', async () => {
    const app = new Koa();
    app.use(contractCheck());
    const r = new Router();
    let body: unknown = { items: [{ id: 'H001', name: '市一院' }] };
    r.get('/his/hospitals', (ctx) => {
      ctx.body = body;
    });
    app.use(r.routes());
    const handle = app.callback();
    // Koa answers its own errors; the promise it returns never rejects.
    const server = http.createServer((req, res) => void handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const call = client(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const broken = await call('GET', '/his/hospitals');
      expect(broken.status).toBe(500);
      expect(broken.body.code).toBe('SANDBOX_CONTRACT_BROKEN');
      expect(broken.body.issues).toEqual(expect.arrayContaining([expect.stringMatching(/^items\.0\.shortName: /)]));
      expect(error).toHaveBeenCalledTimes(1);
      // The positive control: the same route with a whole hospital passes untouched.
      body = (await sbx('GET', '/his/hospitals')).body;
      const fine = await call('GET', '/his/hospitals');
      expect(fine.status).toBe(200);
      expect(fine.body).toEqual(body);
    } finally {
      error.mockRestore();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('a malformed fault breaks a checked answer so that the contract schema refuses it, for as many requests as it says', async () => {
    const fault = await sbx('POST', '/sandbox/faults', { body: { pathPrefix: '/his/hospitals', malformed: true, times: 1 } });
    expect(fault.status).toBe(201);
    expect(fault.body).toMatchObject({ malformed: true });
    const bad = await sbx('GET', '/his/hospitals');
    expect(bad.status).toBe(200);
    expect(bad.body.items).toBe('malformed');
    expect(upstream.his.HospitalList.safeParse(bad.body).success).toBe(false);
    const good = await sbx('GET', '/his/hospitals');
    expect(upstream.his.HospitalList.safeParse(good.body).success).toBe(true);
  });

  it('a malformed fault leaves no field of a WeChat answer readable', async () => {
    await sbx('POST', '/sandbox/faults', { body: { pathPrefix: '/wechat/cgi-bin/stable_token', malformed: true } });
    const bad = await sbx('POST', '/wechat/cgi-bin/stable_token', { body: { grant_type: 'client_credential', appid: sandbox.context.appid, secret: sandbox.context.secret } });
    expect(bad.status).toBe(200);
    expect(upstream.wechat.StableToken.safeParse(bad.body).success).toBe(false);
  });
});
