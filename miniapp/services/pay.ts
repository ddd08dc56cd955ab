import Taro from '@tarojs/taro';
import type { AdmissionDetail, AdmissionList, BillList, DailyList, OrderBills, PayBillsResponse, PaymentOrderList, PaymentOrderView, PrepayResponse, TopUpResponse } from '@healthpocket/shared-types';
import { openSandboxCashier, setConfirming } from '../components/SandboxCashier/store';
import { ApiError, http, messageOf } from './api';
import { loadClientConfig } from './session';

/** Payments and outpatient bills (types only from shared-types: zod stays out of the bundle). */

const enc = encodeURIComponent;

export const payApi = {
  order: (id: string) => http.get<PaymentOrderView>(`/api/v1/payments/orders/${enc(id)}`),
  orders: (q: { memberId?: string; cursor?: string } = {}) =>
    http.get<PaymentOrderList>(`/api/v1/payments/orders?${Object.entries(q).filter(([, v]) => v).map(([k, v]) => `${k}=${enc(v!)}`).join('&')}`),
  prepay: (id: string) => http.post<PrepayResponse>(`/api/v1/payments/orders/${enc(id)}/prepay`),
  cancel: (id: string) => http.post<PaymentOrderView>(`/api/v1/payments/orders/${enc(id)}/cancel`),
  bills: (memberId: string, status: 'unpaid' | 'paid' = 'unpaid') => http.get<BillList>(`/api/v1/bills?memberId=${enc(memberId)}&status=${status}`),
  payBills: (memberId: string, billNos: string[], idempotencyKey: string) =>
    http.post<PayBillsResponse>('/api/v1/bills/pay', { memberId, billNos }, { header: { 'Idempotency-Key': idempotencyKey } }),
  orderBills: (id: string) => http.get<OrderBills>(`/api/v1/bills/orders/${enc(id)}`),
  admissions: (memberId: string) => http.get<AdmissionList>(`/api/v1/inpatient/admissions?memberId=${enc(memberId)}`),
  admission: (memberId: string, admissionNo: string) => http.get<AdmissionDetail>(`/api/v1/inpatient/admissions/${enc(admissionNo)}?memberId=${enc(memberId)}`),
  daily: (memberId: string, admissionNo: string, date?: string) =>
    http.get<DailyList>(`/api/v1/inpatient/admissions/${enc(admissionNo)}/daily?memberId=${enc(memberId)}${date ? `&date=${enc(date)}` : ''}`),
  topUp: (memberId: string, admissionNo: string, amountFen: number, idempotencyKey: string) =>
    http.post<TopUpResponse>('/api/v1/inpatient/deposits', { memberId, admissionNo, amountFen }, { header: { 'Idempotency-Key': idempotencyKey } }),
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
    else Taro.showToast({ title: message, icon: 'none', duration: 3000 });
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
    const choice = await openSandboxCashier({ amountFen: prepay.amountFen, description: prepay.description });
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
