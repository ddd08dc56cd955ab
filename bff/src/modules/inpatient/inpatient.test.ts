import { randomIdNumber, startStack, type Stack } from '../../../test/harness';
import { OutboxMessage } from '../../outbox/entity';
import { PaymentOrder } from '../payments/entities';
import { forgeNotify, idemKey, orderState, postNotify, transactionResource, waitFor } from '../payments/test-helpers';
import { InpatientDeposit } from './entities';

jest.setTimeout(60_000);

let s: Stack;
beforeAll(async () => {
  s = await startStack({ OUTBOX_RETRY_BASE_MS: '60000', OUTBOX_POLL_MS: '100' });
});
afterAll(() => s.close());
afterEach(async () => {
  await s.sbx('DELETE', '/wechatpay/sandbox/settings');
  await s.sbx('DELETE', '/sandbox/faults');
});

interface Inpatient {
  token: string;
  openid: string;
  memberId: string;
  idNumber: string;
  admission: { admissionNo: string; depositFen: number; costFen: number; balanceFen: number };
}

/** A real-named resident (self member) in hospital at H001 since two days ago, ¥1,000 paid at the window. */
async function inpatient(): Promise<Inpatient> {
  const idNumber = randomIdNumber();
  const r = await s.resident({ idNumber });
  const self = (await s.api('GET', '/api/v1/family/members', { token: r.token })).body.items.find((m: { relation: string }) => m.relation === 'self');
  const a = await s.sbx('POST', '/his/sandbox/inpatient/admissions', { body: { idNumber, name: '张伟', daysAgo: 2, depositFen: 100_000 } });
  if (a.status !== 201) throw new Error(`admission: ${a.status} ${JSON.stringify(a.body)}`);
  return { token: r.token, openid: r.openid, memberId: self.id, idNumber, admission: a.body };
}

const topUp = (p: Inpatient, amountFen: number, key = idemKey(), admissionNo = p.admission.admissionNo, memberId = p.memberId) =>
  s.api('POST', '/api/v1/inpatient/deposits', { token: p.token, body: { memberId, admissionNo, amountFen }, headers: { 'Idempotency-Key': key } });

async function payTopUp(p: Inpatient, amountFen: number) {
  const t = await topUp(p, amountFen);
  expect(t.status).toBe(201);
  const prepay = await s.api('POST', `/api/v1/payments/orders/${t.body.order.id}/prepay`, { token: p.token });
  expect(prepay.status).toBe(200);
  return { order: t.body.order, prepay: prepay.body };
}

const hisDeposits = async (admissionNo: string) =>
  (await s.sbx('GET', `/his/inpatient/admissions/${admissionNo}/deposits`)).body.items as Array<{ tradeNo: string | null; amountFen: number; receiptNo: string; channel: string }>;
const depositRow = (orderId: string) => s.bff.services.ds.getRepository(InpatientDeposit).findOneByOrFail({ orderId });
const credited = (orderId: string) =>
  waitFor('credited', async () => {
    const d = await depositRow(orderId);
    return d.state === 'credited' && d;
  });

describe('住院押金缴纳: the deposit account and a top-up through WeChat Pay', () => {
  it('shows the balance; a confirmed top-up is paid, credited by the HIS once, and the balance and history show it', async () => {
    const p = await inpatient();
    const list = await s.api('GET', `/api/v1/inpatient/admissions?memberId=${p.memberId}`, { token: p.token });
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(1);
    const a = list.body.items[0];
    expect(a).toMatchObject({
      admissionNo: p.admission.admissionNo,
      status: 'in_hospital',
      statusLabel: '在院',
      days: 3,
      depositFen: 100_000,
      canTopUp: true,
      creditingFen: 0,
      depositRule: { minFen: 10_000, maxFen: 5_000_000 },
    });
    expect(a.balanceFen).toBe(100_000 - a.costFen);
    expect(a.costFen).toBeGreaterThan(0);

    const { order, prepay } = await payTopUp(p, 200_000);
    expect(order).toMatchObject({ purpose: 'inpatient', purposeLabel: '住院预交金', amountFen: 200_000, refIds: [p.admission.admissionNo], description: '市第一人民医院住院预交金', state: 'CREATED' });
    const paying = await s.api('GET', `/api/v1/inpatient/admissions/${p.admission.admissionNo}?memberId=${p.memberId}`, { token: p.token });
    expect(paying.body.deposits.map((d: { status: string; amountFen: number }) => [d.status, d.amountFen])).toEqual([
      ['paying', 200_000],
      ['credited', 100_000],
    ]);

    await s.sbx('POST', '/wechatpay/sandbox/pay', { body: { prepay_id: prepay.prepayId, result: 'success' } });
    const row = await credited(order.id);
    expect(row.receiptNo).toMatch(/^YJ\d{14}$/);
    const his = await hisDeposits(p.admission.admissionNo);
    expect(his.filter((d) => d.tradeNo === order.outTradeNo)).toEqual([expect.objectContaining({ amountFen: 200_000, channel: 'wechat', receiptNo: row.receiptNo })]);

    const after = await s.api('GET', `/api/v1/inpatient/admissions/${p.admission.admissionNo}?memberId=${p.memberId}`, { token: p.token });
    expect(after.body.admission).toMatchObject({ depositFen: 300_000, balanceFen: 300_000 - a.costFen, creditingFen: 0 });
    expect(after.body.deposits[0]).toMatchObject({ status: 'credited', channel: 'wechat', amountFen: 200_000, receiptNo: row.receiptNo, orderId: order.id });
    expect(after.body.deposits[1]).toMatchObject({ status: 'credited', channel: 'window', orderId: null });
    const history = await s.api('GET', `/api/v1/payments/orders?memberId=${p.memberId}`, { token: p.token });
    expect(history.body.items.map((o: { id: string; state: string }) => [o.id, o.state])).toEqual([[order.id, 'PAID']]);
  });

  it('duplicate notifies (redelivered, and five forged copies at once) and a repeated outbox delivery credit the HIS once', async () => {
    const p = await inpatient();
    const { order, prepay } = await payTopUp(p, 50_000);
    const paid = await s.sbx('POST', '/wechatpay/sandbox/pay', { body: { prepay_id: prepay.prepayId, result: 'success' } });
    const first = await credited(order.id);
    const [delivery] = (await s.sbx('GET', `/wechatpay/sandbox/notifies?out_trade_no=${order.outTradeNo}`)).body.items;
    for (let i = 0; i < 3; i++) expect((await s.sbx('POST', `/wechatpay/sandbox/notifies/${delivery.id}/redeliver`)).status).toBeLessThan(300);
    const resource = transactionResource({}, { outTradeNo: order.outTradeNo, amountFen: 50_000, openid: p.openid, transactionId: paid.body.transaction_id });
    const storm = await Promise.all(Array.from({ length: 5 }, () => postNotify(s, forgeNotify(resource))));
    expect(storm.map((r) => r.status)).toEqual([204, 204, 204, 204, 204]);
    await waitFor('redeliveries answered', async () => {
      const d = (await s.sbx('GET', `/wechatpay/sandbox/notifies?out_trade_no=${order.outTradeNo}`)).body.items;
      return d.every((x: { state: string }) => x.state === 'delivered');
    });
    await s.bff.services.outbox.runOnce();
    expect(await s.bff.services.ds.getRepository(OutboxMessage).countBy({ topic: 'his.inpatient.credit', dedupeKey: `his.inpatient.credit:${order.id}` })).toBe(1);

    // A crash after the HIS credited it but before the BFF stored the receipt: the delivery runs again.
    await s.bff.services.ds.getRepository(InpatientDeposit).update({ orderId: order.id }, { state: 'paid', receiptNo: null, creditedAt: null });
    await s.bff.services.outbox.enqueue(s.bff.services.ds.manager, 'his.inpatient.credit', { orderId: order.id }, `crash-retry:${order.id}`);
    await s.bff.services.outbox.runOnce();
    const again = await credited(order.id);
    expect(again.receiptNo).toBe(first.receiptNo);

    const his = await hisDeposits(p.admission.admissionNo);
    expect(his.filter((d) => d.tradeNo === order.outTradeNo)).toHaveLength(1);
    expect(his.reduce((n, d) => n + d.amountFen, 0)).toBe(100_000 + 50_000);
    expect((await orderState(s, p.token, order.id)).state).toBe('PAID');
  });

  it('two instances delivering the same credit at once: the HIS credits it once, one receipt is stored', async () => {
    const p = await inpatient();
    const { order, prepay } = await payTopUp(p, 40_000);
    await s.sbx('POST', '/wechatpay/sandbox/pay', { body: { prepay_id: prepay.prepayId, result: 'success' } });
    const first = await credited(order.id);
    // As if the receipt had not been stored yet, and two BFF instances picked the message up together.
    await s.bff.services.ds.getRepository(InpatientDeposit).update({ orderId: order.id }, { state: 'paid', receiptNo: null, creditedAt: null });
    const deliver = (s.bff.services.outbox as unknown as { handlers: Map<string, (p: unknown, m: unknown) => Promise<void>> }).handlers.get('his.inpatient.credit')!;
    await Promise.all(Array.from({ length: 4 }, (_, i) => deliver({ orderId: order.id }, { id: `x${i}`, topic: 'his.inpatient.credit', dedupeKey: `x${i}`, attempt: 1 })));
    const row = await depositRow(order.id);
    expect(row).toMatchObject({ state: 'credited', receiptNo: first.receiptNo });
    expect((await hisDeposits(p.admission.admissionNo)).filter((d) => d.tradeNo === order.outTradeNo)).toHaveLength(1);
  });

  it('ten taps at once with one Idempotency-Key: one order and one deposit', async () => {
    const p = await inpatient();
    const key = idemKey();
    const answers = await Promise.all(Array.from({ length: 10 }, () => topUp(p, 60_000, key)));
    const created = answers.filter((a) => a.status === 201);
    const refused = answers.filter((a) => a.status !== 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((a) => a.body.order.id)).size).toBe(1);
    expect(refused.map((a) => [a.status, a.body.error.code])).toEqual(refused.map(() => [409, 'IDEMPOTENCY_CONFLICT']));
    expect(await s.bff.services.ds.getRepository(InpatientDeposit).countBy({ admissionNo: p.admission.admissionNo })).toBe(1);
    expect(await s.bff.services.ds.getRepository(PaymentOrder).countBy({ memberId: p.memberId })).toBe(1);
  });

  it('HIS down when the payment lands: shown as 医院入账中, credited once the HIS is back', async () => {
    const p = await inpatient();
    const { order, prepay } = await payTopUp(p, 30_000);
    await s.sbx('POST', '/sandbox/faults', { body: { pathPrefix: '/his/inpatient/deposits', method: 'POST', status: 503 } });
    const outbox = s.bff.services.ds.getRepository(OutboxMessage);
    await s.sbx('POST', '/wechatpay/sandbox/pay', { body: { prepay_id: prepay.prepayId, result: 'success' } });
    await waitFor('a failed attempt', async () => {
      const m = await outbox.findOneBy({ dedupeKey: `his.inpatient.credit:${order.id}` });
      return m && m.attempts >= 1 && m.state === 'pending';
    });
    const mid = await s.api('GET', `/api/v1/inpatient/admissions/${p.admission.admissionNo}?memberId=${p.memberId}`, { token: p.token });
    expect(mid.body.admission).toMatchObject({ depositFen: 100_000, creditingFen: 30_000 });
    expect(mid.body.deposits[0]).toMatchObject({ status: 'crediting', statusLabel: '医院入账中', amountFen: 30_000 });
    expect((await hisDeposits(p.admission.admissionNo)).some((d) => d.tradeNo === order.outTradeNo)).toBe(false);

    await s.sbx('DELETE', '/sandbox/faults');
    await outbox.update({ dedupeKey: `his.inpatient.credit:${order.id}` }, { nextAttemptAt: new Date() });
    await credited(order.id);
    expect((await hisDeposits(p.admission.admissionNo)).filter((d) => d.tradeNo === order.outTradeNo)).toHaveLength(1);
  });

  it('discharged between payment and credit: the HIS refuses, the money goes back; after discharge no top-up is offered', async () => {
    const p = await inpatient();
    const { order, prepay } = await payTopUp(p, 20_000);
    await s.sbx('POST', `/his/sandbox/inpatient/admissions/${p.admission.admissionNo}/discharge`);
    await s.sbx('POST', '/wechatpay/sandbox/pay', { body: { prepay_id: prepay.prepayId, result: 'success' } });
    const refunded = await waitFor('auto refund', async () => {
      const o = await orderState(s, p.token, order.id);
      return o.state === 'REFUNDED' && o;
    });
    expect(refunded.refunds[0]).toMatchObject({ amountFen: 20_000, state: 'SUCCESS' });
    expect((await depositRow(order.id)).state).toBe('refunded');
    expect((await hisDeposits(p.admission.admissionNo)).some((d) => d.tradeNo === order.outTradeNo)).toBe(false);

    const detail = await s.api('GET', `/api/v1/inpatient/admissions/${p.admission.admissionNo}?memberId=${p.memberId}`, { token: p.token });
    expect(detail.body.admission).toMatchObject({ status: 'discharged', canTopUp: false, lowBalance: false });
    expect(detail.body.deposits[0]).toMatchObject({ status: 'refunded', amountFen: 20_000 });
    const refused = await topUp(p, 20_000);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('ADMISSION_CLOSED');
  });

  it("one Idempotency-Key, one order; a new top-up supersedes the resident's unpaid one", async () => {
    const p = await inpatient();
    const key = idemKey();
    const a = await topUp(p, 100_000, key);
    const b = await topUp(p, 100_000, key);
    expect(b.status).toBe(201);
    expect(b.body.order.id).toBe(a.body.order.id);
    expect(await s.bff.services.ds.getRepository(InpatientDeposit).countBy({ admissionNo: p.admission.admissionNo })).toBe(1);
    const c = await topUp(p, 50_000);
    expect(c.body.order.id).not.toBe(a.body.order.id);
    expect(await orderState(s, p.token, a.body.order.id)).toMatchObject({ state: 'CLOSED', closeReason: 'superseded' });
    expect((await depositRow(a.body.order.id)).state).toBe('released');
  });

  it("refuses amounts outside the hospital's rule and malformed bodies, creating nothing", async () => {
    const p = await inpatient();
    const low = await topUp(p, 9_999);
    expect(low.status).toBe(400);
    expect(low.body.error).toMatchObject({ code: 'DEPOSIT_AMOUNT_OUT_OF_RANGE', message: '市第一人民医院单笔预交金可缴纳100元至50000元' });
    for (const amountFen of [5_000_001, 100.5, -100, '10000', null]) {
      const r = await topUp(p, amountFen as number);
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('VALIDATION_FAILED');
    }
    const noKey = await s.api('POST', '/api/v1/inpatient/deposits', { token: p.token, body: { memberId: p.memberId, admissionNo: p.admission.admissionNo, amountFen: 20_000 } });
    expect(noKey.status).toBe(400);
    const dots = await s.api('GET', `/api/v1/inpatient/admissions/..%2F..%2Fbills?memberId=${p.memberId}`, { token: p.token });
    expect(dots.status).toBe(400);
    expect(await s.bff.services.ds.getRepository(PaymentOrder).countBy({ memberId: p.memberId })).toBe(0);
  });

  it("someone else's admission is not found, by their admission number or their member id; nothing is created", async () => {
    const a = await inpatient();
    const b = await inpatient();
    const asA = { token: a.token };
    for (const path of [
      `/api/v1/inpatient/admissions/${b.admission.admissionNo}?memberId=${a.memberId}`,
      `/api/v1/inpatient/admissions/${b.admission.admissionNo}/daily?memberId=${a.memberId}`,
      `/api/v1/inpatient/admissions/${b.admission.admissionNo}?memberId=${b.memberId}`,
      `/api/v1/inpatient/admissions?memberId=${b.memberId}`,
    ]) {
      const r = await s.api('GET', path, asA);
      expect([path, r.status]).toEqual([path, 404]);
    }
    expect((await topUp(a, 20_000, idemKey(), b.admission.admissionNo)).status).toBe(404);
    expect((await topUp(a, 20_000, idemKey(), b.admission.admissionNo, b.memberId)).status).toBe(404);
    expect(await s.bff.services.ds.getRepository(InpatientDeposit).countBy({ admissionNo: b.admission.admissionNo })).toBe(0);
    expect(await s.bff.services.ds.getRepository(PaymentOrder).countBy({ memberId: a.memberId })).toBe(0);
    expect(await s.bff.services.ds.getRepository(PaymentOrder).countBy({ memberId: b.memberId })).toBe(0);
  });
});

describe('住院日清单', () => {
  it('lists every day of the stay with its total, the newest day by default, any day by date', async () => {
    const p = await inpatient();
    const newest = await s.api('GET', `/api/v1/inpatient/admissions/${p.admission.admissionNo}/daily?memberId=${p.memberId}`, { token: p.token });
    expect(newest.status).toBe(200);
    expect(newest.body.days).toHaveLength(3);
    expect(newest.body.date).toBe(newest.body.days[0].date);
    expect(newest.body.days.reduce((n: number, d: { totalFen: number }) => n + d.totalFen, 0)).toBe(p.admission.costFen);
    expect(newest.body.totalFen).toBe(newest.body.days[0].totalFen);
    expect(newest.body.items.map((i: { name: string }) => i.name)).toContain('普通病房床位费（三人间）');
    expect(newest.body.categories.reduce((n: number, c: { amountFen: number }) => n + c.amountFen, 0)).toBe(newest.body.totalFen);

    const firstDay = newest.body.days.at(-1).date;
    const first = await s.api('GET', `/api/v1/inpatient/admissions/${p.admission.admissionNo}/daily?memberId=${p.memberId}&date=${firstDay}`, { token: p.token });
    expect(first.body).toMatchObject({ date: firstDay, totalFen: newest.body.days.at(-1).totalFen });
    expect(first.body.items.map((i: { name: string }) => i.name)).toEqual(expect.arrayContaining(['血常规（五分类）', '常规心电图（十二导联）']));

    const before = await s.api('GET', `/api/v1/inpatient/admissions/${p.admission.admissionNo}/daily?memberId=${p.memberId}&date=2020-01-01`, { token: p.token });
    expect(before.body).toMatchObject({ date: '2020-01-01', items: [], totalFen: 0 });
    const bad = await s.api('GET', `/api/v1/inpatient/admissions/${p.admission.admissionNo}/daily?memberId=${p.memberId}&date=2026-02-30`, { token: p.token });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
  });
});
