import { Brackets, type DataSource } from 'typeorm';
import type { Logger } from '../../logger';
import type { Job } from '../../job';
import type { PaymentsConfig } from '../../wechat/pay/config';
import { PaymentOrder, PaymentRefund } from './entities';
import type { CloseReason } from '@healthpocket/shared-types';
import type { WechatPayClient } from '../../wechat/pay/client';
import type { WxTransaction } from '../../wechat/pay/types';
import type { Applied, Transitions } from './transitions';
import { intervalJob } from '../../jobs';

export interface ReconcileResult {
  checked: number;
  paid: number;
  closed: number;
  refundsSubmitted: number;
  refundsFinished: number;
  errors: number;
}

/** What the reconciler uses of the payments service (which builds it with itself). */
export interface ReconciledPayments {
  readonly client: WechatPayClient | null;
  readonly transitions: Pick<Transitions, 'closed' | 'refundFinished'>;
  applyTransaction(t: WxTransaction, source: 'notify' | 'query'): Promise<Applied>;
  close(orderId: string, reason?: CloseReason): Promise<void>;
  submitRefund(refundId: string): Promise<void>;
}

/**
 * Makes our orders agree with WeChat when a notify is lost or late: orders left open past a few
 * minutes are queried (SUCCESS → PAID), expired ones are closed at WeChat and here; refunds not yet
 * accepted are submitted again and processing ones queried. Every step is an idempotent transition,
 * so two instances running it at once (or a notify arriving meanwhile) change nothing twice.
 */
export class Reconciler {
  private running: Promise<ReconcileResult> | null = null;

  constructor(
    private readonly ds: DataSource,
    private readonly payments: ReconciledPayments,
    private readonly logger: Logger,
    private readonly cfg: PaymentsConfig,
  ) {}

  runOnce(): Promise<ReconcileResult> {
    if (this.running) return this.running;
    this.running = this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async pass(): Promise<ReconcileResult> {
    const res: ReconcileResult = { checked: 0, paid: 0, closed: 0, refundsSubmitted: 0, refundsFinished: 0, errors: 0 };
    const now = Date.now();
    const openedBefore = new Date(now - this.cfg.reconcileAfterMs);
    const orders = await this.ds
      .getRepository(PaymentOrder)
      .createQueryBuilder('o')
      .where('o.state = :state', { state: 'CREATED' })
      .andWhere(new Brackets((b) => b.where('o.createdAt <= :openedBefore', { openedBefore }).orWhere('o.expiresAt <= :now', { now: new Date(now) })))
      .orderBy('o.createdAt', 'ASC')
      .take(100)
      .getMany();
    for (const order of orders) {
      res.checked++;
      try {
        const expired = order.expiresAt.getTime() <= Date.now();
        if (!order.prepayId || !this.payments.client) {
          // WeChat never saw it (no prepay): nothing to ask; close it once it has expired.
          if (expired && (await this.payments.transitions.closed(order.id, 'expired')) === 'applied') res.closed++;
          continue;
        }
        const t = await this.payments.client.query(order.outTradeNo);
        if (t && (t.trade_state === 'SUCCESS' || t.trade_state === 'REFUND')) {
          if ((await this.payments.applyTransaction(t, 'query')) === 'applied') res.paid++;
          continue;
        }
        if (t && (t.trade_state === 'CLOSED' || t.trade_state === 'REVOKED')) {
          if ((await this.payments.applyTransaction(t, 'query')) === 'applied') res.closed++;
          continue;
        }
        if (expired) {
          // close() closes at WeChat first; a payment that lands meanwhile is applied instead.
          await this.payments.close(order.id, 'expired').then(
            () => res.closed++,
            (e) => {
              if ((e as { code?: string }).code === 'ORDER_ALREADY_PAID') res.paid++;
              else throw e;
            },
          );
        }
      } catch (e) {
        res.errors++;
        this.logger.warn({ orderId: order.id, reason: (e as Error).message }, 'reconciliation of an order failed; will retry');
      }
    }

    if (this.payments.client) {
      const refunds = await this.ds.getRepository(PaymentRefund).find({ where: { state: 'PROCESSING' }, order: { createdAt: 'ASC' }, take: 100 });
      for (const refund of refunds) {
        try {
          if (!refund.submitted) {
            await this.payments.submitRefund(refund.id);
            res.refundsSubmitted++;
            continue;
          }
          if (refund.createdAt > openedBefore) continue;
          const wx = await this.payments.client.queryRefund(refund.outRefundNo);
          if (wx && wx.status !== 'PROCESSING') {
            if ((await this.payments.transitions.refundFinished(refund.id, wx.status, wx.success_time ? new Date(wx.success_time) : null, wx.refund_id)) === 'applied') res.refundsFinished++;
          }
        } catch (e) {
          res.errors++;
          this.logger.warn({ refundId: refund.id, reason: (e as Error).message }, 'reconciliation of a refund failed; will retry');
        }
      }
    }
    if (res.paid || res.closed || res.refundsFinished || res.errors) this.logger.info({ ...res }, 'payments reconciled');
    return res;
  }

  private loop?: Job;
  get job(): Job {
    return (this.loop ??= intervalJob('payments-reconcile', this.cfg.reconcileIntervalMs, () => this.runOnce(), this.logger));
  }
}
