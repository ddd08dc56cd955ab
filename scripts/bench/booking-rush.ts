/**
 * Booking rush (抢号): at release time, N concurrent clients send ATTEMPTS booking requests for the
 * 50 places of one doctor's newest released session, through the real BFF (its own process, on
 * MariaDB) and the sandbox HIS. Each distinct patient tries once; some patients tap on two devices
 * at once (a second attempt with another Idempotency-Key). Then the same clients hammer
 * GET /healthz the same number of times, for the ratio.
 *
 *   npx tsx --tsconfig bff/tsconfig.json scripts/bench/booking-rush.ts [--attempts 2000] [--concurrency 200] [--places 50] [--dupes 0.1] [--profile]
 *
 * Needs MariaDB (MYSQL_URL, default mariadb://root@127.0.0.1:3306/test; a scratch database is
 * created and dropped). Loopback only; bounded by --attempts. Prints oversold (must be 0),
 * 5xx (must be 0), attempts handled per second, p50/p99 latency, and the /healthz rate.
 */
import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { checkDigitFor, chinaToday } from '@healthpocket/shared-types';
import { createSandbox } from '../../bff/sandbox/server';
import { freshSandboxPayKeys } from '../../bff/sandbox/wechatpay/keys';
import { ledgerOf } from '../../bff/sandbox/his/booking-state';
import { createScratchMysqlDatabase } from '../../bff/src/db/scratch';
import { addDays, chinaParts } from '../../bff/src/modules/booking/china-time';

const ROOT = path.resolve(__dirname, '../..');
const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const ATTEMPTS = arg('attempts', 2000);
const CONCURRENCY = arg('concurrency', 200);
const PLACES = arg('places', 50);
const DUPES = arg('dupes', 0.1);
const PROFILE = process.argv.includes('--profile');
const MEMBERS_PER_USER = 6; // self + 5 family members (the family limit)

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

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

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
    // --profile: node runs the BFF itself (tsx's loader, no CLI wrapper) so --cpu-prof profiles the server.
    const nodeArgs = PROFILE
      ? ['--cpu-prof', `--cpu-prof-dir=${path.join(ROOT, 'bench-profiles')}`, '--require', path.join(ROOT, 'node_modules/tsx/dist/preflight.cjs'), '--import', `file://${path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')}`, 'bff/src/server.ts']
      : [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), '--tsconfig', 'bff/tsconfig.json', 'bff/src/server.ts'];
    child = spawn(process.execPath, nodeArgs, {
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
        ...(PROFILE ? { TSX_TSCONFIG_PATH: 'bff/tsconfig.json' } : {}),
      },
    });
    const until = Date.now() + 60_000;
    for (;;) {
      const ok = await call(bffUrl, 'GET', '/healthz').then((r) => r.status === 200).catch(() => false);
      if (ok) break;
      if (Date.now() > until) throw new Error('BFF did not start');
      await new Promise((r) => setTimeout(r, 300));
    }

    // ---- the session: the newest released day of a H001 expert, emptied, 50 places ----
    const world = ledgerOf(sandbox.context).world;
    const released = chinaParts(new Date()).time >= '07:00' ? 13 : 12; // H001 releases today + 13 at 07:00
    const date = addDays(chinaToday(), released);
    const session = [...world.sessions.values()]
      .filter((s) => s.hospitalId === 'H001' && s.date === date && s.feeFen > 0)
      .sort((a, b) => b.slotIds.length - a.slotIds.length)[0];
    if (!session) throw new Error(`no H001 session on ${date}`);
    const reset = await call(sbx.url, 'POST', `/his/sandbox/sessions/${session.id}/reset`, { body: { capacityTotal: PLACES } });
    const slotIds: string[] = reset.body.slots.map((s: { id: string }) => s.id);

    // ---- patients: users of 6 members each, each user from its own address ----
    const distinct = Math.ceil(ATTEMPTS * (1 - DUPES));
    const userCount = Math.ceil(distinct / MEMBERS_PER_USER);
    const t0 = Date.now();
    const users: Array<{ token: string; ip: string; members: string[] }> = [];
    let seq = 0;
    const idNumber = () => {
      const n = seq++;
      const first = `110101${1960 + (n % 40)}0${1 + (Math.floor(n / 40) % 9)}1${Math.floor(n / 360) % 9}${String(Math.floor(n / 3240)).padStart(3, '0')}`;
      return first + checkDigitFor(first);
    };
    await pool(
      Array.from({ length: userCount }, (_, i) => i),
      20,
      async (i) => {
        const ip = `10.9.${i >> 8}.${i & 255}`;
        const h = { 'x-forwarded-for': ip };
        const openid = `rush_${process.pid}_${i}`;
        const code = (await call(sbx.url, 'POST', '/wechat/sandbox/codes', { body: { openid } })).body.code;
        const login = await call(bffUrl, 'POST', '/api/v1/auth/wechat-login', { body: { code }, headers: h });
        if (login.status !== 200) throw new Error(`login ${login.status} ${JSON.stringify(login.body)}`);
        const token = login.body.accessToken;
        const phoneCode = (await call(sbx.url, 'POST', '/wechat/sandbox/phone-codes', { body: { phoneNumber: '13800138000' } })).body.code;
        const rn = await call(bffUrl, 'PUT', '/api/v1/me/real-name', { token, headers: h, body: { name: '抢号者', idNumber: idNumber(), phoneCode } });
        if (rn.status !== 200) throw new Error(`real-name ${rn.status} ${JSON.stringify(rn.body)}`);
        for (let k = 1; k < MEMBERS_PER_USER; k++) {
          const m = await call(bffUrl, 'POST', '/api/v1/family/members', { token, headers: h, body: { name: '抢号家人', relation: 'sibling', idNumber: idNumber() } });
          if (m.status !== 201) throw new Error(`member ${m.status} ${JSON.stringify(m.body)}`);
        }
        const list = await call(bffUrl, 'GET', '/api/v1/family/members', { token, headers: h });
        users.push({ token, ip, members: list.body.items.map((x: { id: string }) => x.id) });
      },
    );
    const patients = users.flatMap((u) => u.members.map((m) => ({ token: u.token, ip: u.ip, memberId: m }))).slice(0, distinct);
    console.log(`prepared ${users.length} users / ${patients.length} patients in ${((Date.now() - t0) / 1000).toFixed(1)} s; session ${session.id} (${slotIds.length} slots, ${PLACES} places)`);

    // ---- the rush: every patient once, plus second devices, in random order ----
    const attempts = [...patients, ...patients.slice(0, ATTEMPTS - patients.length)].map((p, i) => ({ ...p, slotId: slotIds[Math.floor(Math.random() * slotIds.length)], key: `rush-${process.pid}-${i}` }));
    for (let i = attempts.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [attempts[i], attempts[j]] = [attempts[j], attempts[i]];
    }
    // Warm up the code paths on another doctor's session (not counted).
    const warm = [...world.sessions.values()].find((s) => s.hospitalId === 'H001' && s.date === addDays(chinaToday(), 3) && s.feeFen > 0 && s.id !== session.id)!;
    await call(sbx.url, 'POST', `/his/sandbox/sessions/${warm.id}/reset`, { body: { capacityTotal: 5 } });
    await pool(patients.slice(0, 50), 10, async (p) => {
      await call(bffUrl, 'POST', '/api/v1/bookings', { token: p.token, headers: { 'x-forwarded-for': p.ip, 'idempotency-key': `warm-${p.memberId}` }, body: { slotId: warm.slotIds[0], memberId: p.memberId } });
    });

    // Statements the server ran during the rush (MariaDB's own counters: the whole server).
    const counters = async () => {
      const c = await mysql.createConnection(db.url.replace(/^mariadb:/, 'mysql:'));
      const [r] = (await c.query("SHOW GLOBAL STATUS WHERE Variable_name IN ('Questions','Com_select','Com_insert','Com_update','Com_delete','Com_commit','Innodb_data_fsyncs')")) as unknown as [Array<{ Variable_name: string; Value: string }>];
      await c.end();
      return Object.fromEntries(r.map((x) => [x.Variable_name, Number(x.Value)]));
    };
    const before = await counters();
    const results: Array<{ status: number; code?: string; ms: number }> = [];
    const rushStart = process.hrtime.bigint();
    await pool(attempts, CONCURRENCY, async (a) => {
      try {
        const r = await call(bffUrl, 'POST', '/api/v1/bookings', {
          token: a.token,
          headers: { 'x-forwarded-for': a.ip, 'idempotency-key': a.key },
          body: { slotId: a.slotId, memberId: a.memberId },
        });
        results.push({ status: r.status, code: r.body?.error?.code, ms: r.ms });
      } catch {
        results.push({ status: 0, code: 'NETWORK', ms: 0 });
      }
    });
    const rushSec = Number(process.hrtime.bigint() - rushStart) / 1e9;
    const after = await counters();
    const per = (k: string) => ((after[k] - before[k]) / results.length).toFixed(2);

    // ---- the same clients, the same number of plain GET /healthz ----
    const hz: number[] = [];
    const hzStart = process.hrtime.bigint();
    await pool(attempts, CONCURRENCY, async () => {
      const r = await call(bffUrl, 'GET', '/healthz');
      if (r.status === 200) hz.push(r.ms);
    });
    const hzSec = Number(process.hrtime.bigint() - hzStart) / 1e9;

    // ---- verification: the HIS's counts, the BFF's rows, one place per patient ----
    let oversoldHis = 0;
    let heldHis = 0;
    for (const id of slotIds) {
      const s = (await call(sbx.url, 'GET', `/his/slots/${id}`)).body;
      oversoldHis += Math.max(0, s.booked - s.capacity);
      heldHis += s.booked;
    }
    const conn = await mysql.createConnection(db.url.replace(/^mariadb:/, 'mysql:'));
    const [rows] = (await conn.query(
      "SELECT patientKey, COUNT(*) AS n FROM bookings WHERE sessionId = ? AND status IN ('pending_payment','confirming','confirmed') GROUP BY patientKey",
      [session.id],
    )) as unknown as [Array<{ patientKey: string; n: number }>];
    await conn.end();
    const bffActive = rows.reduce((n, r) => n + Number(r.n), 0);
    const doubleBooked = rows.filter((r) => Number(r.n) > 1).length;
    const oversold = oversoldHis + Math.max(0, bffActive - PLACES);

    const lat = results.map((r) => r.ms).sort((a, b) => a - b);
    const hzLat = hz.sort((a, b) => a - b);
    const won = results.filter((r) => r.status === 201).map((r) => r.ms).sort((a, b) => a - b);
    const lost = results.filter((r) => r.status >= 400 && r.status < 500).map((r) => r.ms).sort((a, b) => a - b);
    const by = new Map<string, number>();
    for (const r of results) by.set(`${r.status}${r.code ? ` ${r.code}` : ''}`, (by.get(`${r.status}${r.code ? ` ${r.code}` : ''}`) ?? 0) + 1);
    const fivexx = results.filter((r) => r.status >= 500 || r.status === 0).length;
    const rate = results.length / rushSec;
    const hzRate = hz.length / hzSec;

    console.log(`
Booking rush — ${ATTEMPTS} attempts, ${CONCURRENCY} concurrent clients, ${PLACES} places of ${session.doctorId} on ${session.date} (${session.id}), MariaDB
  outcomes:            ${[...by.entries()].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ×${v}`).join(', ')}
  booked (BFF rows):   ${bffActive} of ${PLACES} places; HIS holds ${heldHis}
  oversold:            ${oversold}   (must be 0)
  patients with 2+:    ${doubleBooked}   (must be 0)
  5xx / network:       ${fivexx}   (must be 0)
  attempts handled/s:  ${rate.toFixed(0)}   (${results.length} in ${rushSec.toFixed(2)} s)
  latency p50 / p99:   ${pct(lat, 50).toFixed(1)} ms / ${pct(lat, 99).toFixed(1)} ms   (max ${lat[lat.length - 1].toFixed(1)} ms)
    booked (201):      p50 ${pct(won, 50).toFixed(1)} ms, p99 ${pct(won, 99).toFixed(1)} ms
    refused (4xx):     p50 ${pct(lost, 50).toFixed(1)} ms, p99 ${pct(lost, 99).toFixed(1)} ms
  GET /healthz:        ${hzRate.toFixed(0)} req/s, p50 ${pct(hzLat, 50).toFixed(1)} ms, p99 ${pct(hzLat, 99).toFixed(1)} ms
  ratio:               booking attempts run at ${((rate / hzRate) * 100).toFixed(0)} % of the /healthz rate
  MariaDB per attempt: ${per('Questions')} statements (select ${per('Com_select')}, insert ${per('Com_insert')}, update ${per('Com_update')}, delete ${per('Com_delete')}, commit ${per('Com_commit')}), ${per('Innodb_data_fsyncs')} fsyncs
`);
    process.exitCode = oversold === 0 && fivexx === 0 && doubleBooked === 0 && bffActive === Math.min(PLACES, patients.length) ? 0 : 1;
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
