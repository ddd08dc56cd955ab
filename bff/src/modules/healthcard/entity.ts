import { Entity, Index } from 'typeorm';
import { CreatedAt, IdColumn, RefColumn, StrColumn } from '../../db/columns';

/**
 * Our record of a card the platform issued for a family member: the card and patient ids only,
 * never an ID number. One per member; the same person added by two users (or re-added) shares
 * the platform's card, so healthCardId is not unique here.
 */
@Entity('health_cards')
export class HealthCardRecord {
  @IdColumn() id: string;
  @Index() @RefColumn() ownerUserId: string;
  @Index({ unique: true }) @RefColumn() memberId: string;
  @Index() @StrColumn(64) healthCardId: string;
  @StrColumn(64) phid: string;
  /** 'guardian': a child without an ID card, registered under the guardian's identity. */
  @StrColumn(16) issuedWith: 'own_id' | 'guardian';
  @CreatedAt() createdAt: Date;
}
