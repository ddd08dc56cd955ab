/**
 * Scale-out: the booking rush (or `--bench vaccine-rush`) in one BFF process, then through nginx
 * in front of 1, 2 and 3 web instances (and a worker), one after the other in this run, printed side
 * by side. Each run is its own process on its own scratch database.
 *
 *   npx tsx --tsconfig bff/tsconfig.json scripts/bench/scale-out.ts [--bench booking-rush] [--attempts 2000] [--concurrency 200]
 *
 * Needs nginx, MariaDB (MYSQL_URL) and Redis (REDIS_URL). On one machine the instances share its
 * cores with nginx, MariaDB and the clients: the figures show the cost of the shape, not the gain of
 * more machines.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const opt = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : def;
};
const bench = opt('bench', 'booking-rush');
const passOn = ['attempts', 'concurrency'].flatMap((k) => (process.argv.includes(`--${k}`) ? [`--${k}`, opt(k, '')] : []));

interface Figures {
  rate: number;
  p99: number;
  bookedP99: number;
  refusedP99: number;
  healthz: number;
  oversold: number;
  doubleBooked: number;
  fivexx: number;
}

const rows: Array<{ shape: string; f: Figures | null }> = [];
for (const n of [0, 1, 2, 3]) {
  const shape = n === 0 ? 'one process (direct)' : `nginx → ${n} web + worker`;
  console.log(`\n=== ${bench}: ${shape}`);
  const r = spawnSync(process.execPath, [require.resolve('tsx/cli'), '--tsconfig', 'bff/tsconfig.json', `scripts/bench/${bench}.ts`, ...passOn, ...(n ? ['--nginx', String(n)] : [])], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 << 20,
  });
  process.stdout.write(r.stdout);
  const line = r.stdout.split('\n').find((l) => l.startsWith('BENCH '));
  rows.push({ shape, f: line ? (JSON.parse(line.slice(6)) as Figures) : null });
}

const f0 = (x: number) => (Number.isFinite(x) ? x.toFixed(0) : '—');
console.log(`\n${bench}, same run:\n`);
console.log('| shape | attempts/s | p99 ms | booked p99 ms | refused p99 ms | /healthz req/s | oversold | 2+ per person | 5xx |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const { shape, f } of rows) {
  if (!f) console.log(`| ${shape} | failed | | | | | | | |`);
  else console.log(`| ${shape} | ${f0(f.rate)} | ${f0(f.p99)} | ${f0(f.bookedP99)} | ${f0(f.refusedP99)} | ${f0(f.healthz)} | ${f.oversold} | ${f.doubleBooked} | ${f.fivexx} |`);
}
process.exitCode = rows.every((r) => r.f && r.f.oversold === 0 && r.f.doubleBooked === 0 && r.f.fivexx === 0) ? 0 : 1;
