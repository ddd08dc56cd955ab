import { newId } from '../db/columns';
import { runMigrationsLocked } from '../db/migrate';
import { OutboxMessage } from '../outbox/entity';
import { ConfigError, loadConfig } from '../config';
import { runtimeSettings } from './settings';
import { randomIdNumber, startStack, type Stack } from '../../test/harness';
import { orderFor, payerWithBills } from '../modules/payments/test-helpers';
import WebSocket from 'ws';

async function until<T>(probe: () => Promise<T | null | undefined | false>, what: string, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const TOKEN = 'metrics-token-for-tests-0123456789';

describe('liveness, readiness and metrics', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack({ METRICS_TOKEN: TOKEN, OUTBOX_POLL_MS: '100', READY_OUTBOX_LAG_SECONDS: '60' });
  });
  afterAll(() => s.close());

  it('/livez answers for the process; /readyz reports the database, migrations, outbox and breakers', async () => {
    const live = await s.api('GET', '/livez');
    expect(live.status).toBe(200);
    expect(live.body).toMatchObject({ status: 'ok', role: 'all', jobs: 'in-process' });
    const ready = await s.api('GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ ready: true, checks: { db: 'up', migrations: 'applied', outbox: { ok: true, limitSeconds: 60 }, draining: false } });
    expect(ready.body.checks.breakers).toEqual({ wechat: 'closed', 'wechat-messages': 'closed', his: 'closed', platform: 'closed' });
    expect(ready.body.checks.redis).toBeUndefined();
    // The existing probe keeps working for the benchmarks.
    expect((await s.api('GET', '/healthz')).status).toBe(200);
  });

  it('/metrics needs the token, and names routes by template, upstreams by target and result, jobs, sockets and orders', async () => {
    expect((await s.api('GET', '/metrics')).status).toBe(401);
    expect((await s.api('GET', '/metrics', { headers: { authorization: 'Bearer wrong-token-of-the-same-len' } })).status).toBe(401);
    await s.login();
    await s.api('GET', '/api/v1/records/some-member-id/visits');
    await s.api('GET', '/api/v1/no-such-route/12345');
    const text = await until(async () => {
      const r = await s.api('GET', '/metrics', { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(r.status).toBe(200);
      return /hp_job_runs_total\{job="outbox",result="ok"\} [1-9]/.test(r.body) && (r.body as string);
    }, 'an outbox job run in the metrics');
    expect(text).toMatch(/hp_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/auth\/wechat-login",status="200"\} 1/);
    expect(text).toMatch(/hp_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/records\/:ref\/visits",status="401"\} 1/);
    expect(text).toMatch(/route="unmatched",status="404"/);
    expect(text).not.toContain('some-member-id');
    expect(text).not.toContain('12345');
    expect(text).toMatch(/hp_upstream_calls_total\{target="wechat",result="ok"\} [1-9]/);
    expect(text).toMatch(/hp_upstream_breaker_state\{target="his",state="closed"\} 1/);
    expect(text).toMatch(/hp_websocket_connections 0/);
    expect(text).toMatch(/hp_outbox_lag_seconds 0/);
    expect(text).toMatch(/hp_outbox_pending \d/);
    expect(text).toMatch(/hp_job_duration_seconds_count\{job="outbox"\} [1-9]/);
    expect(text).toContain('# TYPE hp_payment_orders gauge');
  });

  it('payment orders are counted by state', async () => {
    const p = await payerWithBills(s, randomIdNumber());
    await orderFor(s, p, p.billNos);
    const r = await s.api('GET', '/metrics', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(r.body).toMatch(/hp_payment_orders\{state="CREATED"\} 1\n/);
    expect(r.body).toMatch(/hp_upstream_calls_total\{target="his",result="ok"\} [1-9]/);
  });

  it('counts the open WebSocket connections', async () => {
    const ws = new WebSocket(`${s.bff.url.replace(/^http/, 'ws')}/api/v1/realtime`);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    try {
      await until(async () => /hp_websocket_connections 1\n/.test((await s.api('GET', '/metrics', { headers: { authorization: `Bearer ${TOKEN}` } })).body), 'one connection counted');
    } finally {
      ws.close();
    }
    await until(async () => /hp_websocket_connections 0\n/.test((await s.api('GET', '/metrics', { headers: { authorization: `Bearer ${TOKEN}` } })).body), 'the connection gone');
  });

  it('/readyz fails while the oldest due outbox message waits longer than the limit', async () => {
    const repo = s.bff.services.ds.getRepository(OutboxMessage);
    const id = newId();
    // A message due an hour ago, claimed by a worker that died: nobody delivers it.
    await repo.insert({
      id,
      topic: 'test.stuck',
      dedupeKey: `stuck-${id}`,
      payload: {},
      state: 'pending',
      attempts: 0,
      nextAttemptAt: new Date(Date.now() - 3600_000),
      lockedUntil: new Date(Date.now() + 3600_000),
      lastError: null,
      deliveredAt: null,
    });
    try {
      const r = await s.api('GET', '/readyz');
      expect(r.status).toBe(503);
      expect(r.body.ready).toBe(false);
      expect(r.body.checks.outbox.ok).toBe(false);
      expect(r.body.checks.outbox.lagSeconds).toBeGreaterThan(3500);
    } finally {
      await repo.delete({ id });
    }
    expect((await s.api('GET', '/readyz')).status).toBe(200);
  });
});

describe('metrics on their own port', () => {
  it('METRICS_PORT serves /metrics there without a token, and the public port has none', async () => {
    const s = await startStack({ METRICS_PORT: '0' });
    try {
      expect(s.bff.metricsUrl).toBeDefined();
      const r = await fetch(`${s.bff.metricsUrl}/metrics`);
      expect(r.status).toBe(200);
      expect(await r.text()).toContain('hp_http_request_duration_seconds');
      expect((await s.api('GET', '/metrics')).status).toBe(404);
    } finally {
      await s.close();
    }
  });
});

describe('migrations on boot', () => {
  it('MIGRATE_ON_BOOT=false leaves a fresh database unmigrated and not ready, until db:migrate runs', async () => {
    const s = await startStack({ MIGRATE_ON_BOOT: 'false' });
    try {
      const before = await s.api('GET', '/readyz');
      expect(before.status).toBe(503);
      expect(before.body.checks.migrations).toBe('pending');
      expect((await s.api('GET', '/livez')).status).toBe(200);
      await runMigrationsLocked(s.bff.services.ds);
      const after = await s.api('GET', '/readyz');
      expect(after.body.checks.migrations).toBe('applied');
    } finally {
      await s.close();
    }
  });

  it('production does not migrate on boot unless MIGRATE_ON_BOOT=true; development does', () => {
    expect(runtimeSettings({}, 'production', undefined).migrateOnBoot).toBe(false);
    expect(runtimeSettings({ MIGRATE_ON_BOOT: 'true' }, 'production', undefined).migrateOnBoot).toBe(true);
    expect(runtimeSettings({}, 'development', undefined).migrateOnBoot).toBe(true);
  });
});

describe('roles', () => {
  it('all is the default; web and worker need REDIS_URL', () => {
    expect(runtimeSettings({}, 'development', undefined)).toMatchObject({ role: 'all', serveHttp: true, runJobs: true });
    expect(() => runtimeSettings({ ROLE: 'web' }, 'development', undefined)).toThrow(ConfigError);
    expect(() => runtimeSettings({ ROLE: 'worker' }, 'development', undefined)).toThrow(/ROLE=worker needs REDIS_URL/);
    expect(() => runtimeSettings({ ROLE: 'both' }, 'development', 'redis://r:6379')).toThrow(ConfigError);
    expect(runtimeSettings({ ROLE: 'worker' }, 'development', 'redis://r:6379')).toMatchObject({ serveHttp: false, runJobs: true });
    expect(runtimeSettings({ ROLE: 'web' }, 'development', 'redis://r:6379')).toMatchObject({ serveHttp: true, runJobs: false });
    expect(loadConfig({}).env).toBe('development');
  });
});
