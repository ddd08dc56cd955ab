import { z } from 'zod';
import { CalendarDay, EntityId } from './common';
import { HANDOVER_NOTE_MAX, QUICK_REPLY_TEXT_MAX, QUICK_REPLY_TITLE_MAX } from './team-work-constants';

export * from './team-work-constants';

/** Team work in the workbench (issue 13 §6): handing a conversation over, shared quick replies, search. */

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
/** The caller's teams with their members (to hand over to, to pick for the rota), and the caller's own staff id. */
export const MyTeams = z.object({
  staffId: z.string().nullable(),
  items: z.array(z.object({ id: z.string(), name: z.string(), members: z.array(z.object({ id: z.string(), name: z.string(), role: z.string(), isLeader: z.boolean() })) })),
});
export type MyTeams = z.infer<typeof MyTeams>;
export const AssignmentView = z.object({ staffId: z.string(), name: z.string() });
export type AssignmentView = z.infer<typeof AssignmentView>;

export const QuickReplyBody = z.object({
  title: z.string().trim().min(1, '请填写标题').max(QUICK_REPLY_TITLE_MAX, `标题不能超过 ${QUICK_REPLY_TITLE_MAX} 字`),
  text: z.string().trim().min(1, '请填写回复内容').max(QUICK_REPLY_TEXT_MAX, `回复内容不能超过 ${QUICK_REPLY_TEXT_MAX} 字`),
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
/** Without `teamId`: the caller's first team (`teams` in the answer lists all of the caller's teams). */
export const WorkloadQuery = z.object({ teamId: EntityId.max(16).optional(), from: CalendarDay, to: CalendarDay });
const Rate = z.object({ due: z.number().int(), done: z.number().int(), rate: z.number().nullable() });
export const WorkloadFigures = z.object({
  /** Resident waits answered in the period: how many, median, 90th percentile and mean minutes to the first reply. */
  firstResponse: z.object({ count: z.number().int(), medianMinutes: z.number().nullable(), p90Minutes: z.number().nullable(), meanMinutes: z.number().nullable() }),
  /** Consultations: a conversation on a China day with a resident message (per doctor: one they answered). */
  consultations: z.object({ total: z.number().int(), perDay: z.number() }),
  /** 随访 due in the period and done (both diseases, and 高血压 / 2型糖尿病 separately). */
  followUp: Rate.extend({ hypertension: Rate, diabetes: Rate }),
  /** Alerts raised in the period: acknowledged (median and 90th percentile minutes to the ack) and still open. */
  alertAck: z.object({ count: z.number().int(), medianMinutes: z.number().nullable(), p90Minutes: z.number().nullable(), open: z.number().int() }),
});
export type WorkloadFigures = z.infer<typeof WorkloadFigures>;
export const WorkloadView = z.object({
  teamId: z.string(),
  teamName: z.string(),
  from: z.string(),
  to: z.string(),
  days: z.number().int(),
  team: WorkloadFigures,
  /** The team lead sees every member; another member sees their own row only (the BFF decides). */
  staff: z.array(WorkloadFigures.extend({ staffId: z.string(), name: z.string(), role: z.string() })),
  viewer: z.object({ staffId: z.string(), isLead: z.boolean() }),
  /** The caller's teams, to switch between. */
  teams: z.array(z.object({ id: z.string(), name: z.string() })),
  /** False until the 随访 module fills the port: the follow-up figures are then 0. */
  followUpAvailable: z.boolean(),
});
export type WorkloadView = z.infer<typeof WorkloadView>;
