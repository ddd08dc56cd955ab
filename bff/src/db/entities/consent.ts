import { Entity, Index } from 'typeorm';
import type { ConsentKind } from '@healthpocket/shared-types';
import { IdColumn, RefColumn, StrColumn, TimeColumn } from '../columns';

/** What was agreed to, by whom, when, and which text version (PIPL Art. 28–31). Rows are never deleted. */
@Entity('consents')
@Index(['userId', 'kind'])
export class Consent {
  @IdColumn() id: string;
  @RefColumn() userId: string;
  /** The member a guardian consent is for. */
  @RefColumn({ nullable: true }) memberId: string | null;
  @StrColumn(24) kind: ConsentKind;
  @StrColumn(32) textVersion: string;
  @TimeColumn() grantedAt: Date;
  @TimeColumn({ nullable: true }) withdrawnAt: Date | null;
}
