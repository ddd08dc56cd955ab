import { Entity, Index } from 'typeorm';
import { CreatedAt, IdColumn, IntColumn, RefColumn, StrColumn, TextColumn, TimeColumn } from '../columns';

/**
 * A POST that creates money or bookings, remembered by (user, Idempotency-Key) so retries replay it.
 * A pending row is leased to the instance running its handler (`leaseOwner` until `leaseExpiresAt`,
 * renewed while it runs); a retry after the lease lapsed takes it over as the next `attempt`.
 */
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
  @StrColumn(64, { nullable: true }) leaseOwner: string | null;
  @TimeColumn({ nullable: true }) leaseExpiresAt: Date | null;
  @IntColumn({ default: 1 }) attempt: number;
  @CreatedAt() createdAt: Date;
}
