import { Entity, Index } from 'typeorm';
import { CreatedAt, IdColumn, IntColumn, JsonColumn, RefColumn, StrColumn, TextColumn, TimeColumn } from '../../db/columns';

/** A prepared export of a resident's own data; its file is encrypted in DataExportPart rows. */
@Entity('data_exports')
@Index(['userId', 'createdAt'])
export class DataExport {
  @IdColumn() id: string;
  @RefColumn() userId: string;
  @IntColumn() bytes: number;
  @IntColumn() parts: number;
  @TimeColumn() expiresAt: Date;
  @CreatedAt() createdAt: Date;
}

/** One piece of an export's encrypted file (TEXT holds 64 KB on MySQL, so a file is split). */
@Entity('data_export_parts')
@Index(['exportId', 'seq'], { unique: true })
export class DataExportPart {
  @IdColumn() id: string;
  @RefColumn() exportId: string;
  @IntColumn() seq: number;
  @TextColumn() data: string;
}

/**
 * A deleted account's retention number: the records law requires us to keep (payments, online
 * care, appointments, consents) are keyed by this id instead of the account, each category until
 * its `retainUntil`; the purge job (purge.ts) deletes a category when its time is up, and this row
 * with the last one. `subjects` names the former account and members only for that purge (the
 * audit trail about them); nothing personal is kept here.
 */
@Entity('account_retentions')
export class AccountRetention {
  @IdColumn() id: string;
  @TimeColumn() deletedAt: Date;
  /** Per category (DELETION_KEEPS): until when, and when it was purged. */
  @JsonColumn() categories: Array<{ key: string; retainUntil: string; purgedAt?: string }>;
  @JsonColumn() subjects: { userId: string; memberIds: string[] };
  /** The earliest retainUntil of a category not purged yet: the purge job looks for rows past it. */
  @Index() @TimeColumn() nextPurgeAt: Date;
  @StrColumn(64) requestId: string;
}

export const accountEntities: Function[] = [DataExport, DataExportPart, AccountRetention];
