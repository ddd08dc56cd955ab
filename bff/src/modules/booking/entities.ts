import { Entity, Index, PrimaryColumn } from 'typeorm';
import type { BookingStatus, SessionCode } from '@healthpocket/shared-types';
import { BoolColumn, CreatedAt, IdColumn, IntColumn, JsonColumn, RefColumn, StrColumn, TextColumn, TimeColumn, UpdatedAt } from '../../db/columns';

export type ReminderState = 'none' | 'requested' | 'sending' | 'sent' | 'refused';

/**
 * One appointment (预约挂号) of a family member. Names are copied from the HIS at booking time so
 * 我的预约 reads without calling the HIS. The per-patient rules count rows by `patientKey`.
 */
@Entity('bookings')
@Index(['userId', 'date'])
@Index(['patientKey', 'date'])
@Index(['status', 'date'])
@Index(['status', 'holdExpiresAt'])
@Index(['status', 'queueNotice'])
export class Booking {
  @IdColumn() id: string;
  /** The user who booked (and may see and cancel it). */
  @RefColumn() userId: string;
  @RefColumn() memberId: string;
  /** The person, across every user who has them as a member: keyed hash of the ID number or platform record. */
  @StrColumn(64) patientKey: string;
  @StrColumn(64) patientName: string;
  @StrColumn(16) hospitalId: string;
  @StrColumn(64) hospitalName: string;
  @StrColumn(24) departmentId: string;
  @StrColumn(64) departmentName: string;
  @StrColumn(64) departmentLocation: string;
  @StrColumn(24) doctorId: string;
  @StrColumn(32) doctorName: string;
  @StrColumn(16) doctorTitle: string;
  @StrColumn(16) registrationLevel: string;
  @StrColumn(64) slotId: string;
  @StrColumn(64) sessionId: string;
  /** China date of the visit. */
  @StrColumn(10) date: string;
  @StrColumn(4) session: SessionCode;
  @TimeColumn() slotStart: Date;
  @TimeColumn() slotEnd: Date;
  @IntColumn() feeFen: number;
  @StrColumn(24) status: BookingStatus;
  /**
   * `patientKey|hospital|department|date|session` while the booking counts (NULL once cancelled or
   * expired): a unique key, so even two instances racing cannot give one patient two places in
   * one department's session, whatever the locks.
   */
  @Index({ unique: true }) @StrColumn(160, { nullable: true }) activeKey: string | null;
  /** 挂号单号 and 就诊序号 at the HIS. */
  @Index() @StrColumn(32, { nullable: true }) hisAppointmentId: string | null;
  @IntColumn({ nullable: true }) visitNo: number | null;
  @TimeColumn({ nullable: true }) holdExpiresAt: Date | null;
  @Index() @RefColumn({ nullable: true }) paymentOrderId: string | null;
  @TimeColumn({ nullable: true }) paidAt: Date | null;
  @StrColumn(64, { nullable: true }) cancelReason: string | null;
  /** Who cancelled: the user, the system (HIS refused after payment), or the hospital. */
  @StrColumn(16, { nullable: true }) cancelledBy: 'user' | 'system' | 'hospital' | null;
  @TimeColumn({ nullable: true }) cancelledAt: Date | null;
  @IntColumn({ nullable: true }) refundFen: number | null;
  @StrColumn(16, { nullable: true }) refundStatus: 'pending' | 'refunded' | null;
  @StrColumn(16, { default: 'none' }) reminder: ReminderState;
  @TimeColumn({ nullable: true }) reminderAt: Date | null;
  /** When the HIS reported check-in or no-show. */
  @TimeColumn({ nullable: true }) visitStatusAt: Date | null;
  /** When the resident checked in (签到) from the app. */
  @TimeColumn({ nullable: true }) checkedInAt: Date | null;
  /** 候诊提醒 (three ahead): claimed requested → sending before the send, so it goes out once. */
  @StrColumn(16, { default: 'none' }) queueNotice: ReminderState;
  @TimeColumn({ nullable: true }) queueNoticeAt: Date | null;
  @CreatedAt() createdAt: Date;
  @UpdatedAt() updatedAt: Date;
}

/**
 * One row per person who has booked: the row a booking locks (SELECT … FOR UPDATE) so that two
 * devices, or two family accounts holding the same person, apply the per-patient limits one at a time.
 */
@Entity('booking_patients')
export class BookingPatient {
  @PrimaryColumn({ type: 'varchar', length: 64 }) id: string;
  @CreatedAt() createdAt: Date;
}

export type WaitlistStatus = 'waiting' | 'offered' | 'booked' | 'lapsed' | 'left' | 'skipped' | 'closed';

/**
 * 候补挂号: one patient in line for a full session. `seq` is the place in line, given under the
 * session row's lock (first come, first served, exactly); `activeKey` (`patientKey|sessionId`
 * while waiting or offered) makes one entry per patient and session, whatever the races.
 * A promotion is claimed first (`promoting` with its `attempt` and `offerSlotId`), so a promotion
 * cut short by a crash is retried with the same HIS hold reference and cannot take two places.
 */
@Entity('booking_waitlist')
@Index(['sessionId', 'status', 'seq'])
@Index(['userId', 'date'])
export class WaitlistEntry {
  @IdColumn() id: string;
  @RefColumn() userId: string;
  @RefColumn() memberId: string;
  @StrColumn(64) patientKey: string;
  @StrColumn(64) patientName: string;
  @StrColumn(64) sessionId: string;
  @IntColumn() seq: number;
  @StrColumn(16) hospitalId: string;
  @StrColumn(64) hospitalName: string;
  @StrColumn(24) departmentId: string;
  @StrColumn(64) departmentName: string;
  @StrColumn(24) doctorId: string;
  @StrColumn(32) doctorName: string;
  @StrColumn(16) doctorTitle: string;
  @StrColumn(10) date: string;
  @StrColumn(4) session: SessionCode;
  @TimeColumn() sessionEnd: Date;
  @IntColumn() feeFen: number;
  @StrColumn(16) status: WaitlistStatus;
  @Index({ unique: true }) @StrColumn(120, { nullable: true }) activeKey: string | null;
  /** A promotion in progress (claimed, not yet committed as an offer). */
  @BoolColumn({ default: false }) promoting: boolean;
  /** Promotions tried so far: names the HIS hold (clientRef) and the booking of each. */
  @IntColumn({ default: 0 }) attempt: number;
  @StrColumn(64, { nullable: true }) offerSlotId: string | null;
  @Index() @RefColumn({ nullable: true }) bookingId: string | null;
  @TimeColumn({ nullable: true }) offerExpiresAt: Date | null;
  /** 候补成功 subscribe message: requested when joining, sent once when a place is held. */
  @StrColumn(16, { default: 'none' }) notify: ReminderState;
  @StrColumn(64, { nullable: true }) endReason: string | null;
  @TimeColumn({ nullable: true }) endedAt: Date | null;
  @CreatedAt() createdAt: Date;
  @UpdatedAt() updatedAt: Date;
}

/**
 * One row per session with a waitlist: the row joining locks to give out `seq`, and the promotion
 * lease (`leaseUntil`), so only one worker of any instance hands out that session's freed places.
 */
@Entity('booking_waitlist_sessions')
export class WaitlistSession {
  @PrimaryColumn({ type: 'varchar', length: 64 }) id: string;
  @IntColumn({ default: 0 }) lastSeq: number;
  @TimeColumn({ nullable: true }) leaseUntil: Date | null;
  @CreatedAt() createdAt: Date;
}

/**
 * The doctors the HIS lists, kept by the BFF for full-text search by what they treat (擅长高血压):
 * synced from the HIS by the `booking-doctor-index` job. `searchText` holds the text's bigrams for
 * MySQL/MariaDB's FULLTEXT index (doctor-index.ts says why); SQLite searches the FTS5 table
 * `doctor_fts` (trigram tokenizer), written in the same transaction as the row. Both full-text
 * indexes are made by the migrations, not by TypeORM (synchronize: false).
 */
@Entity('doctor_index')
@Index('ft_doctor_index_search', { synchronize: false })
@Index(['hospitalId'])
export class DoctorIndexRow {
  @PrimaryColumn({ type: 'varchar', length: 24 }) id: string;
  @StrColumn(16) hospitalId: string;
  @StrColumn(24) departmentId: string;
  @StrColumn(32) name: string;
  /** Name, title, hospital, department, specialty and intro: what a search matches. */
  @TextColumn() body: string;
  @TextColumn() searchText: string;
  /** The HIS's doctor as listed (the search answer is presented from it). */
  @JsonColumn() doctor: Record<string, unknown>;
  @StrColumn(64) digest: string;
  @TimeColumn() syncedAt: Date;
}
