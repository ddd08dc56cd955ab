import { ClientConfig, Health } from '@healthpocket/shared-types';
import { route, type AnyRoute } from '../../http/route';
import type { Services } from '../../services';

export function systemRoutes(s: Services): AnyRoute[] {
  return [
    route({
      method: 'get',
      path: '/healthz',
      summary: 'Process and database health',
      tags: ['system'],
      auth: 'public',
      response: Health,
      handler: async ({ ctx }) => {
        const db = await s.health.db();
        if (db === 'down') ctx.status = 503;
        const body = { status: db === 'up' ? ('ok' as const) : ('degraded' as const), db, uptimeSeconds: Math.round(process.uptime()) };
        if (db === 'down') {
          ctx.body = body;
          return;
        }
        return body;
      },
    }),
    route({
      method: 'get',
      path: '/api/v1/client-config',
      summary: 'What the app needs to start: environment, and in the embedded default the sandbox URL and personas',
      tags: ['system'],
      auth: 'public',
      response: ClientConfig,
      handler: async () => s.clientConfig(),
    }),
  ];
}
