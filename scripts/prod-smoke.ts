/**
 * `npm run test:prod`: the production shape, proven. Builds the release folder (dist/server), copies
 * it into a clean temporary folder, installs production dependencies only (`npm install --omit=dev`;
 * not `npm ci`, see README), migrates a scratch MariaDB/MySQL database with `db:migrate`, starts the
 * compiled BFF with NODE_ENV=production and checks /livez, /readyz, /metrics and one API route, then
 * stops it with SIGTERM.
 *
 * The settings are production-like and pass every production refusal without an escape hatch: the
 * upstreams are https hosts under `.invalid` (RFC 2606: they never resolve), so nothing here can
 * reach a real WeChat, and nothing is contacted at boot. Needs MYSQL_URL; uses TEST_REDIS_URL /
 * REDIS_URL when set (readiness then checks Redis and the jobs run on BullMQ). Uploads go to a
 * local S3-compatible server (s3rver, a dev dependency: the release loads @aws-sdk/client-s3).
 * `--no-build` reuses dist/server.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { startS3 } from '../bff/test/s3';
import { createScratchMysqlDatabase } from '../bff/src/db/scratch';
import { freshSandboxPayKeys } from '../bff/sandbox/wechatpay/keys';
import { freePort } from './lib/net';

const root = path.resolve(__dirname, '..');
const DEV_ONLY = ['tsx', 'typescript', 'jest', '@swc/core', 'better-sqlite3', 'node-forge', 's3rver', '@tarojs/cli', 'webpack'];

function step(msg: string) {
  console.log(`prod-smoke: ${msg}`);
}

async function until<T>(what: string, probe: () => Promise<T | null>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe().catch((e: Error) => {
      if (/exited/.test(e.message)) throw e;
      return null;
    });
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function check(ok: unknown, what: string) {
  if (!ok) throw new Error(`check failed: ${what}`);
  step(`ok: ${what}`);
}

async function main() {
  const mysqlUrl = process.env.MYSQL_URL;
  if (!mysqlUrl) throw new Error('MYSQL_URL is needed (e.g. mariadb://root@127.0.0.1:3306/test): production runs on MySQL/MariaDB');
  const redisUrl = process.env.TEST_REDIS_URL ?? process.env.REDIS_URL;
  if (!process.argv.includes('--no-build')) execFileSync(process.execPath, [require.resolve('tsx/cli'), path.join(root, 'scripts/build/bff.ts')], { stdio: 'inherit' });

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hp-prod-'));
  const db = await createScratchMysqlDatabase(mysqlUrl);
  const keys = freshSandboxPayKeys({ sandbox: false, mchid: '1612345678' });
  const prefix = `hpsmoke-${randomBytes(4).toString('hex')}`;
  const s3 = await startS3('hp-prod-smoke');
  let child: ReturnType<typeof spawn> | null = null;
  try {
    // Not the packages the local deployment stack links in (scripts/deploy/stack.ts): this install starts from nothing.
    fs.cpSync(path.join(root, 'dist/server'), dir, { recursive: true, filter: (src) => path.basename(src) !== 'node_modules' });
    step(`npm install --omit=dev in ${dir}`);
    const t0 = Date.now();
    execFileSync('npm', ['install', '--omit=dev', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, stdio: 'inherit' });
    step(`installed in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    for (const pkg of DEV_ONLY) check(!fs.existsSync(path.join(dir, 'node_modules', pkg)), `no ${pkg} in the production install`);
    check(fs.existsSync(path.join(dir, 'node_modules/prom-client')), 'prom-client installed');
    check(fs.existsSync(path.join(dir, 'node_modules/@aws-sdk/client-s3')), '@aws-sdk/client-s3 installed');

    const [port, metricsPort] = [await freePort(), await freePort()];
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? dir,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      METRICS_PORT: String(metricsPort),
      DATABASE_URL: db.url,
      ...(redisUrl ? { REDIS_URL: redisUrl, QUEUE_PREFIX: prefix } : {}),
      JWT_SECRET: randomBytes(32).toString('hex'),
      FIELD_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      WECHAT_APPID: 'wx0123456789abcdef',
      WECHAT_SECRET: randomBytes(16).toString('hex'),
      WECHAT_API_BASE: 'https://api.weixin.invalid',
      WECHATPAY_API_BASE: 'https://api.mch.weixin.invalid',
      HIS_API_BASE: 'https://his.hospital.invalid/api',
      PLATFORM_API_BASE: 'https://platform.health.invalid/api',
      HEALTHCARD_API_BASE: 'https://p-healthopen.tengmed.invalid',
      HEALTHCARD_APP_ID: 'hc-prod-smoke-app',
      HEALTHCARD_APP_SECRET: randomBytes(24).toString('base64url'),
      PUBLIC_BASE_URL: 'https://hp.invalid',
      H5_DIST_DIR: path.join(dir, 'no-h5'),
      LOG_LEVEL: process.env.SMOKE_LOG_LEVEL ?? 'warn',
      ...keys.env,
      // The bucket on this machine, over http (allowed on loopback); s3rver checks the key id only.
      ...s3.env,
      S3_SECRET_ACCESS_KEY: randomBytes(30).toString('base64'),
    };
    const migrate = execFileSync('npm', ['run', '--silent', 'db:migrate'], { cwd: dir, env, encoding: 'utf8' });
    check(/applied \d+ migration/.test(migrate), `db:migrate applied the migrations (${migrate.trim().slice(0, 60)}…)`);

    child = spawn(process.execPath, ['bff/dist/server.js'], { cwd: dir, env, stdio: ['ignore', 'inherit', 'inherit'] });
    const exited = new Promise<number | string | null>((r) => child!.once('exit', (code, signal) => r(code ?? signal)));
    const base = `http://127.0.0.1:${port}`;
    const live = await until('/livez', async () => {
      if (child!.exitCode !== null) throw new Error(`the BFF exited with code ${child!.exitCode}`);
      const r = await fetch(`${base}/livez`);
      return r.ok ? ((await r.json()) as { role: string; jobs: string }) : null;
    });
    check(live.role === 'all' && live.jobs === (redisUrl ? 'bullmq' : 'in-process'), `/livez: role ${live.role}, jobs ${live.jobs}`);
    const ready = await until('/readyz', async () => {
      const r = await fetch(`${base}/readyz`);
      return r.ok ? ((await r.json()) as { checks: Record<string, unknown> }) : null;
    });
    check(ready.checks.db === 'up' && ready.checks.migrations === 'applied' && (!redisUrl || ready.checks.redis === 'up'), `/readyz: ${JSON.stringify(ready.checks)}`);
    const cfg = await fetch(`${base}/api/v1/client-config`);
    check(cfg.status === 200 && ((await cfg.json()) as { env: string }).env === 'production', 'GET /api/v1/client-config answers env production');
    // Through TypeORM's compiled entities and the error renderer: a refresh token we never issued.
    const refresh = await fetch(`${base}/api/v1/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: randomBytes(24).toString('hex') }),
    });
    const refreshBody = (await refresh.json()) as { error?: { code: string } };
    check(refresh.status === 401 && refreshBody.error?.code === 'REFRESH_TOKEN_INVALID', `POST /api/v1/auth/refresh with an unknown token: ${refresh.status} ${refreshBody.error?.code}`);
    const feed = await fetch(`${base}/api/v1/content/feed`);
    check(feed.status === 200, `GET /api/v1/content/feed reads the database: ${feed.status}`);
    check((await fetch(`${base}/metrics`)).status === 404, '/metrics is not on the public port');
    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    check(metrics.includes('hp_http_request_duration_seconds_count{method="GET",route="/api/v1/client-config",status="200"} 1'), '/metrics on METRICS_PORT counts the request by route');
    child.kill('SIGTERM');
    const code = await Promise.race([exited, new Promise<string>((r) => setTimeout(() => r('timeout'), 15_000))]);
    check(code === 0, `SIGTERM: clean exit (code ${code})`);
    child = null;
    step('passed');
  } finally {
    child?.kill('SIGKILL');
    await db.drop();
    await s3.close();
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(path.dirname(keys.dir), { recursive: true, force: true });
    if (redisUrl) {
      const r = new Redis(redisUrl);
      const left = await r.keys(`${prefix}:*`);
      if (left.length) await r.del(...left);
      r.disconnect();
    }
  }
}

main().catch((e) => {
  console.error(`prod-smoke: FAILED: ${(e as Error).message}`);
  process.exit(1);
});
