/**
 * `npm run test:deploy`: the deployment drill. Brings up the production shape (scripts/deploy/stack.ts:
 * two web instances and a worker of the compiled BFF behind nginx, MariaDB, Redis, the sandbox)
 * and drives it through nginx with a booking rush, chat across instances and bill payments with
 * WeChat Pay's notify — while web1 gets kill -9 (and is restarted, as systemd's Restart=always
 * would) and then web2 is stopped gracefully with SIGTERM (and restarted).
 *
 * Clients behave as the app does: a request that died with an instance is sent again with the
 * same Idempotency-Key; chat sockets reconnect through nginx, catch up from their last seq and
 * resend what was not acknowledged with the same clientId. Then it checks: every acknowledged
 * booking, message and payment exists exactly once; nobody is booked twice, nothing oversold, the
 * HIS holds what the BFF booked; every device has every message; reads during the kill never
 * failed; the graceful stop exited 0 and told its sockets to reconnect (1012).
 *
 * Needs nginx, MariaDB (MYSQL_URL) and Redis (REDIS_URL / TEST_REDIS_URL). Exit code 1 on any miss.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import mysql from 'mysql2/promise';
import sharp from 'sharp';
import { checkDigitFor, chinaToday } from '@healthpocket/shared-types';
import { ledgerOf } from '../../bff/sandbox/his/booking-state';
import { addDays } from '../../bff/src/modules/booking/china-time';
import { httpClient, pool, prepareResidents, signUp, type CallResult } from '../bench/lib';
import { Device } from './chat-devices';
import { chatResidents } from './chat-residents';
import { startStack, type Instance } from './stack';

const PLACES = 30;
const PATIENTS = 90;
const CHAT_USERS = 12;
/** Per resident over the window: under the chat limit of 60 a minute. */
const CHAT_PER_USER = 10;
const PAYERS = 8;
/** The traffic window: kill -9 at 30 %, restart at 50 %, SIGTERM at 65 %. */
const WINDOW_MS = 12_000;
/** A client gives up on one request after this long (the lease of a dead attempt is 3 s here). */
const GIVE_UP_MS = 60_000;

const log = (m: string) => console.log(`drill: ${m}`);
const failures: string[] = [];
function check(ok: boolean, what: string) {
  if (ok) log(`ok: ${what}`);
  else {
    failures.push(what);
    log(`FAILED: ${what}`);
  }
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let seq = 0;
function idNumber(): string {
  const n = seq++;
  const first = `110101${1960 + (n % 40)}0${1 + (Math.floor(n / 40) % 9)}1${Math.floor(n / 360) % 9}${String(Math.floor(n / 3240)).padStart(3, '0')}`;
  return first + checkDigitFor(first);
}

async function main() {
  const stack = await startStack({ webInstances: 2, worker: true, env: { IDEMPOTENCY_LEASE_MS: '3000' }, log });
  const { call, destroy } = httpClient(400);
  const reach = { call, bffUrl: stack.url, sandboxUrl: stack.sandboxUrl };
  const devices: Device[] = [];
  let retried = 0;
  /** As the app: a dead connection, a 502/503/504 or a key whose first attempt still holds it → the same request again. */
  const retrying = async (send: () => Promise<CallResult>): Promise<CallResult> => {
    const until = Date.now() + GIVE_UP_MS;
    for (let attempt = 0; ; attempt++) {
      const r = await send().catch(() => ({ status: 0, body: null, ms: 0 }));
      const again = r.status === 0 || r.status === 502 || r.status === 503 || r.status === 504 || (r.status === 409 && r.body?.error?.code === 'IDEMPOTENCY_CONFLICT');
      if (!again || Date.now() > until) return r;
      retried++;
      // Backing off as the app does (the per-user limits count every try).
      await sleep(Math.min(2000, 250 * 2 ** attempt) * (0.75 + Math.random() / 2));
    }
  };
  try {
    // ---- the session: a H001 day in the booking window, emptied to PLACES places ----
    const world = ledgerOf(stack.sandbox.context).world;
    const from = addDays(chinaToday(), 2);
    const session = [...world.sessions.values()]
      .filter((x) => x.hospitalId === 'H001' && x.date >= from && x.feeFen > 0)
      .sort((a, b) => a.date.localeCompare(b.date) || b.slotIds.length - a.slotIds.length)[0];
    const reset = await call(stack.sandboxUrl, 'POST', `/his/sandbox/sessions/${session.id}/reset`, { body: { capacityTotal: PLACES } });
    const slotIds: string[] = reset.body.slots.map((x: { id: string }) => x.id);

    log('setting up residents through nginx');
    const patients = await prepareResidents(reach, { count: PATIENTS, membersPerUser: 3, tag: 'drill', idNumber, name: '演练者', phone: '13800138000' });
    const payers = [];
    for (let i = 0; i < PAYERS; i++) {
      const id = idNumber();
      const ip = `10.9.0.${i}`;
      const token = await signUp(reach, { openid: `drillpay_${process.pid}_${i}`, ip, name: '张伟', idNumber: id });
      const self = (await call(stack.url, 'GET', '/api/v1/family/members', { token, headers: { 'x-forwarded-for': ip } })).body.items.find((m: { relation: string }) => m.relation === 'self');
      const bill = await call(stack.sandboxUrl, 'POST', '/his/sandbox/bills', { body: { idNumber: id, name: '张伟', items: [{ code: 'JY0001' }] } });
      payers.push({ token, ip, memberId: self.id as string, billNo: bill.body.billNo as string, key: `drillpay-${process.pid}-${i}` });
    }
    const chat = await chatResidents(reach, world, CHAT_USERS);
    const CHAT_MESSAGES = chat.length * CHAT_PER_USER;
    for (const u of chat) {
      const phone = new Device(stack.url, u.token, u.conversationId);
      const desktop = new Device(stack.url, u.token, u.conversationId);
      await Promise.all([phone.connect(), desktop.connect()]);
      devices.push(phone, desktop);
      u.devices = [phone, desktop];
    }
    log(`${patients.length} patients, ${payers.length} payers, ${devices.length} chat devices`);

    // ---- traffic over WINDOW_MS, and the faults in the middle of it ----
    const t0 = Date.now();
    const at = (ms: number) => sleep(Math.max(0, t0 + ms - Date.now()));
    const bookings = patients.map((p, i) => ({ ...p, key: `drill-${process.pid}-${i}`, slotId: slotIds[i % slotIds.length], startAt: Math.random() * WINDOW_MS, result: null as CallResult | null }));
    const bookingTraffic = pool(bookings, PATIENTS, async (b) => {
      await at(b.startAt);
      b.result = await retrying(() =>
        call(stack.url, 'POST', '/api/v1/bookings', { token: b.token, headers: { 'x-forwarded-for': b.ip, 'idempotency-key': b.key }, body: { slotId: b.slotId, memberId: b.memberId } }),
      );
    });
    const sent: Array<{ clientId: string; to: Device; from: Device }> = [];
    const chatTraffic = (async () => {
      for (let k = 0; k < CHAT_MESSAGES; k++) {
        await at((k * WINDOW_MS) / CHAT_MESSAGES);
        const u = chat[k % chat.length];
        const [from, to] = k % 2 ? [u.devices[0], u.devices[1]] : [u.devices[1], u.devices[0]];
        const clientId = `drill${k.toString(36)}${randomUUID().slice(0, 8)}`;
        sent.push({ clientId, from, to });
        from.send(clientId, `演练消息 ${k}`);
      }
    })();
    const paid: Array<{ order: CallResult; state: string | null }> = [];
    const payTraffic = pool(payers, PAYERS, async (p, i) => {
      await at((i / PAYERS) * WINDOW_MS * 0.9);
      const h = { 'x-forwarded-for': p.ip };
      const order = await retrying(() =>
        call(stack.url, 'POST', '/api/v1/bills/pay', { token: p.token, headers: { ...h, 'idempotency-key': p.key }, body: { memberId: p.memberId, billNos: [p.billNo] } }),
      );
      if (order.status !== 201) return void paid.push({ order, state: null });
      const id = order.body.order.id;
      const prepay = await retrying(() => call(stack.url, 'POST', `/api/v1/payments/orders/${id}/prepay`, { token: p.token, headers: h }));
      if (prepay.status === 200) await call(stack.sandboxUrl, 'POST', '/wechatpay/sandbox/pay', { body: { prepay_id: prepay.body.prepayId, result: 'success' } });
      // The cashier page polls until the notify (through nginx) has landed.
      let state: string | null = null;
      for (const until = Date.now() + GIVE_UP_MS; Date.now() < until; await sleep(300)) {
        const r = await call(stack.url, 'GET', `/api/v1/payments/orders/${id}`, { token: p.token, headers: h }).catch(() => null);
        state = r?.status === 200 ? r.body.state : state;
        if (state === 'PAID') break;
      }
      paid.push({ order, state });
    });

    const faults = (async () => {
      const [web1, web2] = stack.web;
      // The HIS answers holds slowly for a moment, so the kill lands while holds are in flight.
      await at(WINDOW_MS * 0.3 - 1000);
      await call(stack.sandboxUrl, 'POST', '/sandbox/faults', { body: { pathPrefix: '/his/appointments', method: 'POST', latencyMs: 1500 } });
      await at(WINDOW_MS * 0.3);
      await web1.kill9();
      log(`kill -9 web1 at ${Date.now() - t0} ms, HIS holds in flight`);
      setTimeout(() => void call(stack.sandboxUrl, 'DELETE', '/sandbox/faults').catch(() => undefined), 1500);
      // Reads right after the kill: nginx takes the dead instance out on its first refused connection.
      const reads = await Promise.all(Array.from({ length: 20 }, () => call(stack.url, 'GET', '/api/v1/booking/hospitals').catch(() => ({ status: 0 }) as CallResult)));
      check(
        reads.every((r) => r.status === 200),
        `20 reads right after the kill: ${reads.filter((r) => r.status === 200).length} answered 200`,
      );
      await at(WINDOW_MS * 0.5);
      await web1.start();
      log(`web1 restarted at ${Date.now() - t0} ms`);
      await at(WINDOW_MS * 0.65);
      const code = await drain(web2);
      check(code === 0, `SIGTERM web2: graceful exit (code ${code})`);
      await web2.start();
      log(`web2 restarted at ${Date.now() - t0} ms`);
    })();
    await Promise.all([bookingTraffic, chatTraffic, payTraffic, faults]);

    // Chat settles: everything acknowledged and, after one more catch-up, on every device.
    for (const until = Date.now() + 30_000; Date.now() < until; await sleep(300)) {
      if (devices.every((d) => d.pending.size === 0) && sent.every((m) => m.to.received.has(m.clientId))) break;
      for (const d of devices) d.sync();
    }
    log(`traffic done in ${Date.now() - t0} ms; ${retried} requests sent again by their clients`);

    // ---- bookings: exactly once ----
    const c = await mysql.createConnection(stack.dbUrl.replace(/^mariadb:/, 'mysql:'));
    const acked = bookings.filter((b) => b.result?.status === 201);
    const outcomes = new Map<string, number>();
    for (const b of bookings) {
      const k = `${b.result?.status} ${b.result?.body?.error?.code ?? ''}`.trim();
      outcomes.set(k, (outcomes.get(k) ?? 0) + 1);
    }
    log(`booking answers: ${[...outcomes].map(([k, v]) => `${k} ×${v}`).join(', ')}`);
    check(
      bookings.every((b) => b.result && (b.result.status === 201 || (b.result.status === 409 && b.result.body?.error?.code === 'SLOT_FULL'))),
      'every booking attempt got a final answer: booked or SLOT_FULL',
    );
    const [rows] = (await c.query("SELECT id, patientKey FROM bookings WHERE sessionId = ? AND status IN ('pending_payment','confirming','confirmed')", [session.id])) as unknown as [
      Array<{ id: string; patientKey: string }>,
    ];
    const ids = new Set(rows.map((r) => r.id));
    check(acked.length === PLACES, `${acked.length} bookings acknowledged for ${PLACES} places`);
    check(rows.length === acked.length && acked.every((b) => ids.has(b.result!.body.id)), `every acknowledged booking is stored, once (${rows.length} rows)`);
    check(new Set(rows.map((r) => r.patientKey)).size === rows.length, 'nobody booked twice');
    let held = 0;
    for (const id of slotIds) held += (await call(stack.sandboxUrl, 'GET', `/his/slots/${id}`)).body.booked;
    check(held === rows.length, `the HIS holds ${held} places, the BFF booked ${rows.length}: no orphan hold`);

    // ---- chat: exactly once, on every device ----
    const [[{ n: stored }]] = (await c.query("SELECT COUNT(*) AS n FROM chat_messages WHERE senderRole = 'resident'")) as unknown as [[{ n: number }]];
    for (const m of sent) if (!m.from.acked.has(m.clientId)) log(`not acknowledged: ${m.clientId}; its device ${m.from.state()}`);
    check(
      sent.every((m) => m.from.acked.has(m.clientId)),
      `every message acknowledged (${sent.filter((m) => m.from.acked.has(m.clientId)).length} of ${sent.length})`,
    );
    check(Number(stored) === sent.length, `${stored} messages stored for ${sent.length} sent: none lost, none doubled`);
    check(
      sent.every((m) => m.to.received.has(m.clientId)),
      `every message reached the other device (${sent.filter((m) => m.to.received.has(m.clientId)).length} of ${sent.length})`,
    );
    const nacks = new Map<string, number>();
    for (const d of devices) for (const [k, v] of d.nacks) nacks.set(k, (nacks.get(k) ?? 0) + v);
    if (nacks.size) log(`chat refusals on the way (sent again): ${[...nacks].map(([k, v]) => `${k} ×${v}`).join(', ')}`);
    const codes = devices.flatMap((d) => d.closeCodes);
    check(
      codes.includes(1012),
      `sockets on the draining instance were told to reconnect (close codes: ${[...new Set(codes)].join(', ')}; ${devices.reduce((n, d) => n + d.reconnects, 0)} reconnects)`,
    );

    // ---- uploads: in the shared object store, readable through every instance ----
    const u = chat[0];
    const png = await sharp({ create: { width: 320, height: 200, channels: 3, background: '#c62828' } })
      .png()
      .toBuffer();
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), '化验单.png');
    const up = await fetch(`${stack.url}/api/v1/doctor/conversations/${u.conversationId}/images`, {
      method: 'POST',
      headers: { authorization: `Bearer ${u.token}`, 'x-forwarded-for': u.ip },
      body: form,
    });
    const upText = await up.text();
    const upBody = (up.status === 201 ? JSON.parse(upText) : { id: '' }) as { id: string };
    if (up.status !== 201) log(`upload answered ${up.status}: ${upText.slice(0, 200)}`);
    const sentImage = await call(stack.url, 'POST', `/api/v1/doctor/conversations/${u.conversationId}/messages`, {
      token: u.token,
      headers: { 'x-forwarded-for': u.ip },
      body: { clientId: `drillimg${Date.now().toString(36)}`, kind: 'image', imageId: upBody.id },
    });
    const imageUrl: string = sentImage.body?.image?.url ?? '';
    if (sentImage.status !== 201) log(`image message answered ${sentImage.status}: ${JSON.stringify(sentImage.body).slice(0, 200)}`);
    const reads = await Promise.all(stack.web.map(async (w) => (await fetch(w.url + imageUrl)).status));
    const keys = await stack.s3.keys('chat/');
    check(
      up.status === 201 && sentImage.status === 201 && reads.every((r) => r === 200) && keys.some((k) => k.includes(upBody.id)),
      `an image uploaded through nginx is in the bucket (${keys.length} objects) and reads back from every instance (${reads.join(', ')})`,
    );

    // ---- payments: exactly once ----
    check(paid.length === PAYERS && paid.every((p) => p.state === 'PAID'), `every payment PAID (${paid.filter((p) => p.state === 'PAID').length} of ${PAYERS})`);
    const [orders] = (await c.query('SELECT memberId, COUNT(*) AS n FROM payment_orders GROUP BY memberId')) as unknown as [Array<{ memberId: string; n: number }>];
    check(
      payers.every((p) => Number(orders.find((o) => o.memberId === p.memberId)?.n) === 1),
      'one order per payer: the retried POST did not pay twice',
    );
    // The HIS hears of a payment through the outbox (the worker's tick, retried): wait for it to settle.
    let settled = 0;
    for (const until = Date.now() + 30_000; Date.now() < until; await sleep(500)) {
      settled = 0;
      for (const p of payers) settled += (await call(stack.sandboxUrl, 'GET', `/his/bills/${p.billNo}`)).body.status === 'paid' ? 1 : 0;
      if (settled === PAYERS) break;
    }
    check(settled === PAYERS, `the HIS settled ${settled} of ${PAYERS} bills (once each: one order per payer above)`);
    await c.end();
  } finally {
    for (const d of devices) d.close();
    destroy();
    await stack.stop();
  }
  if (failures.length) {
    console.error(`drill: FAILED (${failures.length}):\n  ${failures.join('\n  ')}`);
    process.exit(1);
  }
  log('passed');
}

/** SIGTERM with traffic flowing; the exit code (0 when the drain finished cleanly). */
async function drain(i: Instance) {
  const code = await Promise.race([i.term(), sleep(25_000).then(() => 'timeout')]);
  log(`SIGTERM ${i.name}: exit ${code}`);
  return code;
}

main().catch((e) => {
  console.error(`drill: FAILED: ${(e as Error).stack ?? e}`);
  process.exit(1);
});
