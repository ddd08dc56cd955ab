import { Entity, Index } from 'typeorm';
import type { FamilyAccessScopeKey, FamilyAccessStatus } from '@healthpocket/shared-types';
import { CreatedAt, IdColumn, RefColumn, StrColumn, TimeColumn, UpdatedAt } from '../../db/columns';

/**
 * 家人授权: the adult behind a family member (`grantorUserId`, matched by ID number) lets the user
 * who added them (`requesterUserId`) read their health record through that member. A grant is tied
 * to the member row: removing and re-adding the member needs a new one.
 */
@Entity('family_access_grants')
@Index(['memberId', 'status'])
@Index(['grantorUserId', 'createdAt'])
export class FamilyAccessGrant {
  @IdColumn() id: string;
  @RefColumn() memberId: string;
  @RefColumn() requesterUserId: string;
  /** The adult's account; null while the invited adult is not on the app yet (matched on their verification). */
  @RefColumn({ nullable: true }) grantorUserId: string | null;
  /** What was asked for and, once approved, allowed ('proxy', 'health'); stored as a comma list. */
  @StrColumn(64, { default: 'health', transformer: { to: (v?: FamilyAccessScopeKey[]) => v?.join(','), from: (v: string) => (v ? (v.split(',') as FamilyAccessScopeKey[]) : []) } })
  scopes: FamilyAccessScopeKey[];
  /** The share card's code: opens this request for the invited adult after their own login and verification. */
  @Index({ unique: true }) @StrColumn(32, { nullable: true }) inviteCode: string | null;
  @StrColumn(16) status: FamilyAccessStatus;
  @TimeColumn() requestedAt: Date;
  @TimeColumn({ nullable: true }) decidedAt: Date | null;
  @TimeColumn({ nullable: true }) revokedAt: Date | null;
  @CreatedAt() createdAt: Date;
  @UpdatedAt() updatedAt: Date;
}
