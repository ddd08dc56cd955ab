import { Entity, Index } from 'typeorm';
import { CreatedAt, IdColumn, JsonColumn, RefColumn, StrColumn, TimeColumn } from '../../db/columns';

/**
 * A signed 家庭医生签约服务协议书 (勾选 + 签署 with the signer's typed real name): the version and time
 * are kept with the application (and so with the contract it becomes). A renewal under a newer
 * version is signed again. Kept like the contract itself: not removed with the resident's account.
 */
@Entity('contract_signatures')
@Index(['recordNumber', 'signedAt'])
export class ContractSignature {
  @IdColumn() id: string;
  /** The platform application this signature went with (one each). */
  @Index({ unique: true }) @StrColumn(36) applicationId: string;
  @StrColumn(8) kind: 'new' | 'renewal';
  @StrColumn(17) recordNumber: string;
  @Index() @RefColumn() memberId: string;
  /** The account that signed (the resident, or a guardian for a child). */
  @RefColumn() signerUserId: string;
  @StrColumn(32) signerName: string;
  @StrColumn(16) agreementVersion: string;
  @JsonColumn() packageIds: string[];
  @TimeColumn() signedAt: Date;
  @CreatedAt() createdAt: Date;
}
