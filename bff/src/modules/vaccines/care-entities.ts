import { Entity, Index } from 'typeorm';
import type { AefiTreatment } from '@healthpocket/shared-types';
import { CreatedAt, IdColumn, IntColumn, JsonColumn, RefColumn, StrColumn, TextColumn, TimeColumn, UpdatedAt } from '../../db/columns';

/**
 * 到苗提醒: a resident asked to be told when a self-paid vaccine is back at a clinic, for one member.
 * `activeKey` (member|clinic|vaccine) is set while the alert waits: one waiting alert per member,
 * clinic and vaccine, and the job's conditional UPDATE on it makes each alert fire once.
 */
@Entity('vaccine_stock_alerts')
@Index(['ownerUserId', 'status'])
@Index(['status', 'clinicId', 'vaccineCode'])
export class VaccineStockAlert {
  @IdColumn() id: string;
  @RefColumn() ownerUserId: string;
  @Index() @RefColumn() memberId: string;
  @StrColumn(16) clinicId: string;
  @StrColumn(64) clinicName: string;
  @StrColumn(16) vaccineCode: string;
  @StrColumn(64) vaccineName: string;
  @StrColumn(32) productId: string;
  @StrColumn(12) status: 'waiting' | 'notified' | 'cancelled';
  @Index({ unique: true }) @StrColumn(120, { nullable: true }) activeKey: string | null;
  @TimeColumn({ nullable: true }) notifiedAt: Date | null;
  /** What the subscribe message answered (sent, or WeChat's refusal), for support. */
  @StrColumn(120, { nullable: true }) sendResult: string | null;
  @CreatedAt() createdAt: Date;
  @UpdatedAt() updatedAt: Date;
}

/**
 * A suspected adverse reaction (疑似预防接种异常反应) reported by a resident from a recorded dose,
 * with the 个案报告卡's items copied from the dose. An outbox row too: `sending` until the platform
 * gives it a report number (retried by the job, idempotent by our id), then the clinic's status.
 */
@Entity('vaccine_aefi_reports')
@Index(['memberId', 'createdAt'])
@Index(['status', 'updatedAt'])
export class VaccineAefiReport {
  @IdColumn() id: string;
  @RefColumn() ownerUserId: string;
  @RefColumn() reportedByUserId: string;
  @RefColumn() memberId: string;
  /** The user and Idempotency-Key: a retried submit finds its first report. */
  @Index({ unique: true }) @StrColumn(160) requestKey: string;
  @StrColumn(20, { nullable: true }) recordNumber: string | null;
  @StrColumn(64) doseId: string;
  @StrColumn(16) clinicId: string;
  @StrColumn(16) vaccineCode: string;
  @StrColumn(64) vaccineName: string;
  @IntColumn() dose: number;
  @StrColumn(32) batchNo: string;
  @StrColumn(64) manufacturer: string;
  @StrColumn(10) vaccinatedOn: string;
  @StrColumn(64) institution: string;
  @StrColumn(10) onsetDate: string;
  @JsonColumn() symptoms: string[];
  @IntColumn({ nullable: true }) temperatureDeci: number | null;
  @TextColumn() description: string;
  @StrColumn(12) treatment: AefiTreatment;
  @StrColumn(64, { nullable: true }) hospital: string | null;
  @StrColumn(32) reporterName: string;
  @StrColumn(11) reporterPhone: string;
  @IntColumn() severe: number;
  @StrColumn(12) status: 'sending' | 'submitted' | 'accepted';
  @StrColumn(40, { nullable: true }) platformReportNo: string | null;
  @IntColumn({ default: 0 }) attempts: number;
  @StrColumn(200, { nullable: true }) lastError: string | null;
  @CreatedAt() createdAt: Date;
  @UpdatedAt() updatedAt: Date;
}

export const vaccineCareEntities: Function[] = [VaccineStockAlert, VaccineAefiReport];
