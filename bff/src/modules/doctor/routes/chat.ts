import { z } from 'zod';
import { ConversationView, IdParam, MessagePage, MessagesQuery, MessageView, ChatReadRequest, SendMessageRequest, ChatImageUpload } from '@healthpocket/shared-types';
import { route, type AnyRoute } from '../../../http/route';
import { errors } from '../../../errors';
import type { Services } from '../../../services';
import { ChatImage } from '../entities';
import { CHAT_SEND_LIMIT } from '../limits';

export function chatRoutes(s: Services): AnyRoute[] {
  const tags = ['doctor'];
  const chat = () => s.doctor.chat;
  return [
    route({
      method: 'post',
      member: { purpose: 'health' },
      path: '/api/v1/doctor/conversations',
      summary: 'Open (or create) the conversation between a member and their contracted team',
      tags,
      auth: 'user',
      body: z.object({ memberId: z.string().min(1).max(64) }),
      response: ConversationView,
      handler: (r) => chat().openForMember(r, r.body.memberId),
    }),
    route({
      method: 'get',
      path: '/api/v1/doctor/conversations/:id',
      summary: 'A conversation: read positions, unread count, online-care notice, working hours',
      tags,
      auth: 'user',
      params: IdParam,
      response: ConversationView,
      handler: (r) => chat().get(r, r.params.id),
    }),
    route({
      method: 'get',
      path: '/api/v1/doctor/conversations/:id/messages',
      summary: 'History page before `beforeSeq`, or everything after `afterSeq` (catch-up / polling fallback)',
      tags,
      auth: 'user',
      params: IdParam,
      query: MessagesQuery,
      response: MessagePage,
      handler: (r) => chat().messages(r, r.params.id, r.query),
    }),
    route({
      method: 'post',
      path: '/api/v1/doctor/conversations/:id/messages',
      summary: 'Send a text or image message; stored before the answer, a retry with the same clientId returns the same message',
      tags,
      auth: 'user',
      params: IdParam,
      body: SendMessageRequest,
      response: MessageView,
      status: 201,
      rateLimit: CHAT_SEND_LIMIT,
      handler: (r) => chat().send(r, r.params.id, r.body),
    }),
    route({
      method: 'post',
      path: '/api/v1/doctor/conversations/:id/read',
      summary: 'Read receipt: everything up to `seq` was read (only moves forward)',
      tags,
      auth: 'user',
      params: IdParam,
      body: ChatReadRequest,
      response: z.object({ seq: z.number().int() }),
      handler: (r) => chat().markRead(r, r.params.id, r.body.seq),
    }),
    route({
      method: 'post',
      path: '/api/v1/doctor/conversations/:id/images',
      summary: 'Upload an image (multipart field `file`; JPG/PNG/WebP up to 5 MB); send it with an `image` message',
      tags,
      auth: 'user',
      params: IdParam,
      response: ChatImageUpload,
      status: 201,
      upload: { field: 'file', types: ['image/jpeg', 'image/png', 'image/webp'], maxBytes: 5 * 1024 * 1024 },
      errors: ['CHAT_IMAGE_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE'],
      rateLimit: { name: 'chat-image', points: 30, durationSeconds: 600, by: 'user' },
      handler: (r) => chat().uploadImage(r, r.params.id, r.ctx.req),
    }),
    route({
      method: 'get',
      path: '/api/v1/doctor/images/:id',
      summary: 'An image or its thumbnail, by the signed, expiring URL a message carries',
      tags,
      auth: 'public',
      params: IdParam,
      query: z.object({ exp: z.coerce.number().int(), sig: z.string().max(64), thumb: z.enum(['1']).optional() }),
      produces: ['image/jpeg', 'image/png', 'image/webp'],
      handler: async (r) => {
        const thumb = r.query.thumb === '1';
        if (!s.doctor.images.verify(r.params.id, r.query.exp, thumb, r.query.sig)) throw errors.notFound('图片链接已失效，请刷新后重试');
        const row = thumb ? null : await s.ds.getRepository(ChatImage).findOneBy({ id: r.params.id });
        const image = await s.doctor.images.open(r.params.id, thumb);
        if (!image) throw errors.notFound('图片不存在');
        r.ctx.type = thumb ? 'image/jpeg' : (row?.mime ?? 'application/octet-stream');
        r.ctx.set('Cache-Control', 'private, max-age=3600');
        r.ctx.length = image.length;
        r.ctx.body = image.body;
      },
    }),
  ];
}
