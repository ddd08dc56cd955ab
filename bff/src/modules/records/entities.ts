import { Entity, Index } from 'typeorm';
import { CreatedAt, IdColumn, IntColumn, RefColumn, StrColumn, TimeColumn, UpdatedAt } from '../../db/columns';

/**
 * One "报告已出" alert we decided to give a user about a member's report. The unique key makes the
 * alert job idempotent: a rerun, a crash or a second instance never tells anyone twice.
 */
@Entity('report_alerts')
@Index(['state', 'updatedAt'])
export class ReportAlert {
  @IdColumn() id: string;
  /** `report-ready:<userId>:<memberId>:<reportId>` (also the message centre's dedupeKey). */
  @Index({ unique: true }) @StrColumn(160) key: string;
  @RefColumn() userId: string;
  @RefColumn() memberId: string;
  @StrColumn(64) reportId: string;
  /**
   * The subscribe message: pending (claimed, about to send); sent; refused (no subscription left,
   * or no openid: not retried); failed (retried up to a limit).
   */
  @StrColumn(12) state: 'pending' | 'sent' | 'refused' | 'failed';
  @IntColumn({ default: 0 }) attempts: number;
  @StrColumn(200, { nullable: true }) lastError: string | null;
  /** When the message centre took the notice (null: not yet, or no message centre wired). */
  @TimeColumn({ nullable: true }) noticePostedAt: Date | null;
  @CreatedAt() createdAt: Date;
  @UpdatedAt() updatedAt: Date;
}

/** A user opened a member's report (the list's 新 badge disappears). */
@Entity('report_opens')
@Index(['userId', 'memberId', 'reportId'], { unique: true })
export class ReportOpen {
  @IdColumn() id: string;
  @RefColumn() userId: string;
  @RefColumn() memberId: string;
  @StrColumn(64) reportId: string;
  @CreatedAt() openedAt: Date;
}

export const recordsEntities: Function[] = [ReportAlert, ReportOpen];
