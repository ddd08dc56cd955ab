import type { EntityManager } from 'typeorm';
import type { CloseReason, PaymentOrderView, PaymentPurpose, RefundView } from '@healthpocket/shared-types';
import type { Scope } from '../../audit/audit';
import type { PaymentOrder, PaymentRefund } from './entities';

/** An order as the purposes read it (through the port: they never query payments' tables). */
export type OrderRecord = Readonly<PaymentOrder>;
export type RefundRecord = Readonly<PaymentRefund>;

export interface CreateOrderInput {
  purpose: PaymentPurpose;
  refIds: string[];
  memberId: string;
  amountFen: number;
  description: string;
  expiresInMinutes?: number;
}

export interface RefundInput {
  orderId: string;
  amountFen: number;
  reason: string;
  /** Same key, same refund: the out_refund_no is derived from it. */
  refundKey: string;
}

/**
 * What a purpose (bills, registration, vaccines, inpatient) does when its order changes. Each handler runs
 * inside the transaction that applies the transition, so the purpose's own rows change atomically
 * with the order's. Handlers must not throw for business reasons (the transition would roll back
 * and be retried forever); to give money back, call payments.requestRefundLater(m, …).
 */
export interface PurposeHandlers {
  onPaid(order: OrderRecord, m: EntityManager): Promise<void>;
  onClosed?(order: OrderRecord, m: EntityManager): Promise<void>;
  /** `refundedFen` is the amount of the refund that just succeeded; order.refundedFen is the total so far. */
  onRefunded?(order: OrderRecord, refundedFen: number, m: EntityManager, refund: RefundRecord): Promise<void>;
}

/**
 * The payments module's one surface for the modules that take money: they register their purpose
 * and create, read, close and refund orders through it (PaymentsService implements it). Each
 * module takes the part it uses (`Pick<PaymentsPort, …>`).
 */
export interface PaymentsPort {
  registerPurpose(purpose: PaymentPurpose, handlers: PurposeHandlers): void;
  createOrder(scope: Scope, input: CreateOrderInput, m?: EntityManager): Promise<OrderRecord>;
  /** The order if the actor may see it; otherwise 404. */
  orderFor(scope: Scope, orderId: string): Promise<OrderRecord>;
  view(order: OrderRecord): Promise<PaymentOrderView>;
  /** Closes an unpaid order (onClosed runs); throws ORDER_ALREADY_PAID when it was paid meanwhile. */
  close(orderId: string, reason?: CloseReason): Promise<void>;
  refund(input: RefundInput, scope?: Scope): Promise<RefundView>;
  /** Inside a transaction: the refund is made after the commit and retried until WeChat accepts it. */
  requestRefundLater(m: EntityManager, input: RefundInput): Promise<void>;
  /** Orders by id, for a purpose that keeps their ids in its own rows (no access check: callers have done theirs). */
  ordersById(ids: string[]): Promise<OrderRecord[]>;
  refundById(id: string): Promise<RefundRecord | null>;
}
