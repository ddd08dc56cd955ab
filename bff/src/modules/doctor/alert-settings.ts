import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

function robotUrlOk(u: string): boolean {
  try {
    const url = new URL(u);
    return /^https?:$/.test(url.protocol) && !!url.searchParams.get('key');
  } catch {
    return false;
  }
}

/** The family-doctor module's variables (parsed with the rest in config.ts): staff alerts, templates, jobs. */
export const DoctorEnv = {
  /** An alert nobody acknowledged escalates one step (next on the rota, then the team lead) per this many minutes. */
  ALERT_ESCALATE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(10),
  /** What the automatic reply promises while someone on the rota covers: a reply within this many minutes. */
  ROTA_REPLY_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  /** How often the escalation job looks for due alerts; 0 turns it off. */
  ALERT_ESCALATE_POLL_MS: z.coerce.number().int().min(0).max(3_600_000).default(60_000),
  /** Subscribe-message template for staff (the doctor on duty …), like WECHAT_TMPL_HEALTH_ALERT for residents. */
  WECHAT_TMPL_STAFF_ALERT: z.string().min(1).max(64).default('sbx_tmpl_staff_alert'),
  /** The team's 企业微信 group robot: https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=KEY. Unset: no robot messages. */
  WECOM_ROBOT_WEBHOOK_URL: z
    .string()
    .optional()
    .transform((v) => v || undefined)
    .refine((v) => v === undefined || robotUrlOk(v), 'must be an http(s) URL with ?key='),
  /** Chat images on local disk (without S3_BUCKET). */
  CHAT_UPLOAD_DIR: z.string().optional(),
  /** Subscribe-message templates for residents. */
  WECHAT_TMPL_DOCTOR_REPLY: z.string().default('sbx_tmpl_doctor_reply'),
  WECHAT_TMPL_HEALTH_ALERT: z.string().default('sbx_tmpl_health_alert'),
  WECHAT_TMPL_FOLLOWUP_REMINDER: z.string().default('sbx_tmpl_followup_reminder'),
  WECHAT_TMPL_CONTRACT_RENEWAL: z.string().default('sbx_tmpl_contract_renewal'),
  /** 随访 and 签约 renewal reminder jobs, and the chat search backfill: ms, 0 turns each off (default hourly). */
  FOLLOWUP_REMIND_EVERY_MS: z.coerce.number().int().min(0).max(86_400_000).default(3_600_000),
  CONTRACT_RENEWAL_REMIND_EVERY_MS: z.coerce.number().int().min(0).max(86_400_000).default(3_600_000),
  CHAT_SEARCH_BACKFILL_MS: z.coerce.number().int().min(0).max(86_400_000).default(3_600_000),
};

interface AlertSettings {
  escalateMs: number;
  pollMs: number;
  staffTemplateId: string;
  robotWebhookUrl: string | null;
  replyMinutes: number;
}

export function doctorSettings(e: z.output<z.ZodObject<typeof DoctorEnv>>, env: string) {
  const alerts: AlertSettings = {
    escalateMs: e.ALERT_ESCALATE_MINUTES * 60_000,
    pollMs: e.ALERT_ESCALATE_POLL_MS,
    staffTemplateId: e.WECHAT_TMPL_STAFF_ALERT,
    robotWebhookUrl: e.WECOM_ROBOT_WEBHOOK_URL ?? null,
    replyMinutes: e.ROTA_REPLY_MINUTES,
  };
  return {
    alerts,
    uploadDir: e.CHAT_UPLOAD_DIR ?? (env === 'test' ? path.join(os.tmpdir(), 'hp-chat-uploads') : 'data/uploads/chat'),
    templates: { doctorReply: e.WECHAT_TMPL_DOCTOR_REPLY, healthAlert: e.WECHAT_TMPL_HEALTH_ALERT, followupReminder: e.WECHAT_TMPL_FOLLOWUP_REMINDER, contractRenewal: e.WECHAT_TMPL_CONTRACT_RENEWAL },
    followupRemindEveryMs: e.FOLLOWUP_REMIND_EVERY_MS,
    renewalRemindEveryMs: e.CONTRACT_RENEWAL_REMIND_EVERY_MS,
    searchBackfillEveryMs: e.CHAT_SEARCH_BACKFILL_MS,
  };
}
