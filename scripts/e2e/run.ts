/**
 * The browser suite: starts the product exactly as `npm start` does (own ports, a fresh SQLite
 * file), waits for /healthz, then runs the Playwright specs in Debian's Chromium.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../lib/net';

const ROOT = path.resolve(__dirname, '../..');

async function waitFor(url: string, ms: number) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not come up in ${ms / 1000} s`);
}

async function main() {
  const [port, sandboxPort] = [await freePort(), await freePort()];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hp-e2e-'));
  // A fresh database each run, and fresh rate limits with it (they live in Redis when REDIS_URL is set).
  const app = spawn('npm', ['start'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      SANDBOX_PORT: String(sandboxPort),
      DATABASE_URL: `sqlite:${dataDir}/e2e.sqlite`,
      MYSQL_URL: '',
      LOG_LEVEL: 'warn',
      CONTENT_PUSH_QUIET_HOURS: process.env.CONTENT_PUSH_QUIET_HOURS ?? '',
      RECORDS_REPORT_ALERT_INTERVAL_SECONDS: process.env.RECORDS_REPORT_ALERT_INTERVAL_SECONDS ?? '3',
      RATE_LIMIT_PREFIX: `rl-e2e-${Date.now().toString(36)}`,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: true,
  });
  let code = 1;
  try {
    // The first start builds the H5 app: ≈30 s on a quiet machine, minutes on a busy one.
    await waitFor(`http://127.0.0.1:${port}/healthz`, 900_000);
    const res = spawnSync('npx', ['jest', '-c', 'scripts/e2e/jest.config.js', ...process.argv.slice(2)], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, E2E_BASE_URL: `http://127.0.0.1:${port}`, E2E_SANDBOX_URL: `http://127.0.0.1:${sandboxPort}` },
    });
    code = res.status ?? 1;
  } finally {
    try {
      process.kill(-app.pid!, 'SIGTERM');
    } catch {
      /* already gone */
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  process.exit(code);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
