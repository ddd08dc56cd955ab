import { randomIdNumber, startStack, type Stack } from '../../../test/harness';
import { AuditLog } from '../../db/entities';
import { BillCharge } from '../bills/entities';
import { PaymentOrder, PaymentRefund } from './entities';
import { forgeNotify, idemKey, refunderToken, orderFor, orderState, payerWithBills, postNotify, transactionResource, waitFor } from './test-helpers';

jest.setTimeout(30_000);

/** Reconciliation: WeChat's truth wins when a notify is lost or late, or an order runs out of time. */
let s: Stack;
beforeAll(async () => {
  // Every open order is old enough to be queried (the default waits 3 minutes).
  s = await startStack({ PAYMENT_RECONCILE_AFTER_MS: '0' });
});
afterAll(() => s.close());
afterEach(() => Promise.all([s.sbx('DELETE', '/wechatpay/sandbox/settings'), s.sbx('DELETE', '/sandbox/faults')]));

const orders = () => s.bff.services.ds.getRepository(PaymentOrder);
const expire = (id: string) => orders().update({ id }, { expiresAt: new Date(Date.now() - 1000) });

it('a lost notify: the order still ends PAID through reconciliation', async () => {
  await s.sbx('POST', '/wechatpay/sandbox/settings', { body: { mode: 'drop', times: 1 } });
  const p = await payerWithBills(s, randomIdNumber());
  const { order, prepay } = await orderFor(s, p, p.billNos);
  await s.sbx('POST', '/wechatpay/sandbox/pay', { body: { prepay_id: prepay.prepayId, result: 'success' } });
  const sent = await s.sbx('GET', `/wechatpay/sandbox/notifies?out_trade_no=${order.outTradeNo}`);
  expect(sent.body.items.map((d: { state: string }) => d.state)).toEqual(['dropped']);
  expect((await orderState(s, p.token, order.id)).state).toBe('CREATED');

  const r = await s.bff.services.payments.reconcileOnce();
  expect(r.paid).toBe(1);
  const o = await orderState(s, p.token, order.id);
  expect(o).toMatchObject({ state: 'PAID', transactionId: expect.stringMatching(/^4200/) });
  await waitFor('HIS told', async () => (await s.sbx('GET', `/his/bills/${p.billNos[0]}`)).body.status === 'paid');
  // Running it again changes nothing.
  expect((await s.bff.services.payments.reconcileOnce()).paid).toBe(0);
});

it('an expired order is closed at WeChat and here; its bills are free again', async () => {
  const p = await payerWithBills(s, randomIdNumber());
  const { order, prepay } = await orderFor(s, p, p.billNos);
  await expire(order.id);
  const r = await s.bff.services.payments.reconcileOnce();
  expect(r.closed).toBeGreaterThanOrEqual(1);
  expect(await orderState(s, p.token, order.id)).toMatchObject({ state: 'CLOSED', closeReason: 'expired' });
  expect((await s.sbx('GET', `/wechatpay/sandbox/transactions/${order.outTradeNo}`)).body.trade_state).toBe('CLOSED');
  expect((await s.sbx('POST', '/wechatpay/sandbox/pay', { body: { prepay_id: prepay.prepayId, result: 'success' } })).body.code).toBe('ORDER_CLOSED');
  const charges = await s.bff.services.ds.getRepository(BillCharge).findBy({ orderId: order.id });
  expect(charges.map((c) => [c.state, c.activeBillNo])).toEqual([['released', null]]);
});

it('an expired order that WeChat never saw (no prepay) is closed without asking WeChat', async () => {
  const p = await payerWithBills(s, randomIdNumber());
  const pay = await s.api('POST', '/api/v1/bills/pay', { token: p.token, body: { memberId: p.memberId, billNos: p.billNos }, headers: { 'Idempotency-Key': idemKey() } });
  await expire(pay.body.order.id);
  await s.bff.services.payments.reconcileOnce();
  expect((await orderState(s, p.token, pay.body.order.id)).state).toBe('CLOSED');
  expect((await s.sbx('GET', `/wechatpay/sandbox/transactions/${pay.body.order.outTradeNo}`)).status).toBe(404);
});

it('paid at WeChat just before expiry, notify lost: reconciliation applies PAID, it does not close', async () => {
  await s.sbx('POST', '/wechatpay/sandbox/settings', { body: { mode: 'drop', times: 1 } });
  const p = await payerWithBills(s, randomIdNumber());
  const { order, prepay } = await orderFor(s, p, p.billNos);
  await s.sbx('POST', '/wechatpay/sandbox/pay', { body: { prepay_id: prepay.prepayId, result: 'success' } });
  await expire(order.id);
  await s.bff.services.payments.reconcileOnce();
  expect((await orderState(s, p.token, order.id)).state).toBe('PAID');
});

it('the notify and reconciliation racing for the same payment: one transition', async () => {
  await s.sbx('POST', '/wechatpay/sandbox/settings', { body: { mode: 'drop', times: 1 } });
  const p = await payerWithBills(s, randomIdNumber());
  const { order, prepay } = await orderFor(s, p, p.billNos);
  const paid = await s.sbx('POST', '/wechatpay/sandbox/pay', { body: { prepay_id: prepay.prepayId, result: 'success' } });
  const n = forgeNotify(transactionResource({}, { outTradeNo: order.outTradeNo, amountFen: order.amountFen, openid: p.openid, transactionId: paid.body.transaction_id }));
  const [a, b, c] = await Promise.all([postNotify(s, n), s.bff.services.payments.reconcileOnce(), postNotify(s, n)]);
  expect([a.status, c.status]).toEqual([204, 204]);
  expect(b.errors).toBe(0);
  expect(await s.bff.services.ds.getRepository(AuditLog).countBy({ action: 'payment.order.paid', subjectId: order.id })).toBe(1);
});

it('a lost refund notify: reconciliation finds the refund finished', async () => {
  const p = await payerWithBills(s, randomIdNumber());
  const { order, prepay } = await orderFor(s, p, p.billNos);
  await s.sbx('POST', '/wechatpay/sandbox/pay', { body: { prepay_id: prepay.prepayId, result: 'success' } });
  await waitFor('PAID', async () => (await orderState(s, p.token, order.id)).state === 'PAID');
  await s.sbx('POST', '/wechatpay/sandbox/settings', { body: { mode: 'drop', times: 1 } });
  const op = await refunderToken(s);
  const r = await s.api('POST', `/api/v1/payments/orders/${order.id}/refunds`, { token: op, body: { amountFen: order.amountFen, reason: '重复缴费', refundKey: 'dup' } });
  expect(r.status).toBe(202);
  await waitFor('refund done at WeChat', async () => (await s.sbx('GET', `/wechatpay/sandbox/transactions/${order.outTradeNo}`)).body.refunds[0]?.status === 'SUCCESS');
  expect((await orderState(s, p.token, order.id)).state).toBe('REFUNDING');
  const rec = await s.bff.services.payments.reconcileOnce();
  expect(rec.refundsFinished).toBe(1);
  expect(await orderState(s, p.token, order.id)).toMatchObject({ state: 'REFUNDED', refundedFen: order.amountFen });
});

it('WeChat down when a refund is asked: accepted here, submitted by reconciliation later, never twice', async () => {
  const p = await payerWithBills(s, randomIdNumber());
  const { order, prepay } = await orderFor(s, p, p.billNos);
  await s.sbx('POST', '/wechatpay/sandbox/pay', { body: { prepay_id: prepay.prepayId, result: 'success' } });
  await waitFor('PAID', async () => (await orderState(s, p.token, order.id)).state === 'PAID');
  await s.sbx('POST', '/sandbox/faults', { body: { pathPrefix: '/wechatpay/v3/refund', status: 503 } });
  const op = await refunderToken(s);
  const r = await s.api('POST', `/api/v1/payments/orders/${order.id}/refunds`, { token: op, body: { amountFen: 500, reason: '部分退费', refundKey: 'part' } });
  expect(r.status).toBe(202);
  expect(r.body.state).toBe('PROCESSING');
  expect(await s.bff.services.ds.getRepository(PaymentRefund).findOneByOrFail({ id: r.body.id })).toMatchObject({ submitted: false });
  expect((await s.sbx('GET', `/wechatpay/sandbox/transactions/${order.outTradeNo}`)).body.refunds).toEqual([]);
  await s.sbx('DELETE', '/sandbox/faults');
  const rec = await s.bff.services.payments.reconcileOnce();
  expect(rec.refundsSubmitted).toBe(1);
  await waitFor('refunded', async () => (await orderState(s, p.token, order.id)).state === 'PARTIALLY_REFUNDED');
  await s.bff.services.payments.reconcileOnce();
  const wx = await s.sbx('GET', `/wechatpay/sandbox/transactions/${order.outTradeNo}`);
  expect(wx.body.refunds).toHaveLength(1);
  expect(wx.body.refunds[0].amount.refund).toBe(500);
});

it('money arriving for an order already closed here is refunded in full, without telling the purpose', async () => {
  const p = await payerWithBills(s, randomIdNumber());
  const { order, prepay } = await orderFor(s, p, p.billNos);
  // A race we guard against elsewhere: closed here while WeChat still took the money.
  await s.bff.services.payments.transitions.closed(order.id, 'expired');
  await s.sbx('POST', '/wechatpay/sandbox/pay', { body: { prepay_id: prepay.prepayId, result: 'success' } });
  const o = await waitFor('refunded', async () => {
    const x = await orderState(s, p.token, order.id);
    return x.state === 'REFUNDED' && x;
  });
  expect(o.refunds).toEqual([expect.objectContaining({ amountFen: order.amountFen, state: 'SUCCESS', reason: '订单已关闭，自动退款' })]);
  expect((await orders().findOneByOrFail({ id: order.id })).anomaly).toBe('paid_after_close');
  expect((await s.bff.services.ds.getRepository(BillCharge).findOneByOrFail({ orderId: order.id })).state).toBe('released');
});
