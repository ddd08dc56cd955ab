import Koa from 'koa';
import Router from '@koa/router';
import { bodyParser } from '@koa/bodyparser';
import type { AddressInfo } from 'node:net';
import http from 'node:http';
import { Faults } from './faults';
import { contractCheck } from './contracts';
import { WechatState } from './wechat/state';
import { wechatRoutes } from './wechat/routes';
import { PERSONAS } from './seed/personas';
import { sandboxParts } from './parts';
import type { SandboxContext } from './context';

export interface SandboxOptions {
  appid?: string;
  secret?: string;
  seed?: number;
  /** Directory for throwaway keys (WeChat Pay merchant/platform keys); defaults to a temp dir. */
  keysDir?: string;
}

export const SANDBOX_DEFAULTS = { appid: 'wxsandbox0000000001', secret: 'sandbox-app-secret' };

/**
 * The embedded stand-in for WeChat, WeChat Pay, the HIS and the health platform. Never imported by
 * bff/src: the BFF reaches it only over HTTP through configured base URLs.
 */
export function createSandbox(opts: SandboxOptions = {}) {
  const appid = opts.appid ?? SANDBOX_DEFAULTS.appid;
  const secret = opts.secret ?? SANDBOX_DEFAULTS.secret;
  const faults = new Faults();
  const wechat = new WechatState(appid, secret);
  const app = new Koa();
  const ctx: SandboxContext = { appid, secret, seed: opts.seed ?? 20261122, faults, wechat, keysDir: opts.keysDir };

  app.use(async (c, next) => {
    // The H5 build calls the sandbox's helper endpoints (login codes, cashier) from another origin.
    if (c.path.includes('/sandbox/')) {
      c.set('Access-Control-Allow-Origin', '*');
      c.set('Access-Control-Allow-Headers', 'Content-Type');
      c.set('Access-Control-Allow-Methods', 'GET,POST,DELETE,OPTIONS');
      if (c.method === 'OPTIONS') return void (c.status = 204);
    }
    await next();
  });
  app.use(bodyParser({ encoding: 'utf-8' }));
  app.use(faults.middleware());
  // Inside the faults: an injected malformed answer is made from a checked one.
  app.use(contractCheck());

  const root = new Router();
  root.get('/', (c) => {
    c.body = { name: 'HealthPocket sandbox', parts: ['/wechat', '/wechatpay', '/his', '/platform', '/healthcard', '/wecom'], personas: PERSONAS };
  });
  root.get('/sandbox/personas', (c) => {
    c.body = { items: PERSONAS };
  });
  app.use(root.routes());
  app.use(faults.routes().routes());
  app.use(wechatRoutes(wechat).routes());
  for (const part of sandboxParts) {
    const router = part(ctx);
    app.use(router.routes()).use(router.allowedMethods());
  }

  return {
    app,
    context: ctx,
    async listen(port = 0, host = '127.0.0.1'): Promise<{ url: string; server: http.Server; close: () => Promise<void> }> {
      const handle = app.callback();
      // Koa answers its own errors (ctx.onerror): the handler's promise never rejects.
      const server = http.createServer((req, res) => void handle(req, res));
      await new Promise<void>((resolve) => server.listen(port, host, resolve));
      const { port: actual } = server.address() as AddressInfo;
      return {
        url: `http://${host}:${actual}`,
        server,
        close: () =>
          new Promise<void>((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
          }),
      };
    },
  };
}

export type Sandbox = ReturnType<typeof createSandbox>;

if (require.main === module) {
  const port = Number(process.env.SANDBOX_PORT ?? 8081);
  createSandbox({ seed: process.env.SANDBOX_SEED ? Number(process.env.SANDBOX_SEED) : undefined })
    .listen(port)
    .then(({ url }) => console.log(`sandbox listening on ${url}`))
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}
