import { Entity, Index } from 'typeorm';
import type { Role } from '@healthpocket/shared-types';
import { CreatedAt, IdColumn, IntColumn, StrColumn, TextColumn, TimeColumn, UpdatedAt, JsonColumn } from '../columns';

@Entity('users')
export class User {
  @IdColumn() id: string;
  @Index({ unique: true }) @StrColumn(64) openid: string;
  @StrColumn(64, { nullable: true }) unionid: string | null;
  @JsonColumn() roles: Role[];
  /** WeChat session_key, encrypted; it never leaves the BFF. */
  @TextColumn({ nullable: true }) sessionKeyEnc: string | null;
  @StrColumn(64, { nullable: true }) name: string | null;
  @TextColumn({ nullable: true }) idNumberEnc: string | null;
  @Index({ unique: true }) @StrColumn(64, { nullable: true }) idNumberHash: string | null;
  @TextColumn({ nullable: true }) phoneEnc: string | null;
  @StrColumn(8, { nullable: true }) sex: 'male' | 'female' | null;
  @StrColumn(10, { nullable: true }) birthDate: string | null;
  /** When the identity was proven against an authority (face verification, or the platform's phone on file); null = unverified. */
  @TimeColumn({ nullable: true }) realNameVerifiedAt: Date | null;
  /** How it was proven. */
  @StrColumn(16, { nullable: true }) identityMethod: 'face' | 'phone' | null;
  /** Access tokens carry the version they were issued under; bumping it ends every session at once. */
  @IntColumn({ default: 0 }) sessionVersion: number;
  /** Platform doctor id for users with the doctor role. */
  @StrColumn(64, { nullable: true }) doctorId: string | null;
  @CreatedAt() createdAt: Date;
  @UpdatedAt() updatedAt: Date;
}
