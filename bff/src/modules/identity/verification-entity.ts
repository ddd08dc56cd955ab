import { Entity, Index } from 'typeorm';
import { CreatedAt, IdColumn, IntColumn, RefColumn, StrColumn, TextColumn, TimeColumn, UpdatedAt } from '../../db/columns';

export type FaceVerificationStatus = 'pending' | 'passed' | 'failed' | 'cancelled' | 'expired';

/**
 * One face-verification attempt (微信人脸核身 2.0): our out_seq_no, the identity claimed (name in
 * clear for the cert_hash, ID number encrypted and hashed), WeChat's verify_id and what WeChat's
 * queryverifyinfo finally said. Binding happens only from a 'passed' row, in the same transaction.
 */
@Entity('identity_verifications')
@Index(['userId', 'createdAt'])
export class IdentityVerification {
  @IdColumn() id: string;
  /** Our serial number sent as out_seq_no: 5–32 chars [A-Za-z0-9_-], unique per appid. */
  @Index({ unique: true }) @StrColumn(32) outSeqNo: string;
  @RefColumn() userId: string;
  @StrColumn(64) openid: string;
  @StrColumn(64) name: string;
  @TextColumn() idNumberEnc: string;
  @Index() @StrColumn(64) idNumberHash: string;
  @Index({ unique: true }) @StrColumn(256) verifyId: string;
  @StrColumn(16) status: FaceVerificationStatus;
  /** verify_id expiry (WeChat's expires_in, 3600 s). */
  @TimeColumn() expiresAt: Date;
  /** queryverifyinfo's verify_ret (10000 = passed). */
  @IntColumn({ nullable: true }) verifyRet: number | null;
  @TimeColumn({ nullable: true }) finishedAt: Date | null;
  @CreatedAt() createdAt: Date;
  @UpdatedAt() updatedAt: Date;
}
