import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSandbox } from '../sandbox/server';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { startBff, type RunningBff } from '../src/server';
import { createScratchMysqlDatabase } from '../src/db/scratch';
import { freshSandboxPayKeys, type SandboxPayKeys } from '../sandbox/wechatpay/keys';
import Redis from 'ioredis';

export interface Res<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export type Call = (method: string, path: string, opts?: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> }) => Promise<Res>;

export function client(base: string): Call {
  return async (method, p, opts = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | undefined;
    if (opts.raw !== undefined) body = opts.raw;
    else if (opts.body !== undefined) body = JSON.stringify(opts.body);
    if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
    const res = await fetch(base + p, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* non-JSON (H5 files) */
    }
    return { status: res.status, body: parsed as any, headers: res.headers };
  };
}

export interface Stack {
  bff: RunningBff;
  sandboxUrl: string;
  sandbox: ReturnType<typeof createSandbox>;
  api: Call;
  sbx: Call;
  /** Logs in through the sandbox's one-time code; returns the tokens and user. */
  /** `headers` e.g. a per-user X-Forwarded-For (logins are rate limited by IP). */
  login(openid?: string, headers?: Record<string, string>): Promise<{ accessToken: string; refreshToken: string; user: any; openid: string }>;
  /** Logs in and proves a real name with a valid ID number (face route, sandbox passing). */
  resident(opts?: { openid?: string; name?: string; idNumber?: string; phone?: string }): Promise<{ token: string; openid: string; user: any }>;
  close(): Promise<void>;
}

let payKeys: SandboxPayKeys | undefined;
/** The WeChat Pay keys of this test process (merchant key + certificate, APIv3 key, platform key pair). */
export function testPayKeys(): SandboxPayKeys {
  if (!payKeys) {
    payKeys = freshSandboxPayKeys();
    const dir = path.dirname(payKeys.dir);
    process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  }
  return payKeys;
}

/**
 * With Redis, periodic jobs are BullMQ Job Schedulers under QUEUE_PREFIX: stacks of one test file
 * share a prefix of their own (never another test process's or a developer's `hp`), and its
 * scheduler keys are removed when the stack closes.
 */
const TEST_QUEUE_PREFIX = `hptest-${process.pid}-${Date.now().toString(36)}`;

async function dropSchedulers(redisUrl: string, prefix: string): Promise<void> {
  const r = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    const keys = await r.keys(`${prefix}:periodic-*`);
    if (keys.length) await r.del(...keys);
  } finally {
    r.disconnect();
  }
}

let counter = 0;
export const uniqueOpenid = (prefix = 'test') => `${prefix}_${process.pid}_${Date.now().toString(36)}_${counter++}`;

/** The real BFF over real HTTP against the real sandbox, on SQLite or (with MYSQL_URL) MariaDB/MySQL. */
export async function startStack(env: Record<string, string> = {}, opts: { logLines?: string[] } = {}): Promise<Stack> {
  // WeChat Pay keys generated once per test process, shared by the sandbox and the BFF (as npm start does).
  const keys = testPayKeys();
  const sandbox = createSandbox({ keysDir: keys.dir });
  const sbxServer = await sandbox.listen(0);
  const db = process.env.MYSQL_URL
    ? await createScratchMysqlDatabase(process.env.MYSQL_URL)
    : (() => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hp-test-'));
        return { url: `sqlite:${path.join(dir, 'test.sqlite')}`, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
      })();
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    DATABASE_URL: db.url,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    WECHAT_API_BASE: `${sbxServer.url}/wechat`,
    WECHATPAY_API_BASE: `${sbxServer.url}/wechatpay`,
    HIS_API_BASE: `${sbxServer.url}/his`,
    PLATFORM_API_BASE: `${sbxServer.url}/platform`,
    HEALTHCARD_API_BASE: `${sbxServer.url}/healthcard`,
    UPSTREAM_TIMEOUT_MS: '1500',
    H5_DIST_DIR: path.join(os.tmpdir(), 'hp-no-h5'),
    // Every test talks from 127.0.0.1: tests of the browse budget set their own.
    PUBLIC_BROWSE_RATE_PER_MINUTE: '100000',
    // Pushes wait out quiet hours (21:00–08:00 by default): the quiet-hours test sets its own, with a moved clock.
    CONTENT_PUSH_QUIET_HOURS: '',
    ...keys.env,
    ...(env.REDIS_URL || env.QUEUE_REDIS_URL ? { QUEUE_PREFIX: TEST_QUEUE_PREFIX } : {}),
    // Limits in a shared Redis outlive a run: each test file counts its own (personas verify often).
    ...(env.REDIS_URL ? { RATE_LIMIT_PREFIX: `rl-${TEST_QUEUE_PREFIX}` } : {}),
    // `{sandbox}` in a value stands for the sandbox's URL (its port is only known now).
    ...Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v.replaceAll('{sandbox}', sbxServer.url)])),
  });
  const sink = opts.logLines ? { write: (line: string) => void opts.logLines!.push(line) } : undefined;
  const bff = await startBff(config, createLogger(config.logLevel, sink));
  // The port is ephemeral: WeChat Pay's notify_url (PUBLIC_BASE_URL) can only be known once bound.
  if (!env.PUBLIC_BASE_URL) bff.services.config.publicBaseUrl = bff.url;
  const api = client(bff.url);
  const sbx = client(sbxServer.url);

  const { login, resident } = personas({ api, sbx });

  const stack: Stack = {
    bff,
    sandbox,
    sandboxUrl: sbxServer.url,
    api,
    sbx,
    login,
    resident,
    close: async () => {
      await bff.close();
      if (config.queue.redisUrl) await dropSchedulers(config.queue.redisUrl, config.queue.prefix);
      await sbxServer.close();
      await db.drop();
    },
  };
  return stack;
}

/** Logins and real-named residents through the sandbox, for a BFF in this process or another. */
export function personas({ api, sbx }: { api: Call; sbx: Call }): Pick<Stack, 'login' | 'resident'> {
  const login = async (openid = uniqueOpenid(), headers?: Record<string, string>) => {
    const { body } = await sbx('POST', '/wechat/sandbox/codes', { body: { openid } });
    const res = await api('POST', '/api/v1/auth/wechat-login', { body: { code: body.code }, headers });
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
    return { ...res.body, openid };
  };
  const resident: Stack['resident'] = async (opts = {}) => {
    const l = await login(opts.openid);
    const who = { name: opts.name ?? '张伟', idNumber: opts.idNumber ?? randomIdNumber() };
    // With a phone: 手机号快速验证 when the platform holds that phone for the ID number (the
    // personas), so the account has a verified phone; otherwise, and without one, 刷脸认证.
    if (opts.phone) {
      const byPhone = await api('PUT', '/api/v1/me/real-name', {
        token: l.accessToken,
        body: { ...who, phoneCode: (await sbx('POST', '/wechat/sandbox/phone-codes', { body: { phoneNumber: opts.phone } })).body.code },
      });
      if (byPhone.status === 200) return { token: l.accessToken, openid: l.openid, user: byPhone.body };
      if (byPhone.body?.error?.code !== 'FACE_VERIFY_REQUIRED') throw new Error(`real-name by phone failed: ${byPhone.status} ${JSON.stringify(byPhone.body)}`);
    }
    const user = await verifyIdentity({ api, sbx }, l.accessToken, who);
    return { token: l.accessToken, openid: l.openid, user };
  };
  return { login, resident };
}

/**
 * The one way tests prove an identity: 刷脸认证 with the sandbox passing the check — verify_id from
 * the BFF, the sandbox's stand-in for wx.requestFacialVerify, then the BFF's server-side result.
 * `headers` lets callers keep a per-user client IP (rate limits by IP). Returns the UserView.
 */
export async function verifyIdentity(stack: Pick<Stack, 'api' | 'sbx'>, token: string, who: { name: string; idNumber: string }, opts: { headers?: Record<string, string> } = {}): Promise<any> {
  const started = await stack.api('POST', '/api/v1/me/identity/face', { token, headers: opts.headers, body: who });
  if (started.status !== 200) throw new Error(`face start failed: ${started.status} ${JSON.stringify(started.body)}`);
  const ran = await stack.sbx('POST', '/wechat/sandbox/face/verify', { body: { verify_id: started.body.verifyId, outcome: 'pass' } });
  if (ran.status !== 200 || ran.body.errCode !== 0) throw new Error(`face check failed: ${ran.status} ${JSON.stringify(ran.body)}`);
  const res = await stack.api('POST', '/api/v1/me/identity/face/result', { token, headers: opts.headers, body: { verifyId: started.body.verifyId } });
  if (res.status !== 200) throw new Error(`face result failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function phoneCodeFor(stack: Stack, phone: string): Promise<string> {
  return (await stack.sbx('POST', '/wechat/sandbox/phone-codes', { body: { phoneNumber: phone } })).body.code;
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const issuedIdNumbers = new Set<string>();
/**
 * A valid ID number (an adult born 1960–1999 unless `birth` is given), never the same twice in this
 * test process: a repeat would be a second account verifying someone else's identity, which takes
 * it over (with a fixed birth date only the 3-digit sequence varies, so repeats did happen).
 */
export function randomIdNumber(birth?: string): string {
  let b: string;
  let seq: string;
  let tries = 0;
  do {
    if (++tries > 5000) throw new Error(`randomIdNumber: no unused ID number left for birth ${birth}`);
    b = (birth ?? `19${60 + Math.floor(Math.random() * 40)}0${1 + Math.floor(Math.random() * 9)}1${Math.floor(Math.random() * 9)}`).replace(/-/g, '');
    seq = String(Math.floor(Math.random() * 1000)).padStart(3, '0');
  } while (issuedIdNumbers.has(b + seq));
  issuedIdNumbers.add(b + seq);
  const first = `110101${b}${seq}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first[i]) * WEIGHTS[i];
  return first + '10X98765432'[sum % 11];
}
