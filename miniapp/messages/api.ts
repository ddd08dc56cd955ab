import type { MarkReadBody, MessageCategory } from '@healthpocket/shared-types';
import { client } from '../services/client';

export { MESSAGE_CATEGORIES, MESSAGE_CATEGORY_LABELS } from '@healthpocket/shared-types/src/message-constants';

/** The 消息中心 endpoints: always the signed-in resident's own messages. */
export const messagesApi = {
  list: (q: { category?: MessageCategory; cursor?: string; limit?: number } = {}) =>
    client.GET('/api/v1/messages', { params: { query: Object.fromEntries(Object.entries(q).filter(([, v]) => v !== '')) as typeof q } }),
  read: (body: MarkReadBody) => client.POST('/api/v1/messages/read', { body }),
};

/** "11月22日 14:05" for this year, "2025年11月22日" otherwise (China time). */
export function messageTime(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  const thisYear = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
  return y === thisYear ? `${m}月${d}日 ${iso.slice(11, 16)}` : `${y}年${m}月${d}日`;
}
