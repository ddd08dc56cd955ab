import { Entity, Index } from 'typeorm';
import type { FamilyAccessStatus } from '@healthpocket/shared-types';
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
  @RefColumn() grantorUserId: string;
  @StrColumn(16) status: FamilyAccessStatus;
  @TimeColumn() requestedAt: Date;
  @TimeColumn({ nullable: true }) decidedAt: Date | null;
  @TimeColumn({ nullable: true }) revokedAt: Date | null;
  @CreatedAt() createdAt: Date;
  @UpdatedAt() updatedAt: Date;
}
