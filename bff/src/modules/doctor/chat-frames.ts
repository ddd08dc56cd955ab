import { randomUUID } from 'node:crypto';
import { SendMessageRequest } from '@healthpocket/shared-types';
import type { Actor } from '../../auth/tokens';
import { errors } from '../../errors';
import { zodDetails } from '../../http/route';
import type { FrameHandler } from '../../realtime';
import type { ChatService } from './chat-service';
import type { ConsumeRateLimit } from '../../http/rate-limit';
import { CHAT_SEND_LIMIT } from './limits';

const MAX_SYNC_PAGES = 20;

/** What chat frames on the WebSocket do: the same service calls as the HTTP routes. */
export function chatFrames(chat: ChatService, consume: ConsumeRateLimit): FrameHandler {
  return {
    async topicsFor(actor: Actor) {
      return (await chat.staffTeams(actor)).map((t) => `t:${t}`);
    },
    async handle(actor, frame, reply) {
      const scope = { actor, requestId: `ws-${randomUUID()}` };
      const conversationId = typeof frame.conversationId === 'string' ? frame.conversationId : '';
      if (!conversationId) throw errors.badInput([{ path: 'conversationId', message: '缺少会话' }]);
      switch (frame.type) {
        case 'send': {
          const parsed = SendMessageRequest.safeParse(frame.message);
          if (!parsed.success) {
            const details = zodDetails(parsed.error);
            throw errors.badInput(details, details[0]?.message);
          }
          // The HTTP send route's budget, same key: a socket is no way around it.
          await consume(CHAT_SEND_LIMIT, `u:${actor.userId}`);
          const message = await chat.send(scope, conversationId, parsed.data);
          reply({ type: 'ack', clientId: parsed.data.clientId, message });
          return;
        }
        case 'sync': {
          // Catch-up after a reconnect: everything after the last seq the client saw, in order.
          let after = Number.isInteger(frame.afterSeq) && frame.afterSeq >= 0 ? frame.afterSeq : 0;
          let lastSeq = after;
          for (let i = 0; i < MAX_SYNC_PAGES; i++) {
            const page = await chat.messages(scope, conversationId, { afterSeq: after, limit: 100 });
            for (const message of page.items) reply({ type: 'message', message });
            lastSeq = page.lastSeq;
            if (page.items.length < 100) break;
            after = page.items[page.items.length - 1].seq;
          }
          reply({ type: 'synced', conversationId, lastSeq });
          return;
        }
        case 'read': {
          if (!Number.isInteger(frame.seq) || frame.seq < 0) throw errors.badInput([{ path: 'seq', message: 'seq 应为非负整数' }]);
          await chat.markRead(scope, conversationId, frame.seq);
          return;
        }
        default:
          throw errors.badInput([{ path: 'type', message: '未知的消息类型' }], '未知的消息类型');
      }
    },
  };
}
