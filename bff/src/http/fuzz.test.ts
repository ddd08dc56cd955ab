import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { startStack, randomIdNumber, uniqueOpenid, type Stack } from '../../test/harness';
import { TRAVERSAL_PATHS, inlineRefs, requestsFor, type FuzzRequest, type Operation } from './fuzz-requests';

/**
 * Every operation of the OpenAPI document, sent malformed requests (see fuzz-requests.ts) by a
 * resident (staff with every role for role routes): no answer is a 5xx, no error is logged.
 */

/** A 4xx must still be our error body with an UPPER_SNAKE code (the body is cut at 300 characters). */
const STABLE_ERROR = /^\{"error":\{"code":"[A-Z][A-Z0-9_]+"/;

const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

function send(base: string, r: FuzzRequest): Promise<{ status: number; body: string }> {
  const u = new URL(base);
  return new Promise((resolve) => {
    const req = http.request(
      { host: u.hostname, port: u.port, method: r.method, path: r.path, agent, headers: { ...r.headers, ...(r.body ? { 'content-length': String(r.body.length) } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8').slice(0, 300) }));
        res.on('error', (e) => resolve({ status: -1, body: String(e) }));
      },
    );
    // The server may answer (413, 415) and close before a large body is written: that is an answer.
    req.on('error', (e) => resolve({ status: -1, body: String(e) }));
    req.end(r.body);
  });
}

/** Runs `tasks` with at most `n` in flight. */
async function pool<T>(items: T[], n: number, task: (t: T) => Promise<void>) {
  let i = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (i < items.length) await task(items[i++]);
    }),
  );
}

describe('fuzz: no input produces a 5xx', () => {
  let s: Stack;
  const logLines: string[] = [];
  let ops: Operation[] = [];
  let ip = 0;
  /** A fresh client address per request: per-address limits must not hide the parsing under test. */
  const clientAddr = () => `10.${(ip >> 16) & 255}.${(ip >> 8) & 255}.${ip++ & 255}`;

  beforeAll(async () => {
    const h5 = fs.mkdtempSync(path.join(os.tmpdir(), 'hp-fuzz-h5-'));
    fs.writeFileSync(path.join(h5, 'index.html'), '<!doctype html><title>h5</title>');
    fs.mkdirSync(path.join(h5, 'js'));
    fs.writeFileSync(path.join(h5, 'js', 'app.0123abcd.js'), 'console.log(1)');
    s = await startStack({ H5_DIST_DIR: h5, TRUST_PROXY: 'true', LOG_LEVEL: 'error' }, { logLines });
    const doc = inlineRefs((await s.api('GET', '/api/openapi.json')).body);
    ops = Object.entries(doc.paths as Record<string, Record<string, Operation['op']>>).flatMap(([p, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ method: method.toUpperCase(), path: p, op })),
    );
  });
  afterAll(async () => {
    agent.destroy();
    await s.close();
  });

  /** A resident with a member id, or staff with every role: a fresh account per operation. */
  async function actorFor(o: Operation) {
    const openid = uniqueOpenid('fuzz');
    if (o.op['x-roles']) await s.bff.services.auth.grant(openid, ['doctor', 'operator', 'admin'], 'D-FD-001');
    const xff = { 'x-forwarded-for': clientAddr() };
    const code = (await s.sbx('POST', '/wechat/sandbox/codes', { body: { openid } })).body.code;
    const login = await s.api('POST', '/api/v1/auth/wechat-login', { body: { code }, headers: xff });
    const token = login.body.accessToken as string;
    const phoneCode = (await s.sbx('POST', '/wechat/sandbox/phone-codes', { body: { phoneNumber: '13800138000' } })).body.code;
    await s.api('PUT', '/api/v1/me/real-name', { token, body: { name: '张伟', idNumber: randomIdNumber(), phoneCode }, headers: xff });
    const members = await s.api('GET', '/api/v1/family/members', { token, headers: xff });
    const memberId = members.body?.items?.[0]?.id ?? 'm1';
    return { token, hints: { memberId, ref: memberId } };
  }

  it('answers every malformed request to every operation with a success or a 4xx with a stable code, and logs no error', async () => {
    expect(ops.length).toBeGreaterThan(100);
    const failures: string[] = [];
    const byStatus = new Map<number, number>();
    /** Operations that answered a success at least once. */
    const succeeded = new Set<string>();
    let sent = 0;
    for (const [i, o] of ops.entries()) {
      const needsAuth = (o.op.security ?? []).length > 0;
      const actor = needsAuth ? await actorFor(o) : { token: '', hints: {} };
      const reqs = requestsFor(o, actor.hints, 1000 + i);
      await pool(reqs, 6, async (r) => {
        const headers = { 'x-forwarded-for': clientAddr(), ...(actor.token && !r.headers.authorization ? { authorization: `Bearer ${actor.token}` } : {}), ...r.headers };
        const res = await send(s.bff.url, { ...r, headers });
        sent++;
        byStatus.set(res.status, (byStatus.get(res.status) ?? 0) + 1);
        if (res.status >= 200 && res.status < 300) succeeded.add(`${o.method} ${o.path}`);
        if (res.status >= 500 || res.status === 0) failures.push(`${o.method} ${o.path} [${r.label}] → ${res.status} ${res.body}`);
        else if (res.status >= 400 && !STABLE_ERROR.test(res.body)) failures.push(`${o.method} ${o.path} [${r.label}] → ${res.status} without a stable code: ${res.body}`);
      });
    }
    for (const p of TRAVERSAL_PATHS) {
      for (const method of ['GET', 'HEAD', 'POST']) {
        const res = await send(s.bff.url, { label: 'traversal', method, path: p, headers: { 'x-forwarded-for': clientAddr() } });
        sent++;
        if (res.status >= 500 || res.status === 0) failures.push(`${method} ${p} → ${res.status} ${res.body}`);
        else if (method !== 'HEAD' && res.status >= 400 && !STABLE_ERROR.test(res.body)) failures.push(`${method} ${p} → ${res.status} without a stable code: ${res.body}`);
        if (res.body.includes('root:')) failures.push(`${method} ${p} served a system file`);
      }
    }
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(ops.length * 20);
    // The actors work: malformed requests are judged by validation, not all turned away at the door.
    const unauthenticated = byStatus.get(401) ?? 0;
    const ok = [...byStatus].filter(([st]) => st >= 200 && st < 300).reduce((n, [, c]) => n + c, 0);
    process.stdout.write(`fuzz: ${sent} requests over ${ops.length} operations, by status ${JSON.stringify(Object.fromEntries(byStatus))}\n`);
    expect(unauthenticated).toBeLessThan(sent * 0.1);
    expect(ok).toBeGreaterThan(0);
    // The fuzzer's well-formed request gets through auth, the policy and the handler: every read that
    // needs no id and no query parameter answered a success at least once.
    const plainReads = ops.filter((o) => o.method === 'GET' && !o.path.includes('{') && !(o.op.parameters ?? []).some((p: { in?: string; required?: boolean }) => p.in === 'query' && p.required));
    expect(plainReads.length).toBeGreaterThan(30);
    expect(plainReads.map((o) => `${o.method} ${o.path}`).filter((k) => !succeeded.has(k))).toEqual([]);
    expect(byStatus.get(400)).toBeGreaterThan(sent / 2);
    // 4xx are not errors: nothing logged at error level (no stack trace for a client's mistake).
    const errorsLogged = logLines.map((l) => JSON.parse(l)).filter((l) => l.level >= 50);
    expect(errorsLogged.map((l) => `${l.msg} ${l.path ?? ''} ${l.err?.message ?? ''}`)).toEqual([]);
  }, 120_000);
});
