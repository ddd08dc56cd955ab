import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { z } from 'zod';
import { upstream } from '@healthpocket/shared-types';
import { AppError } from '../errors';
import { createLogger } from '../logger';
import { Upstream } from './http';

const OPEN = 1;

/** A real HTTP server whose next answers a test sets; it counts the requests it got per path. */
function fakeUpstream() {
  let answer: { status: number; body: unknown; type?: string } = { status: 200, body: {} };
  const hits = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    hits.set(path, (hits.get(path) ?? 0) + 1);
    res.writeHead(answer.status, { 'content-type': answer.type ?? 'application/json' });
    res.end(answer.type ? String(answer.body) : JSON.stringify(answer.body));
  });
  return {
    listen: () => new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`))),
    /** `type`: send `body` as that content type, as written (not JSON). */
    answer: (status: number, body: unknown, type?: string) => (answer = { status, body, type }),
    hits: (path: string) => hits.get(path) ?? 0,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Every JSON line the client logs. */
function capturedLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const l of String(chunk).split('\n')) if (l.trim()) lines.push(JSON.parse(l));
      done();
    },
  });
  return { logger: createLogger('info', sink), lines };
}

const fake = fakeUpstream();
let base: string;
beforeAll(async () => {
  base = await fake.listen();
});
afterAll(() => fake.close());

const H = upstream.his;
const slot = {
  id: 'SL1',
  sessionId: 'S1',
  doctorId: 'D1',
  doctorName: '王芳',
  doctorTitle: '主任医师',
  registrationLevel: '专家号',
  hospitalId: 'H001',
  hospitalName: '市第一人民医院',
  departmentId: 'DEP1',
  departmentName: '心内科',
  location: '门诊楼3楼',
  date: '2026-12-05',
  session: 'am',
  sessionLabel: '上午',
  start: '08:00',
  end: '08:30',
  feeFen: 5000,
  capacity: 3,
  booked: 1,
  remaining: 2,
};

function client(name: string, logger = createLogger('silent')) {
  return new Upstream({ name, baseUrl: base, timeoutMs: 1500, unavailableMessage: '医院系统暂时无法访问，请稍后再试', logger, breaker: { consecutiveFailures: 3, halfOpenAfterMs: 60_000 } });
}

describe('the upstream client reads an answer only through its contract schema', () => {
  it("a malformed 2xx body is UPSTREAM_UNAVAILABLE (503, the upstream's message) with one log line naming the upstream, the masked path and the failing fields, never the body", async () => {
    const { logger, lines } = capturedLogger();
    const his = client('his', logger);
    // A health-data value the log must not carry, and a wrong type the schema must catch.
    fake.answer(200, { ...slot, doctorName: '患者张三高血压', remaining: 'two' });
    const err = await his.get('/slots/11010519491231002X', H.Slot).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', status: 503, message: '医院系统暂时无法访问，请稍后再试', upstreamReason: 'contract' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ msg: 'upstream unavailable', upstream: 'his', reason: 'contract', path: '/slots/110…18', issues: ['remaining (invalid_type)'] });
    expect(JSON.stringify(lines)).not.toContain('张三');
    expect(JSON.stringify(lines)).not.toContain('two');
  });

  it('is not retried (the same upstream answers the same shape again) but is counted by the breaker', async () => {
    const his = client('his-breaker');
    fake.answer(200, { items: [{ id: 'H001' }] });
    for (let i = 0; i < 3; i++) await expect(his.get('/hospitals', H.HospitalList)).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(fake.hits('/hospitals')).toBe(3);
    expect(his.breakerState).toBe(OPEN);
    // Open: the next call fails fast without reaching the upstream, even once it answers well.
    fake.answer(200, { items: [] });
    await expect(his.get('/hospitals', H.HospitalList)).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', upstreamReason: 'circuit-open' });
    expect(fake.hits('/hospitals')).toBe(3);
  });

  it('a body that is not JSON, or not JSON-object shaped at all (null, a list), is a contract fault too', async () => {
    const his = client('his-null');
    fake.answer(200, '<html>维护中</html>', 'text/html');
    await expect(his.get('/slots/SL1', H.Slot)).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', upstreamReason: 'contract' });
    fake.answer(200, null);
    await expect(his.get('/slots/SL1', H.Slot)).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', upstreamReason: 'contract' });
    fake.answer(200, [slot]);
    await expect(his.post('/appointments', H.Appointment, {})).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', upstreamReason: 'contract' });
  });

  it('fields the contract does not name are accepted and dropped; the named ones come back typed', async () => {
    const his = client('his-extra');
    fake.answer(200, { ...slot, hisInternalFlag: 7, extraBlock: { a: 1 } });
    const res = await his.get('/slots/SL1', H.Slot);
    expect(res.ok).toBe(true);
    if (!res.ok) throw new Error('unreachable');
    expect(res.body).toEqual(slot);
    expect(res.body.remaining + 1).toBe(3);
  });

  it("a 4xx is the upstream's answer about the request: not parsed with the success schema, its code and message kept", async () => {
    const his = client('his-4xx');
    fake.answer(409, { code: 'SLOT_FULL', message: '号源已满', detail: { remaining: 0 } });
    const res = await his.post('/appointments', H.Appointment, {});
    expect(res).toMatchObject({ ok: false, status: 409, body: { code: 'SLOT_FULL', message: '号源已满' } });
    expect(res.body).not.toHaveProperty('detail');
    expect(his.breakerState).not.toBe(OPEN);
  });

  it('two schemas reading one URL do not share a parsed answer in the cache', async () => {
    const platform = client('platform-cache');
    const basic = { recordNumber: 'R1', name: '王芳', idNumber: null, sex: 'female', birthDate: '1960-01-01', phone: null, status: 'active', community: '东城' };
    fake.answer(200, basic);
    const wide = z.object({ recordNumber: z.string(), community: z.string() });
    const a = await platform.get('/residents/R1', upstream.platform.ResidentBasic, { cacheTtlMs: 60_000 });
    const b = await platform.get('/residents/R1', wide, { cacheTtlMs: 60_000 });
    expect(a.body).not.toHaveProperty('community');
    expect(b.body).toEqual({ recordNumber: 'R1', community: '东城' });
    expect(fake.hits('/residents/R1')).toBe(2);
    // invalidate() forgets the URL for every schema.
    platform.invalidate('/residents/R1');
    await platform.get('/residents/R1', wide, { cacheTtlMs: 60_000 });
    await platform.get('/residents/R1', upstream.platform.ResidentBasic, { cacheTtlMs: 60_000 });
    expect(fake.hits('/residents/R1')).toBe(4);
  });
});
