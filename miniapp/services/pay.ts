import Taro from '@tarojs/taro';
import type { PrepayResponse } from '@healthpocket/shared-types';
import { openSandboxCashier, setConfirming } from '../components/SandboxCashier/store';
import { ApiError, http, messageOf } from './api';
import { client } from './client';
import { loadClientConfig } from './session';
import { showToast } from './ui';

/** Payments and outpatient bills (types only from shared-types: zod stays out of the bundle). */

export const payApi = {
  order: (id: string) => client.GET('/api/v1/payments/orders/{id}', { params: { path: { id } } }),
  orders: (q: { memberId?: string; cursor?: string } = {}) => client.GET('/api/v1/payments/orders', { params: { query: { memberId: q.memberId || undefined, cursor: q.cursor || undefined } } }),
  prepay: (id: string) => client.POST('/api/v1/payments/orders/{id}/prepay', { params: { path: { id } } }),
  cancel: (id: string) => client.POST('/api/v1/payments/orders/{id}/cancel', { params: { path: { id } } }),
  bills: (memberId: string, status: 'unpaid' | 'paid' = 'unpaid') => client.GET('/api/v1/bills', { params: { query: { memberId, status } } }),
  payBills: (memberId: string, billNos: string[], idempotencyKey: string) =>
    client.POST('/api/v1/bills/pay', { params: { header: { 'Idempotency-Key': idempotencyKey } }, body: { memberId, billNos } }),
  orderBills: (id: string) => client.GET('/api/v1/bills/orders/{id}', { params: { path: { id } } }),
  admissions: (memberId: string) => client.GET('/api/v1/inpatient/admissions', { params: { query: { memberId } } }),
  admission: (memberId: string, admissionNo: string) => client.GET('/api/v1/inpatient/admissions/{admissionNo}', { params: { path: { admissionNo }, query: { memberId } } }),
  daily: (memberId: string, admissionNo: string, date?: string) =>
    client.GET('/api/v1/inpatient/admissions/{admissionNo}/daily', { params: { path: { admissionNo }, query: { memberId, date: date || undefined } } }),
  topUp: (memberId: string, admissionNo: string, amountFen: number, idempotencyKey: string) =>
    client.POST('/api/v1/inpatient/deposits', { params: { header: { 'Idempotency-Key': idempotencyKey } }, body: { memberId, admissionNo, amountFen } }),
  /** H5 only: the sandbox stands for the resident at WeChat's cashier. */
  sandboxPay: (sandboxUrl: string, prepayId: string, result: 'success' | 'cancel') =>
    http.post<{ result: string }>('/wechatpay/sandbox/pay', { prepay_id: prepayId, result }, { auth: false, baseUrl: sandboxUrl }),
};

/** ¥ with two decimals (amounts are fen everywhere in the API). */
export const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;

/** One key per intended payment: a retried tap reuses it, so it never creates a second order. */
export function newIdempotencyKey(): string {
  const rnd = () => Math.random().toString(36).slice(2, 10);
  return `pay-${Date.now().toString(36)}-${rnd()}${rnd()}`;
}

export type PayResult = 'paid' | 'cancelled' | 'failed';

const PAID_STATES = ['PAID', 'REFUNDING', 'REFUNDED', 'PARTIALLY_REFUNDED'];

/** Polls the order until the BFF has seen the payment (the notify may lag behind the cashier). */
async function confirmPaid(orderId: string, timeoutMs: number): Promise<'paid' | 'closed' | 'timeout'> {
  setConfirming(true);
  try {
    const until = Date.now() + timeoutMs;
    let wait = 500;
    while (Date.now() < until) {
      try {
        const o = await payApi.order(orderId);
        if (PAID_STATES.includes(o.state)) return 'paid';
        if (o.state === 'CLOSED') return 'closed';
      } catch {
        /* a network blip while confirming: keep asking */
      }
      await new Promise((r) => setTimeout(r, wait));
      wait = Math.min(2000, Math.round(wait * 1.5));
    }
    return 'timeout';
  } finally {
    setConfirming(false);
  }
}

export interface PayOptions {
  /** Called with a message fit for a resident when paying failed (default: a toast). */
  onError?: (message: string) => void;
  /** How long to wait for the BFF to confirm a payment the cashier accepted (default 30 s). */
  confirmTimeoutMs?: number;
}

/**
 * Pays an order: prepay at the BFF, then WeChat's sheet (weapp: wx.requestPayment) or the sandbox
 * cashier (H5), then waits, showing "支付结果确认中", until the BFF has the payment.
 * 'cancelled' when the resident closed the sheet: the order stays payable.
 */
export async function payOrder(orderId: string, opts: PayOptions = {}): Promise<PayResult> {
  const fail = (message: string): PayResult => {
    if (opts.onError) opts.onError(message);
    else showToast({ title: message, icon: 'none', duration: 3000 });
    return 'failed';
  };
  const confirmTimeout = opts.confirmTimeoutMs ?? 30_000;
  let prepay: PrepayResponse;
  try {
    prepay = await payApi.prepay(orderId);
  } catch (e) {
    if (e instanceof ApiError && e.code === 'ORDER_ALREADY_PAID') return 'paid';
    return fail(messageOf(e));
  }

  if (process.env.TARO_ENV === 'weapp') {
    try {
      await Taro.requestPayment({ timeStamp: prepay.timeStamp, nonceStr: prepay.nonceStr, package: prepay.package, signType: prepay.signType, paySign: prepay.paySign });
    } catch (e) {
      const msg = String((e as { errMsg?: string })?.errMsg ?? '');
      if (/cancel/i.test(msg)) return 'cancelled';
      return fail('支付未完成，请稍后重试');
    }
  } else {
    const answer = await openSandboxCashier({ orderId, amountFen: prepay.amountFen, description: prepay.description });
    // The sheet answers for the order it was opened for; anything else is not a payment of this one.
    const choice = answer.orderId === orderId ? answer.choice : 'cancel';
    let sandboxUrl: string | undefined;
    try {
      sandboxUrl = (await loadClientConfig()).sandboxUrl;
    } catch {
      sandboxUrl = undefined;
    }
    if (!sandboxUrl) return fail('当前环境不支持在线支付，请在微信小程序中支付');
    try {
      await payApi.sandboxPay(sandboxUrl, prepay.prepayId, choice);
    } catch (e) {
      if (choice === 'cancel') return 'cancelled';
      return fail(e instanceof ApiError && e.status < 500 ? '支付未完成：订单已关闭或已支付，请刷新后查看' : messageOf(e));
    }
    if (choice === 'cancel') return 'cancelled';
  }

  const result = await confirmPaid(orderId, confirmTimeout);
  if (result === 'closed') return fail('订单已关闭，如已扣款将自动退回');
  if (result === 'timeout') return fail('支付结果确认中，请稍后在缴费记录中查看，请勿重复支付');
  return 'paid';
}
