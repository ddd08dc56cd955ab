import { Entity, Index } from 'typeorm';
import { CreatedAt, IdColumn, IntColumn, JsonColumn, RefColumn, StrColumn, TimeColumn, UpdatedAt } from '../../db/columns';

export type ChargeState = 'pending' | 'paid' | 'confirmed' | 'released' | 'rejected' | 'refunded';

/** What the resident saw of the bill when paying it (the HIS may change or drop it later). */
export interface BillSnapshot {
  hospitalName: string;
  departmentName: string;
  doctorName: string;
  category: string;
  visitDate: string;
  createdAt: string;
  items: Array<{ name: string; spec: string | null; unit: string; quantity: number; unitPriceFen: number; amountFen: number }>;
}

/**
 * One HIS bill inside one payment order. `activeBillNo` (unique) holds the bill number while the
 * bill is being paid or is paid through this app, so two orders can never take the same bill;
 * it is cleared when the order closes or the hospital refuses the payment.
 */
@Entity('bill_charges')
@Index(['memberId', 'createdAt'])
export class BillCharge {
  @IdColumn() id: string;
  @Index() @RefColumn() orderId: string;
  @StrColumn(40) billNo: string;
  @Index({ unique: true }) @StrColumn(40, { nullable: true }) activeBillNo: string | null;
  @RefColumn() memberId: string;
  @StrColumn(16) hospitalId: string;
  @IntColumn() amountFen: number;
  @JsonColumn() snapshot: BillSnapshot;
  @StrColumn(16) state: ChargeState;
  @StrColumn(40, { nullable: true }) settlementNo: string | null;
  @StrColumn(16, { nullable: true }) invoiceCode: string | null;
  @StrColumn(20, { nullable: true }) invoiceNumber: string | null;
  @StrColumn(512, { nullable: true }) invoiceUrl: string | null;
  @TimeColumn({ nullable: true }) invoiceIssuedAt: Date | null;
  @TimeColumn({ nullable: true }) confirmedAt: Date | null;
  @CreatedAt() createdAt: Date;
  @UpdatedAt() updatedAt: Date;
}
