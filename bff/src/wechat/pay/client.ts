import { randomBytes, sign } from 'node:crypto';
import Pay from 'wechatpay-node-v3';
import type { Output } from 'wechatpay-node-v3/dist/lib/interface-v2';
import { errors } from '../../errors';
import type { Logger } from '../../logger';
import type { WechatPayKeys } from './config';
import { PlatformKeys, signatureHeaders } from './verify';
import { WxRefund, WxTransaction } from './types';
import { toChinaIso } from '@healthpocket/shared-types';

const WECHAT_HOST = 'https://api.mch.weixin.qq.com';

/** A WeChat Pay answer that was not a success, with WeChat's code (ORDERPAID, ORDER_NOT_EXIST …). */
export class WechatPayError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface PaymentParams {
  appId: string;
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: 'RSA';
  paySign: string;
}

/** RFC 3339 with +08:00, the form WeChat expects for time_expire. */
function wechatTime(d: Date): string {
  return toChinaIso(d, 's');
}

/**
 * WeChat Pay API v3 for the merchant: requests are built and signed by wechatpay-node-v3 and sent
 * through its pluggable HTTP client to WECHATPAY_API_BASE (the sandbox, or api.mch.weixin.qq.com).
 * The transport checks the platform signature on every successful answer before the BFF acts on it,
 * and turns the SDK's {status, error} results into WechatPayError / PAYMENT_UNAVAILABLE.
 */
export class WechatPayClient {
  private readonly pay: Pay;
  private readonly platform: PlatformKeys;

  constructor(
    private readonly keys: WechatPayKeys,
    private readonly appid: string,
    private readonly apiBase: string,
    private readonly timeoutMs: number,
    private readonly logger: Logger,
  ) {
    this.pay = new Pay({
      appid,
      mchid: keys.mchid,
      serial_no: keys.merchantCertSerial,
      publicKey: Buffer.from(keys.merchantCertPem),
      privateKey: Buffer.from(keys.merchantPrivateKeyPem),
      key: keys.apiV3Key,
    });
    this.platform = new PlatformKeys(keys.platformKeys);
    const send = (method: 'GET' | 'POST') => (url: string, a: Record<string, unknown>, b?: Record<string, string>) =>
      this.send(method, url, method === 'POST' ? a : undefined, (method === 'POST' ? b : a) as Record<string, string>);
    this.pay.createHttp({ get: send('GET') as never, post: send('POST'), upload: () => Promise.reject(new Error('upload is not used')) });
  }

  get mchid() {
    return this.keys.mchid;
  }

  private async send(method: 'GET' | 'POST', url: string, body: Record<string, unknown> | undefined, headers: Record<string, string>): Promise<Output> {
    const path = url.startsWith(WECHAT_HOST) ? url.slice(WECHAT_HOST.length) : url;
    const target = this.apiBase.replace(/\/$/, '') + path;
    // The body must be byte-for-byte what the SDK signed: JSON.stringify of the same object.
    const text = body === undefined ? undefined : JSON.stringify(body);
    const { 'Accept-Encoding': _ignored, ...sendHeaders } = headers;
    let res: Response;
    try {
      res = await fetch(target, { method, headers: sendHeaders, body: text, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (e) {
      this.logger.warn({ upstream: 'wechatpay', path: path.split('?')[0], reason: (e as Error).message }, 'wechat pay unreachable');
      throw errors.of('PAYMENT_UNAVAILABLE');
    }
    const raw = await res.text();
    if (res.status >= 200 && res.status < 300) {
      const h = signatureHeaders((n) => res.headers.get(n));
      const check = h ? this.platform.check(h, raw) : 'bad_signature';
      if (check !== 'ok') {
        this.logger.error({ upstream: 'wechatpay', path: path.split('?')[0], check }, 'wechat pay answer failed signature verification');
        throw errors.of('PAYMENT_UNAVAILABLE');
      }
      try {
        return { status: res.status, data: raw ? JSON.parse(raw) : {} };
      } catch {
        throw errors.of('PAYMENT_UNAVAILABLE');
      }
    }
    return { status: res.status, error: raw };
  }

  /** Turns the SDK's {status, error} into a WechatPayError (4xx) or PAYMENT_UNAVAILABLE (5xx). */
  private failure(op: string, r: Output): never {
    let code = 'UNKNOWN';
    let message = '';
    try {
      const parsed = JSON.parse(String(r.error ?? '')) as { code?: string; message?: string };
      code = parsed.code ?? code;
      message = parsed.message ?? '';
    } catch {
      /* not JSON */
    }
    if (!r.status || r.status >= 500 || r.status === 429) {
      this.logger.warn({ upstream: 'wechatpay', op, status: r.status, code }, 'wechat pay failed');
      throw errors.of('PAYMENT_UNAVAILABLE');
    }
    throw new WechatPayError(r.status, code, message);
  }

  async prepay(p: { outTradeNo: string; description: string; amountFen: number; openid: string; notifyUrl: string; timeExpire: Date; attach?: string }): Promise<string> {
    const r = await this.pay.transactions_jsapi({
      description: p.description,
      out_trade_no: p.outTradeNo,
      time_expire: wechatTime(p.timeExpire),
      ...(p.attach ? { attach: p.attach } : {}),
      notify_url: p.notifyUrl,
      amount: { total: p.amountFen, currency: 'CNY' },
      payer: { openid: p.openid },
    });
    if (r.status !== 200) this.failure('prepay', r);
    // The SDK replaces the answer with client parameters: package is 'prepay_id=…'.
    const pkg = (r.data as { package?: string } | undefined)?.package ?? '';
    const prepayId = pkg.startsWith('prepay_id=') ? pkg.slice('prepay_id='.length) : '';
    if (!prepayId) throw errors.of('PAYMENT_UNAVAILABLE');
    return prepayId;
  }

  /** wx.requestPayment parameters: paySign over appId\ntimeStamp\nnonceStr\npackage\n (random nonce, not the SDK's Math.random). */
  paymentParams(prepayId: string, now = Date.now()): PaymentParams {
    const timeStamp = String(Math.floor(now / 1000));
    const nonceStr = randomBytes(16).toString('hex');
    const pkg = `prepay_id=${prepayId}`;
    const paySign = sign('RSA-SHA256', Buffer.from(`${this.appid}\n${timeStamp}\n${nonceStr}\n${pkg}\n`), this.keys.merchantPrivateKeyPem).toString('base64');
    return { appId: this.appid, timeStamp, nonceStr, package: pkg, signType: 'RSA', paySign };
  }

  /** WeChat's view of the order; null when WeChat has never heard of it (ORDER_NOT_EXIST). */
  async query(outTradeNo: string): Promise<WxTransaction | null> {
    const r = await this.pay.query({ out_trade_no: outTradeNo });
    if (r.status === 404) return null;
    if (r.status !== 200) this.failure('query', r);
    const parsed = WxTransaction.safeParse(r.data);
    if (!parsed.success) {
      this.logger.error({ upstream: 'wechatpay', op: 'query' }, 'unexpected transaction shape');
      throw errors.of('PAYMENT_UNAVAILABLE');
    }
    return parsed.data;
  }

  /** Closes an unpaid order; 'paid' when WeChat says it was paid meanwhile. */
  async close(outTradeNo: string): Promise<'closed' | 'paid' | 'unknown'> {
    const r = await this.pay.close(outTradeNo);
    if (r.status === 204 || r.status === 200) return 'closed';
    if (r.status === 404) return 'unknown';
    try {
      this.failure('close', r);
    } catch (e) {
      if (e instanceof WechatPayError && (e.code === 'ORDERPAID' || e.code === 'ORDER_PAID')) return 'paid';
      throw e;
    }
  }

  async refund(p: { outTradeNo: string; outRefundNo: string; amountFen: number; totalFen: number; reason: string; notifyUrl: string }): Promise<WxRefund> {
    const r = await this.pay.refunds({
      out_trade_no: p.outTradeNo,
      out_refund_no: p.outRefundNo,
      reason: p.reason,
      notify_url: p.notifyUrl,
      amount: { refund: p.amountFen, total: p.totalFen, currency: 'CNY' },
    });
    if (r.status !== 200) this.failure('refund', r);
    return this.refundShape(r.data, 'refund');
  }

  async queryRefund(outRefundNo: string): Promise<WxRefund | null> {
    const r = await this.pay.find_refunds(outRefundNo);
    if (r.status === 404) return null;
    if (r.status !== 200) this.failure('queryRefund', r);
    return this.refundShape(r.data, 'queryRefund');
  }

  private refundShape(data: unknown, op: string): WxRefund {
    const parsed = WxRefund.safeParse(data);
    if (!parsed.success) {
      this.logger.error({ upstream: 'wechatpay', op }, 'unexpected refund shape');
      throw errors.of('PAYMENT_UNAVAILABLE');
    }
    return parsed.data;
  }
}
