/**
 * 消息中心 constants as plain data, without zod: the miniapp imports this file by path (zod must
 * not ship in the mini-program). messages.ts builds the schemas from it.
 */

/** What a message is about; each sender posts under one (issue 16 §5). */
export const MESSAGE_CATEGORIES = ['reminder', 'report', 'payment', 'family_access', 'doctor_reply', 'article', 'booking', 'vaccine', 'followup'] as const;
export type MessageCategory = (typeof MESSAGE_CATEGORIES)[number];

export const MESSAGE_CATEGORY_LABELS: Record<MessageCategory, string> = {
  reminder: '健康提醒',
  report: '检查检验报告',
  payment: '缴费退款',
  family_access: '家人授权',
  doctor_reply: '医生回复',
  article: '健康资讯',
  booking: '挂号就诊',
  vaccine: '预防接种',
  followup: '随访体检',
};

/** A page of the list holds at most this many messages. */
export const MESSAGE_PAGE_MAX = 50;
export const MESSAGE_PAGE_DEFAULT = 20;
/** Messages older than this are pruned by a periodic job. */
export const MESSAGE_RETENTION_DAYS = 180;
/** Longest title and body kept (a sender's longer text is cut). */
export const MESSAGE_TITLE_MAX = 40;
export const MESSAGE_BODY_MAX = 200;
/** How many ids one 标为已读 request may name. */
export const MESSAGE_READ_IDS_MAX = 50;
