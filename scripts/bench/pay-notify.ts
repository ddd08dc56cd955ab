/**
 * WeChat Pay notify storm: ORDERS open bill orders (prepaid at the sandbox), then every order's
 * genuine TRANSACTION.SUCCESS notify delivered COPIES times, CONCURRENCY at once, as WeChat's
 * retries and duplicates would. Verifies exactly one transition per order and no 5xx, and prints
 * notifies handled per second with p50/p99 latency (signature check, GCM decrypt, row lock,
 * transition, outbox message, commit).
 *
 *   npx tsx --tsconfig bff/tsconfig.json scripts/bench/pay-notify.ts [--orders 300] [--copies 3] [--concurrency 50]
 *
 * SQLite by default; with MYSQL_URL (e.g. mariadb://root@127.0.0.1:3306/test) on a scratch MariaDB
 * database. BFF and sandbox run in this one process (loopback, bounded by --orders).
 */
import 'reflect-metadata';
import { In } from 'typeorm';
import { randomIdNumber, startStack } from '../../bff/test/harness';
import { AuditLog } from '../../bff/src/db/entities';
import { forgeNotify, orderFor, payerWithBills, transactionResource } from '../../bff/src/modules/payments/test-helpers';

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const ORDERS = arg('orders', 300);
const COPIES = arg('copies', 3);
const CONCURRENCY = arg('concurrency', 50);

async function main() {
  const s = await startStack({ LOG_LEVEL: 'silent', OUTBOX_POLL_MS: '60000' });
  try {
    const t0 = Date.now();
    const notifies: Array<{ orderId: string; n: { body: string; headers: Record<string, string> } }> = [];
    // Setup: a few residents, each with up to 20 bills paid one order per bill.
    for (let done = 0; done < ORDERS;) {
      const count = Math.min(20, ORDERS - done);
      const p = await payerWithBills(
        s,
        randomIdNumber(),
        Array.from({ length: count }, () => [{ code: 'JY0005' }]),
      );
      for (const billNo of p.billNos) {
        const { order } = await orderFor(s, p, [billNo]);
        notifies.push({ orderId: order.id, n: forgeNotify(transactionResource({}, { outTradeNo: order.outTradeNo, amountFen: order.amountFen, openid: p.openid })) });
      }
      done += count;
    }
    const setupS = (Date.now() - t0) / 1000;

    const jobs = notifies.flatMap((x) => Array.from({ length: COPIES }, () => x));
    // Shuffle so copies of one order arrive interleaved with others, as retries do.
    for (let i = jobs.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [jobs[i], jobs[j]] = [jobs[j], jobs[i]];
    }
    const latencies: number[] = [];
    const statuses = new Map<number, number>();
    let next = 0;
    const started = Date.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < jobs.length) {
          const job = jobs[next++];
          const a = performance.now();
          const res = await fetch(`${s.bff.url}/api/v1/payments/wechat/notify`, { method: 'POST', headers: job.n.headers, body: job.n.body });
          await res.arrayBuffer();
          latencies.push(performance.now() - a);
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        }
      }),
    );
    const secs = (Date.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))].toFixed(1);

    const ids = notifies.map((x) => x.orderId);
    const audits = await s.bff.services.ds.getRepository(AuditLog).findBy({ action: 'payment.order.paid', subjectId: In(ids) });
    const perOrder = new Map<string, number>();
    for (const a of audits) perOrder.set(a.subjectId, (perOrder.get(a.subjectId) ?? 0) + 1);
    const missing = ids.filter((id) => !perOrder.has(id)).length;
    const twice = [...perOrder.values()].filter((n) => n > 1).length;

    console.log(
      JSON.stringify(
        {
          db: process.env.MYSQL_URL ? 'mariadb' : 'sqlite',
          orders: ORDERS,
          copiesPerOrder: COPIES,
          concurrency: CONCURRENCY,
          setupSeconds: setupS,
          notifies: jobs.length,
          statuses: Object.fromEntries(statuses),
          notifiesPerSecond: Math.round(jobs.length / secs),
          p50ms: pct(50),
          p99ms: pct(99),
          ordersPaid: perOrder.size,
          ordersNotPaid: missing,
          ordersTransitionedTwice: twice,
        },
        null,
        2,
      ),
    );
    if (missing || twice || [...statuses.keys()].some((k) => k !== 204)) process.exitCode = 1;
  } finally {
    await s.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
