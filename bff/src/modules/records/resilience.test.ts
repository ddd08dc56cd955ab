import { startStack, type Stack } from '../../../test/harness';
import { AuditLog } from '../../db/entities';
import { RN, zhangFamily, type ZhangFamily } from './test-family';

/**
 * The platform misbehaving, injected through the sandbox's /sandbox/faults: slowness and timeouts,
 * errors, the breaker opening, stale answers served with the flag, and the rest of the BFF unaffected.
 * Short cache TTL so a test can get past it; the harness's upstream budget is 1500 ms.
 */
const TTL_MS = 300;
const UNAVAILABLE = { code: 'UPSTREAM_UNAVAILABLE', message: '健康档案平台暂时无法访问，请稍后再试' };
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

let s: Stack;
let zw: ZhangFamily;
beforeEach(async () => {
  s = await startStack({ RECORDS_CACHE_TTL_MS: String(TTL_MS), RECORDS_STALE_IF_ERROR_MS: '600000' });
  zw = await zhangFamily(s);
});
afterEach(async () => {
  await s.sbx('DELETE', '/sandbox/faults');
  await s.close();
});

const fault = (body: Record<string, unknown>) => s.sbx('POST', '/sandbox/faults', { body });
const faultHits = async () => ((await s.sbx('GET', '/sandbox/faults')).body.items as Array<{ hits: number }>).reduce((n, f) => n + f.hits, 0);
const motherPath = `/platform/residents/${RN.mother}`;

describe('platform outages', () => {
  it('answers 503 UPSTREAM_UNAVAILABLE when the platform errors and nothing is cached, and audits nothing', async () => {
    await fault({ pathPrefix: motherPath, status: 500 });
    const res = await s.api('GET', `/api/v1/records/${zw.mother}`, { token: zw.token });
    expect(res.status).toBe(503);
    expect(res.body.error).toMatchObject(UNAVAILABLE);
    expect(res.body.error.requestId).toEqual(expect.any(String));
    const audited = await s.bff.services.ds.getRepository(AuditLog).countBy({ subjectType: 'health_record', subjectId: RN.mother });
    expect(audited).toBe(0);
  });

  it('gives up on a slow platform within the time budget instead of hanging', async () => {
    await fault({ pathPrefix: motherPath, latencyMs: 20_000 });
    const started = Date.now();
    const res = await s.api('GET', `/api/v1/records/${zw.mother}/followups`, { token: zw.token });
    const elapsed = Date.now() - started;
    expect(res.status).toBe(503);
    expect(res.body.error).toMatchObject(UNAVAILABLE);
    // The budget is 1.5 s; the injected delay is 20 s. Anything near the delay would mean a hang.
    expect(elapsed).toBeLessThan(10_000);
  });

  it('rides out a slow but working platform within the budget', async () => {
    await fault({ pathPrefix: `${motherPath}/followups`, latencyMs: 300 });
    const res = await s.api('GET', `/api/v1/records/${zw.mother}/followups`, { token: zw.token });
    expect(res.status).toBe(200);
    expect(res.body.stale).toBe(false);
  });

  it('retries a failed read once it flickers (one 500, then fine)', async () => {
    await fault({ pathPrefix: `${motherPath}/checkups`, status: 502, times: 1 });
    const res = await s.api('GET', `/api/v1/records/${zw.mother}/checkups`, { token: zw.token });
    expect(res.status).toBe(200);
    expect(res.body.stale).toBe(false);
    expect(await faultHits()).toBe(1);
  });

  it('serves the cached record flagged stale when the platform fails, and audits it as stale', async () => {
    const fresh = await s.api('GET', `/api/v1/records/${zw.mother}/trend?metric=bp`, { token: zw.token });
    expect(fresh.status).toBe(200);
    expect(fresh.body.stale).toBe(false);
    await pause(TTL_MS + 100);
    await fault({ pathPrefix: motherPath, status: 503 });
    const stale = await s.api('GET', `/api/v1/records/${zw.mother}/trend?metric=bp`, { token: zw.token });
    expect(stale.status).toBe(200);
    expect(stale.body.stale).toBe(true);
    expect(stale.body.fetchedAt).toBe(fresh.body.fetchedAt);
    expect(stale.body.points).toEqual(fresh.body.points);
    const last = await s.bff.services.ds.getRepository(AuditLog).find({ where: { subjectId: RN.mother }, order: { createdAt: 'DESC' }, take: 1 });
    expect(last[0].detail).toMatchObject({ stale: true });
    // A section never fetched before has nothing to fall back on.
    const never = await s.api('GET', `/api/v1/records/${zw.mother}/visits`, { token: zw.token });
    expect(never.status).toBe(503);
  });

  it('opens the breaker: later calls fail fast without reaching the platform, other features keep working, then it recovers', async () => {
    // Warm the cache of one section so the open breaker can be shown serving it stale.
    expect((await s.api('GET', `/api/v1/records/${zw.mother}/reports`, { token: zw.token })).status).toBe(200);
    await pause(TTL_MS + 100);
    await fault({ pathPrefix: '/platform/residents', status: 500 });
    for (let i = 0; i < 4; i++) {
      const res = await s.api('GET', `/api/v1/records/${zw.mother}/visits`, { token: zw.token });
      expect(res.status).toBe(503);
    }
    expect(s.bff.services.upstream.platform.breakerState).toBe(1 /* CircuitState.Open */);
    const hitsWhenOpen = await faultHits();
    const fastFail = await s.api('GET', `/api/v1/records/${zw.mother}/visits`, { token: zw.token });
    expect(fastFail.status).toBe(503);
    expect(fastFail.body.error).toMatchObject(UNAVAILABLE);
    const staleWhileOpen = await s.api('GET', `/api/v1/records/${zw.mother}/reports`, { token: zw.token });
    expect(staleWhileOpen.status).toBe(200);
    expect(staleWhileOpen.body.stale).toBe(true);
    expect(await faultHits()).toBe(hitsWhenOpen);

    // The rest of the BFF does not depend on the platform.
    expect((await s.api('GET', '/api/v1/me', { token: zw.token })).status).toBe(200);
    expect((await s.api('GET', '/api/v1/family/members', { token: zw.token })).body.items).toHaveLength(4);
    expect((await s.api('GET', '/healthz')).status).toBe(200);

    // Platform back; after the half-open delay (10 s) one trial call closes the breaker.
    await s.sbx('DELETE', '/sandbox/faults');
    await pause(10_500);
    const recovered = await s.api('GET', `/api/v1/records/${zw.mother}/visits`, { token: zw.token });
    expect(recovered.status).toBe(200);
    expect(recovered.body.stale).toBe(false);
    expect(s.bff.services.upstream.platform.breakerState).toBe(0 /* CircuitState.Closed */);
  }, 60_000);

  it('sends identical concurrent reads to the platform once (single flight)', async () => {
    await fault({ pathPrefix: `${motherPath}/followups`, latencyMs: 400 });
    const results = await Promise.all(Array.from({ length: 8 }, () => s.api('GET', `/api/v1/records/${zw.mother}/followups`, { token: zw.token })));
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(await faultHits()).toBe(1);
    // Each of the eight reads is still audited.
    const rows = await s.bff.services.ds.getRepository(AuditLog).countBy({ subjectId: RN.mother, action: 'record.read' });
    expect(rows).toBe(8);
  });
});
