import { DeleteDateColumn, Entity, Index } from 'typeorm';
import type { Relation } from '@healthpocket/shared-types';
import { BoolColumn, CreatedAt, IdColumn, RefColumn, StrColumn, TextColumn, UpdatedAt } from '../columns';

/** 就诊人: a person the user acts for (self included). Soft-deleted, since bookings refer to members. */
@Entity('family_members')
export class FamilyMember {
  @IdColumn() id: string;
  @Index() @RefColumn() ownerUserId: string;
  @StrColumn(16) relation: Relation;
  @StrColumn(64) name: string;
  @TextColumn({ nullable: true }) idNumberEnc: string | null;
  @Index() @StrColumn(64, { nullable: true }) idNumberHash: string | null;
  @StrColumn(8) sex: 'male' | 'female';
  @StrColumn(10) birthDate: string;
  @TextColumn({ nullable: true }) phoneEnc: string | null;
  /** True when identified by a checked ID number (self: real-name verified). */
  @BoolColumn({ default: false }) verified: boolean;
  @CreatedAt() createdAt: Date;
  @UpdatedAt() updatedAt: Date;
  @DeleteDateColumn({ type: 'datetime', precision: 6, nullable: true }) deletedAt: Date | null;
}
