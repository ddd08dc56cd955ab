import { Entity, Index } from 'typeorm';
import { CreatedAt, IdColumn, IntColumn, JsonColumn, StrColumn, TextColumn, TimeColumn } from '../db/columns';

/**
 * A message to another system (the HIS …), written in the same transaction as the change that
 * causes it and delivered afterwards by the outbox job until its handler succeeds.
 */
@Entity('outbox_messages')
@Index(['state', 'nextAttemptAt'])
export class OutboxMessage {
  @IdColumn() id: string;
  @StrColumn(64) topic: string;
  /** One message per dedupeKey, ever: enqueueing the same key twice is a no-op. */
  @Index({ unique: true }) @StrColumn(160) dedupeKey: string;
  @JsonColumn() payload: Record<string, unknown>;
  @StrColumn(16) state: 'pending' | 'done';
  @IntColumn({ default: 0 }) attempts: number;
  @TimeColumn() nextAttemptAt: Date;
  /** A worker's claim: another instance leaves the message alone until this passes. */
  @TimeColumn({ nullable: true }) lockedUntil: Date | null;
  @TextColumn({ nullable: true }) lastError: string | null;
  @TimeColumn({ nullable: true }) deliveredAt: Date | null;
  @CreatedAt() createdAt: Date;
}
