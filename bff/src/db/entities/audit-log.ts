import { Entity, Index } from 'typeorm';
import { CreatedAt, IdColumn, JsonColumn, RefColumn, StrColumn } from '../columns';

/** Who did what to whose data. Kept ≥ 6 months (Cybersecurity Law); health reads are always audited. */
@Entity('audit_logs')
@Index(['subjectType', 'subjectId', 'createdAt'])
export class AuditLog {
  @IdColumn() id: string;
  @Index() @RefColumn({ nullable: true }) actorUserId: string | null;
  @StrColumn(32) actorRole: string;
  @StrColumn(48) action: string;
  @StrColumn(32) subjectType: string;
  @StrColumn(64) subjectId: string;
  @JsonColumn({ nullable: true }) detail: Record<string, unknown> | null;
  @StrColumn(64) requestId: string;
  @Index() @CreatedAt() createdAt: Date;
}
