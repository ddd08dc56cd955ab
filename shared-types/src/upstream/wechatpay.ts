/**
 * WeChat Pay API v3 answers the BFF reads (bff/sandbox/API.md, "WeChat Pay"): query answers and
 * the decrypted resources of notifications. The BFF parses every answer with these (after the
 * platform signature check); the sandbox checks what it sends against them.
 */
import { z } from 'zod';

/** POST /v3/pay/transactions/jsapi */
export const Prepay = z.object({ prepay_id: z.string().min(1) });

export const Transaction = z.object({
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

export const Refund = z.object({
  refund_id: z.string(),
  out_refund_no: z.string(),
  out_trade_no: z.string(),
  transaction_id: z.string().optional(),
  status: z.enum(['SUCCESS', 'CLOSED', 'PROCESSING', 'ABNORMAL']),
  success_time: z.string().optional(),
  amount: z.looseObject({ refund: z.number().int(), total: z.number().int() }),
});

/** The decrypted resource of a REFUND.* notification. */
export const RefundNotify = z.object({
  mchid: z.string(),
  out_trade_no: z.string(),
  transaction_id: z.string().optional(),
  out_refund_no: z.string(),
  refund_id: z.string(),
  refund_status: z.enum(['SUCCESS', 'CLOSED', 'ABNORMAL']),
  success_time: z.string().optional(),
  amount: z.looseObject({ refund: z.number().int(), total: z.number().int() }),
});

export const NotifyEnvelope = z.object({
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

/** A refusal (4xx): WeChat Pay's code (ORDERPAID, ORDER_NOT_EXIST …) and message. */
export const PayError = z.object({ code: z.string(), message: z.string() });
