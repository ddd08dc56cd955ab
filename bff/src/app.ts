import Koa from 'koa';
import { z } from 'zod';
import { buildServices, type Deps, type Services } from './services';
import { moduleRoutes } from './modules';
import { assertMemberPolicies, toMiddleware, type AnyRoute } from './http/route';
import { routeTable } from './http/route-table';
import { errorRenderer, pathGuard, requestContext } from './http/middleware';
import { jsonBody } from './http/body';
import { apiNoStore, permissionsPolicy, securityHeaders } from './http/headers';
import { h5Files, inlineScriptHashes } from './http/h5';
import { buildOpenApi } from './http/openapi';
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
  const app = new Koa({ proxy: services.clientAddress.proxied });
  const runtime = {
    authenticate: async (ctx: Koa.Context) => {
      const claims = services.tokens.fromContext(ctx);
      return claims ? actorFor(services.principals, claims) : null;
    },
    consume: services.rateLimit,
    memberAccess: async (scope: { actor: Actor; requestId: string }, memberId: string, purpose: MemberPurpose) => {
      await services.family.memberFor(scope, memberId, purpose);
    },
    idempotency: services.idempotency,
  };

  // Built on first request (a few hundred ms of zod → JSON Schema), not at every start.
  let openapi: ReturnType<typeof buildOpenApi> | undefined;
  const table = routeTable([
    ...routes.map((r) => ({ method: r.method, path: r.path, handler: toMiddleware(r, runtime) })),
    {
      method: 'get' as const,
      path: '/api/openapi.json',
      handler: async (ctx: Koa.Context) => {
        ctx.body = openapi ??= buildOpenApi(routes, '0.1.0');
      },
    },
  ]);

  app.use(services.clientAddress.middleware());
  if (deps.observeHttp) app.use(deps.observeHttp);
  app.use(requestContext(deps.logger));
  app.use(
    securityHeaders({
      production: deps.config.env === 'production',
      sandboxPublicUrl: deps.config.sandboxPublicUrl,
      scriptHashes: inlineScriptHashes(deps.config.h5DistDir),
    }),
  );
  app.use(permissionsPolicy());
  app.use(apiNoStore());
  app.use(errorRenderer(deps.logger));
  app.use(pathGuard());
  app.use(jsonBody('1mb'));
  app.use(table);

  const h5 = h5Files(deps.config.h5DistDir);
  if (h5) app.use(h5);
  return { app, services, routes };
}
