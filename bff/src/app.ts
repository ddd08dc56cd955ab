import Koa from 'koa';
import Router from '@koa/router';
import { bodyParser } from '@koa/bodyparser';
import serve from 'koa-static';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { buildServices, type Deps, type Services } from './services';
import { moduleRoutes } from './modules';
import { assertMemberPolicies, toMiddleware, type AnyRoute } from './http/route';
import { errorRenderer, requestContext } from './http/middleware';
import { buildOpenApi } from './http/openapi';
import { createRateLimiter } from './http/rate-limit';
import { Idempotency } from './http/idempotency';
import { actorFor } from './auth/principals';
import type { Actor } from './auth/tokens';
import type { MemberPurpose } from './policies/member-access';

// Validation messages in Chinese for residents.
z.config(z.locales.zhCN());

/** Builds the Koa app from configuration and dependencies: no globals, so tests build their own. */
export function createApp(deps: Deps): { app: Koa; services: Services; routes: AnyRoute[] } {
  const services = buildServices(deps);
  const routes = moduleRoutes.flatMap((f) => f(services));
  assertMemberPolicies(routes);
  const app = new Koa({ proxy: deps.config.trustProxy });
  const runtime = {
    authenticate: async (ctx: Koa.Context) => {
      const claims = services.tokens.fromContext(ctx);
      return claims ? actorFor(services.principals, claims) : null;
    },
    consume: createRateLimiter(deps.redis),
    memberAccess: async (scope: { actor: Actor; requestId: string }, memberId: string, purpose: MemberPurpose) => {
      await services.family.memberFor(scope, memberId, purpose);
    },
    idempotency: new Idempotency(deps.ds),
  };

  const router = new Router();
  for (const r of routes) router[r.method](r.path, toMiddleware(r, runtime));
  const openapi = buildOpenApi(routes, '0.1.0');
  router.get('/api/openapi.json', (ctx) => {
    ctx.body = openapi;
  });

  app.use(requestContext(deps.logger));
  app.use(errorRenderer(deps.logger));
  app.use(async (ctx, next) => {
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Referrer-Policy', 'no-referrer');
    await next();
  });
  app.use(bodyParser({ enableTypes: ['json'], jsonLimit: '1mb', encoding: 'utf-8' }));
  app.use(router.routes());

  // The H5 build, served from the BFF's own origin so the app needs no CORS.
  const h5 = path.resolve(deps.config.h5DistDir);
  if (fs.existsSync(path.join(h5, 'index.html'))) {
    const files = serve(h5, { index: 'index.html', maxage: 0 });
    app.use(async (ctx, next) => {
      if (ctx.path.startsWith('/api/') || ctx.method !== 'GET') return next();
      return files(ctx, next);
    });
  }
  return { app, services, routes };
}
