import { upstream } from '@healthpocket/shared-types';
import type { z } from 'zod';

/**
 * WeChat Pay v3 shapes the BFF reads (query answers and decrypted notify resources): the upstream
 * contract schemas (shared-types upstream/wechatpay.ts), which the sandbox's answers are checked against.
 */

export const WxTransaction = upstream.wechatpay.Transaction;
export type WxTransaction = z.infer<typeof WxTransaction>;

export const WxRefund = upstream.wechatpay.Refund;
export type WxRefund = z.infer<typeof WxRefund>;

/** The decrypted resource of a REFUND.* notification. */
export const WxRefundNotify = upstream.wechatpay.RefundNotify;
export type WxRefundNotify = z.infer<typeof WxRefundNotify>;

export const WxNotifyEnvelope = upstream.wechatpay.NotifyEnvelope;
export type WxNotifyEnvelope = z.infer<typeof WxNotifyEnvelope>;
