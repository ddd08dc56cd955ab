import type { RateLimit } from '../../http/route';

/** One budget per user for chat sends, whether they come over HTTP or the WebSocket. */
export const CHAT_SEND_LIMIT: RateLimit = { name: 'chat-send', points: 60, durationSeconds: 60, by: 'user' };
