/**
 * Vaccine rush (抢九价): a batch of nine-valent HPV doses opens at a clinic and ATTEMPTS booking
 * requests arrive at once from women eligible for it, through the real BFF (its own process, on
 * MariaDB) and the sandbox platform. Each woman tries once; some tap on two devices (a second
 * attempt with another Idempotency-Key). While the rush runs, a probe times GET /healthz; after it,
 * the same clients send the same number of GET /healthz for the baseline rate.
 *
 *   npx tsx --tsconfig bff/tsconfig.json scripts/bench/vaccine-rush.ts [--attempts 2000] [--doses 100] [--concurrency 200] [--dupes 0.1] [--members 1] [--nginx N]
 *
 * Needs MariaDB (MYSQL_URL, default mariadb://root@127.0.0.1:3306/test; a scratch database is
 * created and dropped). Loopback only; bounded by --attempts. Prints oversold (must be 0), 5xx
 * (must be 0), attempts handled per second, p50/p99 latency, /healthz during and after the rush.
 */
import mysql from 'mysql2/promise';
import { checkDigitFor } from '@healthpocket/shared-types';
import { arg, healthzBaseline, pct, pool, prepareResidents, rushAttempts, startBenchStack, tally } from './lib';

const ATTEMPTS = arg('attempts', 2000);
const DOSES = arg('doses', 100);
const CONCURRENCY = arg('concurrency', 200);
const DUPES = arg('dupes', 0.1);
// Relatives added by ID number need their own 家人授权 before anyone books a vaccine for them (403
// FAMILY_AUTHORIZATION_REQUIRED), so by default each woman books for herself: one member per user.
const MEMBERS_PER_USER = arg('members', 1);
const CLINIC = 'VC003';
const PRODUCT = 'P-HPV9';

const chinaNowIso = () => new Date(Date.now() + 8 * 3600_000).toISOString().replace(/\.\d+Z$/, '+08:00');

async function main() {
  const s = await startBenchStack({ concurrency: CONCURRENCY, env: { VACCINE_JOB_INTERVAL_SECONDS: '0' } });
  const { call, bffUrl, sandboxUrl } = s;
  try {
    // ---- the release: exactly DOSES open doses of HPV9 at the clinic (the weekly batch counts if already open) ----
    const before = (await call(sandboxUrl, 'GET', '/platform/vaccination/products')).body.items.find((p: { id: string }) => p.id === PRODUCT);
    const nowIso = chinaNowIso();
    const alreadyOpen = before.batches
      .filter((b: { clinicId: string; releaseAt: string }) => b.clinicId === CLINIC && Date.parse(b.releaseAt) <= Date.parse(nowIso))
      .reduce((n: number, b: { quantity: number }) => n + b.quantity, 0);
    if (alreadyOpen >= DOSES) throw new Error(`${alreadyOpen} doses are already open at ${CLINIC}; ask for more than that with --doses`);
    const batch = (await call(sandboxUrl, 'POST', '/platform/vaccination/sandbox/batches', { body: { clinicId: CLINIC, productId: PRODUCT, quantity: DOSES - alreadyOpen, releaseAt: nowIso } })).body;

    // ---- women 18–40: users of MEMBERS_PER_USER members each (self, then relatives by ID number), with the health-data consent ----
    const t0 = Date.now();
    let seq = 0;
    const womanId = () => {
      const n = seq++;
      // Born 1987–2006 on day 10–18 of a month; an even sequence digit makes her female.
      const first = `110105${1987 + (n % 20)}0${1 + (Math.floor(n / 20) % 9)}1${Math.floor(n / 180) % 9}${String((Math.floor(n / 1620) % 500) * 2).padStart(3, '0')}`;
      return first + checkDigitFor(first);
    };
    const women = await prepareResidents(s, {
      count: Math.ceil(ATTEMPTS * (1 - DUPES)),
      membersPerUser: MEMBERS_PER_USER,
      tag: 'hpv',
      idNumber: womanId,
      name: '李娜',
      phone: '13912345678',
      healthConsent: true,
    });

    // One session for everyone (its 200 places outnumber the doses: the stock decides).
    const sessions = (await call(bffUrl, 'GET', `/api/v1/vaccines/clinics/${CLINIC}/sessions?vaccineCode=HPV9`, { token: women[0].token, headers: { 'x-forwarded-for': women[0].ip } })).body.items;
    const open = sessions.filter((x: { start: string }) => Date.parse(x.start) > Date.now() + 3600_000);
    const session = open[open.length - 1];
    const warm = open[0];
    console.log(
      `prepared ${Math.ceil(women.length / MEMBERS_PER_USER)} users / ${women.length} women in ${((Date.now() - t0) / 1000).toFixed(1)} s; ${DOSES} HPV9 doses open at ${CLINIC} (batch ${batch.id}${alreadyOpen ? ` + ${alreadyOpen} from the weekly release` : ''}); session ${session.id}`,
    );

    // Warm up the code paths with flu bookings on another session (not counted).
    await pool(women.slice(0, 50), 10, async (w) => {
      await call(bffUrl, 'POST', '/api/v1/vaccines/appointments', {
        token: w.token,
        headers: { 'x-forwarded-for': w.ip, 'idempotency-key': `warm-${w.memberId}` },
        body: { memberId: w.memberId, clinicId: CLINIC, sessionId: warm.id, vaccineCode: 'Flu' },
      });
    });

    // ---- the rush: every woman once, plus second devices, in random order ----
    const attempts = rushAttempts(women, ATTEMPTS, 'hpv');
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

    const hz = await healthzBaseline(s, attempts.length, CONCURRENCY);

    // ---- verification on the database: stock, appointments, orders ----
    const conn = await mysql.createConnection(s.dbUrl.replace(/^mariadb:/, 'mysql:'));
    const q = async <T>(sql: string, params: unknown[] = []) => ((await conn.query(sql, params)) as unknown as [T[]])[0];
    const stock = await q<{ id: string; quantity: number; remaining: number }>(
      'SELECT id, quantity, remaining FROM vaccine_stock WHERE clinicId = ? AND productId = ? AND releaseAt <= UTC_TIMESTAMP(6)',
      [CLINIC, PRODUCT],
    );
    const taken = await q<{ stockId: string; n: number }>(
      "SELECT stockId, COUNT(*) AS n FROM vaccine_appointments WHERE vaccineCode = 'HPV9' AND status IN ('pending_payment','confirmed') GROUP BY stockId",
    );
    const perPerson = await q<{ personKey: string; n: number }>(
      "SELECT personKey, COUNT(*) AS n FROM vaccine_appointments WHERE vaccineCode = 'HPV9' AND status IN ('pending_payment','confirmed') GROUP BY personKey HAVING COUNT(*) > 1",
    );
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
    const noLat = results
      .filter((r) => r.status !== 201)
      .map((r) => r.ms)
      .sort((a, b) => a - b);
    const duringLat = during.sort((a, b) => a - b);
    const { outcomes, fivexx } = tally(results);
    const rate = results.length / rushSec;

    console.log(`
Vaccine rush — ${ATTEMPTS} attempts by ${women.length} women, ${CONCURRENCY} concurrent clients, ${capacity} HPV9 doses at ${CLINIC} (${session.id}), MariaDB
  outcomes:            ${outcomes}
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
  GET /healthz after:  ${hz.rate.toFixed(0)} req/s, p50 ${pct(hz.lat, 50).toFixed(1)} ms, p99 ${pct(hz.lat, 99).toFixed(1)} ms
  ratio:               booking attempts run at ${((rate / hz.rate) * 100).toFixed(0)} % of the /healthz rate
`);
    console.log(`BENCH ${JSON.stringify({ rate, p99: pct(lat, 99), bookedP99: pct(okLat, 99), refusedP99: pct(noLat, 99), healthz: hz.rate, oversold, doubleBooked: perPerson.length, fivexx })}`);
    process.exitCode = oversold === 0 && fivexx === 0 && perPerson.length === 0 && inconsistent === 0 && booked === Math.min(capacity, women.length) ? 0 : 1;
  } finally {
    await s.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
