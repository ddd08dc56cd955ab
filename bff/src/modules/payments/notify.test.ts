import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomIdNumber, startStack, testPayKeys, type Stack } from '../../../test/harness';
import { AuditLog } from '../../db/entities';
import { OutboxMessage } from '../../outbox/entity';
import { BillCharge } from '../bills/entities';
import { PaymentOrder } from './entities';
import { forgeNotify, idemKey, orderFor, orderState, otherRsaKeyPem, payerWithBills, postNotify, transactionResource, waitFor } from './test-helpers';

jest.setTimeout(30_000);

/**
 * The notify matrix: every forged, tampered, stale, mismatched or malformed notification is refused
 * with a 4xx and changes nothing; a genuine one applies exactly once however often it arrives.
 */
let s: Stack;
const logLines: string[] = [];
beforeAll(async () => {
  s = await startStack({ LOG_LEVEL: 'warn' }, { logLines });
});
afterAll(() => s.close());
afterEach(() => s.sbx('DELETE', '/wechatpay/sandbox/settings'));

/** An open order with a prepay (so WeChat knows it), and what a genuine notify for it would carry. */
async function openOrder() {
  const p = await payerWithBills(s, randomIdNumber());
  const { order } = await orderFor(s, p, p.billNos);
  return { p, order, resource: transactionResource({}, { outTradeNo: order.outTradeNo, amountFen: order.amountFen, openid: p.openid }) };
}

/** Nothing about the order moved: still CREATED, bills still held, no outbox message. */
async function expectUnchanged(orderId: string) {
  const ds = s.bff.services.ds;
  const o = await ds.getRepository(PaymentOrder).findOneByOrFail({ id: orderId });
  expect(o).toMatchObject({ state: 'CREATED', transactionId: null, paidAt: null });
  expect(await ds.getRepository(BillCharge).findBy({ orderId })).toEqual([expect.objectContaining({ state: 'pending' })]);
  expect(await ds.getRepository(OutboxMessage).countBy({ dedupeKey: `his.bills.settle:${orderId}` })).toBe(0);
}

const flipBit = (at: (ct: Buffer) => number) => (ct: Buffer) => {
  const out = Buffer.from(ct);
  out[at(out)] ^= 0x01;
  return out;
};

describe('refused notifications change nothing', () => {
  it.each([
    ['signed with another key', () => ({ signingKeyPem: otherRsaKeyPem() }), 401, 'NOTIFY_SIGNATURE_INVALID'],
    ['naming an unknown Wechatpay-Serial', () => ({ serial: 'PUB_KEY_ID_0000000000000000000000000000' }), 401, 'NOTIFY_SIGNATURE_INVALID'],
    ['one bit flipped in the ciphertext (re-signed)', () => ({ mutateCiphertext: flipBit(() => 3) }), 400, 'NOTIFY_DECRYPT_FAILED'],
    ['one bit flipped in the GCM tag (re-signed)', () => ({ mutateCiphertext: flipBit((ct) => ct.length - 1) }), 400, 'NOTIFY_DECRYPT_FAILED'],
    ['associated_data other than was encrypted', () => ({ claimedAssociatedData: 'transaction ' }), 400, 'NOTIFY_DECRYPT_FAILED'],
    ['a refund resource posing as a transaction', () => ({ associatedData: 'refund' }), 400, 'NOTIFY_MALFORMED'],
    ['encrypted with another APIv3 key', () => ({ apiV3Key: 'x'.repeat(32) }), 400, 'NOTIFY_DECRYPT_FAILED'],
    ['a timestamp 6 minutes old', () => ({ timestamp: Math.floor(Date.now() / 1000) - 360 }), 401, 'NOTIFY_TIMESTAMP_STALE'],
    ['a timestamp 6 minutes ahead', () => ({ timestamp: Math.floor(Date.now() / 1000) + 360 }), 401, 'NOTIFY_TIMESTAMP_STALE'],
  ])('%s', async (_name, opts, status, code) => {
    const { order, resource } = await openOrder();
    const res = await postNotify(s, forgeNotify(resource, opts()));
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    await expectUnchanged(order.id);
  });

  it.each([
    ['the wrong amount', (r: any) => ({ ...r, amount: { ...r.amount, total: r.amount.total - 1, payer_total: r.amount.total - 1 } })],
    ['the wrong mchid', (r: any) => ({ ...r, mchid: '1900000109' })],
    ['the wrong appid', (r: any) => ({ ...r, appid: 'wx0000000000000000' })],
    ['an unknown out_trade_no', (r: any) => ({ ...r, out_trade_no: 'HP20990101000000AAAAAAAAAAAAAAAA' })],
  ])('a genuine, well-signed notify with %s', async (_name, change) => {
    const { order, resource } = await openOrder();
    const res = await postNotify(s, forgeNotify(change(resource)));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('NOTIFY_MISMATCH');
    await expectUnchanged(order.id);
  });

  it('malformed: not JSON, no signature headers, a body that is not the signed one', async () => {
    const { order, resource } = await openOrder();
    const good = forgeNotify(resource);
    const notJson = await s.api('POST', '/api/v1/payments/wechat/notify', { raw: '{"id":', headers: good.headers });
    expect(notJson.status).toBe(400);
    const noHeaders = await s.api('POST', '/api/v1/payments/wechat/notify', { raw: good.body, headers: { 'content-type': 'application/json' } });
    expect(noHeaders.body.error.code).toBe('NOTIFY_SIGNATURE_INVALID');
    // The same JSON re-serialised (whitespace) is not what was signed.
    const reformatted = await s.api('POST', '/api/v1/payments/wechat/notify', { raw: JSON.stringify(JSON.parse(good.body), null, 1), headers: good.headers });
    expect(reformatted.body.error.code).toBe('NOTIFY_SIGNATURE_INVALID');
    const wrongShape = forgeNotify({ hello: 'world' });
    expect((await postNotify(s, wrongShape)).body.error.code).toBe('NOTIFY_MALFORMED');
    await expectUnchanged(order.id);
  });

  it('logs each refusal with its reason, and never the body', async () => {
    const { resource } = await openOrder();
    const n = forgeNotify(resource, { signingKeyPem: otherRsaKeyPem() });
    const before = logLines.length;
    await postNotify(s, n);
    const lines = logLines.slice(before).join('\n');
    expect(lines).toContain('wechat pay notify rejected');
    expect(lines).toContain('signature does not verify');
    expect(lines).not.toContain(JSON.parse(n.body).resource.ciphertext);
  });
});

describe('genuine notifications', () => {
  it('a forged-by-us but genuine notify applies once; answered 204 only after the commit', async () => {
    const { p, order, resource } = await openOrder();
    const res = await postNotify(s, forgeNotify(resource));
    expect(res.status).toBe(204);
    // 204 came after the commit: the state is already visible.
    const o = await orderState(s, p.token, order.id);
    expect(o).toMatchObject({ state: 'PAID', transactionId: resource.transaction_id });
  });

  it('the same notify delivered 5 times concurrently: exactly one transition', async () => {
    const { p, order, resource } = await openOrder();
    const n = forgeNotify(resource);
    const answers = await Promise.all(Array.from({ length: 5 }, () => postNotify(s, n)));
    expect(answers.map((a) => a.status)).toEqual([204, 204, 204, 204, 204]);
    await expectExactlyOnePaid(order.id, p.token);
  });

  it('the sandbox delivering 5 copies at once (duplicate mode): exactly one transition', async () => {
    await s.sbx('POST', '/wechatpay/sandbox/settings', { body: { mode: 'duplicate', copies: 5, times: 1 } });
    const p = await payerWithBills(s, randomIdNumber());
    const { order, prepay } = await orderFor(s, p, p.billNos);
    await s.sbx('POST', '/wechatpay/sandbox/pay', { body: { prepay_id: prepay.prepayId, result: 'success' } });
    const deliveries = await waitFor('5 deliveries', async () => {
      const d = await s.sbx('GET', `/wechatpay/sandbox/notifies?out_trade_no=${order.outTradeNo}`);
      return d.body.items.length === 5 && d.body.items.every((x: { state: string }) => x.state === 'delivered') && d.body.items;
    });
    expect(new Set(deliveries.map((d: { id: string }) => d.id)).size).toBe(1);
    await expectExactlyOnePaid(order.id, p.token);
  });

  it('a late duplicate after the order was refunded changes nothing', async () => {
    const { p, order, resource } = await openOrder();
    const n = forgeNotify(resource);
    expect((await postNotify(s, n)).status).toBe(204);
    await s.bff.services.ds.getRepository(PaymentOrder).update({ id: order.id }, { state: 'REFUNDED', refundedFen: order.amountFen });
    expect((await postNotify(s, forgeNotify(resource))).status).toBe(204);
    expect((await orderState(s, p.token, order.id)).state).toBe('REFUNDED');
  });

  it('WeChat retries on its schedule while the BFF answers errors, then stops at the 204', async () => {
    const p = await payerWithBills(s, randomIdNumber());
    const { order } = await s.api('POST', '/api/v1/bills/pay', { token: p.token, body: { memberId: p.memberId, billNos: p.billNos }, headers: { 'Idempotency-Key': idemKey() } }).then((r) => r.body);
    await s.sbx('POST', '/wechatpay/sandbox/settings', { body: { timeScale: 0.005 } });
    // A proxy in front of the BFF that answers 502 twice (a gateway while the BFF restarts).
    let failures = 2;
    const forward = async (req: http.IncomingMessage, res: http.ServerResponse) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      if (failures-- > 0) return void res.writeHead(502).end();
      const r = await fetch(s.bff.url + req.url, { method: 'POST', headers: req.headers as Record<string, string>, body: Buffer.concat(chunks) });
      res.writeHead(r.status).end(await r.text());
    };
    // A proxy that cannot reach the BFF answers as a gateway does.
    const proxy = http.createServer((req, res) => void forward(req, res).catch(() => (res.headersSent ? res.end() : res.writeHead(502).end())));
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const publicBase = s.bff.services.config.publicBaseUrl;
    s.bff.services.config.publicBaseUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    try {
      const { order: o2, prepay } = await orderFor(s, p, p.billNos);
      expect(o2.id).toBe(order.id);
      await s.sbx('POST', '/wechatpay/sandbox/pay', { body: { prepay_id: prepay.prepayId, result: 'success' } });
      const d = await waitFor('delivered', async () => {
        const r = await s.sbx('GET', `/wechatpay/sandbox/notifies?out_trade_no=${order.outTradeNo}`);
        return r.body.items[0]?.state === 'delivered' && r.body.items[0];
      });
      expect(d.attempts.map((a: { status: number }) => a.status)).toEqual([502, 502, 204]);
    } finally {
      s.bff.services.config.publicBaseUrl = publicBase;
      proxy.close();
    }
    expect((await orderState(s, p.token, order.id)).state).toBe('PAID');
  });
});

async function expectExactlyOnePaid(orderId: string, token: string) {
  const ds = s.bff.services.ds;
  expect((await orderState(s, token, orderId)).state).toBe('PAID');
  // The transition is audited inside its own transaction: one row means it happened once.
  expect(await ds.getRepository(AuditLog).countBy({ action: 'payment.order.paid', subjectId: orderId })).toBe(1);
  expect(await ds.getRepository(OutboxMessage).countBy({ dedupeKey: `his.bills.settle:${orderId}` })).toBe(1);
  const charges = await ds.getRepository(BillCharge).findBy({ orderId });
  expect(charges).toHaveLength(1);
  expect(['paid', 'confirmed']).toContain(charges[0].state);
}

describe('keys', () => {
  it('the test process generated its own keys and the sandbox uses the same ones', async () => {
    const keys = testPayKeys();
    expect(keys.dir).toContain('hp-paykeys-');
    expect(s.bff.services.config.payments.keys?.merchantCertSerial).toBe(keys.merchantCertSerial);
  });
});
