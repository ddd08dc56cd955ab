import { Entity, Index } from 'typeorm';
import { CreatedAt, IdColumn, RefColumn, StrColumn, TimeColumn } from '../columns';

/** Rotating refresh tokens, stored hashed. A family is one login; reuse of a rotated token revokes it. */
@Entity('refresh_tokens')
export class RefreshToken {
  @IdColumn() id: string;
  @Index() @RefColumn() userId: string;
  @Index() @RefColumn() familyId: string;
  @Index({ unique: true }) @StrColumn(64) tokenHash: string;
  @TimeColumn() expiresAt: Date;
  @TimeColumn({ nullable: true }) revokedAt: Date | null;
  @RefColumn({ nullable: true }) replacedById: string | null;
  @CreatedAt() createdAt: Date;
}
