import http from 'node:http';
import { upstream } from '@healthpocket/shared-types';
import { createLogger } from '../logger';
import { startStack, type Stack } from '../../test/harness';
import { Upstream } from './http';
import { assertSafePath, upstreamPath } from './path';

const CLOSED = 0;
const OPEN = 1;

/** A request sent exactly as written (fetch and curl without --path-as-is resolve `..` first). */
function rawGet(base: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, path, method: 'GET', headers }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => {
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          /* not JSON */
        }
        resolve({ status: res.statusCode ?? 0, body });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('upstream paths no value can change', () => {
  it.each(['..', '.', '', 'a/b', 'a\\b', '%2e%2e', '..%2f', 'x%00', 'line\nbreak'])('refuses the segment %j with NOT_FOUND', (seg) => {
    expect(() => upstreamPath`/hospitals/${seg}/departments`).toThrow(expect.objectContaining({ code: 'NOT_FOUND', status: 404 }));
  });

  it('encodes a plain segment and leaves the literal parts alone', () => {
    expect(upstreamPath`/hospitals/${'H001'}/departments`).toBe('/hospitals/H001/departments');
    expect(upstreamPath`/residents/by-id-number/${'11010519491231002X'}`).toBe('/residents/by-id-number/11010519491231002X');
    expect(upstreamPath`/search/${'内科 门诊'}`).toBe('/search/%E5%86%85%E7%A7%91%20%E9%97%A8%E8%AF%8A');
  });

  it.each(['/hospitals/../departments', '/hospitals/%2e%2e/departments', '/hospitals/.%2E/departments', '/a/%2F/b', '/a/%5c/b', '/a/./b', 'hospitals', '/a\\b', '/a/%E0%A4%A'])(
    'the HTTP helper refuses the finished path %s, whoever built it',
    (p) => {
      expect(() => assertSafePath(p)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    },
  );
});

describe('no client can open the HIS breaker', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack();
  });
  afterAll(() => s.close());
  afterEach(() => s.sbx('DELETE', '/sandbox/faults'));

  async function someSchedule(): Promise<string> {
    const hospitals = await s.api('GET', '/api/v1/booking/hospitals');
    const deps = await s.api('GET', `/api/v1/booking/hospitals/${hospitals.body.items[0].id}/departments`);
    const dep = deps.body.groups[0].items[0];
    const doctors = await s.api('GET', `/api/v1/booking/departments/${dep.id}/doctors`);
    return `/api/v1/booking/doctors/${doctors.body.items[0].id}/schedule`;
  }

  it.each([
    '/api/v1/booking/hospitals/../departments',
    '/api/v1/booking/hospitals/%2e%2e/departments',
    '/api/v1/booking/hospitals/%2E%2E/departments',
    '/api/v1/booking/hospitals/.%2e/departments',
    '/api/v1/booking/hospitals/%2e%2e%2f%2e%2e/departments',
    '/api/v1/booking/departments/..%5c../doctors',
    '/api/v1/booking/doctors/./schedule',
  ])('ten anonymous requests to %s answer 4xx and leave the breaker closed; a resident still gets a schedule', async (p) => {
    const schedule = await someSchedule();
    for (let i = 0; i < 10; i++) {
      const r = await rawGet(s.bff.url, p);
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
      expect(r.body.error.code).toMatch(/^[A-Z_]+$/);
    }
    expect(s.bff.services.upstream.his.breakerState).toBe(CLOSED);
    const { token } = await s.resident();
    expect((await s.api('GET', schedule, { token })).status).toBe(200);
  });

  it('ids that are not ids are refused at the route with 400 and never reach the HIS', async () => {
    for (const id of ['..', 'H001;drop', 'a%2Fb', 'x'.repeat(65), '%E5%86%85']) {
      const r = await s.api('GET', `/api/v1/booking/hospitals/${id}/departments`);
      expect([400, 404]).toContain(r.status);
    }
    expect(s.bff.services.upstream.his.breakerState).toBe(CLOSED);
  });

  it('unknown ids (a 404 from the HIS) do not count against the breaker', async () => {
    for (let i = 0; i < 10; i++) expect((await s.api('GET', `/api/v1/booking/hospitals/H9${i}/departments`)).status).toBe(404);
    expect(s.bff.services.upstream.his.breakerState).toBe(CLOSED);
  });

  it('a plain-text 404 (an unknown HIS path) is an answer, not a fault; 5xx still opens the breaker', async () => {
    const his = new Upstream({ name: 'his-probe', baseUrl: `${s.sandboxUrl}/his`, timeoutMs: 1500, unavailableMessage: 'x', logger: createLogger('silent') });
    for (let i = 0; i < 10; i++) {
      const r = await his.get(`/no-such-route-${i}`, upstream.his.HospitalList);
      expect(r).toMatchObject({ ok: false, status: 404, body: {} });
    }
    expect(his.breakerState).toBe(CLOSED);
    // The positive control: real upstream faults do open it.
    await s.sbx('POST', '/sandbox/faults', { body: { pathPrefix: '/his/hospitals', status: 502 } });
    for (let i = 0; i < 5; i++) await expect(his.get('/hospitals', upstream.his.HospitalList)).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(his.breakerState).toBe(OPEN);
  });
});

describe('a per-client budget on the public routes that reach the HIS', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack({ PUBLIC_BROWSE_RATE_PER_MINUTE: '5', TRUST_PROXY: 'true' });
  });
  afterAll(() => s.close());

  it('one client address runs out (429 RATE_LIMITED with retryAfterSeconds); another is still served', async () => {
    const a = { 'x-forwarded-for': '203.0.113.7' };
    const b = { 'x-forwarded-for': '198.51.100.9' };
    for (let i = 0; i < 5; i++) expect((await s.api('GET', '/api/v1/booking/hospitals/H001', { headers: a })).status).toBe(200);
    const refused = await s.api('GET', '/api/v1/booking/hospitals/H001/departments', { headers: a });
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatchObject({ code: 'RATE_LIMITED' });
    expect(refused.body.error.retryAfterSeconds).toBeGreaterThan(0);
    expect((await s.api('GET', '/api/v1/booking/hospitals/H001', { headers: b })).status).toBe(200);
    expect(s.bff.services.upstream.his.breakerState).toBe(CLOSED);
  });
});
