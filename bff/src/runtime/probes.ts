import type http from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { CircuitState } from 'cockatiel';
import { ERROR_CODES } from '@healthpocket/shared-types';
import type { Services } from '../services';
import type { Metrics } from './metrics';
import type { RuntimeSettings } from './settings';

const BREAKER: Record<number, string> = { [CircuitState.Closed]: 'closed', [CircuitState.HalfOpen]: 'half-open', [CircuitState.Open]: 'open', [CircuitState.Isolated]: 'isolated' };

function within<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);
}

export interface Readiness {
  ready: boolean;
  role: RuntimeSettings['role'];
  checks: {
    db: 'up' | 'down';
    redis?: 'up' | 'down';
    migrations: 'applied' | 'pending';
    outbox: { lagSeconds: number | null; limitSeconds: number; ok: boolean };
    breakers: Record<string, string>;
    draining: boolean;
  };
}

/**
 * The load balancer's probes, answered before the Koa app (no logging, no auth, no rate limit):
 * `/livez` is the process alone; `/readyz` is 503 while the database or Redis cannot answer,
 * migrations are pending, the instance is draining, or (where this process runs the jobs) the
 * outbox lags behind READY_OUTBOX_LAG_SECONDS. Breaker states are reported, not judged: an upstream
 * outage hits every instance alike, and taking them all out of the pool would only add an outage.
 * `/metrics` is served here when METRICS_TOKEN is set (Bearer token), or on METRICS_PORT.
 */
export function createProbes(d: { services: Services; settings: RuntimeSettings; metrics: Metrics; migrationsPending: () => Promise<boolean>; jobs: () => string }) {
  const { services: s, settings } = d;
  let draining = false;

  const readiness = async (): Promise<Readiness> => {
    const [db, redis, migrations, outbox] = await Promise.all([
      within(s.ds.query('SELECT 1'), 2000).then(
        () => 'up' as const,
        () => 'down' as const,
      ),
      s.redis
        ? within(s.redis.ping(), 2000).then(
            () => 'up' as const,
            () => 'down' as const,
          )
        : Promise.resolve(undefined),
      d.migrationsPending().then(
        (p) => (p ? ('pending' as const) : ('applied' as const)),
        () => 'pending' as const,
      ),
      within(s.outbox.stats(), 2000).then(
        (st) => st.lagSeconds,
        () => null,
      ),
    ]);
    const limitSeconds = settings.readyOutboxLagSeconds;
    const outboxOk = !settings.runJobs || (outbox !== null && outbox <= limitSeconds);
    const breakers = Object.fromEntries(Object.values(s.upstream).map((u) => [u.name, BREAKER[u.breakerState] ?? String(u.breakerState)]));
    const ready = db === 'up' && redis !== 'down' && migrations === 'applied' && outboxOk && !draining;
    return { ready, role: settings.role, checks: { db, ...(redis ? { redis } : {}), migrations, outbox: { lagSeconds: outbox, limitSeconds, ok: outboxOk }, breakers, draining } };
  };

  const send = (res: http.ServerResponse, status: number, body: unknown, type = 'application/json; charset=utf-8') => {
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };

  const tokenOk = (req: http.IncomingMessage) => {
    const want = settings.metrics.token;
    if (!want) return true;
    const got = Buffer.from(String(req.headers.authorization ?? '').replace(/^Bearer /, ''));
    const exp = Buffer.from(want);
    return got.length === exp.length && timingSafeEqual(got, exp);
  };

  const serveMetrics = (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (!tokenOk(req)) return send(res, 401, { error: { code: 'UNAUTHENTICATED', message: ERROR_CODES.UNAUTHENTICATED.message } });
    d.metrics.registry.metrics().then(
      (text) => send(res, 200, text, d.metrics.registry.contentType),
      () => send(res, 500, 'metrics collection failed\n', 'text/plain'),
    );
  };

  /** Answers a probe (true) or leaves the request to the app (false). */
  const handle = (req: http.IncomingMessage, res: http.ServerResponse, opts: { metrics: boolean }): boolean => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/livez') {
      send(res, 200, { status: 'ok', role: settings.role, jobs: d.jobs(), uptimeSeconds: Math.round(process.uptime()) });
      return true;
    }
    if (path === '/readyz') {
      readiness().then(
        (r) => send(res, r.ready ? 200 : 503, r),
        () => send(res, 503, { ready: false }),
      );
      return true;
    }
    if (path === '/metrics' && opts.metrics) {
      serveMetrics(req, res);
      return true;
    }
    return false;
  };

  return {
    handle,
    readiness,
    /** From now on /readyz answers 503, so the load balancer stops sending new requests. */
    drain() {
      draining = true;
    },
  };
}
