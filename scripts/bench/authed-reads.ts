/**
 * Authenticated reads: GET /api/v1/me and GET /api/v1/family/members with real access tokens,
 * CONCURRENCY clients, REQUESTS each, against the real BFF (its own process, on MariaDB), and the
 * plain GET /healthz rate from the same clients in the same run as the baseline. Prints req/s, the
 * ratio to /healthz, p50/p99 and the MariaDB statements per request (MariaDB's own counters: who
 * the caller is comes from the principal cache, so only the route's own data is read).
 *
 *   npx tsx --tsconfig bff/tsconfig.json scripts/bench/authed-reads.ts [--seconds 10] [--concurrency 50] [--users 20] [--nginx N] [--node [--requests 5000]]
 *
 * With wrk installed (Debian's `wrk`), wrk drives the load for --seconds per route, each request
 * with the next user's token and address, and the baseline is a bare Koa app in its own process
 * measured by the same wrk in the same run (the framework's own speed), besides /healthz; the public
 * GET /api/v1/booking/hospitals is measured too. --node uses the Node client and /healthz instead.
 *
 * Needs MariaDB (MYSQL_URL, default mariadb://root@127.0.0.1:3306/test; a scratch database is
 * created and dropped). Loopback only; bounded by --requests.
 */
import mysql from 'mysql2/promise';
import { checkDigitFor } from '@healthpocket/shared-types';
import { arg, flag, healthzBaseline, pct, pool, prepareResidents, startBenchStack, type BenchStack, type Resident } from './lib';
import { hasWrk, startBareKoa, wrk, type WrkResult } from './wrk';

const REQUESTS = arg('requests', 5000);
const CONCURRENCY = arg('concurrency', 50);
const USERS = arg('users', 20);
const SECONDS = arg('seconds', 10);
/** wrk when it is installed (apt-get install wrk) unless --node; the Node client otherwise. */
const WRK = !flag('node') && hasWrk();

async function main() {
  // The public browse budget per address is raised: the benchmark measures the read path (the
  // limiter's own cost included), not how soon 20 addresses run out of it.
  const s = await startBenchStack({ concurrency: CONCURRENCY, profile: flag('profile'), env: { PUBLIC_BROWSE_RATE_PER_MINUTE: '1000000' } });
  try {
    let seq = 0;
    const idNumber = () => {
      const n = seq++;
      const first = `110105${1970 + (n % 30)}0${1 + (Math.floor(n / 30) % 9)}2${Math.floor(n / 270) % 9}${String((Math.floor(n / 2430) % 500) * 2 + 1).padStart(3, '0')}`;
      return first + checkDigitFor(first);
    };
    const residents = await prepareResidents(s, { count: USERS * 3, membersPerUser: 3, tag: 'reads', idNumber, name: '王强', phone: '13912345678' });
    const users = residents.filter((_, i) => i % 3 === 0);
    const counters = async () => {
      const c = await mysql.createConnection(s.dbUrl.replace(/^mariadb:/, 'mysql:'));
      const [r] = (await c.query("SHOW GLOBAL STATUS WHERE Variable_name IN ('Questions')")) as unknown as [Array<{ Variable_name: string; Value: string }>];
      await c.end();
      return Number(r[0].Value);
    };
    const run = async (path: string) => {
      const lat: number[] = [];
      let bad = 0;
      // Warm: every user's principal and the code paths.
      await pool(users, 10, async (u) => void (await s.call(s.bffUrl, 'GET', path, { token: u.token, headers: { 'x-forwarded-for': u.ip } })));
      const q0 = await counters();
      const t0 = process.hrtime.bigint();
      await pool(
        Array.from({ length: REQUESTS }, (_, i) => users[i % users.length]),
        CONCURRENCY,
        async (u) => {
          const r = await s.call(s.bffUrl, 'GET', path, { token: u.token, headers: { 'x-forwarded-for': u.ip } });
          if (r.status === 200) lat.push(r.ms);
          else bad++;
        },
      );
      const sec = Number(process.hrtime.bigint() - t0) / 1e9;
      // The counters' own connection and query count as 2 statements.
      const statements = ((await counters()) - q0 - 2) / REQUESTS;
      lat.sort((a, b) => a - b);
      return { rate: lat.length / sec, lat, bad, statements };
    };
    if (WRK) {
      process.exitCode = await withWrk(s, users);
      return;
    }
    const hz = await healthzBaseline(s, REQUESTS, CONCURRENCY);
    const me = await run('/api/v1/me');
    const members = await run('/api/v1/family/members');
    const hz2 = await healthzBaseline(s, REQUESTS, CONCURRENCY);
    const base = (hz.rate + hz2.rate) / 2;
    const line = (name: string, r: Awaited<ReturnType<typeof run>>) =>
      `  ${name.padEnd(26)} ${r.rate.toFixed(0)} req/s = ${(r.rate / base).toFixed(2)} of /healthz; p50 ${pct(r.lat, 50).toFixed(1)} ms, p99 ${pct(r.lat, 99).toFixed(1)} ms; ${r.statements.toFixed(2)} statements/request; non-200: ${r.bad}`;
    console.log(`
Authenticated reads — ${REQUESTS} requests per route, ${CONCURRENCY} concurrent clients, ${users.length} users, MariaDB
${line('GET /api/v1/me', me)}
${line('GET /api/v1/family/members', members)}
  GET /healthz:              ${hz.rate.toFixed(0)} req/s before, ${hz2.rate.toFixed(0)} req/s after (baseline ${base.toFixed(0)})
`);
    console.log(`BENCH ${JSON.stringify({ me: me.rate, members: members.rate, healthz: base, meStatements: me.statements, membersStatements: members.statements })}`);
    process.exitCode = me.bad === 0 && members.bad === 0 ? 0 : 1;
  } finally {
    await s.stop();
  }
}

/** wrk over bare Koa, /healthz, the two authenticated reads and the public cached read. */
async function withWrk(s: BenchStack, users: Resident[]): Promise<number> {
  const koa = await startBareKoa();
  try {
    const sets = users.map((u) => ({ authorization: `Bearer ${u.token}`, 'x-forwarded-for': u.ip }));
    const go = (url: string, headerSets?: Array<Record<string, string>>) => wrk(url, { connections: CONCURRENCY, seconds: SECONDS, headerSets });
    const bare1 = await go(`${koa.url}/healthz`);
    const hz = await go(`${s.bffUrl}/healthz`);
    const me = await go(`${s.bffUrl}/api/v1/me`, sets);
    const members = await go(`${s.bffUrl}/api/v1/family/members`, sets);
    const hospitals = await go(
      `${s.bffUrl}/api/v1/booking/hospitals`,
      sets.map((h) => ({ 'x-forwarded-for': h['x-forwarded-for'] })),
    );
    const bare2 = await go(`${koa.url}/healthz`);
    const base = (bare1.rate + bare2.rate) / 2;
    const line = (name: string, r: WrkResult) =>
      `  ${name.padEnd(30)} ${r.rate.toFixed(0).padStart(6)} req/s = ${(r.rate / base).toFixed(2)} of bare Koa; p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms; non-2xx/errors: ${r.bad}`;
    console.log(`
Authenticated reads — wrk, ${CONCURRENCY} connections, ${SECONDS} s per route, ${users.length} users, MariaDB
${line('bare Koa GET /healthz', { ...bare1, rate: base })}
${line('GET /healthz (BFF, db ping)', hz)}
${line('GET /api/v1/me', me)}
${line('GET /api/v1/family/members', members)}
${line('GET /api/v1/booking/hospitals', hospitals)}
  bare Koa: ${bare1.rate.toFixed(0)} req/s before, ${bare2.rate.toFixed(0)} after
`);
    console.log(`BENCH ${JSON.stringify({ bareKoa: base, healthz: hz.rate, me: me.rate, members: members.rate, hospitals: hospitals.rate })}`);
    return [me, members, hospitals].every((r) => r.bad === 0) ? 0 : 1;
  } finally {
    await koa.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
