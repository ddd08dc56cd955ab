import { z } from 'zod';
import { EntityId } from './common';

/** What a payment is for; each purpose's module reacts to the order's transitions. */
export const PaymentPurpose = z.enum(['bill', 'registration', 'vaccine', 'inpatient']);
export type PaymentPurpose = z.infer<typeof PaymentPurpose>;

/**
 * CREATED → PAID → (REFUNDING → REFUNDED | PARTIALLY_REFUNDED); CREATED → CLOSED on expiry or cancel.
 * REFUNDING while a refund is being processed; a failed refund falls back to PAID / PARTIALLY_REFUNDED.
 */
export const PaymentOrderState = z.enum(['CREATED', 'PAID', 'REFUNDING', 'REFUNDED', 'PARTIALLY_REFUNDED', 'CLOSED']);
export type PaymentOrderState = z.infer<typeof PaymentOrderState>;

export const PAYMENT_STATE_LABELS: Record<PaymentOrderState, string> = {
  CREATED: '待支付',
  PAID: '已支付',
  REFUNDING: '退款中',
  REFUNDED: '已退款',
  PARTIALLY_REFUNDED: '部分退款',
  CLOSED: '已关闭',
};

export const PAYMENT_PURPOSE_LABELS: Record<PaymentPurpose, string> = {
  bill: '门诊缴费',
  registration: '挂号费',
  vaccine: '自费疫苗',
  inpatient: '住院预交金',
};

export const RefundState = z.enum(['PROCESSING', 'SUCCESS', 'ABNORMAL', 'CLOSED']);
export type RefundState = z.infer<typeof RefundState>;

export const REFUND_STATE_LABELS: Record<RefundState, string> = {
  PROCESSING: '退款处理中',
  SUCCESS: '已退回',
  ABNORMAL: '退款异常',
  CLOSED: '退款关闭',
};

export const CloseReason = z.enum(['expired', 'cancelled', 'superseded']);
export type CloseReason = z.infer<typeof CloseReason>;

export const RefundView = z.object({
  id: z.string(),
  amountFen: z.number().int(),
  reason: z.string(),
  state: RefundState,
  stateLabel: z.string(),
  createdAt: z.string(),
  succeededAt: z.string().nullable(),
});
export type RefundView = z.infer<typeof RefundView>;

export const PaymentOrderView = z.object({
  id: z.string(),
  outTradeNo: z.string(),
  purpose: PaymentPurpose,
  purposeLabel: z.string(),
  refIds: z.array(z.string()),
  memberId: z.string(),
  memberName: z.string().nullable(),
  description: z.string(),
  amountFen: z.number().int(),
  refundedFen: z.number().int(),
  state: PaymentOrderState,
  stateLabel: z.string(),
  /** True while the resident can still pay (CREATED and not expired). */
  payable: z.boolean(),
  createdAt: z.string(),
  expiresAt: z.string(),
  paidAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  closeReason: CloseReason.nullable(),
  /** WeChat's transaction id (shown on the receipt so a resident can quote it to support). */
  transactionId: z.string().nullable(),
  refunds: z.array(RefundView),
});
export type PaymentOrderView = z.infer<typeof PaymentOrderView>;

export const PaymentOrderList = z.object({
  items: z.array(PaymentOrderView),
  nextCursor: z.string().nullable(),
});
export type PaymentOrderList = z.infer<typeof PaymentOrderList>;

export const PaymentOrderListQuery = z.object({
  memberId: EntityId.optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

/** What wx.requestPayment needs, plus the ids the page keeps. */
export const PrepayResponse = z.object({
  orderId: z.string(),
  outTradeNo: z.string(),
  appId: z.string(),
  timeStamp: z.string(),
  nonceStr: z.string(),
  package: z.string(),
  signType: z.literal('RSA'),
  paySign: z.string(),
  prepayId: z.string(),
  amountFen: z.number().int(),
  description: z.string(),
});
export type PrepayResponse = z.infer<typeof PrepayResponse>;

export const RefundRequest = z.object({
  amountFen: z.number().int().min(1, '退款金额至少1分'),
  reason: z.string().trim().min(1, '请填写退款原因').max(80, '退款原因不能超过80个字'),
  /** Same key, same refund: retries never refund twice. */
  refundKey: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9:_\-.]+$/, '退款请求号只能包含字母、数字和 :_-.'),
});
export type RefundRequest = z.infer<typeof RefundRequest>;

export const MAX_DESCRIPTION_CHARS = 127;
