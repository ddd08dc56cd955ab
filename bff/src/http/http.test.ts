import { startStack, type Stack } from '../../test/harness';
import { inlineRefs } from './fuzz-requests';

let s: Stack;
let token: string;
beforeAll(async () => {
  s = await startStack();
  token = (await s.login()).accessToken;
});
afterAll(() => s.close());

describe('HTTP edges', () => {
  it('reports health of process and database', async () => {
    const res = await s.api('GET', '/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', db: 'up' });
  });

  it('answers malformed JSON with 400 MALFORMED_REQUEST and a request id', async () => {
    const res = await s.api('POST', '/api/v1/auth/wechat-login', { raw: '{"code": ' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'MALFORMED_REQUEST', message: expect.any(String), requestId: res.headers.get('x-request-id') });
  });

  it('answers unknown routes with 404 ROUTE_NOT_FOUND', async () => {
    const res = await s.api('GET', '/api/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('ROUTE_NOT_FOUND');
  });

  it('answers an oversized body with 413', async () => {
    const res = await s.api('PUT', '/api/v1/me/real-name', { token, raw: JSON.stringify({ name: 'x'.repeat(2_000_000) }) });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('never answers 500 to hostile or odd input', async () => {
    const bodies: unknown[] = [null, [], 'text', 42, { code: null }, { code: { $ne: 1 } }, { code: 'a'.repeat(10_000) }, { name: '<script>', idNumber: [], phoneCode: {} }];
    const targets = [
      ['POST', '/api/v1/auth/wechat-login'],
      ['POST', '/api/v1/auth/refresh'],
      ['PUT', '/api/v1/me/real-name'],
      ['POST', '/api/v1/family/members'],
      ['PATCH', '/api/v1/family/members/%00'],
      ['POST', '/api/v1/me/consents'],
    ];
    for (const [method, path] of targets) {
      for (const body of bodies) {
        const res = await s.api(method, path, { token, raw: JSON.stringify(body) });
        expect([400, 401, 404, 409]).toContain(res.status);
        expect(res.body.error.code).toMatch(/^[A-Z_]+$/);
        expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts:\d+|stack/i);
      }
    }
  });

  it('rejects a non-JSON content type', async () => {
    const res = await s.api('POST', '/api/v1/auth/wechat-login', { raw: 'code=abc', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });

  it('publishes OpenAPI listing every route', async () => {
    const res = await s.api('GET', '/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    const ops = Object.entries(res.body.paths).flatMap(([p, m]) => Object.keys(m as object).map((k) => `${k.toUpperCase()} ${p}`));
    expect(ops).toEqual(expect.arrayContaining(['POST /api/v1/auth/wechat-login', 'PUT /api/v1/me/real-name', 'PATCH /api/v1/family/members/{id}', 'GET /healthz']));
    expect(inlineRefs(res.body).paths['/api/v1/me/real-name'].put.requestBody.content['application/json'].schema.properties.idNumber).toBeDefined();
  });

  it('documents every registered route in OpenAPI', async () => {
    const { moduleRoutes } = await import('../modules');
    const registered = moduleRoutes.flatMap((f) => f(s.bff.services)).map((r) => `${r.method.toUpperCase()} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
    const doc = (await s.api('GET', '/api/openapi.json')).body;
    const documented = Object.entries(doc.paths).flatMap(([p, m]) => Object.keys(m as object).map((k) => `${k.toUpperCase()} ${p}`));
    expect(registered.length).toBeGreaterThan(100);
    // No two modules claim the same method and path (the second would never be reached).
    expect(new Set(registered).size).toBe(registered.length);
    expect(documented.sort()).toEqual([...new Set(registered)].sort());
  });

  it('rate-limits login attempts per address', async () => {
    const results = [];
    for (let i = 0; i < 35; i++) results.push((await s.api('POST', '/api/v1/auth/wechat-login', { body: { code: 'x' } })).status);
    expect(results).toContain(429);
  });
});
