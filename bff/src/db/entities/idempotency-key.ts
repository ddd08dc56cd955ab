import { Entity, Index } from 'typeorm';
import { CreatedAt, IdColumn, IntColumn, RefColumn, StrColumn, TextColumn } from '../columns';

/** A POST that creates money or bookings, remembered by (user, Idempotency-Key) so retries replay it. */
@Entity('idempotency_keys')
@Index(['userId', 'key'], { unique: true })
export class IdempotencyKey {
  @IdColumn() id: string;
  @RefColumn() userId: string;
  @StrColumn(64) key: string;
  @StrColumn(128) route: string;
  @StrColumn(64) requestHash: string;
  @StrColumn(16) state: 'pending' | 'done';
  @IntColumn({ nullable: true }) responseStatus: number | null;
  @TextColumn({ nullable: true }) responseBody: string | null;
  @CreatedAt() createdAt: Date;
}
