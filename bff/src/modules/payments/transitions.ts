import type { EntityManager } from 'typeorm';
import type { CloseReason, PaymentOrderState } from '@healthpocket/shared-types';
import type { Audit, Scope } from '../../audit/audit';
import type { Tx } from '../../db/data-source';
import { lockRow } from '../../db/lock';
import type { Logger } from '../../logger';
import type { Notices } from '../messages';
import type { Outbox } from '../../outbox/outbox';
import { PaymentOrder, PaymentRefund } from './entities';
import type { PurposeRegistry } from './purposes';

const yuan = (fen: number) => (fen / 100).toFixed(2);

export type Applied = 'applied' | 'duplicate' | 'ignored';

/** Transitions come from WeChat (notify, query) or jobs, not from a person. */
const SYSTEM: Scope = { actor: { userId: '', roles: ['admin'] }, requestId: 'payments' };

/** The order's state once its refunds are counted: REFUNDING while one is in flight. */
async function refundState(m: EntityManager, order: PaymentOrder): Promise<PaymentOrderState> {
  const processing = await m.getRepository(PaymentRefund).countBy({ orderId: order.id, state: 'PROCESSING' });
  if (processing > 0) return 'REFUNDING';
  if (order.refundedFen >= order.amountFen) return 'REFUNDED';
  if (order.refundedFen > 0) return 'PARTIALLY_REFUNDED';
  return 'PAID';
}

/**
 * The order state machine's transitions. Each runs in one transaction: the order row is locked
 * (SELECT … FOR UPDATE on MySQL; SQLite serialises transactions), the change is a conditional
 * UPDATE on the expected state, and the purpose's handler runs in the same transaction. A
 * duplicate (second notify, reconciliation after the notify) finds the state already moved and
 * changes nothing.
 */
export class Transitions {
  constructor(
    private readonly tx: Tx,
    private readonly purposes: PurposeRegistry,
    private readonly outbox: Outbox,
    private readonly audit: Audit,
    private readonly logger: Logger,
    private readonly notices: Notices,
  ) {}

  private async moveState(m: EntityManager, id: string, from: PaymentOrderState, patch: Partial<PaymentOrder>): Promise<boolean> {
    const r = await m.createQueryBuilder().update(PaymentOrder).set(patch).where('id = :id AND state = :from', { id, from }).execute();
    return r.affected === 1;
  }

  /** WeChat says the order was paid (notify or query): CREATED → PAID, exactly once. */
  paid(orderId: string, p: { transactionId: string; paidAt: Date }): Promise<Applied> {
    return this.tx.run(async (m) => {
      const order = await lockRow(m, this.tx.dialect, PaymentOrder, orderId);
      if (!order) return 'ignored';
      if (order.state === 'CREATED') {
        if (!(await this.moveState(m, order.id, 'CREATED', { state: 'PAID', transactionId: p.transactionId, paidAt: p.paidAt }))) return 'duplicate';
        const fresh = await m.getRepository(PaymentOrder).findOneByOrFail({ id: order.id });
        await this.purposes.get(order.purpose).onPaid(fresh, m);
        await this.audit.record(SYSTEM, { action: 'payment.order.paid', subjectType: 'payment_order', subjectId: order.id, detail: { amountFen: order.amountFen } }, m);
        return 'applied';
      }
      if (order.state === 'CLOSED') {
        // Money arrived for an order we had already given up on (the purpose was released): keep
        // the truth (it is paid) and give the money back, without telling the purpose it was paid.
        if (!(await this.moveState(m, order.id, 'CLOSED', { state: 'PAID', transactionId: p.transactionId, paidAt: p.paidAt, anomaly: 'paid_after_close' }))) return 'duplicate';
        this.logger.error({ orderId: order.id, outTradeNo: order.outTradeNo }, 'payment arrived for a closed order; refunding it in full');
        await this.audit.record(SYSTEM, { action: 'payment.order.paid_after_close', subjectType: 'payment_order', subjectId: order.id, detail: { amountFen: order.amountFen } }, m);
        await this.outbox.enqueue(
          m,
          'payments.refund',
          { orderId: order.id, amountFen: order.amountFen, reason: '订单已关闭，自动退款', refundKey: 'paid-after-close' },
          `payments.refund:${order.id}:paid-after-close`,
        );
        return 'applied';
      }
      return 'duplicate';
    });
  }

  /** CREATED → CLOSED (expired or cancelled); the caller has made sure WeChat will not take the money. */
  closed(orderId: string, reason: CloseReason): Promise<Applied> {
    return this.tx.run(async (m) => {
      const order = await lockRow(m, this.tx.dialect, PaymentOrder, orderId);
      if (!order || order.state !== 'CREATED') return 'duplicate';
      if (!(await this.moveState(m, order.id, 'CREATED', { state: 'CLOSED', closedAt: new Date(), closeReason: reason }))) return 'duplicate';
      const fresh = await m.getRepository(PaymentOrder).findOneByOrFail({ id: order.id });
      await this.purposes.get(order.purpose).onClosed?.(fresh, m);
      await this.audit.record(SYSTEM, { action: 'payment.order.closed', subjectType: 'payment_order', subjectId: order.id, detail: { reason } }, m);
      return 'applied';
    });
  }

  /** A refund reached its end at WeChat (SUCCESS, ABNORMAL or CLOSED). */
  refundFinished(refundId: string, status: 'SUCCESS' | 'ABNORMAL' | 'CLOSED', succeededAt: Date | null, wxRefundId?: string): Promise<Applied> {
    return this.tx.run(async (m) => {
      const first = await m.getRepository(PaymentRefund).findOneBy({ id: refundId });
      if (!first) return 'ignored';
      // Order first, then refund: the same lock order everywhere keeps MySQL free of deadlocks.
      const order = await lockRow(m, this.tx.dialect, PaymentOrder, first.orderId);
      const refund = await lockRow(m, this.tx.dialect, PaymentRefund, refundId);
      if (!order || !refund) return 'ignored';
      if (refund.state !== 'PROCESSING') return 'duplicate';
      await m
        .getRepository(PaymentRefund)
        .update({ id: refund.id }, { state: status, succeededAt: status === 'SUCCESS' ? (succeededAt ?? new Date()) : null, submitted: true, ...(wxRefundId ? { refundId: wxRefundId } : {}) });
      if (status === 'SUCCESS') order.refundedFen += refund.amountFen;
      else this.logger.error({ orderId: order.id, outRefundNo: refund.outRefundNo, status }, 'refund did not succeed; needs a person to look at it');
      const state = await refundState(m, order);
      await m.getRepository(PaymentOrder).update({ id: order.id }, { refundedFen: order.refundedFen, state });
      await this.audit.record(
        SYSTEM,
        { action: 'payment.refund.finished', subjectType: 'payment_order', subjectId: order.id, detail: { refundId: refund.id, status, amountFen: refund.amountFen } },
        m,
      );
      if (status === 'SUCCESS') {
        const fresh = await m.getRepository(PaymentOrder).findOneByOrFail({ id: order.id });
        const freshRefund = await m.getRepository(PaymentRefund).findOneByOrFail({ id: refund.id });
        await this.purposes.get(order.purpose).onRefunded?.(fresh, refund.amountFen, m, freshRefund);
        // The 消息中心 tells the payer, in this transaction: a refund that is not recorded is not announced.
        await this.notices.post(
          order.userId,
          {
            category: 'payment',
            title: '退款成功',
            body: `${order.description}：已退款${yuan(refund.amountFen)}元（${refund.reason}），将原路退回您的微信支付账户`,
            link: `pay/pages/order/index?id=${order.id}`,
            memberId: order.memberId,
            dedupeKey: `refund:${refund.id}`,
          },
          m,
        );
      }
      return 'applied';
    });
  }
}
