import { Entity, Index } from 'typeorm';
import type { MessageCategory } from '@healthpocket/shared-types';
import { IdColumn, RefColumn, StrColumn, TimeColumn } from '../../db/columns';

/**
 * A message of the 消息中心: the durable, in-app copy of a notification (a subscribe message needs
 * the resident's quota and may never arrive). Read state lives here, so it is the same on every device.
 */
@Entity('messages')
@Index(['userId', 'dedupeKey'], { unique: true })
@Index(['userId', 'createdAt'])
@Index(['userId', 'readAt'])
@Index(['createdAt'])
export class Message {
  @IdColumn() id: string;
  @RefColumn() userId: string;
  @StrColumn(24) category: MessageCategory;
  @StrColumn(64) title: string;
  @StrColumn(400) body: string;
  @StrColumn(255, { nullable: true }) link: string | null;
  @RefColumn({ nullable: true }) memberId: string | null;
  @StrColumn(128) dedupeKey: string;
  @TimeColumn({ nullable: true }) readAt: Date | null;
  /** Set from the service's clock (millisecond precision), so the `<ms>_<id>` cursor matches it exactly. */
  @TimeColumn() createdAt: Date;
}
