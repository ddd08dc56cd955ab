import { Entity, Index } from 'typeorm';
import type { CloseReason, PaymentOrderState, PaymentPurpose, RefundState } from '@healthpocket/shared-types';
import { BoolColumn, CreatedAt, IdColumn, IntColumn, JsonColumn, RefColumn, StrColumn, TimeColumn, UpdatedAt } from '../../db/columns';

/** One payment through WeChat Pay (see shared-types PaymentOrderState for the state machine). */
@Entity('payment_orders')
@Index(['userId', 'createdAt'])
@Index(['state', 'createdAt'])
export class PaymentOrder {
  @IdColumn() id: string;
  /** Our order number at WeChat (out_trade_no): 32 characters, unique. */
  @Index({ unique: true }) @StrColumn(32) outTradeNo: string;
  /** The user who pays (and may see the order). */
  @RefColumn() userId: string;
  /** The family member the payment is for. */
  @Index() @RefColumn() memberId: string;
  @StrColumn(16) purpose: PaymentPurpose;
  /** The purpose's own ids (bill numbers, a booking id …). */
  @JsonColumn() refIds: string[];
  @IntColumn() amountFen: number;
  @IntColumn({ default: 0 }) refundedFen: number;
  @StrColumn(127) description: string;
  @StrColumn(24) state: PaymentOrderState;
  @TimeColumn() expiresAt: Date;
  @StrColumn(64, { nullable: true }) prepayId: string | null;
  @TimeColumn({ nullable: true }) prepayExpiresAt: Date | null;
  @StrColumn(32, { nullable: true }) transactionId: string | null;
  @TimeColumn({ nullable: true }) paidAt: Date | null;
  @TimeColumn({ nullable: true }) closedAt: Date | null;
  @StrColumn(16, { nullable: true }) closeReason: CloseReason | null;
  /** Set when WeChat's money arrived for an order we had already closed (refunded automatically). */
  @StrColumn(32, { nullable: true }) anomaly: string | null;
  @CreatedAt() createdAt: Date;
  @UpdatedAt() updatedAt: Date;
}

/** One refund of an order at WeChat (out_refund_no), idempotent per (order, refundKey). */
@Entity('payment_refunds')
@Index(['orderId', 'refundKey'], { unique: true })
@Index(['state', 'createdAt'])
export class PaymentRefund {
  @IdColumn() id: string;
  @RefColumn() orderId: string;
  @StrColumn(64) refundKey: string;
  @Index({ unique: true }) @StrColumn(64) outRefundNo: string;
  @IntColumn() amountFen: number;
  @StrColumn(80) reason: string;
  @StrColumn(16) state: RefundState;
  /** WeChat's refund_id once the request was accepted. */
  @StrColumn(64, { nullable: true }) refundId: string | null;
  /** True once WeChat accepted the request (until then the job retries it). */
  @BoolColumn({ default: false }) submitted: boolean;
  @TimeColumn({ nullable: true }) succeededAt: Date | null;
  @RefColumn({ nullable: true }) requestedBy: string | null;
  @CreatedAt() createdAt: Date;
  @UpdatedAt() updatedAt: Date;
}

export const paymentEntities: Function[] = [PaymentOrder, PaymentRefund];
