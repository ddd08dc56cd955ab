import { randomIdNumber, startStack, type Stack } from '../../../test/harness';
import { OutboxMessage } from '../../outbox/entity';
import { AuditLog } from '../../db/entities';
import { BillCharge } from '../bills/entities';
import { PaymentOrder, PaymentRefund } from './entities';
import { idemKey, refunderToken, orderFor, orderState, payerWithBills, waitFor } from './test-helpers';

jest.setTimeout(30_000);

let s: Stack;
beforeAll(async () => {
  // A failed outbox delivery waits a minute: the HIS-down test moves the clock on itself.
  // The sandbox HIS's host is a 业务域名 here, but its invoices are http: the weapp must not web-view them.
  s = await startStack({ OUTBOX_RETRY_BASE_MS: '60000', OUTBOX_POLL_MS: '100', CONTENT_WEBVIEW_DOMAINS: '127.0.0.1' });
});
afterAll(() => s.close());
afterEach(() => s.sbx('DELETE', '/wechatpay/sandbox/settings'));

describe('paying outpatient bills through WeChat Pay', () => {
  it('pays two bills in one order: prepay, cashier, signed notify → PAID, the HIS confirms with an e-invoice', async () => {
    const p = await payerWithBills(s, randomIdNumber(), [[{ code: 'XY0001', quantity: 2 }], [{ code: 'JY0001' }, { code: 'JY0002' }]]);
    const unpaid = await s.api('GET', `/api/v1/bills?memberId=${p.memberId}`, { token: p.token });
    expect(unpaid.status).toBe(200);
    expect(unpaid.body.items.map((b: { billNo: string }) => b.billNo).sort()).toEqual([...p.billNos].sort());
    expect(unpaid.body.items.every((b: { status: string }) => b.status === 'unpaid')).toBe(true);

    const { order, prepay } = await orderFor(s, p, p.billNos);
    expect(order).toMatchObject({ state: 'CREATED', purpose: 'bill', amountFen: 2560 + 5500, refIds: p.billNos, payable: true });
    expect(order.outTradeNo).toMatch(/^HP\d{14}[A-Z0-9]{16}$/);
    expect(prepay).toMatchObject({ orderId: order.id, outTradeNo: order.outTradeNo, signType: 'RSA', package: `prepay_id=${prepay.prepayId}` });

    // While the order is open, the bills show as 支付中 with the order.
    const paying = await s.api('GET', `/api/v1/bills?memberId=${p.memberId}`, { token: p.token });
    expect(paying.body.items.every((b: { status: string; orderId: string }) => b.status === 'paying' && b.orderId === order.id)).toBe(true);

    const paid = await s.sbx('POST', '/wechatpay/sandbox/pay', { body: { prepay_id: prepay.prepayId, result: 'success' } });
    expect(paid.status).toBe(200);
    const after = await waitFor('PAID', async () => {
      const o = await orderState(s, p.token, order.id);
      return o.state === 'PAID' && o;
    });
    expect(after.transactionId).toBe(paid.body.transaction_id);
    expect(after.paidAt).toMatch(/\+08:00$/);

    const bills = await waitFor('invoice', async () => {
      const r = await s.api('GET', `/api/v1/bills/orders/${order.id}`, { token: p.token });
      return r.body.items.every((b: { status: string }) => b.status === 'paid') && r.body;
    });
    expect(bills.items[0].invoice).toMatchObject({ number: expect.stringMatching(/^\d{10}$/), url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/his\/einvoices\//), webView: false });
    const page = await fetch(bills.items[0].invoice.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('医疗收费电子票据');

    // The HIS now lists them as paid; nothing is left to pay.
    const left = await s.api('GET', `/api/v1/bills?memberId=${p.memberId}`, { token: p.token });
    expect(left.body.items).toEqual([]);
    const hisPaid = await s.api('GET', `/api/v1/bills?memberId=${p.memberId}&status=paid`, { token: p.token });
    expect(hisPaid.body.items).toHaveLength(2);
    expect(hisPaid.body.items.every((b: { invoice: unknown }) => b.invoice)).toBe(true);

    const history = await s.api('GET', `/api/v1/payments/orders?memberId=${p.memberId}`, { token: p.token });
    expect(history.body.items.map((o: { id: string }) => o.id)).toEqual([order.id]);
  });

  it('a cancelled cashier leaves the order payable; paying again reuses the prepay id', async () => {
    const p = await payerWithBills(s, randomIdNumber());
    const { order, prepay } = await orderFor(s, p, p.billNos);
    const cancel = await s.sbx('POST', '/wechatpay/sandbox/pay', { body: { prepay_id: prepay.prepayId, result: 'cancel' } });
    expect(cancel.body.trade_state).toBe('NOTPAY');
    expect(await orderState(s, p.token, order.id)).toMatchObject({ state: 'CREATED', payable: true });
    const again = await s.api('POST', `/api/v1/payments/orders/${order.id}/prepay`, { token: p.token });
    expect(again.body.prepayId).toBe(prepay.prepayId);
    expect(again.body.paySign).not.toBe(prepay.paySign);
  });

  it('cancelling closes the order at WeChat and here; the bills can be paid again', async () => {
    const p = await payerWithBills(s, randomIdNumber());
    const { order, prepay } = await orderFor(s, p, p.billNos);
    const cancelled = await s.api('POST', `/api/v1/payments/orders/${order.id}/cancel`, { token: p.token });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ state: 'CLOSED', closeReason: 'cancelled', payable: false });
    const wx = await s.sbx('GET', `/wechatpay/sandbox/transactions/${order.outTradeNo}`);
    expect(wx.body.trade_state).toBe('CLOSED');
    const late = await s.sbx('POST', '/wechatpay/sandbox/pay', { body: { prepay_id: prepay.prepayId, result: 'success' } });
    expect(late.body.code).toBe('ORDER_CLOSED');
    const bills = await s.api('GET', `/api/v1/bills?memberId=${p.memberId}`, { token: p.token });
    expect(bills.body.items[0].status).toBe('unpaid');
    const prepayAgain = await s.api('POST', `/api/v1/payments/orders/${order.id}/prepay`, { token: p.token });
    expect(prepayAgain.body.error.code).toBe('ORDER_CLOSED');
    const next = await orderFor(s, p, p.billNos);
    expect(next.order.id).not.toBe(order.id);
  });

  it('another user cannot see, pay or cancel the order (404)', async () => {
    const p = await payerWithBills(s, randomIdNumber());
    const { order } = await orderFor(s, p, p.billNos);
    const other = await s.resident();
    for (const [m, path] of [
      ['GET', `/api/v1/payments/orders/${order.id}`],
      ['POST', `/api/v1/payments/orders/${order.id}/prepay`],
      ['POST', `/api/v1/payments/orders/${order.id}/cancel`],
      ['GET', `/api/v1/bills/orders/${order.id}`],
    ] as const) {
      const r = await s.api(m, path, { token: other.token });
      expect(r.status).toBe(404);
    }
    const list = await s.api('GET', `/api/v1/bills?memberId=${p.memberId}`, { token: other.token });
    expect(list.status).toBe(404);
    expect((await orderState(s, p.token, order.id)).state).toBe('CREATED');
  });

  it('the same bills again give the same open order; other open orders holding a bill are closed first', async () => {
    const p = await payerWithBills(s, randomIdNumber(), [[{ code: 'JY0001' }], [{ code: 'JY0005' }]]);
    const a = await orderFor(s, p, p.billNos);
    const b = await s.api('POST', '/api/v1/bills/pay', { token: p.token, body: { memberId: p.memberId, billNos: [...p.billNos].reverse() }, headers: { 'Idempotency-Key': idemKey() } });
    expect(b.body.order.id).toBe(a.order.id);
    const c = await s.api('POST', '/api/v1/bills/pay', { token: p.token, body: { memberId: p.memberId, billNos: [p.billNos[0]] }, headers: { 'Idempotency-Key': idemKey() } });
    expect(c.status).toBe(201);
    expect(c.body.order.id).not.toBe(a.order.id);
    expect((await orderState(s, p.token, a.order.id)).closeReason).toBe('superseded');
  });

  it('refuses bad input with stable codes: unknown bills, mixed hospitals, no Idempotency-Key, empty list', async () => {
    const p = await payerWithBills(s, randomIdNumber());
    const h2 = await s.sbx('POST', '/his/sandbox/bills', { body: { idNumber: p.idNumber, name: '张伟', hospitalId: 'H002', department: '小儿内科' } });
    const pay = (body: unknown, headers: Record<string, string> = { 'Idempotency-Key': idemKey() }) => s.api('POST', '/api/v1/bills/pay', { token: p.token, body, headers });
    expect((await pay({ memberId: p.memberId, billNos: ['MZ001NOPE'] })).body.error.code).toBe('BILL_ALREADY_PAID');
    expect((await pay({ memberId: p.memberId, billNos: [p.billNos[0], h2.body.billNo] })).body.error.code).toBe('BILLS_MIXED_HOSPITALS');
    expect((await pay({ memberId: p.memberId, billNos: [] })).status).toBe(400);
    expect((await pay({ memberId: p.memberId, billNos: [p.billNos[0], p.billNos[0]] })).status).toBe(400);
    expect((await pay({ memberId: p.memberId, billNos: p.billNos }, {})).status).toBe(400);
    expect(await s.bff.services.ds.getRepository(PaymentOrder).countBy({ memberId: p.memberId })).toBe(0);
  });
});

describe('refunds', () => {
  it('refunds one bill of two (partial), tells the HIS, then the rest (full); idempotent per refundKey', async () => {
    const p = await payerWithBills(s, randomIdNumber(), [[{ code: 'JY0001' }], [{ code: 'JY0003' }]]);
    const { order, prepay } = await orderFor(s, p, p.billNos);
    await s.sbx('POST', '/wechatpay/sandbox/pay', { body: { prepay_id: prepay.prepayId, result: 'success' } });
    await waitFor('confirmed', async () => (await s.bff.services.ds.getRepository(BillCharge).countBy({ orderId: order.id, state: 'confirmed' })) === 2);
    const op = await refunderToken(s);

    const r1 = await s.api('POST', `/api/v1/bills/${p.billNos[0]}/refund`, { token: op, body: { reason: '检查项目已取消' } });
    expect(r1.status).toBe(202);
    expect(r1.body).toMatchObject({ amountFen: 2500, state: 'PROCESSING' });
    const again = await s.api('POST', `/api/v1/bills/${p.billNos[0]}/refund`, { token: op, body: { reason: '检查项目已取消' } });
    expect(again.body.id).toBe(r1.body.id);

    const partial = await waitFor('partially refunded', async () => {
      const o = await orderState(s, p.token, order.id);
      return o.state === 'PARTIALLY_REFUNDED' && o;
    });
    expect(partial).toMatchObject({ refundedFen: 2500, refunds: [{ amountFen: 2500, state: 'SUCCESS' }] });
    const hisBill = await waitFor('HIS refunded', async () => {
      const b = await s.sbx('GET', `/his/bills/${p.billNos[0]}`);
      return b.body.status === 'refunded' && b.body;
    });
    expect(hisBill.invoice.status).toBe('voided');
    expect((await s.sbx('GET', `/his/bills/${p.billNos[1]}`)).body.status).toBe('paid');

    const tooMuch = await s.api('POST', `/api/v1/payments/orders/${order.id}/refunds`, { token: op, body: { amountFen: 6501, reason: '全部退款', refundKey: 'rest' } });
    expect(tooMuch.body.error.code).toBe('REFUND_EXCEEDS_PAID');
    const rest = await s.api('POST', `/api/v1/payments/orders/${order.id}/refunds`, { token: op, body: { amountFen: 6500, reason: '全部退款', refundKey: 'rest' } });
    expect(rest.status).toBe(202);
    const reused = await s.api('POST', `/api/v1/payments/orders/${order.id}/refunds`, { token: op, body: { amountFen: 100, reason: '全部退款', refundKey: 'rest' } });
    expect(reused.body.error.code).toBe('REFUND_KEY_REUSED');
    const full = await waitFor('refunded', async () => {
      const o = await orderState(s, p.token, order.id);
      return o.state === 'REFUNDED' && o;
    });
    expect(full.refundedFen).toBe(9000);
    // Each refund is in the audit trail: who asked, how much, why; and how it ended.
    const audited = await s.bff.services.ds.getRepository(AuditLog).find({ where: { subjectType: 'payment_order', subjectId: order.id }, order: { seq: 'ASC' } });
    const requests = audited.filter((a) => a.action === 'payment.refund.request');
    expect(requests.map((a) => a.detail)).toEqual([
      { amountFen: 2500, refundKey: `bill:${p.billNos[0]}`, reason: '检查项目已取消' },
      { amountFen: 6500, refundKey: 'rest', reason: '全部退款' },
    ]);
    expect(requests.every((a) => a.actorRole === 'admin' || a.actorRole === 'operator')).toBe(true);
    expect(audited.filter((a) => a.action === 'payment.refund.finished')).toHaveLength(2);
    const history = await s.api('GET', `/api/v1/payments/orders`, { token: p.token });
    expect(history.body.items[0]).toMatchObject({ id: order.id, state: 'REFUNDED', stateLabel: '已退款' });
    const wx = await s.sbx('GET', `/wechatpay/sandbox/transactions/${order.outTradeNo}`);
    expect(wx.body.refunds.map((r: { amount: { refund: number } }) => r.amount.refund).sort()).toEqual([2500, 6500]);
    // The payer's 消息中心 has one 退款成功 per refund, newest first, opening the order.
    const inbox = (await s.api('GET', '/api/v1/messages?category=payment', { token: p.token })).body.items;
    expect(inbox.map((m: { title: string; link: string }) => [m.title, m.link])).toEqual([
      ['退款成功', `pay/pages/order/index?id=${order.id}`],
      ['退款成功', `pay/pages/order/index?id=${order.id}`],
    ]);
    expect(inbox.map((m: { body: string }) => m.body.match(/已退款([\d.]+)元（(.+?)）/)?.slice(1))).toEqual([
      ['65.00', '全部退款'],
      ['25.00', '检查项目已取消'],
    ]);
    // A resident cannot refund.
    expect((await s.api('POST', `/api/v1/payments/orders/${order.id}/refunds`, { token: p.token, body: { amountFen: 1, reason: 'x', refundKey: 'y' } })).status).toBe(403);
  });

  it('a refund asked through the outbox for an unpaid order is refused once and not retried', async () => {
    const p = await payerWithBills(s, randomIdNumber());
    const { order } = await orderFor(s, p, p.billNos);
    const { payments, tx, outbox, ds } = s.bff.services;
    await tx.run((m) => payments.requestRefundLater(m, { orderId: order.id, amountFen: 100, reason: '测试', refundKey: 'never' }));
    await outbox.runOnce();
    expect(await ds.getRepository(OutboxMessage).findOneByOrFail({ dedupeKey: `payments.refund:${order.id}:never` })).toMatchObject({ state: 'done', attempts: 1 });
    expect(await ds.getRepository(PaymentRefund).countBy({ orderId: order.id })).toBe(0);
    expect((await orderState(s, p.token, order.id)).state).toBe('CREATED');
  });

  it('an unpaid order cannot be refunded', async () => {
    const p = await payerWithBills(s, randomIdNumber());
    const { order } = await orderFor(s, p, p.billNos);
    const op = await refunderToken(s);
    const r = await s.api('POST', `/api/v1/payments/orders/${order.id}/refunds`, { token: op, body: { amountFen: 100, reason: '测试', refundKey: 'k1' } });
    expect(r.body.error.code).toBe('REFUND_NOT_ALLOWED');
  });
});

describe('the HIS, told through the outbox', () => {
  it('HIS down when the payment lands: the order is PAID, the HIS is told later and the invoice appears', async () => {
    const p = await payerWithBills(s, randomIdNumber());
    const { order, prepay } = await orderFor(s, p, p.billNos);
    await s.sbx('POST', '/sandbox/faults', { body: { pathPrefix: '/his/bills/settle', status: 503 } });
    const outbox = s.bff.services.ds.getRepository(OutboxMessage);
    try {
      await s.sbx('POST', '/wechatpay/sandbox/pay', { body: { prepay_id: prepay.prepayId, result: 'success' } });
      await waitFor('PAID', async () => (await orderState(s, p.token, order.id)).state === 'PAID');
      const msg = await waitFor('a failed attempt', async () => {
        const m = await outbox.findOneBy({ dedupeKey: `his.bills.settle:${order.id}` });
        return m && m.attempts >= 1 && m;
      });
      expect(msg).toMatchObject({ state: 'pending', lastError: expect.any(String) });
      expect(msg.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
      const view = await s.api('GET', `/api/v1/bills/orders/${order.id}`, { token: p.token });
      expect(view.body.items[0]).toMatchObject({ status: 'confirming', invoice: null });
      expect((await orderState(s, p.token, order.id)).state).toBe('PAID');
      expect((await s.sbx('GET', `/his/bills/${p.billNos[0]}`)).body.status).toBe('unpaid');
    } finally {
      await s.sbx('DELETE', '/sandbox/faults');
    }
    // The HIS is back; the retry falls due (the clock moved on) and the job delivers it.
    await outbox.update({ dedupeKey: `his.bills.settle:${order.id}` }, { nextAttemptAt: new Date() });
    const confirmed = await waitFor('confirmed', async () => {
      const v = await s.api('GET', `/api/v1/bills/orders/${order.id}`, { token: p.token });
      return v.body.items[0].status === 'paid' && v.body.items[0];
    });
    expect(confirmed.invoice.number).toMatch(/^\d{10}$/);
    const msg = await s.bff.services.ds.getRepository(OutboxMessage).findOneByOrFail({ dedupeKey: `his.bills.settle:${order.id}` });
    expect(msg.state).toBe('done');
    expect((await s.sbx('GET', `/his/bills/${p.billNos[0]}`)).body).toMatchObject({ status: 'paid', tradeNo: order.outTradeNo });
  });

  it('a bill paid at the window meanwhile: the HIS refuses, the money goes back automatically', async () => {
    const p = await payerWithBills(s, randomIdNumber());
    const { order, prepay } = await orderFor(s, p, p.billNos);
    await s.sbx('POST', `/his/sandbox/bills/${p.billNos[0]}/pay-at-window`);
    await s.sbx('POST', '/wechatpay/sandbox/pay', { body: { prepay_id: prepay.prepayId, result: 'success' } });
    const refunded = await waitFor('auto refund', async () => {
      const o = await orderState(s, p.token, order.id);
      return o.state === 'REFUNDED' && o;
    });
    expect(refunded.refunds).toHaveLength(1);
    expect(refunded.refunds[0]).toMatchObject({ amountFen: order.amountFen, state: 'SUCCESS' });
    const view = await s.api('GET', `/api/v1/bills/orders/${order.id}`, { token: p.token });
    expect(view.body.items[0].status).toBe('refunded');
  });
});
