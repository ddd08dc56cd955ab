import { Entity, Index } from 'typeorm';
import { CreatedAt, IdColumn, IntColumn, RefColumn, StrColumn, TimeColumn, UpdatedAt } from '../../db/columns';

/**
 * pending: its order is open; paid: WeChat took the money, the HIS has not credited it yet;
 * credited: in the hospital's deposit account (receiptNo); released: the order closed unpaid;
 * rejected: the hospital refused it (discharged meanwhile) and the money goes back; refunded.
 */
export type DepositState = 'pending' | 'paid' | 'credited' | 'released' | 'rejected' | 'refunded';

/** One top-up of an admission's deposit (住院预交金) through one payment order. */
@Entity('inpatient_deposits')
@Index(['userId', 'admissionNo'])
@Index(['state', 'createdAt'])
export class InpatientDeposit {
  @IdColumn() id: string;
  @Index({ unique: true }) @RefColumn() orderId: string;
  /** Who paid (the retention id once their account is deleted: accounting records are kept). */
  @RefColumn() userId: string;
  @Index() @RefColumn() memberId: string;
  @StrColumn(40) admissionNo: string;
  @StrColumn(16) hospitalId: string;
  @IntColumn() amountFen: number;
  @StrColumn(16) state: DepositState;
  /** The hospital's 预交金收据号 once credited. */
  @StrColumn(40, { nullable: true }) receiptNo: string | null;
  @TimeColumn({ nullable: true }) creditedAt: Date | null;
  @CreatedAt() createdAt: Date;
  @UpdatedAt() updatedAt: Date;
}
