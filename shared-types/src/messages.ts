import { z } from 'zod';
import { EntityId } from './common';
import { MESSAGE_CATEGORIES, MESSAGE_PAGE_DEFAULT, MESSAGE_PAGE_MAX, MESSAGE_READ_IDS_MAX } from './message-constants';

export * from './message-constants';

export const MessageCategorySchema = z.enum(MESSAGE_CATEGORIES);

/** One message of the 消息中心: the durable copy of a notification (a subscribe message may never have arrived). */
export const NoticeView = z.object({
  id: z.string(),
  category: MessageCategorySchema,
  title: z.string(),
  body: z.string(),
  /** A mini-program page (`booking/pages/detail/index?id=…`) the message opens, when it has one. */
  link: z.string().nullable(),
  memberId: z.string().nullable(),
  read: z.boolean(),
  createdAt: z.string(),
});
export type NoticeView = z.infer<typeof NoticeView>;

/** The `nextCursor` of a page: `<epoch ms>_<id>` of its last message. */
export const NoticeCursor = z.string().regex(/^\d{1,15}_[A-Za-z0-9-]{1,64}$/, '翻页参数有误，请刷新后重试');

export const NoticeListQuery = z.object({
  category: MessageCategorySchema.optional(),
  /** `true`: unread messages only. */
  unread: z.enum(['true', 'false']).optional(),
  cursor: NoticeCursor.optional(),
  limit: z.coerce.number().int().min(1).max(MESSAGE_PAGE_MAX).default(MESSAGE_PAGE_DEFAULT),
});
export const NoticeList = z.object({ items: z.array(NoticeView), nextCursor: z.string().nullable(), unread: z.number().int() });
export type NoticeList = z.infer<typeof NoticeList>;

export const UnreadCount = z.object({ count: z.number().int() });
export type UnreadCount = z.infer<typeof UnreadCount>;

/**
 * 标为已读: some messages by id, or 全部已读 — every message up to `upTo` (the newest one the
 * resident has seen), so one that arrived meanwhile stays unread. No `upTo`: everything until now.
 */
export const MarkReadBody = z.union([z.object({ ids: z.array(EntityId).min(1).max(MESSAGE_READ_IDS_MAX) }).strict(), z.object({ all: z.literal(true), upTo: EntityId.optional() }).strict()]);
export type MarkReadBody = z.infer<typeof MarkReadBody>;
export const MarkReadResult = z.object({ updated: z.number().int(), unread: z.number().int() });
export type MarkReadResult = z.infer<typeof MarkReadResult>;
