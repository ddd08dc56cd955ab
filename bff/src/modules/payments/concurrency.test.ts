import { randomIdNumber, startStack, type Stack } from '../../../test/harness';
import { AuditLog } from '../../db/entities';
import { BillCharge } from '../bills/entities';
import { PaymentOrder, PaymentRefund } from './entities';
import { forgeNotify, idemKey, refunderToken, orderFor, orderState, payerWithBills, postNotify, transactionResource, waitFor } from './test-helpers';

jest.setTimeout(60_000);

/**
 * Races that must stay exact. On SQLite transactions are serialised in-process; run with
 * MYSQL_URL to prove the row locks and unique keys on MariaDB, where they run concurrently.
 */
let s: Stack;
beforeAll(async () => {
  s = await startStack();
});
afterAll(() => s.close());

it('20 concurrent "pay these bills" requests (new Idempotency-Keys): one open order holds the bills', async () => {
  const p = await payerWithBills(s, randomIdNumber(), [[{ code: 'JY0001' }], [{ code: 'JY0002' }]]);
  const answers = await Promise.all(
    Array.from({ length: 20 }, () => s.api('POST', '/api/v1/bills/pay', { token: p.token, body: { memberId: p.memberId, billNos: p.billNos }, headers: { 'Idempotency-Key': idemKey() } })),
  );
  const ok = answers.filter((a) => a.status === 201);
  const refused = answers.filter((a) => a.status !== 201);
  expect(ok.length).toBeGreaterThanOrEqual(1);
  expect(new Set(ok.map((a) => a.body.order.id)).size).toBe(1);
  expect(refused.every((a) => a.status === 409 && a.body.error.code === 'BILL_IN_PAYMENT')).toBe(true);
  const ds = s.bff.services.ds;
  expect(await ds.getRepository(PaymentOrder).countBy({ memberId: p.memberId })).toBe(1);
  expect(await ds.getRepository(BillCharge).countBy({ memberId: p.memberId })).toBe(2);
});

it('10 concurrent duplicate notifies for each of 5 orders: exactly one transition per order', async () => {
  const p = await payerWithBills(
    s,
    randomIdNumber(),
    Array.from({ length: 5 }, () => [{ code: 'JY0005' }]),
  );
  const notifies = [];
  const ids: string[] = [];
  for (const billNo of p.billNos) {
    const { order } = await orderFor(s, p, [billNo]);
    ids.push(order.id);
    notifies.push(forgeNotify(transactionResource({}, { outTradeNo: order.outTradeNo, amountFen: order.amountFen, openid: p.openid })));
  }
  const answers = await Promise.all(notifies.flatMap((n) => Array.from({ length: 10 }, () => postNotify(s, n))));
  expect(answers.every((a) => a.status === 204)).toBe(true);
  for (const id of ids) {
    expect((await orderState(s, p.token, id)).state).toBe('PAID');
    expect(await s.bff.services.ds.getRepository(AuditLog).countBy({ action: 'payment.order.paid', subjectId: id })).toBe(1);
  }
});

it('cancel racing the payment: the order ends either PAID or CLOSED, never both, and WeChat agrees', async () => {
  for (let i = 0; i < 5; i++) {
    const p = await payerWithBills(s, randomIdNumber());
    const { order, prepay } = await orderFor(s, p, p.billNos);
    const [cancel, pay] = await Promise.all([
      s.api('POST', `/api/v1/payments/orders/${order.id}/cancel`, { token: p.token }),
      s.sbx('POST', '/wechatpay/sandbox/pay', { body: { prepay_id: prepay.prepayId, result: 'success' } }),
    ]);
    const wx = (await s.sbx('GET', `/wechatpay/sandbox/transactions/${order.outTradeNo}`)).body.trade_state;
    if (pay.status === 200) {
      // WeChat took the money: the cancel must have been refused and the order must end PAID.
      expect(cancel.status).toBe(409);
      await waitFor('PAID', async () => (await orderState(s, p.token, order.id)).state === 'PAID');
      expect(wx).toBe('SUCCESS');
    } else {
      expect(cancel.status).toBe(200);
      expect((await orderState(s, p.token, order.id)).state).toBe('CLOSED');
      expect(wx).toBe('CLOSED');
    }
  }
});

it('concurrent refunds never refund more than was paid; the same refundKey is one refund', async () => {
  await s.sbx('POST', '/wechatpay/sandbox/settings', { body: { refundOutcome: 'manual' } });
  try {
    const p = await payerWithBills(s, randomIdNumber(), [[{ code: 'JC0003' }]]);
    const { order, prepay } = await orderFor(s, p, p.billNos);
    await s.sbx('POST', '/wechatpay/sandbox/pay', { body: { prepay_id: prepay.prepayId, result: 'success' } });
    await waitFor('PAID', async () => (await orderState(s, p.token, order.id)).state === 'PAID');
    const op = await refunderToken(s);
    const refund = (amountFen: number, refundKey: string) => s.api('POST', `/api/v1/payments/orders/${order.id}/refunds`, { token: op, body: { amountFen, reason: '退费', refundKey } });
    // 10 different keys each asking 60 %: one fits.
    const big = await Promise.all(Array.from({ length: 10 }, (_, i) => refund(10800, `big-${i}`)));
    expect(big.filter((r) => r.status === 202)).toHaveLength(1);
    expect(big.filter((r) => r.status === 409).every((r) => r.body.error.code === 'REFUND_EXCEEDS_PAID')).toBe(true);
    // 10 requests with one key: one refund.
    const same = await Promise.all(Array.from({ length: 10 }, () => refund(1000, 'same')));
    expect(same.every((r) => r.status === 202)).toBe(true);
    expect(new Set(same.map((r) => r.body.id)).size).toBe(1);
    const rows = await s.bff.services.ds.getRepository(PaymentRefund).findBy({ orderId: order.id });
    expect(rows.map((r) => r.amountFen).sort()).toEqual([1000, 10800]);
    const wx = await s.sbx('GET', `/wechatpay/sandbox/transactions/${order.outTradeNo}`);
    expect(wx.body.refunds.map((r: { amount: { refund: number } }) => r.amount.refund).sort()).toEqual([1000, 10800]);
    expect((await orderState(s, p.token, order.id)).state).toBe('REFUNDING');
  } finally {
    await s.sbx('DELETE', '/wechatpay/sandbox/settings');
  }
});
