/**
 * What the benchmarks share: a keep-alive HTTP client, a worker pool, percentiles, the stack under
 * test (sandbox in this process, the BFF in its own process on a scratch MariaDB database),
 * residents set up through the public API, and the plain GET /healthz baseline.
 */
import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { CONSENT_TEXTS } from '@healthpocket/shared-types';
import { createSandbox, type Sandbox } from '../../bff/sandbox/server';
import { freshSandboxPayKeys } from '../../bff/sandbox/wechatpay/keys';
import { createScratchMysqlDatabase } from '../../bff/src/db/scratch';
import { freePort } from '../lib/net';
import { startStack } from '../deploy/stack';

export const ROOT = path.resolve(__dirname, '../..');

export const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
export const flag = (name: string) => process.argv.includes(`--${name}`);

export const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN);

export function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/** Runs `fn` over `items` with `width` requests in flight. */
export async function pool<T>(items: T[], width: number, fn: (item: T, i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i], i);
      }
    }),
  );
}

export interface CallResult {
  status: number;
  body: any;
  ms: number;
}
export type Call = (base: string, method: string, p: string, opts?: { token?: string; body?: unknown; headers?: Record<string, string> }) => Promise<CallResult>;

/** A small keep-alive HTTP client: fetch's own overhead would be measured instead of the BFF. */
export function httpClient(maxSockets: number): { call: Call; destroy: () => void } {
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  const call: Call = (base, method, p, opts = {}) => {
    const t0 = process.hrtime.bigint();
    const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
    const u = new URL(base + p);
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: u.hostname,
          port: u.port,
          path: u.pathname + u.search,
          method,
          agent,
          headers: {
            ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
            ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
            ...opts.headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let body: unknown = text;
            try {
              body = text ? JSON.parse(text) : null;
            } catch {
              /* not JSON */
            }
            resolve({ status: res.statusCode ?? 0, body, ms: Number(process.hrtime.bigint() - t0) / 1e6 });
          });
        },
      );
      req.on('error', reject);
      if (payload) req.write(payload);
      req.end();
    });
  };
  return { call, destroy: () => agent.destroy() };
}

export interface BenchStack {
  sandbox: Sandbox;
  sandboxUrl: string;
  bffUrl: string;
  dbUrl: string;
  call: Call;
  stop: () => Promise<void>;
}

/**
 * The sandbox in this process and the BFF as `npm start` would run it, in its own process, on a
 * scratch database of MYSQL_URL. With `profile`, node runs the BFF itself (tsx's loader, no CLI
 * wrapper) so --cpu-prof writes the server's profile to bench-profiles/.
 */
export async function startBenchStack(opts: { concurrency: number; profile?: boolean; env?: Record<string, string> }): Promise<BenchStack> {
  const instances = arg('nginx', 0);
  if (instances > 0) return overNginx(instances, opts);
  const keys = freshSandboxPayKeys();
  const sandbox = createSandbox({ keysDir: keys.dir });
  const sbx = await sandbox.listen(0);
  const db = await createScratchMysqlDatabase(process.env.MYSQL_URL || 'mariadb://root@127.0.0.1:3306/test');
  const port = await freePort();
  const bffUrl = `http://127.0.0.1:${port}`;
  const { call, destroy } = httpClient(opts.concurrency + 10);
  const nodeArgs = opts.profile
    ? [
        '--cpu-prof',
        `--cpu-prof-dir=${path.join(ROOT, 'bench-profiles')}`,
        '--require',
        path.join(ROOT, 'node_modules/tsx/dist/preflight.cjs'),
        '--import',
        `file://${path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')}`,
        'bff/src/server.ts',
      ]
    : [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), '--tsconfig', 'bff/tsconfig.json', 'bff/src/server.ts'];
  const child: ChildProcess = spawn(process.execPath, nodeArgs, {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      ...keys.env,
      NODE_ENV: 'development',
      PORT: String(port),
      DATABASE_URL: db.url,
      LOG_LEVEL: 'error',
      TRUST_PROXY: 'true',
      WECHAT_API_BASE: `${sbx.url}/wechat`,
      WECHATPAY_API_BASE: `${sbx.url}/wechatpay`,
      HIS_API_BASE: `${sbx.url}/his`,
      PLATFORM_API_BASE: `${sbx.url}/platform`,
      PUBLIC_BASE_URL: bffUrl,
      REDIS_URL: '',
      ...(opts.profile ? { TSX_TSCONFIG_PATH: 'bff/tsconfig.json' } : {}),
      ...opts.env,
    },
  });
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    destroy();
    await sbx.close();
    await db.drop();
  };
  try {
    const until = Date.now() + 60_000;
    for (;;) {
      const ok = await call(bffUrl, 'GET', '/healthz')
        .then((r) => r.status === 200)
        .catch(() => false);
      if (ok) break;
      if (Date.now() > until) throw new Error('BFF did not start');
      await new Promise((r) => setTimeout(r, 300));
    }
  } catch (e) {
    await stop();
    throw e;
  }
  return { sandbox, sandboxUrl: sbx.url, bffUrl, dbUrl: db.url, call, stop };
}

/**
 * `--nginx N`: the production shape instead (scripts/deploy/stack.ts): N web instances of the
 * compiled BFF and a worker behind nginx, sharing MariaDB and Redis; requests go through nginx.
 */
async function overNginx(webInstances: number, opts: { concurrency: number; env?: Record<string, string> }): Promise<BenchStack> {
  const stack = await startStack({ webInstances, env: opts.env });
  const { call, destroy } = httpClient(opts.concurrency + 10);
  console.log(`through nginx ${stack.url}: ${webInstances} web instance${webInstances > 1 ? 's' : ''} + a worker (compiled BFF, MariaDB, Redis)`);
  return {
    sandbox: stack.sandbox,
    sandboxUrl: stack.sandboxUrl,
    bffUrl: stack.url,
    dbUrl: stack.dbUrl,
    call,
    stop: async () => {
      destroy();
      await stack.stop();
    },
  };
}

export interface Resident {
  token: string;
  /** Each user comes from its own address, so per-address limits act as in real life. */
  ip: string;
  memberId: string;
}

type Reach = Pick<BenchStack, 'call' | 'bffUrl' | 'sandboxUrl'>;

/**
 * One resident as the app makes one: WeChat login with a sandbox code, 刷脸认证 with the sandbox
 * passing the check (bff/test/harness.ts verifyIdentity does the same), optionally the
 * health-data consent. Answers the access token.
 */
export async function signUp(s: Reach, o: { openid: string; ip: string; name: string; idNumber: string; healthConsent?: boolean }): Promise<string> {
  const { call } = s;
  const h = { 'x-forwarded-for': o.ip };
  const code = (await call(s.sandboxUrl, 'POST', '/wechat/sandbox/codes', { body: { openid: o.openid } })).body.code;
  const login = await call(s.bffUrl, 'POST', '/api/v1/auth/wechat-login', { body: { code }, headers: h });
  if (login.status !== 200) throw new Error(`login ${login.status} ${JSON.stringify(login.body)}`);
  const token = login.body.accessToken;
  const face = await call(s.bffUrl, 'POST', '/api/v1/me/identity/face', { token, headers: h, body: { name: o.name, idNumber: o.idNumber } });
  if (face.status !== 200) throw new Error(`face start ${face.status} ${JSON.stringify(face.body)}`);
  await call(s.sandboxUrl, 'POST', '/wechat/sandbox/face/verify', { body: { verify_id: face.body.verifyId, outcome: 'pass' } });
  const rn = await call(s.bffUrl, 'POST', '/api/v1/me/identity/face/result', { token, headers: h, body: { verifyId: face.body.verifyId } });
  if (rn.status !== 200) throw new Error(`face result ${rn.status} ${JSON.stringify(rn.body)}`);
  if (o.healthConsent) {
    const consent = await call(s.bffUrl, 'POST', '/api/v1/me/consents', { token, headers: h, body: { kind: 'health_data', textVersion: CONSENT_TEXTS.health_data.version } });
    if (consent.status >= 300) throw new Error(`consent ${consent.status} ${JSON.stringify(consent.body)}`);
  }
  return token;
}

/**
 * `count` people to act for, set up through the public API as residents would: users of
 * `membersPerUser` members each (self + relatives by ID number), real-named, optionally with the
 * health-data consent.
 */
export async function prepareResidents(
  s: Reach,
  o: { count: number; membersPerUser: number; tag: string; idNumber: () => string; name: string; phone: string; healthConsent?: boolean },
): Promise<Resident[]> {
  const users: Array<{ token: string; ip: string; members: string[] }> = [];
  const call = s.call;
  const userCount = Math.ceil(o.count / o.membersPerUser);
  await pool(
    Array.from({ length: userCount }, (_, i) => i),
    20,
    async (i) => {
      const ip = `10.8.${i >> 8}.${i & 255}`;
      const h = { 'x-forwarded-for': ip };
      const token = await signUp(s, { openid: `${o.tag}_${process.pid}_${i}`, ip, name: o.name, idNumber: o.idNumber(), healthConsent: o.healthConsent });
      for (let k = 1; k < o.membersPerUser; k++) {
        const m = await call(s.bffUrl, 'POST', '/api/v1/family/members', { token, headers: h, body: { name: o.name, relation: 'sibling', idNumber: o.idNumber() } });
        if (m.status !== 201) throw new Error(`member ${m.status} ${JSON.stringify(m.body)}`);
      }
      const list = await call(s.bffUrl, 'GET', '/api/v1/family/members', { token, headers: h });
      users.push({ token, ip, members: list.body.items.map((x: { id: string }) => x.id) });
    },
  );
  return users.flatMap((u) => u.members.map((memberId) => ({ token: u.token, ip: u.ip, memberId }))).slice(0, o.count);
}

/** Every resident once, plus second devices up to `attempts`, in random order, each with its own key. */
export function rushAttempts<R extends Resident>(residents: R[], attempts: number, tag: string): Array<R & { key: string }> {
  return shuffle([...residents, ...residents.slice(0, attempts - residents.length)].map((r, i) => ({ ...r, key: `${tag}-${process.pid}-${i}` })));
}

/** The baseline: the same clients send `n` plain GET /healthz. */
export async function healthzBaseline(s: BenchStack, n: number, concurrency: number): Promise<{ rate: number; lat: number[] }> {
  const lat: number[] = [];
  const t0 = process.hrtime.bigint();
  await pool(Array.from({ length: n }), concurrency, async () => {
    const r = await s.call(s.bffUrl, 'GET', '/healthz');
    if (r.status === 200) lat.push(r.ms);
  });
  const sec = Number(process.hrtime.bigint() - t0) / 1e9;
  return { rate: lat.length / sec, lat: lat.sort((a, b) => a - b) };
}

/** "409 SLOT_FULL ×1950, 201 ×50" and the count of 5xx/network failures. */
export function tally(results: Array<{ status: number; code?: string }>): { outcomes: string; fivexx: number } {
  const by = new Map<string, number>();
  for (const r of results) {
    const k = `${r.status}${r.code ? ` ${r.code}` : ''}`;
    by.set(k, (by.get(k) ?? 0) + 1);
  }
  return {
    outcomes: [...by.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ×${v}`)
      .join(', '),
    fivexx: results.filter((r) => r.status >= 500 || r.status === 0).length,
  };
}
