import { Entity, Index, PrimaryColumn } from 'typeorm';
import type { VaccineAppointmentStatus, VaccineKind } from '@healthpocket/shared-types';
import { CreatedAt, IdColumn, IntColumn, RefColumn, StrColumn, TimeColumn, UpdatedAt } from '../../db/columns';

/**
 * One vaccination appointment. Clinic and vaccine names are copied at booking time so 我的接种预约
 * reads without the platform. Holds one place of a session quota and (self-paid) one dose of stock
 * from booking until it is cancelled or expires.
 */
@Entity('vaccine_appointments')
@Index(['ownerUserId', 'createdAt'])
@Index(['personKey', 'status', 'sessionDate'])
@Index(['status', 'sessionEnd'])
export class VaccineAppointment {
  @IdColumn() id: string;
  @RefColumn() ownerUserId: string;
  @Index() @RefColumn() memberId: string;
  /** The person across users (platform record number, else keyed ID hash, else member id): no-shows and duplicates count per person. */
  @StrColumn(80) personKey: string;
  @StrColumn(64) memberName: string;
  @StrColumn(20, { nullable: true }) recordNumber: string | null;
  @StrColumn(16) clinicId: string;
  @StrColumn(64) clinicName: string;
  @StrColumn(128) clinicAddress: string;
  @StrColumn(64) sessionId: string;
  @StrColumn(10) sessionDate: string;
  @StrColumn(4) period: 'am' | 'pm';
  @TimeColumn() sessionStart: Date;
  @TimeColumn() sessionEnd: Date;
  @StrColumn(16) vaccineCode: string;
  @StrColumn(64) vaccineName: string;
  @IntColumn() dose: number;
  @StrColumn(12) kind: VaccineKind;
  @StrColumn(32, { nullable: true }) productId: string | null;
  @IntColumn() priceFen: number;
  @StrColumn(16) status: VaccineAppointmentStatus;
  /** `personKey|series` while the appointment holds a place: one open appointment per person and vaccine, even across guardians racing. */
  @Index({ unique: true }) @StrColumn(120, { nullable: true }) activeKey: string | null;
  @StrColumn(120) quotaId: string;
  @StrColumn(120, { nullable: true }) stockId: string | null;
  @Index() @RefColumn({ nullable: true }) orderId: string | null;
  @TimeColumn({ nullable: true }) payBy: Date | null;
  @TimeColumn({ nullable: true }) paidAt: Date | null;
  @IntColumn({ default: 0 }) refundedFen: number;
  @TimeColumn({ nullable: true }) cancelledAt: Date | null;
  @StrColumn(16, { nullable: true }) cancelledBy: 'user' | 'system' | null;
  @StrColumn(64, { nullable: true }) cancelReason: string | null;
  /** Set by the attendance job: when the dose appeared on the platform, or when the session passed without it. */
  @TimeColumn({ nullable: true }) settledAt: Date | null;
  @CreatedAt() createdAt: Date;
  @UpdatedAt() updatedAt: Date;
}

/** Places of one vaccine in one clinic session; `booked` only moves through a conditional UPDATE. */
@Entity('vaccine_session_quotas')
export class VaccineSessionQuota {
  /** `${sessionId}|${vaccineCode}` */
  @PrimaryColumn({ type: 'varchar', length: 120 }) id: string;
  @StrColumn(16) clinicId: string;
  @StrColumn(64) sessionId: string;
  @StrColumn(16) vaccineCode: string;
  @IntColumn() capacity: number;
  @IntColumn({ default: 0 }) booked: number;
}

/** A stock batch of a self-paid product at a clinic; `remaining` only moves through a conditional UPDATE. */
@Entity('vaccine_stock')
@Index(['clinicId', 'productId'])
export class VaccineStock {
  /** The platform's batch id. */
  @PrimaryColumn({ type: 'varchar', length: 120 }) id: string;
  @StrColumn(16) clinicId: string;
  @StrColumn(32) productId: string;
  @StrColumn(32) batchNo: string;
  @IntColumn() quantity: number;
  @IntColumn() remaining: number;
  @TimeColumn() releaseAt: Date;
}

/** One subscribe message we decided to send; the unique key makes the reminder job idempotent. */
@Entity('vaccine_reminders')
@Index(['state', 'updatedAt'])
export class VaccineReminder {
  @IdColumn() id: string;
  /** `session:<appointmentId>` or `due:<memberId>:<code>#<dose>` */
  @Index({ unique: true }) @StrColumn(160) key: string;
  @StrColumn(12) kind: 'session' | 'due';
  @RefColumn() userId: string;
  @RefColumn() memberId: string;
  @RefColumn({ nullable: true }) appointmentId: string | null;
  /** pending: claimed, about to send; sent; refused (no subscription left: not retried); failed (retried). */
  @StrColumn(12) state: 'pending' | 'sent' | 'refused' | 'failed';
  @IntColumn({ default: 0 }) attempts: number;
  @StrColumn(200, { nullable: true }) lastError: string | null;
  @CreatedAt() createdAt: Date;
  @UpdatedAt() updatedAt: Date;
}

export const vaccineEntities: Function[] = [VaccineAppointment, VaccineSessionQuota, VaccineStock, VaccineReminder];
