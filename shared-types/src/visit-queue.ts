import { z } from 'zod';

/** 签到: the user may accept the 候诊提醒 subscribe message in the same tap (wx.requestSubscribeMessage). */
export const CheckInRequest = z.object({ subscribeQueue: z.boolean().optional() }).strict();
export type CheckInRequest = z.infer<typeof CheckInRequest>;

/** Where the patient stands in the doctor's queue (分诊排队叫号), live from the HIS. */
export const QueueState = z.enum([
  'not_checked_in', // 未签到
  'waiting', // 候诊中
  'called', // 已叫号: go in now
  'missed', // 过号: called and not there; check in again to be re-queued
  'done', // 已就诊
]);
export type QueueState = z.infer<typeof QueueState>;

export const QUEUE_STATE_LABELS: Record<QueueState, string> = {
  not_checked_in: '未签到',
  waiting: '候诊中',
  called: '请就诊',
  missed: '已过号',
  done: '已就诊',
};

export const QueueView = z.object({
  bookingId: z.string(),
  state: QueueState,
  stateLabel: z.string(),
  /** Patients before this one (null unless waiting). */
  ahead: z.number().int().nullable(),
  /** 就诊序号 of this patient, and of the patient being seen now (null before the first call). */
  visitNo: z.number().int().nullable(),
  nowCalling: z.number().int().nullable(),
  /** Re-queued after a 过号 (placed `requeueAfter` behind the head of the queue). */
  requeued: z.boolean(),
  room: z.string().nullable(),
  /** The 候诊提醒 (three ahead): none, waiting to be sent, sent, or WeChat refused it. */
  notice: z.enum(['none', 'requested', 'sent', 'refused']),
  /** A short sentence for the page and for 长辈模式. */
  message: z.string(),
  asOf: z.string(),
});
export type QueueView = z.infer<typeof QueueView>;
