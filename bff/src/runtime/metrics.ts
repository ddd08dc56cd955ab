import type Koa from 'koa';
import { CircuitState } from 'cockatiel';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Services } from '../services';

const BREAKER_STATES: Array<[CircuitState, string]> = [
  [CircuitState.Closed, 'closed'],
  [CircuitState.HalfOpen, 'half-open'],
  [CircuitState.Open, 'open'],
  [CircuitState.Isolated, 'isolated'],
];

/**
 * The Prometheus metrics of one BFF process (its own registry: tests run several in one process).
 * Counters and histograms are fed as things happen; the gauges that describe shared state (outbox,
 * payment orders) are read from the database when scraped, so every instance reports the same
 * values: alert on max() over instances.
 */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'hp_' });
  const registers = [registry];
  const http = new Histogram({
    name: 'hp_http_request_duration_seconds',
    help: 'HTTP requests by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const upstreamCalls = new Counter({
    name: 'hp_upstream_calls_total',
    help: 'Upstream calls by target and result (ok, timeout, circuit-open, http, network, contract)',
    labelNames: ['target', 'result'] as const,
    registers,
  });
  const upstreamSeconds = new Histogram({
    name: 'hp_upstream_call_duration_seconds',
    help: 'Upstream call time, retries included',
    labelNames: ['target'] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5],
    registers,
  });
  const jobRuns = new Counter({ name: 'hp_job_runs_total', help: 'Background job runs by job and result (ok, error)', labelNames: ['job', 'result'] as const, registers });
  const jobSeconds = new Histogram({ name: 'hp_job_duration_seconds', help: 'Background job run time', labelNames: ['job'] as const, buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300], registers });

  /** The Koa middleware that times every request under its route template (never the raw path). */
  const middleware: Koa.Middleware = async (ctx, next) => {
    const end = http.startTimer();
    try {
      await next();
    } finally {
      const template = (ctx as unknown as { _matchedRoute?: string })._matchedRoute;
      const route = template ? String(template) : ctx.path.startsWith('/api/') ? 'unmatched' : 'static';
      end({ method: ctx.method, route, status: String(ctx.status) });
    }
  };

  const observeJob = (job: string, seconds: number, ok: boolean) => {
    jobRuns.inc({ job, result: ok ? 'ok' : 'error' });
    jobSeconds.observe({ job }, seconds);
  };

  /** Gauges read from the services when scraped. */
  const attach = (s: Services) => {
    for (const u of Object.values(s.upstream)) {
      u.onCall((result, seconds) => {
        upstreamCalls.inc({ target: u.name, result });
        upstreamSeconds.observe({ target: u.name }, seconds);
      });
    }
    new Gauge({
      name: 'hp_upstream_breaker_state',
      help: 'Circuit breaker per upstream: 1 for its current state (closed, half-open, open, isolated)',
      labelNames: ['target', 'state'] as const,
      registers,
      collect() {
        for (const u of Object.values(s.upstream)) for (const [st, label] of BREAKER_STATES) this.set({ target: u.name, state: label }, u.breakerState === st ? 1 : 0);
      },
    });
    new Gauge({
      name: 'hp_websocket_connections',
      help: 'Open realtime WebSocket connections on this instance',
      registers,
      collect() {
        this.set(s.realtime.connectionCount());
      },
    });
    // One read per scrape for the three outbox gauges (prom-client collects them concurrently).
    let outboxRead: { at: number; stats: ReturnType<Services['outbox']['stats']> } | null = null;
    const outbox = () => {
      if (!outboxRead || Date.now() - outboxRead.at > 1000) outboxRead = { at: Date.now(), stats: s.outbox.stats().catch(() => ({ pending: NaN, failing: NaN, lagSeconds: NaN })) };
      return outboxRead.stats;
    };
    new Gauge({
      name: 'hp_outbox_pending',
      help: 'Outbox messages not yet delivered',
      registers,
      async collect() {
        this.set((await outbox()).pending);
      },
    });
    new Gauge({
      name: 'hp_outbox_failing',
      help: 'Undelivered outbox messages that failed at least once',
      registers,
      async collect() {
        this.set((await outbox()).failing);
      },
    });
    new Gauge({
      name: 'hp_outbox_lag_seconds',
      help: 'How long the oldest due outbox message has waited past its attempt time',
      registers,
      async collect() {
        this.set((await outbox()).lagSeconds);
      },
    });
    new Gauge({
      name: 'hp_payment_orders',
      help: 'Payment orders by state',
      labelNames: ['state'] as const,
      registers,
      async collect() {
        // A database that cannot answer leaves the last values (readiness reports the database).
        const rows = await s.payments.countByState().catch(() => null);
        if (!rows) return;
        this.reset();
        for (const { state, count } of rows) this.set({ state }, count);
      },
    });
  };

  return { registry, middleware, observeJob, attach };
}

export type Metrics = ReturnType<typeof createMetrics>;
