import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { CreatedAt, IdColumn, IntColumn, JsonColumn, RefColumn, StrColumn } from '../columns';

/** bigint, read as a number on both dialects (mysql2 hands bigint back as a string). */
const SeqColumn = (nullable = false) =>
  Column({ type: 'bigint', nullable, transformer: { to: (v: number | null) => v, from: (v: string | number | null) => (v === null || v === undefined ? null : Number(v)) } });

/**
 * Who did what to whose data. Kept ≥ 180 days (Cybersecurity Law Art. 21); health reads are always
 * audited. Append-only and tamper-evident (audit/chain.ts): each row carries its place in one chain
 * (`seq`), the previous row's hash and its own hash over its fields. Rows written before the chain
 * existed have no seq and are outside it.
 */
@Entity('audit_logs')
@Index(['subjectType', 'subjectId', 'createdAt'])
export class AuditLog {
  @IdColumn() id: string;
  @Index({ unique: true }) @SeqColumn(true) seq: number | null;
  @Index() @RefColumn({ nullable: true }) actorUserId: string | null;
  @StrColumn(32) actorRole: string;
  @Index() @StrColumn(48) action: string;
  @StrColumn(32) subjectType: string;
  @StrColumn(64) subjectId: string;
  @JsonColumn({ nullable: true }) detail: Record<string, unknown> | null;
  @StrColumn(64) requestId: string;
  @StrColumn(64, { nullable: true }) prevHash: string | null;
  @StrColumn(64, { nullable: true }) hash: string | null;
  @Index() @CreatedAt() createdAt: Date;
}

/**
 * The chain's one head row (id 'audit'), locked FOR UPDATE by every writer so that concurrent
 * transactions append one after the other. `anchorSeq`/`anchorHash` are where the kept chain
 * starts: the genesis constant until the retention job prunes, then the last pruned row's hash.
 */
@Entity('audit_chain_head')
export class AuditChainHead {
  @PrimaryColumn({ type: 'varchar', length: 16 }) id: string;
  @SeqColumn() seq: number;
  @StrColumn(64) hash: string;
  @SeqColumn() anchorSeq: number;
  @StrColumn(64) anchorHash: string;
  @IntColumn({ default: 0 }) pruned: number;
}
