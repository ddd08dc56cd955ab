import { MarkReadBody, MarkReadResult, NoticeList, NoticeListQuery, UnreadCount } from '@healthpocket/shared-types';
import { route, type AnyRoute } from '../../http/route';
import type { Services } from '../../services';

/** 消息中心: only ever the caller's own messages (no route takes another user's id). */
export function messageRoutes(s: Services): AnyRoute[] {
  const tags = ['messages'];
  const centre = s.messages.centre;
  return [
    route({
      method: 'get',
      path: '/api/v1/messages',
      summary: '消息中心: my messages, newest first, by category and/or unread only; `nextCursor` fetches the next page (null on the last)',
      tags,
      auth: 'user',
      query: NoticeListQuery,
      response: NoticeList,
      handler: (r) => centre.list(r.actor.userId, r.query),
    }),
    route({
      method: 'get',
      path: '/api/v1/messages/unread-count',
      summary: 'How many of my messages are unread (the badge on 我的 and the home page)',
      tags,
      auth: 'user',
      response: UnreadCount,
      handler: async (r) => ({ count: await centre.unreadCount(r.actor.userId) }),
    }),
    route({
      method: 'post',
      path: '/api/v1/messages/read',
      summary: 'Mark messages read: some by id, or all up to the newest one seen (`upTo`); read state is kept on the server, the same on every device',
      tags,
      auth: 'user',
      body: MarkReadBody,
      response: MarkReadResult,
      errors: ['MESSAGE_NOT_FOUND'],
      rateLimit: { name: 'messages-read', points: 120, durationSeconds: 60, by: 'user' },
      handler: (r) => centre.markRead(r.actor.userId, r.body),
    }),
  ];
}
