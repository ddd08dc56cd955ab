import { PAYMENT_PURPOSE_LABELS, PAYMENT_STATE_LABELS, REFUND_STATE_LABELS, type PaymentOrderView, type RefundView } from '@healthpocket/shared-types';
import type { PaymentOrder, PaymentRefund } from './entities';
import { toChinaIso } from '@healthpocket/shared-types';

/** ISO 8601 in China time (+08:00), as every time the API returns. */
function chinaIso(d: Date): string {
  return toChinaIso(d, 'ms');
}

export function presentRefund(r: PaymentRefund): RefundView {
  return {
    id: r.id,
    amountFen: r.amountFen,
    reason: r.reason,
    state: r.state,
    stateLabel: REFUND_STATE_LABELS[r.state],
    createdAt: chinaIso(r.createdAt),
    succeededAt: r.succeededAt ? chinaIso(r.succeededAt) : null,
  };
}

export function presentOrder(o: PaymentOrder, refunds: PaymentRefund[], memberName: string | null, now = Date.now()): PaymentOrderView {
  return {
    id: o.id,
    outTradeNo: o.outTradeNo,
    purpose: o.purpose,
    purposeLabel: PAYMENT_PURPOSE_LABELS[o.purpose],
    refIds: o.refIds,
    memberId: o.memberId,
    memberName,
    description: o.description,
    amountFen: o.amountFen,
    refundedFen: o.refundedFen,
    state: o.state,
    stateLabel: PAYMENT_STATE_LABELS[o.state],
    payable: o.state === 'CREATED' && o.expiresAt.getTime() > now,
    createdAt: chinaIso(o.createdAt),
    expiresAt: chinaIso(o.expiresAt),
    paidAt: o.paidAt ? chinaIso(o.paidAt) : null,
    closedAt: o.closedAt ? chinaIso(o.closedAt) : null,
    closeReason: o.closeReason,
    transactionId: o.transactionId,
    refunds: refunds.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime()).map(presentRefund),
  };
}
