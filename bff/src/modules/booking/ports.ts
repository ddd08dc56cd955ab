import type { EntityManager } from 'typeorm';
import type { Scope } from '../../audit/audit';

/**
 * What booking needs from the payments module and the outbox (built in parallel; these are the
 * agreed interfaces, kept narrow so booking depends on nothing else of theirs).
 */
export interface PaymentOrderLike {
  id: string;
  refIds: string[];
  amountFen: number;
}

export interface PurposeHandlers {
  onPaid(order: PaymentOrderLike, m: EntityManager): Promise<void>;
  onClosed?(order: PaymentOrderLike, m: EntityManager): Promise<void>;
  onRefunded?(order: PaymentOrderLike, refundedFen: number, m: EntityManager): Promise<void>;
}

export interface PaymentsPort {
  registerPurpose(purpose: 'registration', handlers: PurposeHandlers): void;
  createOrder(
    scope: Scope,
    input: { purpose: 'registration'; refIds: string[]; memberId: string; amountFen: number; description: string; expiresInMinutes?: number },
    m?: EntityManager,
  ): Promise<{ id: string }>;
  /** Inside a transaction: the refund is made after the commit and retried until WeChat accepts it. */
  requestRefundLater(m: EntityManager, input: { orderId: string; amountFen: number; reason: string; refundKey: string }): Promise<void>;
  /** Closes an unpaid order (onClosed runs); throws when it was paid meanwhile. */
  close(orderId: string): Promise<unknown>;
}

export interface OutboxPort {
  enqueue(m: EntityManager, topic: string, payload: Record<string, unknown>, dedupeKey: string): Promise<void>;
  register<P>(topic: string, handler: (payload: P) => Promise<void>): void;
}
