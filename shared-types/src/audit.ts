import { z } from 'zod';

const Day = /^\d{4}-\d{2}-\d{2}$/;

/** 安全审计 search (admin page): every filter optional, newest first, paged by `cursor`. */
export const AuditSearchQuery = z.object({
  /** The acting user's id. */
  actor: z.string().trim().max(36).optional(),
  /** The subject's id (a user, member, order …). */
  subject: z.string().trim().max(64).optional(),
  /** An action (`role.grant`), or a family of them ending in `.*` (`payment.*`). */
  action: z
    .string()
    .trim()
    .max(48)
    .regex(/^[a-z_]+(\.[a-z_]+)*(\.\*)?$/, '操作名称只能是如 role.grant 或 payment.* 的形式')
    .optional(),
  /** China dates, inclusive. */
  from: z.string().regex(Day, '开始日期格式应为 YYYY-MM-DD').optional(),
  to: z.string().regex(Day, '结束日期格式应为 YYYY-MM-DD').optional(),
  /** The `nextCursor` of the previous page. */
  cursor: z
    .string()
    .regex(/^\d{1,15}$/, '翻页参数有误')
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditSearchQuery = z.infer<typeof AuditSearchQuery>;

export const AuditEntryView = z.object({
  seq: z.number().int(),
  id: z.string(),
  at: z.string(),
  actorUserId: z.string().nullable(),
  actorRole: z.string(),
  action: z.string(),
  subjectType: z.string(),
  subjectId: z.string(),
  detail: z.record(z.string(), z.unknown()).nullable(),
  requestId: z.string(),
  hash: z.string(),
});
export type AuditEntryView = z.infer<typeof AuditEntryView>;

export const AuditPage = z.object({ items: z.array(AuditEntryView), nextCursor: z.string().nullable() });
export type AuditPage = z.infer<typeof AuditPage>;

export const AuditChainStatus = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  anchorSeq: z.number().int(),
  headSeq: z.number().int(),
  firstBroken: z.object({ seq: z.number().int(), id: z.string().nullable(), reason: z.enum(['missing', 'prev_hash', 'hash', 'head']) }).nullable(),
  checkedAt: z.string(),
});
export type AuditChainStatus = z.infer<typeof AuditChainStatus>;
