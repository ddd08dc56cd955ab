/**
 * wrk (Debian's `wrk` package) as the load generator for request-rate benchmarks: C, one thread per
 * core, so the client costs far less than the server it measures — a Node client on the same
 * 2-core machine would be measured instead. Also the bare Koa baseline process.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../lib/net';
import { ROOT } from './lib';

export const hasWrk = () => spawnSync('wrk', ['--version']).error === undefined;

export interface WrkResult {
  rate: number;
  p50: number;
  p99: number;
  requests: number;
  /** Non-2xx/3xx answers plus socket errors. */
  bad: number;
}

/**
 * `connections` keep-alive connections for `seconds` against `url`. `headerSets` rotate per request
 * (one set per user: a token and its own address), so per-user caches and limits act as in life.
 */
export function wrk(url: string, o: { connections: number; seconds: number; headerSets?: Array<Record<string, string>> }): Promise<WrkResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wrk-'));
  const script = path.join(dir, 'bench.lua');
  const sets = (o.headerSets ?? [{}]).map(
    (h) =>
      `{${Object.entries(h)
        .map(([k, v]) => `[${JSON.stringify(k)}]=${JSON.stringify(v)}`)
        .join(',')}}`,
  );
  fs.writeFileSync(
    script,
    `local sets = {${sets.join(',')}}
local i = 0
request = function()
  i = i % #sets + 1
  return wrk.format('GET', nil, sets[i])
end
done = function(summary, latency, requests)
  local bad = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format('WRK {"requests":%d,"seconds":%f,"p50":%f,"p99":%f,"bad":%d}\\n', summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000, bad))
end
`,
  );
  const threads = Math.max(1, Math.min(2, os.cpus().length));
  return new Promise((resolve, reject) => {
    const child = spawn('wrk', ['-t', String(threads), '-c', String(o.connections), '-d', `${o.seconds}s`, '-s', script, url], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.on('error', reject);
    child.on('exit', () => {
      fs.rmSync(dir, { recursive: true, force: true });
      const line = out.split('\n').find((l) => l.startsWith('WRK '));
      if (!line) return reject(new Error(`wrk printed no summary:\n${out}`));
      const r = JSON.parse(line.slice(4)) as { requests: number; seconds: number; p50: number; p99: number; bad: number };
      resolve({ rate: (r.requests - r.bad) / r.seconds, p50: r.p50, p99: r.p99, requests: r.requests, bad: r.bad });
    });
  });
}

/** A bare Koa process (bare-koa.ts) to measure the framework's own rate in the same run. */
export async function startBareKoa(): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(__dirname, 'bare-koa.ts'), String(port)], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (c) => reject(new Error(`bare Koa exited ${c}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}
