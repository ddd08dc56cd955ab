/**
 * The production shape on one machine: the compiled BFF (dist/server) as `web` instances and a
 * `worker`, Debian's nginx in front with deploy/nginx/healthpocket-proxy.conf (the file production
 * includes), MariaDB (a scratch database of MYSQL_URL), Redis (a key prefix of its own), an S3
 * object store for uploads (s3rver) and the sandbox upstreams in this process. Used by
 * `npm run deploy:local` (stays up), the drill
 * (`npm run test:deploy`) and the benchmarks' `--instances N`.
 *
 * The instances run the release folder with the repository's installed packages linked in (the
 * production install itself is proven by `npm run test:prod`). They run as a staging site: every
 * upstream is the sandbox, so NODE_ENV stays unset, but every secret is random and nothing
 * migrates on boot: `db:migrate` runs once, before the first instance starts.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { createSandbox, type Sandbox } from '../../bff/sandbox/server';
import { freshSandboxPayKeys } from '../../bff/sandbox/wechatpay/keys';
import { createScratchMysqlDatabase } from '../../bff/src/db/scratch';
import { freePort } from '../lib/net';
import { startS3, type TestS3 } from '../../bff/test/s3';

export const ROOT = path.resolve(__dirname, '../..');
const RELEASE = path.join(ROOT, 'dist/server');
const PROXY_CONF = path.join(ROOT, 'deploy/nginx/healthpocket-proxy.conf');

export interface Instance {
  name: string;
  role: 'web' | 'worker';
  port: number;
  url: string;
  pid(): number | undefined;
  running(): boolean;
  /** Starts (or restarts) the process and waits for /readyz. */
  start(): Promise<void>;
  /** kill -9: no drain, no goodbye. */
  kill9(): Promise<void>;
  /** SIGTERM: the graceful drain; resolves with the exit code. */
  term(): Promise<number | string | null>;
}

export interface Stack {
  /** nginx: what residents, WeChat's notifies and the app reach. */
  url: string;
  instances: Instance[];
  web: Instance[];
  worker: Instance | null;
  sandbox: Sandbox;
  sandboxUrl: string;
  /** The object store every instance keeps uploads in (s3rver: the S3 REST API on this machine). */
  s3: TestS3;
  dbUrl: string;
  redisUrl: string;
  env: Record<string, string>;
  /** Rewrites nginx's upstream list to these web instances and reloads it. */
  setUpstreams(web: Instance[]): void;
  stop(): Promise<void>;
}

export interface StackOptions {
  webInstances: number;
  worker?: boolean;
  /** Extra environment for every instance. */
  env?: Record<string, string>;
  /** Skip `npm run build:bff` (dist/server is fresh). */
  noBuild?: boolean;
  log?: (msg: string) => void;
  /** Instance output: 'inherit' to see it, default 'ignore' (errors still reach the drill's checks). */
  stdio?: 'inherit' | 'ignore';
  port?: number;
}

export function nginxBinary(): string {
  for (const p of ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/bin/nginx']) if (fs.existsSync(p)) return p;
  throw new Error('nginx is not installed (Debian: apt-get install nginx)');
}

/**
 * The release folder, compiled now unless told it is fresh, with the installed packages linked in:
 * its own node_modules folders whose entries link to the repository's, so that nothing written here
 * lands in the repository's (the workspace link there points at the TypeScript sources; the
 * release's points at its compiled shared-types).
 */
function prepareRelease(noBuild: boolean) {
  if (!noBuild || !fs.existsSync(path.join(RELEASE, 'bff/dist/server.js'))) {
    execFileSync(process.execPath, [require.resolve('tsx/cli'), path.join(ROOT, 'scripts/build/bff.ts')], { stdio: 'ignore' });
  }
  const mirror = (from: string, to: string) => {
    fs.rmSync(to, { recursive: true, force: true });
    fs.mkdirSync(to, { recursive: true });
    if (!fs.existsSync(from)) return;
    for (const name of fs.readdirSync(from)) if (name !== '@healthpocket' && name !== '.bin') fs.symlinkSync(path.join(from, name), path.join(to, name));
  };
  mirror(path.join(ROOT, 'node_modules'), path.join(RELEASE, 'node_modules'));
  mirror(path.join(ROOT, 'bff/node_modules'), path.join(RELEASE, 'bff/node_modules'));
  fs.mkdirSync(path.join(RELEASE, 'node_modules/@healthpocket'));
  fs.symlinkSync(path.join(RELEASE, 'shared-types'), path.join(RELEASE, 'node_modules/@healthpocket/shared-types'));
}

function nginxConfig(dir: string, port: number, web: Instance[]): string {
  const servers = web.map((w) => `        server 127.0.0.1:${w.port} max_fails=1 fail_timeout=5s;`).join('\n');
  // As root the workers drop to nobody: the temp folders must be theirs to write.
  const user = process.getuid?.() === 0 ? 'user nobody nogroup;\n' : '';
  return `${user}worker_processes 2;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path ${dir}/tmp/body;
    proxy_temp_path ${dir}/tmp/proxy;
    fastcgi_temp_path ${dir}/tmp/fastcgi;
    uwsgi_temp_path ${dir}/tmp/uwsgi;
    scgi_temp_path ${dir}/tmp/scgi;
    upstream healthpocket_web {
        least_conn;
${servers}
        keepalive 64;
    }
    server {
        listen 127.0.0.1:${port};
        include ${PROXY_CONF};
    }
}
`;
}

async function until(what: string, probe: () => Promise<boolean>, ms = 60_000) {
  const end = Date.now() + ms;
  while (!(await probe().catch(() => false))) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

export async function startStack(o: StackOptions): Promise<Stack> {
  const log = o.log ?? (() => undefined);
  const nginx = nginxBinary();
  const mysqlBase = process.env.MYSQL_URL || 'mariadb://root@127.0.0.1:3306/test';
  const redisUrl = process.env.TEST_REDIS_URL || process.env.REDIS_URL || 'redis://127.0.0.1:6379';
  prepareRelease(!!o.noBuild);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hp-stack-'));
  fs.chmodSync(dir, 0o755);
  for (const t of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) {
    fs.mkdirSync(path.join(dir, 'tmp', t), { recursive: true });
    // mkdir's mode goes through the umask: set it outright, nginx's workers buffer bodies here.
    fs.chmodSync(path.join(dir, 'tmp', t), 0o777);
  }
  fs.chmodSync(path.join(dir, 'tmp'), 0o777);

  const keys = freshSandboxPayKeys();
  const sandbox = createSandbox({ keysDir: keys.dir });
  const sbx = await sandbox.listen(0);
  const db = await createScratchMysqlDatabase(mysqlBase);
  const s3 = await startS3('hp-stack-uploads');
  const prefix = `hpstack-${randomBytes(4).toString('hex')}`;
  const nginxPort = o.port ?? (await freePort());
  const url = `http://127.0.0.1:${nginxPort}`;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    HOST: '127.0.0.1',
    DATABASE_URL: db.url,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: prefix,
    RATE_LIMIT_PREFIX: prefix,
    MIGRATE_ON_BOOT: 'false',
    JWT_SECRET: randomBytes(32).toString('hex'),
    FIELD_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    // Every hop trusted: the drill's clients speak for many addresses through one nginx.
    TRUST_PROXY: 'true',
    WECHAT_API_BASE: `${sbx.url}/wechat`,
    WECHATPAY_API_BASE: `${sbx.url}/wechatpay`,
    HIS_API_BASE: `${sbx.url}/his`,
    PLATFORM_API_BASE: `${sbx.url}/platform`,
    HEALTHCARD_API_BASE: `${sbx.url}/healthcard`,
    // WeChat Pay's notifies come back through nginx, like the real ones would.
    PUBLIC_BASE_URL: url,
    H5_DIST_DIR: path.join(ROOT, 'dist/h5'),
    LOG_LEVEL: process.env.STACK_LOG_LEVEL ?? 'error',
    ...s3.env,
    ...keys.env,
    ...o.env,
  };
  log(`db:migrate on ${db.url.replace(/\/\/[^@]*@/, '//')}`);
  execFileSync(process.execPath, ['bff/dist/db/migrate-cli.js'], { cwd: RELEASE, env, stdio: 'ignore' });

  const children = new Set<ChildProcess>();
  const makeInstance = async (name: string, role: 'web' | 'worker'): Promise<Instance> => {
    const port = await freePort();
    const iurl = `http://127.0.0.1:${port}`;
    let child: ChildProcess | null = null;
    let exited: Promise<number | string | null> = Promise.resolve(null);
    const inst: Instance = {
      name,
      role,
      port,
      url: iurl,
      pid: () => child?.pid,
      running: () => !!child && child.exitCode === null && child.signalCode === null,
      async start() {
        const c = spawn(process.execPath, ['bff/dist/server.js'], { cwd: RELEASE, env: { ...env, ROLE: role, PORT: String(port) }, stdio: ['ignore', o.stdio ?? 'ignore', 'inherit'] });
        child = c;
        children.add(c);
        exited = new Promise((r) => c.once('exit', (code, signal) => (children.delete(c), r(code ?? signal))));
        await until(`${name} /readyz`, async () => {
          if (c.exitCode !== null) throw new Error(`${name} exited with ${c.exitCode}`);
          return (await fetch(`${iurl}/readyz`)).ok;
        });
        log(`${name} (${role}) ready on :${port}, pid ${c.pid}`);
      },
      async kill9() {
        child?.kill('SIGKILL');
        await exited;
      },
      async term() {
        child?.kill('SIGTERM');
        return exited;
      },
    };
    return inst;
  };

  const web: Instance[] = [];
  for (let i = 0; i < o.webInstances; i++) web.push(await makeInstance(`web${i + 1}`, 'web'));
  const worker = o.worker === false ? null : await makeInstance('worker', 'worker');
  const instances = [...web, ...(worker ? [worker] : [])];
  let nginxProc: ChildProcess | null = null;
  const confPath = path.join(dir, 'nginx.conf');
  const stop = async () => {
    if (nginxProc && nginxProc.exitCode === null) {
      nginxProc.kill('SIGQUIT');
      await new Promise((r) => nginxProc!.once('exit', r));
    }
    await Promise.all(
      [...children].map(
        (c) =>
          new Promise<void>((r) => {
            const t = setTimeout(() => c.kill('SIGKILL'), 10_000);
            c.once('exit', () => (clearTimeout(t), r()));
            c.kill('SIGTERM');
          }),
      ),
    );
    await sbx.close();
    await s3.close();
    await db.drop();
    const r = new Redis(redisUrl);
    const left = await r.keys(`${prefix}*`);
    if (left.length) await r.del(...left);
    r.disconnect();
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(path.dirname(keys.dir), { recursive: true, force: true });
  };
  try {
    // One at a time: the worker first, so the job schedulers exist before traffic.
    if (worker) await worker.start();
    for (const w of web) await w.start();
    fs.writeFileSync(confPath, nginxConfig(dir, nginxPort, web));
    execFileSync(nginx, ['-t', '-q', '-c', confPath, '-p', dir], { stdio: 'inherit' });
    nginxProc = spawn(nginx, ['-c', confPath, '-p', dir, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'inherit'] });
    await until('nginx', async () => (await fetch(`${url}/healthz`)).ok, 20_000);
    log(`nginx on ${url} → ${web.map((w) => `:${w.port}`).join(', ')}`);
  } catch (e) {
    await stop();
    throw e;
  }
  return {
    url,
    instances,
    web,
    worker,
    sandbox,
    sandboxUrl: sbx.url,
    s3,
    dbUrl: db.url,
    redisUrl,
    env,
    setUpstreams(list) {
      fs.writeFileSync(confPath, nginxConfig(dir, nginxPort, list));
      execFileSync(nginx, ['-s', 'reload', '-c', confPath, '-p', dir]);
    },
    stop,
  };
}
