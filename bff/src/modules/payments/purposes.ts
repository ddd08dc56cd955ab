import type { EntityManager } from 'typeorm';
import type { PaymentPurpose } from '@healthpocket/shared-types';
import type { PaymentOrder, PaymentRefund } from './entities';

/**
 * What a purpose (bills, registration, vaccines) does when its order changes. Each handler runs
 * inside the transaction that applies the transition, so the purpose's own rows change atomically
 * with the order's. Handlers must not throw for business reasons (the transition would roll back
 * and be retried forever); to give money back, call payments.requestRefundLater(m, …).
 */
export interface PurposeHandlers {
  onPaid(order: PaymentOrder, m: EntityManager): Promise<void>;
  onClosed?(order: PaymentOrder, m: EntityManager): Promise<void>;
  /** `refundedFen` is the amount of the refund that just succeeded; order.refundedFen is the total so far. */
  onRefunded?(order: PaymentOrder, refundedFen: number, m: EntityManager, refund: PaymentRefund): Promise<void>;
}

export class PurposeRegistry {
  private readonly map = new Map<PaymentPurpose, PurposeHandlers>();

  register(purpose: PaymentPurpose, handlers: PurposeHandlers): void {
    if (this.map.has(purpose)) throw new Error(`payment purpose ${purpose} is already registered`);
    this.map.set(purpose, handlers);
  }

  has(purpose: PaymentPurpose): boolean {
    return this.map.has(purpose);
  }

  get(purpose: PaymentPurpose): PurposeHandlers {
    const h = this.map.get(purpose);
    // A transition for an unregistered purpose would lose the purpose's side of it: refuse (and retry later).
    if (!h) throw new Error(`no handlers registered for payment purpose ${purpose}`);
    return h;
  }
}
