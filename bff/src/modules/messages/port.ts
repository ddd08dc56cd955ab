import type { EntityManager } from 'typeorm';
import type { MessageCategory } from '@healthpocket/shared-types';

/** One notice for the 消息中心. `dedupeKey` names the event: posting it again (a retried job) is a no-op. */
export interface Note {
  category: MessageCategory;
  title: string;
  body: string;
  /** A mini-program page path with its query (`booking/pages/detail/index?id=…`), as subscribe messages carry. */
  link?: string;
  memberId?: string;
  dedupeKey: string;
}

/**
 * The message centre's one public surface: other modules depend on this type only. `m` is the
 * caller's transaction when the notice must commit (or roll back) with the caller's own change;
 * without it the notice is written on its own.
 */
export interface Notices {
  post(userId: string, note: Note, m?: EntityManager): Promise<void>;
}
