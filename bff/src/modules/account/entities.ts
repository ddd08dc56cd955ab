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
 * care, appointments, consents) are keyed by this id instead of the account, until `retainUntil`.
 */
@Entity('account_retentions')
export class AccountRetention {
  @IdColumn() id: string;
  @TimeColumn() deletedAt: Date;
  /** Per category: { key, retainUntil } (see DELETION_KEEPS). */
  @JsonColumn() categories: Array<{ key: string; retainUntil: string }>;
  /** The latest retainUntil: after it nothing of this account is left to keep. */
  @Index() @TimeColumn() retainUntil: Date;
  @StrColumn(64) requestId: string;
}

export const accountEntities: Function[] = [DataExport, DataExportPart, AccountRetention];
