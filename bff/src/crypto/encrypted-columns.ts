import { FamilyMember, User } from '../db/entities';
import { IdentityVerification } from '../modules/identity/verification-entity';
import { ChatMessage, Conversation } from '../modules/doctor/entities';

/**
 * Every column that holds FieldCrypto ciphertext: the re-encryption job rewrites them under the
 * current key and `retire` counts them by key prefix. A new encrypted column goes here too.
 * `plaintextAllowed`: the column was encrypted after it held plaintext (chat bodies); the readers
 * accept plaintext rows and the job seals them.
 */
export interface EncryptedColumn {
  entity: Function;
  /** The entity's property (its column name is taken from TypeORM's metadata). */
  property: string;
  plaintextAllowed?: boolean;
}

export const ENCRYPTED_COLUMNS: EncryptedColumn[] = [
  { entity: User, property: 'sessionKeyEnc' },
  { entity: User, property: 'idNumberEnc' },
  { entity: User, property: 'phoneEnc' },
  { entity: FamilyMember, property: 'idNumberEnc' },
  { entity: FamilyMember, property: 'phoneEnc' },
  { entity: IdentityVerification, property: 'idNumberEnc' },
  { entity: ChatMessage, property: 'text', plaintextAllowed: true },
  { entity: Conversation, property: 'lastMessagePreview', plaintextAllowed: true },
];
