import Router from '@koa/router';
import type Koa from 'koa';
import { upstream } from '@healthpocket/shared-types';
import { answer } from '../contracts';
import type { SandboxContext } from '../context';
import { redeliver, sendNotify } from './notifier';
import { parseAuthorization, requestMessage, signedHeaders, verifyRsa, wechatTime } from './signing';
import { DEFAULT_SETTINGS, wechatPayOf, type NotifySettings, type Refund, type Transaction, type WechatPayState } from './state';

const PREFIX = '/wechatpay';
const OUT_TRADE_NO = /^[A-Za-z0-9_\-|*]{6,32}$/;
const OUT_REFUND_NO = /^[A-Za-z0-9_\-|*@]{1,64}$/;
const PREPAY_TTL_MS = 2 * 3600_000;

/** WeChat Pay v3's error body: `{code, message}` with the HTTP status WeChat uses. */
function fail(ctx: Koa.Context, status: number, code: string, message: string, detail?: object) {
  ctx.status = status;
  ctx.body = { code, message, ...(detail ? { detail } : {}) };
}

function isLoopback(hostname: string): boolean {
  return ['localhost', '127.0.0.1', '[::1]', '::1'].includes(hostname) || hostname.startsWith('127.');
}

/** notify_url: absolute, no query; https like WeChat requires, except loopback hosts (sandbox only). */
function notifyUrlProblem(u: unknown): string | null {
  if (typeof u !== 'string' || u.length > 256) return 'notify_url 格式错误';
  let url: URL;
  try {
    url = new URL(u);
  } catch {
    return 'notify_url 格式错误';
  }
  if (url.search || url.hash) return 'notify_url 不能携带参数';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) return 'notify_url 必须为 https 地址';
  return null;
}

function parseRfc3339(s: unknown): number | null {
  if (typeof s !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)$/.test(s)) return null;
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : t;
}

function transactionView(t: Transaction) {
  const paid = t.trade_state === 'SUCCESS' || t.trade_state === 'REFUND';
  return answer(upstream.wechatpay.Transaction, {
    appid: t.appid,
    mchid: t.mchid,
    out_trade_no: t.out_trade_no,
    ...(t.transaction_id ? { transaction_id: t.transaction_id } : {}),
    trade_type: 'JSAPI',
    trade_state: t.trade_state,
    trade_state_desc: TRADE_STATE_DESC[t.trade_state],
    ...(paid ? { bank_type: 'OTHERS', success_time: t.success_time } : {}),
    ...(t.attach ? { attach: t.attach } : {}),
    payer: { openid: t.payer.openid },
    amount: { total: t.amount.total, currency: 'CNY', ...(paid ? { payer_total: t.amount.total, payer_currency: 'CNY' } : {}) },
  });
}

const TRADE_STATE_DESC: Record<Transaction['trade_state'], string> = {
  NOTPAY: '订单未支付',
  USERPAYING: '用户支付中',
  SUCCESS: '支付成功',
  CLOSED: '订单已关闭',
  REFUND: '转入退款',
  PAYERROR: '支付失败',
};

function refundView(r: Refund) {
  return answer(upstream.wechatpay.Refund, {
    refund_id: r.refund_id,
    out_refund_no: r.out_refund_no,
    transaction_id: r.transaction_id,
    out_trade_no: r.out_trade_no,
    channel: 'ORIGINAL',
    user_received_account: '支付用户零钱',
    ...(r.success_time ? { success_time: r.success_time } : {}),
    create_time: r.create_time,
    status: r.status,
    funds_account: 'AVAILABLE',
    amount: {
      total: r.amount.total,
      refund: r.amount.refund,
      payer_total: r.amount.total,
      payer_refund: r.amount.refund,
      settlement_total: r.amount.total,
      settlement_refund: r.amount.refund,
      discount_refund: 0,
      currency: 'CNY',
      refund_fee: 0,
    },
  });
}

/** A finished refund's notify resource (WeChat notifies SUCCESS, CLOSED and ABNORMAL only). */
function refundNotifyResource(s: WechatPayState, r: Refund, status: Exclude<Refund['status'], 'PROCESSING'>) {
  return answer(upstream.wechatpay.RefundNotify, {
    mchid: s.keys.mchid,
    out_trade_no: r.out_trade_no,
    transaction_id: r.transaction_id,
    out_refund_no: r.out_refund_no,
    refund_id: r.refund_id,
    refund_status: status,
    ...(r.success_time ? { success_time: r.success_time } : {}),
    user_received_account: '支付用户零钱',
    amount: { total: r.amount.total, refund: r.amount.refund, payer_total: r.amount.total, payer_refund: r.amount.refund },
  });
}

/** Refunds that still count against the paid amount. */
function refundedSoFar(s: WechatPayState, outTradeNo: string): number {
  let n = 0;
  for (const r of s.refunds.values()) if (r.out_trade_no === outTradeNo && (r.status === 'PROCESSING' || r.status === 'SUCCESS')) n += r.amount.refund;
  return n;
}

function finishRefund(s: WechatPayState, r: Refund, status: Exclude<Refund['status'], 'PROCESSING'>): void {
  if (r.status !== 'PROCESSING') return;
  r.status = status;
  if (status === 'SUCCESS') {
    r.success_time = wechatTime(s.now());
    const t = s.transactions.get(r.out_trade_no);
    if (t) t.trade_state = 'REFUND';
  }
  if (r.notify_url) {
    sendNotify(s, { event: `REFUND.${status}`, resource: refundNotifyResource(s, r, status), url: r.notify_url, outTradeNo: r.out_trade_no, outRefundNo: r.out_refund_no });
  }
}

/**
 * WeChat Pay API v3 stand-in (`/wechatpay`): the real paths for JSAPI prepay, query, close and
 * domestic refunds. Every /v3 request must carry a valid merchant Authorization signature; every
 * answer is signed with the platform key. `/wechatpay/sandbox/*` stands for the user at the cashier
 * and lets tests steer notifications. Documented in ../API.md.
 */
export function wechatPayRoutes(sctx: SandboxContext): Router {
  const r = new Router({ prefix: PREFIX });
  const state = () => wechatPayOf(sctx);

  // Merchant authentication, then a signed answer (WeChat signs errors too).
  const v3: Koa.Middleware = async (ctx, next) => {
    const s = state();
    const auth = parseAuthorization(ctx.get('authorization'));
    const raw = ctx.method === 'GET' ? '' : ((ctx.request as { rawBody?: string }).rawBody ?? '');
    if (!auth) fail(ctx, 401, 'SIGN_ERROR', 'Authorization 缺失或格式错误');
    else if (auth.mchid !== s.keys.mchid) fail(ctx, 401, 'SIGN_ERROR', '商户号与证书不匹配');
    else if (auth.serial_no.toUpperCase() !== s.keys.merchantCertSerial) fail(ctx, 401, 'SIGN_ERROR', '商户证书序列号有误');
    else if (!/^\d+$/.test(auth.timestamp) || Math.abs(Number(auth.timestamp) * 1000 - s.now()) > 5 * 60_000) fail(ctx, 401, 'SIGN_ERROR', '请求时间戳与当前时间相差过大');
    else if (!verifyRsa(requestMessage(ctx.method, ctx.url.slice(PREFIX.length), auth.timestamp, auth.nonce_str, raw), auth.signature, s.merchantCertKey)) {
      fail(ctx, 401, 'SIGN_ERROR', '签名错误');
    } else await next();
    const body = ctx.body === undefined || ctx.status === 204 ? '' : JSON.stringify(ctx.body);
    if (body) {
      ctx.body = body;
      ctx.type = 'application/json';
    }
    ctx.set({ 'Request-ID': `sbx-${Date.now().toString(36)}`, ...signedHeaders(body, s.keys.platformPrivateKeyPem, s.keys.platformKeyId, Math.floor(s.now() / 1000)) });
  };

  r.post('/v3/pay/transactions/jsapi', v3, (ctx) => {
    const s = state();
    const b = (ctx.request.body ?? {}) as Record<string, any>;
    if (b.appid !== s.appid) return fail(ctx, 400, 'APPID_MCHID_NOT_MATCH', 'appid和mch_id不匹配');
    if (b.mchid !== s.keys.mchid) return fail(ctx, 400, 'MCH_NOT_EXISTS', '商户号不存在');
    if (typeof b.description !== 'string' || b.description.length < 1 || b.description.length > 127) return fail(ctx, 400, 'PARAM_ERROR', 'description 长度应为1到127个字符', { field: 'description' });
    if (typeof b.out_trade_no !== 'string' || !OUT_TRADE_NO.test(b.out_trade_no)) return fail(ctx, 400, 'PARAM_ERROR', 'out_trade_no 应为6到32位数字、字母、_-|*', { field: 'out_trade_no' });
    const urlProblem = notifyUrlProblem(b.notify_url);
    if (urlProblem) return fail(ctx, 400, 'PARAM_ERROR', urlProblem, { field: 'notify_url' });
    const total = b.amount?.total;
    if (!Number.isInteger(total) || total < 1 || total > 10_000_000_000) return fail(ctx, 400, 'PARAM_ERROR', 'amount.total 应为正整数（单位：分）', { field: 'amount.total' });
    if ((b.amount?.currency ?? 'CNY') !== 'CNY') return fail(ctx, 400, 'PARAM_ERROR', '仅支持人民币 CNY', { field: 'amount.currency' });
    if (typeof b.payer?.openid !== 'string' || !b.payer.openid) return fail(ctx, 400, 'PARAM_ERROR', '缺少 payer.openid', { field: 'payer.openid' });
    if (b.attach !== undefined && (typeof b.attach !== 'string' || b.attach.length > 128)) return fail(ctx, 400, 'PARAM_ERROR', 'attach 不能超过128个字符', { field: 'attach' });
    let expireMs: number | null = null;
    if (b.time_expire !== undefined) {
      expireMs = parseRfc3339(b.time_expire);
      if (expireMs === null) return fail(ctx, 400, 'PARAM_ERROR', 'time_expire 应为 RFC3339 格式', { field: 'time_expire' });
      if (expireMs <= s.now()) return fail(ctx, 400, 'PARAM_ERROR', 'time_expire 已过期', { field: 'time_expire' });
    }
    const existing = s.transactions.get(b.out_trade_no);
    if (existing) {
      if (existing.trade_state === 'SUCCESS' || existing.trade_state === 'REFUND') return fail(ctx, 400, 'ORDERPAID', '该订单已支付');
      if (existing.trade_state === 'CLOSED') return fail(ctx, 400, 'ORDER_CLOSED', '订单已关闭');
      const same = existing.amount.total === total && existing.description === b.description && existing.payer.openid === b.payer.openid && existing.notify_url === b.notify_url;
      if (!same) return fail(ctx, 403, 'OUT_TRADE_NO_USED', '商户订单号重复');
    }
    const t: Transaction = existing ?? {
      appid: b.appid,
      mchid: b.mchid,
      out_trade_no: b.out_trade_no,
      description: b.description,
      notify_url: b.notify_url,
      time_expire: b.time_expire,
      attach: b.attach,
      amount: { total, currency: 'CNY' },
      payer: { openid: b.payer.openid },
      trade_state: 'NOTPAY',
      createdAt: s.now(),
      prepayIds: [],
    };
    if (b.time_expire) t.time_expire = b.time_expire;
    const prepayId = s.newPrepayId();
    t.prepayIds.push(prepayId);
    s.transactions.set(t.out_trade_no, t);
    s.prepays.set(prepayId, { outTradeNo: t.out_trade_no, expiresAt: s.now() + PREPAY_TTL_MS });
    ctx.body = { prepay_id: prepayId };
  });

  const query = (ctx: Koa.Context, t: Transaction | undefined) => {
    const s = state();
    if (ctx.query.mchid !== s.keys.mchid) return fail(ctx, 400, 'PARAM_ERROR', 'mchid 与请求商户不一致', { field: 'mchid' });
    if (!t) return fail(ctx, 404, 'ORDER_NOT_EXIST', '订单不存在');
    ctx.body = transactionView(t);
  };

  r.get('/v3/pay/transactions/out-trade-no/:outTradeNo', v3, (ctx) => query(ctx, state().transactions.get(ctx.params.outTradeNo)));

  r.get('/v3/pay/transactions/id/:transactionId', v3, (ctx) =>
    query(
      ctx,
      [...state().transactions.values()].find((t) => t.transaction_id === ctx.params.transactionId),
    ),
  );

  r.post('/v3/pay/transactions/out-trade-no/:outTradeNo/close', v3, (ctx) => {
    const s = state();
    const b = (ctx.request.body ?? {}) as { mchid?: string };
    if (b.mchid !== s.keys.mchid) return fail(ctx, 400, 'PARAM_ERROR', 'mchid 与请求商户不一致', { field: 'mchid' });
    const t = s.transactions.get(ctx.params.outTradeNo);
    if (!t) return fail(ctx, 404, 'ORDER_NOT_EXIST', '订单不存在');
    if (t.trade_state === 'SUCCESS' || t.trade_state === 'REFUND') return fail(ctx, 400, 'ORDERPAID', '该订单已支付');
    t.trade_state = 'CLOSED';
    ctx.status = 204;
  });

  r.post('/v3/refund/domestic/refunds', v3, (ctx) => {
    const s = state();
    const b = (ctx.request.body ?? {}) as Record<string, any>;
    if (typeof b.out_refund_no !== 'string' || !OUT_REFUND_NO.test(b.out_refund_no)) return fail(ctx, 400, 'PARAM_ERROR', 'out_refund_no 格式错误', { field: 'out_refund_no' });
    const t = b.out_trade_no ? s.transactions.get(b.out_trade_no) : [...s.transactions.values()].find((x) => x.transaction_id && x.transaction_id === b.transaction_id);
    if (!t) return fail(ctx, 404, 'RESOURCE_NOT_EXISTS', '订单不存在');
    if (b.notify_url !== undefined) {
      const urlProblem = notifyUrlProblem(b.notify_url);
      if (urlProblem) return fail(ctx, 400, 'PARAM_ERROR', urlProblem, { field: 'notify_url' });
    }
    const refund = b.amount?.refund;
    if (!Number.isInteger(refund) || refund < 1) return fail(ctx, 400, 'PARAM_ERROR', 'amount.refund 应为正整数（单位：分）', { field: 'amount.refund' });
    if (b.amount?.total !== t.amount.total) return fail(ctx, 400, 'PARAM_ERROR', 'amount.total 与原订单金额不一致', { field: 'amount.total' });
    if ((b.amount?.currency ?? 'CNY') !== 'CNY') return fail(ctx, 400, 'PARAM_ERROR', '仅支持人民币 CNY', { field: 'amount.currency' });
    const existing = s.refunds.get(b.out_refund_no);
    if (existing) {
      // The same request again answers the refund it created; different content is an error.
      if (existing.out_trade_no !== t.out_trade_no || existing.amount.refund !== refund) return fail(ctx, 400, 'INVALID_REQUEST', '退款单号已被使用，且退款信息不一致');
      ctx.body = refundView(existing);
      return;
    }
    if (t.trade_state !== 'SUCCESS' && t.trade_state !== 'REFUND') return fail(ctx, 400, 'INVALID_REQUEST', '订单未支付，不能退款');
    if (refundedSoFar(s, t.out_trade_no) + refund > t.amount.total) return fail(ctx, 400, 'INVALID_REQUEST', '申请退款金额超过订单可退金额');
    const rf: Refund = {
      refund_id: s.newRefundId(),
      out_refund_no: b.out_refund_no,
      out_trade_no: t.out_trade_no,
      transaction_id: t.transaction_id!,
      reason: typeof b.reason === 'string' ? b.reason.slice(0, 80) : undefined,
      notify_url: b.notify_url,
      amount: { refund, total: t.amount.total, currency: 'CNY' },
      status: 'PROCESSING',
      create_time: wechatTime(s.now()),
    };
    s.refunds.set(rf.out_refund_no, rf);
    const outcome = s.settings.refundOutcome;
    if (outcome !== 'manual' && outcome !== 'PROCESSING') s.later(s.settings.refundDelayMs, () => finishRefund(s, rf, outcome));
    ctx.body = refundView(rf);
  });

  r.get('/v3/refund/domestic/refunds/:outRefundNo', v3, (ctx) => {
    const rf = state().refunds.get(ctx.params.outRefundNo);
    if (!rf) return fail(ctx, 404, 'RESOURCE_NOT_EXISTS', '退款单不存在');
    ctx.body = refundView(rf);
  });

  // ---- sandbox helpers (no Authorization: they stand for the user and for tests) ----------------

  r.post('/sandbox/pay', (ctx) => {
    const s = state();
    const b = (ctx.request.body ?? {}) as { prepay_id?: string; result?: string };
    if (b.result !== 'success' && b.result !== 'cancel') return fail(ctx, 400, 'PARAM_ERROR', "result 应为 'success' 或 'cancel'");
    const p = b.prepay_id ? s.prepays.get(b.prepay_id) : undefined;
    if (!p) return fail(ctx, 404, 'PREPAY_NOT_FOUND', '支付会话不存在');
    const t = s.transactions.get(p.outTradeNo)!;
    if (p.expiresAt < s.now()) return fail(ctx, 400, 'PREPAY_EXPIRED', '支付会话已过期，请重新发起支付');
    if (t.trade_state === 'SUCCESS' || t.trade_state === 'REFUND') return fail(ctx, 400, 'ORDERPAID', '该订单已支付');
    if (t.trade_state === 'CLOSED') return fail(ctx, 400, 'ORDER_CLOSED', '订单已关闭');
    const expire = t.time_expire ? parseRfc3339(t.time_expire) : null;
    if (expire !== null && expire < s.now()) return fail(ctx, 400, 'ORDER_EXPIRED', '订单已超过支付时间');
    if (b.result === 'cancel') {
      ctx.body = { result: 'cancel', out_trade_no: t.out_trade_no, trade_state: t.trade_state };
      return;
    }
    t.trade_state = 'SUCCESS';
    t.transaction_id = s.newTransactionId();
    t.success_time = wechatTime(s.now());
    const deliveries = sendNotify(s, { event: 'TRANSACTION.SUCCESS', resource: transactionView(t), url: t.notify_url, outTradeNo: t.out_trade_no });
    ctx.body = { result: 'success', out_trade_no: t.out_trade_no, transaction_id: t.transaction_id, trade_state: t.trade_state, notify: deliveries[0]?.state };
  });

  r.get('/sandbox/transactions/:outTradeNo', (ctx) => {
    const s = state();
    const t = s.transactions.get(ctx.params.outTradeNo);
    if (!t) return fail(ctx, 404, 'ORDER_NOT_EXIST', '订单不存在');
    ctx.body = { ...transactionView(t), notify_url: t.notify_url, prepay_ids: t.prepayIds, refunds: [...s.refunds.values()].filter((x) => x.out_trade_no === t.out_trade_no).map(refundView) };
  });

  r.get('/sandbox/notifies', (ctx) => {
    const { out_trade_no: outTradeNo, event } = ctx.query as Record<string, string | undefined>;
    ctx.body = { items: state().deliveries.filter((d) => (!outTradeNo || d.outTradeNo === outTradeNo) && (!event || d.event === event)) };
  });

  /** Sends the notification with this id again (same bytes, fresh signature headers): a late duplicate. */
  r.post('/sandbox/notifies/:id/redeliver', (ctx) => {
    const s = state();
    const d = s.deliveries.find((x) => x.id === ctx.params.id);
    if (!d) return fail(ctx, 404, 'NOT_FOUND', '通知不存在');
    ctx.status = 202;
    ctx.body = redeliver(s, d);
  });

  r.get('/sandbox/settings', (ctx) => {
    ctx.body = state().settings;
  });

  r.post('/sandbox/settings', (ctx) => {
    const s = state();
    const b = (ctx.request.body ?? {}) as Partial<NotifySettings>;
    const next = { ...s.settings, ...b };
    const ok =
      ['normal', 'drop', 'delay', 'duplicate'].includes(next.mode) &&
      (next.times === undefined || (Number.isInteger(next.times) && next.times > 0)) &&
      Number.isFinite(next.delayMs) &&
      next.delayMs >= 0 &&
      Number.isInteger(next.copies) &&
      next.copies >= 1 &&
      next.copies <= 20 &&
      Number.isFinite(next.timeScale) &&
      next.timeScale > 0 &&
      next.timeScale <= 1 &&
      ['SUCCESS', 'ABNORMAL', 'CLOSED', 'manual'].includes(next.refundOutcome) &&
      Number.isFinite(next.refundDelayMs) &&
      next.refundDelayMs >= 0;
    if (!ok) return fail(ctx, 400, 'PARAM_ERROR', 'settings 取值无效');
    s.settings = next;
    ctx.body = s.settings;
  });

  /** Back to defaults; cancels pending deliveries and refunds' timers. */
  r.delete('/sandbox/settings', (ctx) => {
    const s = state();
    s.cancelAll();
    s.settings = { ...DEFAULT_SETTINGS };
    ctx.status = 204;
  });

  r.post('/sandbox/refunds/:outRefundNo/complete', (ctx) => {
    const s = state();
    const rf = s.refunds.get(ctx.params.outRefundNo);
    if (!rf) return fail(ctx, 404, 'RESOURCE_NOT_EXISTS', '退款单不存在');
    const status = (ctx.request.body as { status?: string } | undefined)?.status ?? 'SUCCESS';
    if (status !== 'SUCCESS' && status !== 'ABNORMAL' && status !== 'CLOSED') return fail(ctx, 400, 'PARAM_ERROR', 'status 应为 SUCCESS、ABNORMAL 或 CLOSED');
    if (rf.status !== 'PROCESSING') return fail(ctx, 400, 'INVALID_REQUEST', '退款已处理完毕');
    finishRefund(s, rf, status);
    ctx.body = refundView(rf);
  });

  return r;
}
