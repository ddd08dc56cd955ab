/**
 * A BFF in a child process (src/server.ts through tsx, as `npm start` runs it) on a scratch
 * MariaDB/MySQL database, against a sandbox in this process: for tests that kill -9 the BFF and
 * start another one on the same database. The sandbox (and what it holds: HIS holds, WeChat Pay
 * transactions, paused requests) outlives the BFF, as a real upstream would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { createSandbox } from '../sandbox/server';
import { createScratchMysqlDatabase } from '../src/db/scratch';
import { createDataSource } from '../src/db/data-source';
import { client, personas, testPayKeys, type Call, type Stack } from './harness';
import { freePort } from '../../scripts/lib/net';

const SERVER = path.join(__dirname, '../src/server.ts');
const TSCONFIG = path.join(__dirname, '../tsconfig.json');

export interface BffProcess {
  pid: number;
  /** SIGKILL, and resolves once the process is gone. */
  kill(): Promise<void>;
}

export interface ProcessStack {
  /** What the test helpers take (api, sbx, sandbox, login, resident); `bff` is not in this process. */
  stack: Stack;
  api: Call;
  sbx: Call;
  /** The scratch database, opened in this process too (reads only). */
  ds: ReturnType<typeof createDataSource>;
  /** Starts a BFF on the shared port and database and resolves once it answers /livez. */
  start(): Promise<BffProcess>;
  close(): Promise<void>;
}

export async function startProcessStack(env: Record<string, string> = {}): Promise<ProcessStack> {
  const mysqlUrl = process.env.MYSQL_URL;
  if (!mysqlUrl) throw new Error('MYSQL_URL is needed: a killed BFF and the next one share a MariaDB/MySQL database');
  const keys = testPayKeys();
  const sandbox = createSandbox({ keysDir: keys.dir });
  const sbxServer = await sandbox.listen(0);
  const db = await createScratchMysqlDatabase(mysqlUrl);
  // One port for every BFF of the stack: the next one takes the dead one's place (and notify_url).
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const childEnv: Record<string, string> = {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_BASE_URL: base,
    DATABASE_URL: db.url,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    WECHAT_API_BASE: `${sbxServer.url}/wechat`,
    WECHATPAY_API_BASE: `${sbxServer.url}/wechatpay`,
    HIS_API_BASE: `${sbxServer.url}/his`,
    PLATFORM_API_BASE: `${sbxServer.url}/platform`,
    HEALTHCARD_API_BASE: `${sbxServer.url}/healthcard`,
    H5_DIST_DIR: path.join(os.tmpdir(), 'hp-no-h5'),
    PUBLIC_BROWSE_RATE_PER_MINUTE: '100000',
    TSX_TSCONFIG_PATH: TSCONFIG,
    ...keys.env,
    ...env,
  };
  const children = new Map<ChildProcess, Promise<void>>();

  const start = async (): Promise<BffProcess> => {
    const parentEnv = { ...process.env };
    for (const k of ['MYSQL_URL', 'REDIS_URL', 'DATABASE_URL', 'PORT']) delete parentEnv[k];
    const child = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), SERVER], { env: { ...parentEnv, ...childEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    const log: string[] = [];
    const keep = (b: Buffer) => {
      log.push(b.toString());
      if (log.length > 50) log.shift();
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    children.set(child, exited);
    let gone = false;
    void exited.then(() => {
      gone = true;
      children.delete(child);
    });
    const end = Date.now() + 60_000;
    for (;;) {
      if (gone) throw new Error(`the BFF exited while starting:\n${log.join('')}`);
      const up = await fetch(`${base}/livez`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) break;
      if (Date.now() > end) {
        child.kill('SIGKILL');
        throw new Error(`the BFF did not start in 60 s:\n${log.join('')}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    return {
      pid: child.pid!,
      kill: async () => {
        if (!gone) child.kill('SIGKILL');
        await exited;
      },
    };
  };

  const api = client(base);
  const sbx = client(sbxServer.url);
  const ds = createDataSource(db.url);
  const stack = { sandbox, sandboxUrl: sbxServer.url, api, sbx, ...personas({ api, sbx }), bff: undefined, close: async () => undefined } as unknown as Stack;
  return {
    stack,
    api,
    sbx,
    ds,
    start,
    close: async () => {
      const running = [...children];
      for (const [c] of running) c.kill('SIGKILL');
      await Promise.all(running.map(([, exited]) => exited));
      if (ds.isInitialized) await ds.destroy();
      await sbxServer.close();
      await db.drop();
    },
  };
}
