/**
 * Booking rush (抢号): at release time, N concurrent clients send ATTEMPTS booking requests for the
 * 50 places of one doctor's newest released session, through the real BFF (its own process, on
 * MariaDB) and the sandbox HIS. Each distinct patient tries once; some patients tap on two devices
 * at once (a second attempt with another Idempotency-Key). Then the same clients hammer
 * GET /healthz the same number of times, for the ratio.
 *
 *   npx tsx --tsconfig bff/tsconfig.json scripts/bench/booking-rush.ts [--attempts 2000] [--concurrency 200] [--places 50] [--dupes 0.1] [--profile] [--nginx N]
 *
 * `--nginx N` runs it through nginx in front of N web instances and a worker (scripts/deploy/stack.ts).
 *
 * Needs MariaDB (MYSQL_URL, default mariadb://root@127.0.0.1:3306/test; a scratch database is
 * created and dropped). Loopback only; bounded by --attempts. Prints oversold (must be 0),
 * 5xx (must be 0), attempts handled per second, p50/p99 latency, and the /healthz rate.
 */
import mysql from 'mysql2/promise';
import { checkDigitFor, chinaToday } from '@healthpocket/shared-types';
import { ledgerOf } from '../../bff/sandbox/his/booking-state';
import { addDays, chinaParts } from '../../bff/src/modules/booking/china-time';
import { arg, flag, healthzBaseline, pct, pool, prepareResidents, rushAttempts, startBenchStack, tally } from './lib';

const ATTEMPTS = arg('attempts', 2000);
const CONCURRENCY = arg('concurrency', 200);
const PLACES = arg('places', 50);
const DUPES = arg('dupes', 0.1);
const PROFILE = flag('profile');
const MEMBERS_PER_USER = 6; // self + 5 family members (the family limit)

async function main() {
  const s = await startBenchStack({ concurrency: CONCURRENCY, profile: PROFILE });
  const { call, bffUrl, sandboxUrl } = s;
  try {
    // ---- the session: the newest released day of a H001 expert, emptied, PLACES places ----
    const world = ledgerOf(s.sandbox.context).world;
    const released = chinaParts(new Date()).time >= '07:00' ? 13 : 12; // H001 releases today + 13 at 07:00
    const date = addDays(chinaToday(), released);
    const session = [...world.sessions.values()].filter((x) => x.hospitalId === 'H001' && x.date === date && x.feeFen > 0).sort((a, b) => b.slotIds.length - a.slotIds.length)[0];
    if (!session) throw new Error(`no H001 session on ${date}`);
    const reset = await call(sandboxUrl, 'POST', `/his/sandbox/sessions/${session.id}/reset`, { body: { capacityTotal: PLACES } });
    const slotIds: string[] = reset.body.slots.map((x: { id: string }) => x.id);

    // ---- patients: users of 6 members each ----
    const t0 = Date.now();
    let seq = 0;
    const idNumber = () => {
      const n = seq++;
      const first = `110101${1960 + (n % 40)}0${1 + (Math.floor(n / 40) % 9)}1${Math.floor(n / 360) % 9}${String(Math.floor(n / 3240)).padStart(3, '0')}`;
      return first + checkDigitFor(first);
    };
    const patients = await prepareResidents(s, { count: Math.ceil(ATTEMPTS * (1 - DUPES)), membersPerUser: MEMBERS_PER_USER, tag: 'rush', idNumber, name: '抢号者', phone: '13800138000' });
    console.log(
      `prepared ${Math.ceil(patients.length / MEMBERS_PER_USER)} users / ${patients.length} patients in ${((Date.now() - t0) / 1000).toFixed(1)} s; session ${session.id} (${slotIds.length} slots, ${PLACES} places)`,
    );

    // ---- the rush: every patient once, plus second devices, in random order ----
    const attempts = rushAttempts(patients, ATTEMPTS, 'rush').map((a) => ({ ...a, slotId: slotIds[Math.floor(Math.random() * slotIds.length)] }));
    // Warm up the code paths on another doctor's session (not counted).
    // The earliest H001 day from the day after tomorrow (some days are weekends without sessions).
    const warm = [...world.sessions.values()]
      .filter((x) => x.hospitalId === 'H001' && x.date >= addDays(chinaToday(), 2) && x.date < session.date && x.feeFen > 0)
      .sort((a, b) => a.date.localeCompare(b.date))[0];
    await call(sandboxUrl, 'POST', `/his/sandbox/sessions/${warm.id}/reset`, { body: { capacityTotal: 5 } });
    await pool(patients.slice(0, 50), 10, async (p) => {
      await call(bffUrl, 'POST', '/api/v1/bookings', {
        token: p.token,
        headers: { 'x-forwarded-for': p.ip, 'idempotency-key': `warm-${p.memberId}` },
        body: { slotId: warm.slotIds[0], memberId: p.memberId },
      });
    });

    // Statements the server ran during the rush (MariaDB's own counters: the whole server).
    const counters = async () => {
      const c = await mysql.createConnection(s.dbUrl.replace(/^mariadb:/, 'mysql:'));
      const [r] = (await c.query("SHOW GLOBAL STATUS WHERE Variable_name IN ('Questions','Com_select','Com_insert','Com_update','Com_delete','Com_commit','Innodb_data_fsyncs')")) as unknown as [
        Array<{ Variable_name: string; Value: string }>,
      ];
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
    const hz = await healthzBaseline(s, attempts.length, CONCURRENCY);

    // ---- verification: the HIS's counts, the BFF's rows, one place per patient ----
    let oversoldHis = 0;
    let heldHis = 0;
    for (const id of slotIds) {
      const x = (await call(sandboxUrl, 'GET', `/his/slots/${id}`)).body;
      oversoldHis += Math.max(0, x.booked - x.capacity);
      heldHis += x.booked;
    }
    const conn = await mysql.createConnection(s.dbUrl.replace(/^mariadb:/, 'mysql:'));
    const [rows] = (await conn.query("SELECT patientKey, COUNT(*) AS n FROM bookings WHERE sessionId = ? AND status IN ('pending_payment','confirming','confirmed') GROUP BY patientKey", [
      session.id,
    ])) as unknown as [Array<{ patientKey: string; n: number }>];
    await conn.end();
    const bffActive = rows.reduce((n, r) => n + Number(r.n), 0);
    const doubleBooked = rows.filter((r) => Number(r.n) > 1).length;
    const oversold = oversoldHis + Math.max(0, bffActive - PLACES);

    const lat = results.map((r) => r.ms).sort((a, b) => a - b);
    const won = results
      .filter((r) => r.status === 201)
      .map((r) => r.ms)
      .sort((a, b) => a - b);
    const lost = results
      .filter((r) => r.status >= 400 && r.status < 500)
      .map((r) => r.ms)
      .sort((a, b) => a - b);
    const { outcomes, fivexx } = tally(results);
    const rate = results.length / rushSec;

    console.log(`
Booking rush — ${ATTEMPTS} attempts, ${CONCURRENCY} concurrent clients, ${PLACES} places of ${session.doctorId} on ${session.date} (${session.id}), MariaDB
  outcomes:            ${outcomes}
  booked (BFF rows):   ${bffActive} of ${PLACES} places; HIS holds ${heldHis}
  oversold:            ${oversold}   (must be 0)
  patients with 2+:    ${doubleBooked}   (must be 0)
  5xx / network:       ${fivexx}   (must be 0)
  attempts handled/s:  ${rate.toFixed(0)}   (${results.length} in ${rushSec.toFixed(2)} s)
  latency p50 / p99:   ${pct(lat, 50).toFixed(1)} ms / ${pct(lat, 99).toFixed(1)} ms   (max ${lat[lat.length - 1].toFixed(1)} ms)
    booked (201):      p50 ${pct(won, 50).toFixed(1)} ms, p99 ${pct(won, 99).toFixed(1)} ms
    refused (4xx):     p50 ${pct(lost, 50).toFixed(1)} ms, p99 ${pct(lost, 99).toFixed(1)} ms
  GET /healthz:        ${hz.rate.toFixed(0)} req/s, p50 ${pct(hz.lat, 50).toFixed(1)} ms, p99 ${pct(hz.lat, 99).toFixed(1)} ms
  ratio:               booking attempts run at ${((rate / hz.rate) * 100).toFixed(0)} % of the /healthz rate
  MariaDB per attempt: ${per('Questions')} statements (select ${per('Com_select')}, insert ${per('Com_insert')}, update ${per('Com_update')}, delete ${per('Com_delete')}, commit ${per('Com_commit')}), ${per('Innodb_data_fsyncs')} fsyncs
`);
    // One line for scripts/bench/scale-out.ts.
    console.log(`BENCH ${JSON.stringify({ rate, p99: pct(lat, 99), bookedP99: pct(won, 99), refusedP99: pct(lost, 99), healthz: hz.rate, oversold, doubleBooked, fivexx })}`);
    process.exitCode = oversold === 0 && fivexx === 0 && doubleBooked === 0 && bffActive === Math.min(PLACES, patients.length) ? 0 : 1;
  } finally {
    await s.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
