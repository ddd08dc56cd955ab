/**
 * Chat benchmark: 1,000 WebSocket clients across two BFF processes that share one MariaDB
 * database and Redis, messages at a fixed rate. Each of 500 residents holds one socket on each
 * instance ("phone" on A, "desktop" on B); every message is sent on one and must arrive on the
 * other, so every delivery crosses instances through Redis. Two doctor sockets of the team (one per
 * instance) receive every message too.
 *
 *   npx tsx --tsconfig bff/tsconfig.json scripts/bench/chat.ts [--rate 100] [--seconds 20] [--users 500]
 *
 * Needs MariaDB (MYSQL_URL, default mariadb://root@127.0.0.1:3306/test; a scratch database is
 * created and dropped) and Redis (REDIS_URL, default redis://127.0.0.1:6379). Loopback only.
 * Prints: delivery latency p50/p99/max, ack latency, lost messages, memory per connection.
 */
import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { createSandbox } from '../../bff/sandbox/server';
import { createScratchMysqlDatabase } from '../../bff/src/db/scratch';
import { createDataSource } from '../../bff/src/db/data-source';
import { AccessTokens } from '../../bff/src/auth/tokens';
import { DEV_JWT_SECRET } from '../../bff/src/config';
import { User } from '../../bff/src/db/entities';
import { Conversation, DoctorSettings } from '../../bff/src/modules/doctor/entities';
import { freePort } from '../lib/net';

const ROOT = path.resolve(__dirname, '../..');
const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const RATE = arg('rate', 100);
const SECONDS = arg('seconds', 20);
const USERS = arg('users', 500);
const DRAIN_MS = 10_000;

async function waitHealthy(url: string, ms: number) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not come up`);
}

/** Resident set size of a process (its children included: tsx runs node under it). */
function rssKb(pid: number): number {
  let total = 0;
  const visit = (p: number) => {
    try {
      const status = fs.readFileSync(`/proc/${p}/status`, 'utf8');
      total += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      const children = fs.readFileSync(`/proc/${p}/task/${p}/children`, 'utf8').trim();
      for (const c of children ? children.split(/\s+/) : []) visit(Number(c));
    } catch {
      /* gone */
    }
  };
  visit(pid);
  return total;
}

function pct(sorted: number[], p: number) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

interface Sock {
  ws: WebSocket;
  userId: string;
  received: Map<string, number>;
  acks: Map<string, number>;
  nacks: number;
}

async function connect(url: string, token: string, userId: string): Promise<Sock> {
  const ws = new WebSocket(url.replace(/^http/, 'ws') + '/api/v1/realtime');
  const sock: Sock = { ws, userId, received: new Map(), acks: new Map(), nacks: 0 };
  await new Promise<void>((resolve, reject) => {
    ws.once('error', reject);
    ws.once('open', () => ws.send(JSON.stringify({ type: 'auth', token })));
    ws.on('message', (d) => {
      const f = JSON.parse(d.toString());
      const now = performance.now();
      if (f.type === 'ready') resolve();
      else if (f.type === 'message' && f.message.clientId) sock.received.set(f.message.clientId, now);
      else if (f.type === 'ack') sock.acks.set(f.clientId, now);
      else if (f.type === 'nack' || f.type === 'error') sock.nacks++;
    });
    ws.once('close', (code) => reject(new Error(`closed ${code}`)));
  });
  return sock;
}

async function main() {
  const mysqlBase = process.env.MYSQL_URL || 'mariadb://root@127.0.0.1:3306/test';
  const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
  const db = await createScratchMysqlDatabase(mysqlBase);
  const sandbox = await createSandbox().listen(0);
  const children: ChildProcess[] = [];
  const sockets: Sock[] = [];
  try {
    const env = (port: number) => ({
      ...process.env,
      NODE_ENV: 'test',
      PORT: String(port),
      DATABASE_URL: db.url,
      REDIS_URL: redisUrl,
      LOG_LEVEL: 'fatal',
      WECHAT_API_BASE: `${sandbox.url}/wechat`,
      HIS_API_BASE: `${sandbox.url}/his`,
      PLATFORM_API_BASE: `${sandbox.url}/platform`,
      WECHATPAY_API_BASE: `${sandbox.url}/wechatpay`,
      H5_DIST_DIR: '/nonexistent',
    });
    const start = async () => {
      const port = await freePort();
      const child = spawn(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), '--tsconfig', 'bff/tsconfig.json', 'bff/src/server.ts'], {
        cwd: ROOT,
        env: env(port),
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      children.push(child);
      const url = `http://127.0.0.1:${port}`;
      await waitHealthy(url, 60_000);
      return { url, pid: child.pid! };
    };
    // One after the other: the first runs the migrations.
    const A = await start();
    const B = await start();
    console.log(`BFF A ${A.url} (pid ${A.pid}), BFF B ${B.url} (pid ${B.pid}); MariaDB scratch db, Redis ${redisUrl}`);

    // Residents with one conversation each, written straight into the shared database.
    const ds = createDataSource(db.url);
    await ds.initialize();
    const tokens = new AccessTokens(DEV_JWT_SECRET, 3600);
    const users = Array.from({ length: USERS }, (_, i) => ({ id: randomUUID(), openid: `bench_${i}_${Date.now().toString(36)}`, conv: randomUUID() }));
    await ds.getRepository(User).insert(
      users.map((u) => ({
        id: u.id,
        openid: u.openid,
        unionid: null,
        roles: ['resident'],
        sessionKeyEnc: null,
        name: '压测居民',
        idNumberEnc: null,
        idNumberHash: null,
        phoneEnc: null,
        sex: null,
        birthDate: null,
        realNameVerifiedAt: null,
        doctorId: null,
      })),
    );
    await ds.getRepository(Conversation).insert(
      users.map((u) => ({
        id: u.conv,
        memberId: randomUUID(),
        ownerUserId: u.id,
        teamId: 'T001',
        doctorId: 'D-FD-001',
        memberName: '压测居民',
        recordNumber: null,
        lastSeq: 0,
        residentReadSeq: 0,
        teamReadSeq: 0,
        status: 'open' as const,
        lastMessageAt: null,
        lastMessagePreview: null,
        waitingSince: null,
        notifiedAt: null,
        autoRepliedAt: null,
      })),
    );
    const doctor = { id: randomUUID(), openid: `bench_doctor_${Date.now().toString(36)}` };
    await ds.getRepository(User).insert({
      id: doctor.id,
      openid: doctor.openid,
      unionid: null,
      roles: ['doctor'],
      sessionKeyEnc: null,
      name: '李明',
      idNumberEnc: null,
      idNumberHash: null,
      phoneEnc: null,
      sex: null,
      birthDate: null,
      realNameVerifiedAt: null,
      doctorId: 'D-FD-001',
    });
    // Working hours around the clock, so no automatic reply joins the measured traffic.
    await ds.getRepository(DoctorSettings).insert({ doctorId: 'D-FD-001', hours: { days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '23:59' }, autoReply: '稍后回复', quickReplies: [] });
    await ds.destroy();

    // Warm both instances (JIT, pools, platform cache) before measuring memory.
    const warm = await connect(A.url, tokens.sign({ userId: users[0].id }), users[0].id);
    warm.ws.close();
    await new Promise((r) => setTimeout(r, 1500));
    const rssBefore = { A: rssKb(A.pid), B: rssKb(B.pid) };

    const t0 = performance.now();
    const pairs: Array<[Sock, Sock]> = [];
    for (let i = 0; i < users.length; i += 50) {
      const batch = users.slice(i, i + 50);
      const made = await Promise.all(
        batch.map(async (u) => {
          const token = tokens.sign({ userId: u.id });
          return [await connect(A.url, token, u.id), await connect(B.url, token, u.id)] as [Sock, Sock];
        }),
      );
      pairs.push(...made);
    }
    const doctorToken = tokens.sign({ userId: doctor.id });
    const doctors = [await connect(A.url, doctorToken, doctor.id), await connect(B.url, doctorToken, doctor.id)];
    sockets.push(...pairs.flat(), ...doctors);
    const connectMs = performance.now() - t0;
    await new Promise((r) => setTimeout(r, 2000));
    const rssAfter = { A: rssKb(A.pid), B: rssKb(B.pid) };
    const resident = pairs.length * 2;
    console.log(`connected ${resident} resident sockets (+2 doctor sockets) in ${(connectMs / 1000).toFixed(1)} s`);

    // Fixed-rate sends: message k goes out on one socket of user k % USERS and must reach the other.
    const total = RATE * SECONDS;
    const sent = new Map<string, { at: number; to: Sock; from: Sock }>();
    const interval = 1000 / RATE;
    const sendStart = performance.now();
    for (let k = 0; k < total; k++) {
      const due = sendStart + k * interval;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      const [a, b] = pairs[k % pairs.length];
      const [from, to] = k % 2 === 0 ? [a, b] : [b, a];
      const clientId = `bench${k.toString(36).padStart(6, '0')}${randomUUID().slice(0, 8)}`;
      const conv = users[k % pairs.length].conv;
      sent.set(clientId, { at: performance.now(), to, from });
      from.ws.send(JSON.stringify({ type: 'send', conversationId: conv, message: { clientId, kind: 'text', text: `压测消息 ${k}` } }));
    }
    const sendSeconds = (performance.now() - sendStart) / 1000;

    const drainUntil = Date.now() + DRAIN_MS;
    const done = () => [...sent].every(([id, m]) => m.to.received.has(id) && m.from.acks.has(id));
    while (Date.now() < drainUntil && !done()) await new Promise((r) => setTimeout(r, 100));

    const delivery: number[] = [];
    const ack: number[] = [];
    let lost = 0;
    let unacked = 0;
    let doctorMissing = 0;
    for (const [id, m] of sent) {
      const got = m.to.received.get(id);
      if (got === undefined) lost++;
      else delivery.push(got - m.at);
      const a = m.from.acks.get(id);
      if (a === undefined) unacked++;
      else ack.push(a - m.at);
      for (const d of doctors) if (!d.received.has(id)) doctorMissing++;
    }
    delivery.sort((x, y) => x - y);
    ack.sort((x, y) => x - y);
    const nacks = sockets.reduce((n, s) => n + s.nacks, 0);

    const check = createDataSource(db.url);
    await check.initialize();
    const stored = Number((await check.query('SELECT COUNT(*) AS n FROM chat_messages'))[0].n);
    await check.destroy();

    const perConnKb = (rssAfter.A - rssBefore.A + (rssAfter.B - rssBefore.B)) / resident;
    const f = (x: number) => x.toFixed(1);
    console.log(`
Chat benchmark — ${resident} resident sockets over 2 BFF instances (MariaDB + Redis), ${RATE} msg/s for ${SECONDS} s
  sent ${total} in ${f(sendSeconds)} s (${f(total / sendSeconds)} msg/s), stored ${stored}, acked ${total - unacked}, nacks/errors ${nacks}
  delivery latency (send on one instance → other socket on the other instance):  p50 ${f(pct(delivery, 50))} ms   p99 ${f(pct(delivery, 99))} ms   max ${f(delivery.at(-1) ?? NaN)} ms
  ack latency (send → stored and acknowledged):  p50 ${f(pct(ack, 50))} ms   p99 ${f(pct(ack, 99))} ms
  lost messages: ${lost}   (not acknowledged: ${unacked}; doctor sockets missing: ${doctorMissing} of ${total * 2})
  memory: RSS A ${(rssBefore.A / 1024).toFixed(0)} → ${(rssAfter.A / 1024).toFixed(0)} MB, B ${(rssBefore.B / 1024).toFixed(0)} → ${(rssAfter.B / 1024).toFixed(0)} MB; ≈ ${f(perConnKb)} KB per connection
`);
    process.exitCode = lost === 0 && unacked === 0 ? 0 : 1;
  } finally {
    for (const s of sockets) s.ws.terminate();
    for (const c of children) c.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1000));
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await sandbox.close();
    await db.drop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
