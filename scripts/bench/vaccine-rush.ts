/**
 * Vaccine rush (抢九价): a batch of nine-valent HPV doses opens at a clinic and ATTEMPTS booking
 * requests arrive at once from women eligible for it, through the real BFF (its own process, on
 * MariaDB) and the sandbox platform. Each woman tries once; some tap on two devices (a second
 * attempt with another Idempotency-Key). While the rush runs, a probe times GET /healthz; after it,
 * the same clients send the same number of GET /healthz for the baseline rate.
 *
 *   npx tsx --tsconfig bff/tsconfig.json scripts/bench/vaccine-rush.ts [--attempts 2000] [--doses 100] [--concurrency 200] [--dupes 0.1]
 *
 * Needs MariaDB (MYSQL_URL, default mariadb://root@127.0.0.1:3306/test; a scratch database is
 * created and dropped). Loopback only; bounded by --attempts. Prints oversold (must be 0), 5xx
 * (must be 0), attempts handled per second, p50/p99 latency, /healthz during and after the rush.
 */
import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { CONSENT_TEXTS, checkDigitFor } from '@healthpocket/shared-types';
import { createSandbox } from '../../bff/sandbox/server';
import { freshSandboxPayKeys } from '../../bff/sandbox/wechatpay/keys';
import { createScratchMysqlDatabase } from '../../bff/src/db/scratch';

const ROOT = path.resolve(__dirname, '../..');
const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const ATTEMPTS = arg('attempts', 2000);
const DOSES = arg('doses', 100);
const CONCURRENCY = arg('concurrency', 200);
const DUPES = arg('dupes', 0.1);
const MEMBERS_PER_USER = 6; // self + 5 family members (the family limit)
const CLINIC = 'VC003';
const PRODUCT = 'P-HPV9';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

// ---- a small keep-alive HTTP client (fetch's overhead would be measured instead of the BFF) ----
let agent: http.Agent;
function call(base: string, method: string, p: string, opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<{ status: number; body: any; ms: number }> {
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
}

async function pool<T>(items: T[], width: number, fn: (item: T, i: number) => Promise<void>) {
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

const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN);
const chinaNowIso = () => new Date(Date.now() + 8 * 3600_000).toISOString().replace(/\.\d+Z$/, '+08:00');

async function main() {
  const mysqlBase = process.env.MYSQL_URL || 'mariadb://root@127.0.0.1:3306/test';
  const keys = freshSandboxPayKeys();
  const sandbox = createSandbox({ keysDir: keys.dir });
  const sbx = await sandbox.listen(0);
  const db = await createScratchMysqlDatabase(mysqlBase);
  const port = await freePort();
  const bffUrl = `http://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY + 10 });
  try {
    // ---- the release: exactly DOSES open doses of HPV9 at the clinic (the weekly batch counts if already open) ----
    const before = (await call(sbx.url, 'GET', '/platform/vaccination/products')).body.items.find((p: { id: string }) => p.id === PRODUCT);
    const nowIso = chinaNowIso();
    const alreadyOpen = before.batches.filter((b: { clinicId: string; releaseAt: string }) => b.clinicId === CLINIC && Date.parse(b.releaseAt) <= Date.parse(nowIso)).reduce((n: number, b: { quantity: number }) => n + b.quantity, 0);
    if (alreadyOpen >= DOSES) throw new Error(`${alreadyOpen} doses are already open at ${CLINIC}; ask for more than that with --doses`);
    const batch = (await call(sbx.url, 'POST', '/platform/vaccination/sandbox/batches', { body: { clinicId: CLINIC, productId: PRODUCT, quantity: DOSES - alreadyOpen, releaseAt: nowIso } })).body;

    child = spawn(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), '--tsconfig', 'bff/tsconfig.json', 'bff/src/server.ts'], {
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
        VACCINE_JOB_INTERVAL_SECONDS: '0',
      },
    });
    const until = Date.now() + 60_000;
    for (;;) {
      const ok = await call(bffUrl, 'GET', '/healthz').then((r) => r.status === 200).catch(() => false);
      if (ok) break;
      if (Date.now() > until) throw new Error('BFF did not start');
      await new Promise((r) => setTimeout(r, 300));
    }

    // ---- women 18–40: users of 6 members each (self + 5 relatives by ID number), each user from its own address ----
    const distinct = Math.ceil(ATTEMPTS * (1 - DUPES));
    const userCount = Math.ceil(distinct / MEMBERS_PER_USER);
    const t0 = Date.now();
    const users: Array<{ token: string; ip: string; members: string[] }> = [];
    let seq = 0;
    const womanId = () => {
      const n = seq++;
      // Born 1987–2006 on day 10–18 of a month; an even sequence digit makes her female.
      const first = `110105${1987 + (n % 20)}0${1 + (Math.floor(n / 20) % 9)}1${Math.floor(n / 180) % 9}${String((Math.floor(n / 1620) % 500) * 2).padStart(3, '0')}`;
      return first + checkDigitFor(first);
    };
    await pool(
      Array.from({ length: userCount }, (_, i) => i),
      20,
      async (i) => {
        const ip = `10.7.${i >> 8}.${i & 255}`;
        const h = { 'x-forwarded-for': ip };
        const openid = `hpv_${process.pid}_${i}`;
        const code = (await call(sbx.url, 'POST', '/wechat/sandbox/codes', { body: { openid } })).body.code;
        const login = await call(bffUrl, 'POST', '/api/v1/auth/wechat-login', { body: { code }, headers: h });
        if (login.status !== 200) throw new Error(`login ${login.status} ${JSON.stringify(login.body)}`);
        const token = login.body.accessToken;
        const phoneCode = (await call(sbx.url, 'POST', '/wechat/sandbox/phone-codes', { body: { phoneNumber: '13912345678' } })).body.code;
        const rn = await call(bffUrl, 'PUT', '/api/v1/me/real-name', { token, headers: h, body: { name: '李娜', idNumber: womanId(), phoneCode } });
        if (rn.status !== 200) throw new Error(`real-name ${rn.status} ${JSON.stringify(rn.body)}`);
        const consent = await call(bffUrl, 'POST', '/api/v1/me/consents', { token, headers: h, body: { kind: 'health_data', textVersion: CONSENT_TEXTS.health_data.version } });
        if (consent.status >= 300) throw new Error(`consent ${consent.status} ${JSON.stringify(consent.body)}`);
        for (let k = 1; k < MEMBERS_PER_USER; k++) {
          const m = await call(bffUrl, 'POST', '/api/v1/family/members', { token, headers: h, body: { name: '李娜', relation: 'sibling', idNumber: womanId() } });
          if (m.status !== 201) throw new Error(`member ${m.status} ${JSON.stringify(m.body)}`);
        }
        const list = await call(bffUrl, 'GET', '/api/v1/family/members', { token, headers: h });
        users.push({ token, ip, members: list.body.items.map((x: { id: string }) => x.id) });
      },
    );
    const women = users.flatMap((u) => u.members.map((m) => ({ token: u.token, ip: u.ip, memberId: m }))).slice(0, distinct);

    // One session for everyone (its 200 places outnumber the doses: the stock decides).
    const sessions = (await call(bffUrl, 'GET', `/api/v1/vaccines/clinics/${CLINIC}/sessions?vaccineCode=HPV9`, { token: users[0].token, headers: { 'x-forwarded-for': users[0].ip } })).body.items;
    const open = sessions.filter((s: { start: string }) => Date.parse(s.start) > Date.now() + 3600_000);
    const session = open[open.length - 1];
    const warm = open[0];
    console.log(`prepared ${users.length} users / ${women.length} women in ${((Date.now() - t0) / 1000).toFixed(1)} s; ${DOSES} HPV9 doses open at ${CLINIC} (batch ${batch.id}${alreadyOpen ? ` + ${alreadyOpen} from the weekly release` : ''}); session ${session.id}`);

    // Warm up the code paths with flu bookings on another session (not counted).
    await pool(women.slice(0, 50), 10, async (w) => {
      await call(bffUrl, 'POST', '/api/v1/vaccines/appointments', { token: w.token, headers: { 'x-forwarded-for': w.ip, 'idempotency-key': `warm-${w.memberId}` }, body: { memberId: w.memberId, clinicId: CLINIC, sessionId: warm.id, vaccineCode: 'Flu' } });
    });

    // ---- the rush: every woman once, plus second devices, in random order ----
    const attempts = [...women, ...women.slice(0, ATTEMPTS - women.length)].map((w, i) => ({ ...w, key: `hpv-${process.pid}-${i}` }));
    for (let i = attempts.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [attempts[i], attempts[j]] = [attempts[j], attempts[i]];
    }
    const results: Array<{ status: number; code?: string; ms: number; sent: number }> = [];
    let sentSeq = 0;
    let rushing = true;
    const during: number[] = [];
    const probe = (async () => {
      // Responsiveness while the rush runs: one /healthz at a time, back to back.
      while (rushing) {
        const r = await call(bffUrl, 'GET', '/healthz').catch(() => null);
        if (r && r.status === 200) during.push(r.ms);
      }
    })();
    const rushStart = process.hrtime.bigint();
    await pool(attempts, CONCURRENCY, async (a) => {
      const sent = sentSeq++;
      try {
        const r = await call(bffUrl, 'POST', '/api/v1/vaccines/appointments', {
          token: a.token,
          headers: { 'x-forwarded-for': a.ip, 'idempotency-key': a.key },
          body: { memberId: a.memberId, clinicId: CLINIC, sessionId: session.id, vaccineCode: 'HPV9' },
        });
        results.push({ status: r.status, code: r.body?.error?.code, ms: r.ms, sent });
      } catch {
        results.push({ status: 0, code: 'NETWORK', ms: 0, sent });
      }
    });
    const rushSec = Number(process.hrtime.bigint() - rushStart) / 1e9;
    rushing = false;
    await probe;

    // ---- the same clients, the same number of plain GET /healthz ----
    const hz: number[] = [];
    const hzStart = process.hrtime.bigint();
    await pool(attempts, CONCURRENCY, async () => {
      const r = await call(bffUrl, 'GET', '/healthz');
      if (r.status === 200) hz.push(r.ms);
    });
    const hzSec = Number(process.hrtime.bigint() - hzStart) / 1e9;

    // ---- verification on the database: stock, appointments, orders ----
    const conn = await mysql.createConnection(db.url.replace(/^mariadb:/, 'mysql:'));
    const q = async <T>(sql: string, params: unknown[] = []) => ((await conn.query(sql, params)) as unknown as [T[]])[0];
    const stock = await q<{ id: string; quantity: number; remaining: number }>('SELECT id, quantity, remaining FROM vaccine_stock WHERE clinicId = ? AND productId = ? AND releaseAt <= UTC_TIMESTAMP(6)', [CLINIC, PRODUCT]);
    const taken = await q<{ stockId: string; n: number }>("SELECT stockId, COUNT(*) AS n FROM vaccine_appointments WHERE vaccineCode = 'HPV9' AND status IN ('pending_payment','confirmed') GROUP BY stockId");
    const perPerson = await q<{ personKey: string; n: number }>("SELECT personKey, COUNT(*) AS n FROM vaccine_appointments WHERE vaccineCode = 'HPV9' AND status IN ('pending_payment','confirmed') GROUP BY personKey HAVING COUNT(*) > 1");
    const orders = await q<{ n: number }>("SELECT COUNT(*) AS n FROM payment_orders WHERE purpose = 'vaccine' AND description LIKE '九价%'");
    const quota = await q<{ booked: number; capacity: number }>('SELECT booked, capacity FROM vaccine_session_quotas WHERE id = ?', [`${session.id}|HPV9`]);
    await conn.end();
    const capacity = stock.reduce((n, s) => n + Number(s.quantity), 0);
    const takenBy = new Map(taken.map((t) => [t.stockId, Number(t.n)]));
    const booked = taken.reduce((n, t) => n + Number(t.n), 0);
    let oversold = Math.max(0, booked - capacity);
    let inconsistent = 0;
    for (const s of stock) {
      const n = takenBy.get(s.id) ?? 0;
      oversold += Math.max(0, n - Number(s.quantity)) + Math.max(0, -Number(s.remaining));
      if (Number(s.quantity) - Number(s.remaining) !== n) inconsistent++;
    }

    const ok = results.filter((r) => r.status === 201);
    const lastWinner = ok.reduce((m, r) => Math.max(m, r.sent), -1) + 1;
    const lat = results.map((r) => r.ms).sort((a, b) => a - b);
    const okLat = ok.map((r) => r.ms).sort((a, b) => a - b);
    const noLat = results.filter((r) => r.status !== 201).map((r) => r.ms).sort((a, b) => a - b);
    const hzLat = hz.sort((a, b) => a - b);
    const duringLat = during.sort((a, b) => a - b);
    const by = new Map<string, number>();
    for (const r of results) {
      const k = `${r.status}${r.code ? ` ${r.code}` : ''}`;
      by.set(k, (by.get(k) ?? 0) + 1);
    }
    const fivexx = results.filter((r) => r.status >= 500 || r.status === 0).length;
    const rate = results.length / rushSec;
    const hzRate = hz.length / hzSec;

    console.log(`
Vaccine rush — ${ATTEMPTS} attempts by ${women.length} women, ${CONCURRENCY} concurrent clients, ${capacity} HPV9 doses at ${CLINIC} (${session.id}), MariaDB
  outcomes:            ${[...by.entries()].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ×${v}`).join(', ')}
  booked:              ${booked} of ${capacity} doses (stock rows left ${stock.reduce((n, s) => n + Number(s.remaining), 0)}); session places ${quota[0]?.booked}/${quota[0]?.capacity}; payment orders ${orders[0]?.n}
  oversold:            ${oversold}   (must be 0)
  women with 2+:       ${perPerson.length}   (must be 0)
  stock ≠ bookings:    ${inconsistent}   (must be 0)
  5xx / network:       ${fivexx}   (must be 0)
  first come:          every winner was among the first ${lastWinner} of ${results.length} attempts sent
  attempts handled/s:  ${rate.toFixed(0)}   (${results.length} in ${rushSec.toFixed(2)} s)
  latency p50 / p99:   ${pct(lat, 50).toFixed(1)} ms / ${pct(lat, 99).toFixed(1)} ms   (max ${lat[lat.length - 1].toFixed(1)} ms)
                       booked ${pct(okLat, 50).toFixed(1)} / ${pct(okLat, 99).toFixed(1)} ms; refused ${pct(noLat, 50).toFixed(1)} / ${pct(noLat, 99).toFixed(1)} ms
  /healthz in the rush: ${duringLat.length} probes, p50 ${pct(duringLat, 50).toFixed(1)} ms, p99 ${pct(duringLat, 99).toFixed(1)} ms
  GET /healthz after:  ${hzRate.toFixed(0)} req/s, p50 ${pct(hzLat, 50).toFixed(1)} ms, p99 ${pct(hzLat, 99).toFixed(1)} ms
  ratio:               booking attempts run at ${((rate / hzRate) * 100).toFixed(0)} % of the /healthz rate
`);
    process.exitCode = oversold === 0 && fivexx === 0 && perPerson.length === 0 && inconsistent === 0 && booked === Math.min(capacity, women.length) ? 0 : 1;
  } finally {
    if (child) {
      child.kill('SIGTERM');
      await new Promise((r) => child!.once('exit', r));
    }
    agent.destroy();
    await sbx.close();
    await db.drop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
