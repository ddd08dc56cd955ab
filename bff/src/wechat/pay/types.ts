import { z } from 'zod';

/** WeChat Pay v3 shapes the BFF reads (query answers and decrypted notify resources). */

export const WxTransaction = z.object({
  appid: z.string(),
  mchid: z.string(),
  out_trade_no: z.string(),
  transaction_id: z.string().optional(),
  trade_type: z.string().optional(),
  trade_state: z.enum(['SUCCESS', 'REFUND', 'NOTPAY', 'CLOSED', 'REVOKED', 'USERPAYING', 'PAYERROR']),
  trade_state_desc: z.string().optional(),
  success_time: z.string().optional(),
  payer: z.object({ openid: z.string() }).partial().optional(),
  amount: z.object({ total: z.number().int(), currency: z.string().optional(), payer_total: z.number().int().optional() }),
  attach: z.string().optional(),
});
export type WxTransaction = z.infer<typeof WxTransaction>;

export const WxRefund = z.object({
  refund_id: z.string(),
  out_refund_no: z.string(),
  out_trade_no: z.string(),
  transaction_id: z.string().optional(),
  status: z.enum(['SUCCESS', 'CLOSED', 'PROCESSING', 'ABNORMAL']),
  success_time: z.string().optional(),
  amount: z.object({ refund: z.number().int(), total: z.number().int() }).passthrough(),
});
export type WxRefund = z.infer<typeof WxRefund>;

/** The decrypted resource of a REFUND.* notification. */
export const WxRefundNotify = z.object({
  mchid: z.string(),
  out_trade_no: z.string(),
  transaction_id: z.string().optional(),
  out_refund_no: z.string(),
  refund_id: z.string(),
  refund_status: z.enum(['SUCCESS', 'CLOSED', 'ABNORMAL']),
  success_time: z.string().optional(),
  amount: z.object({ refund: z.number().int(), total: z.number().int() }).passthrough(),
});
export type WxRefundNotify = z.infer<typeof WxRefundNotify>;

export const WxNotifyEnvelope = z.object({
  id: z.string(),
  create_time: z.string(),
  event_type: z.string(),
  resource_type: z.string(),
  summary: z.string().optional(),
  resource: z.object({
    algorithm: z.string(),
    ciphertext: z.string(),
    nonce: z.string(),
    associated_data: z.string().optional(),
    original_type: z.string().optional(),
  }),
});
export type WxNotifyEnvelope = z.infer<typeof WxNotifyEnvelope>;
