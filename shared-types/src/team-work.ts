import { z } from 'zod';
import { CalendarDay, EntityId } from './common';

/** Team work in the workbench (issue 13 §6): handing a conversation over, shared quick replies, search. */

export const HANDOVER_NOTE_MAX = 300;
export const AssignRequest = z.object({
  staffId: EntityId,
  note: z.string().trim().min(1, '请填写交接说明').max(HANDOVER_NOTE_MAX, `交接说明不能超过 ${HANDOVER_NOTE_MAX} 字`),
});
export type AssignRequest = z.infer<typeof AssignRequest>;
/** One handover, kept: shown to the team in the conversation, never to the resident. */
export const HandoverView = z.object({
  id: z.string(),
  fromStaffId: z.string(),
  fromName: z.string(),
  toStaffId: z.string(),
  toName: z.string(),
  note: z.string(),
  at: z.string(),
});
export type HandoverView = z.infer<typeof HandoverView>;
export const AssignmentView = z.object({ staffId: z.string(), name: z.string() });
export type AssignmentView = z.infer<typeof AssignmentView>;

/** The variables a team quick reply may use; filled from the conversation when inserted. */
export const QUICK_REPLY_VARIABLES = ['姓名', '称呼', '医生', '团队'] as const;
export type QuickReplyVariable = (typeof QUICK_REPLY_VARIABLES)[number];
const VAR_RE = /\{([^{}]{1,8})\}/g;
/** Variables named in a quick reply that are not known (so the editor can say which). */
export function unknownVariables(text: string): string[] {
  return [...text.matchAll(VAR_RE)].map((m) => m[1]).filter((v) => !(QUICK_REPLY_VARIABLES as readonly string[]).includes(v));
}
/** {姓名} → 张伟, {称呼} → 张先生/王阿姨 …; an unknown variable stays as written. */
export function fillQuickReply(text: string, vars: Partial<Record<QuickReplyVariable, string>>): string {
  return text.replace(VAR_RE, (all, name: string) => vars[name as QuickReplyVariable] ?? all);
}
/** 称呼 from name, sex and age: 张先生 / 张女士, 王爷爷 / 王奶奶 from 65, 小明 under 14 (the given name). */
export function addressOf(name: string, sex: '男' | '女' | null, age: number | null): string {
  const family = name.slice(0, 1);
  if (age !== null && age < 14) return name.length > 1 ? name.slice(1) : name;
  if (age !== null && age >= 65) return sex === '女' ? `${family}奶奶` : sex === '男' ? `${family}爷爷` : name;
  return sex === '女' ? `${family}女士` : sex === '男' ? `${family}先生` : name;
}

export const QuickReplyBody = z.object({
  title: z.string().trim().min(1, '请填写标题').max(20, '标题不能超过 20 字'),
  text: z.string().trim().min(1, '请填写回复内容').max(300, '回复内容不能超过 300 字'),
});
export const CreateQuickReplyRequest = QuickReplyBody.extend({ teamId: EntityId.max(16) });
export type CreateQuickReplyRequest = z.infer<typeof CreateQuickReplyRequest>;
export const TeamQuickReplyView = z.object({ id: z.string(), teamId: z.string(), title: z.string(), text: z.string(), updatedByName: z.string(), updatedAt: z.string() });
export type TeamQuickReplyView = z.infer<typeof TeamQuickReplyView>;
export const TeamQuickReplyList = z.object({ items: z.array(TeamQuickReplyView), variables: z.array(z.string()) });
export const TeamQuery = z.object({ teamId: EntityId.max(16) });

export const ChatSearchQuery = z.object({
  q: z.string().trim().min(2, '请至少输入 2 个字').max(30, '搜索词不能超过 30 字'),
  teamId: EntityId.max(16).optional(),
});
export const ChatSearchHit = z.object({
  conversationId: z.string(),
  memberName: z.string(),
  teamId: z.string(),
  messageId: z.string(),
  seq: z.number().int(),
  senderRole: z.string(),
  senderName: z.string(),
  /** The message text around the match (at most 80 characters). */
  snippet: z.string(),
  at: z.string(),
});
export type ChatSearchHit = z.infer<typeof ChatSearchHit>;
export const ChatSearchResult = z.object({ items: z.array(ChatSearchHit), truncated: z.boolean() });
export type ChatSearchResult = z.infer<typeof ChatSearchResult>;

// ---- workload figures (考核 indicators) -------------------------------------------------------
export const WorkloadQuery = z.object({ teamId: EntityId.max(16), from: CalendarDay, to: CalendarDay });
export const WorkloadFigures = z.object({
  /** Resident waits answered in the period: how many, median and mean minutes to the first reply. */
  firstResponse: z.object({ count: z.number().int(), medianMinutes: z.number().nullable(), meanMinutes: z.number().nullable() }),
  /** Consultations: a conversation on a China day with a resident message (per doctor: one they answered). */
  consultations: z.object({ total: z.number().int(), perDay: z.number() }),
  /** 随访 due and done in the period (from the follow-up port; 0 until 随访 is in place). */
  followUp: z.object({ due: z.number().int(), done: z.number().int(), rate: z.number().nullable() }),
  /** Alerts raised in the period: acknowledged (median minutes to the ack) and still open. */
  alertAck: z.object({ count: z.number().int(), medianMinutes: z.number().nullable(), open: z.number().int() }),
});
export type WorkloadFigures = z.infer<typeof WorkloadFigures>;
export const WorkloadView = z.object({
  teamId: z.string(),
  from: z.string(),
  to: z.string(),
  days: z.number().int(),
  team: WorkloadFigures,
  staff: z.array(WorkloadFigures.extend({ staffId: z.string(), name: z.string(), role: z.string() })),
  /** False until the 随访 module fills the port: the follow-up figures are then 0. */
  followUpAvailable: z.boolean(),
});
export type WorkloadView = z.infer<typeof WorkloadView>;
