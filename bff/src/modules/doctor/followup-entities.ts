import { Entity, Index } from 'typeorm';
import type { FollowupForm, FollowupKind } from '@healthpocket/shared-types';
import { CreatedAt, IdColumn, IntColumn, JsonColumn, StrColumn, TimeColumn, UpdatedAt } from '../../db/columns';

/**
 * A 随访 recorded in the workbench (the national form, shared-types followup.ts), kept here and
 * written back to the regional platform through the outbox (followup-service.ts). Part of the
 * resident's health record: kept like medical records, not removed with the resident's account.
 */
@Entity('followup_records')
@Index(['doctorId', 'clientId'], { unique: true })
@Index(['recordNumber', 'kind', 'date'])
export class FollowupRecord {
  @IdColumn() id: string;
  @StrColumn(17) recordNumber: string;
  @StrColumn(16) teamId: string;
  @StrColumn(16) kind: FollowupKind;
  @StrColumn(64) residentName: string;
  @StrColumn(10) date: string;
  @StrColumn(10) nextVisitDate: string;
  @StrColumn(16) classification: string;
  @IntColumn() sbp: number;
  @IntColumn() dbp: number;
  /** ×10, so both dialects keep one decimal exactly. */
  @IntColumn() bmiX10: number;
  @IntColumn({ nullable: true }) fastingGlucoseX10: number | null;
  @JsonColumn() form: FollowupForm;
  @StrColumn(64) doctorId: string;
  @StrColumn(64) doctorName: string;
  @StrColumn(64) clientId: string;
  @StrColumn(16, { default: 'pending' }) writeback: 'pending' | 'written' | 'failed';
  @StrColumn(64, { nullable: true }) platformId: string | null;
  @TimeColumn({ nullable: true }) writtenAt: Date | null;
  @CreatedAt() createdAt: Date;
  @UpdatedAt() updatedAt: Date;
}
