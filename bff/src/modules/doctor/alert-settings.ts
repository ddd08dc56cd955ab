import { z } from 'zod';

function robotUrlOk(u: string): boolean {
  try {
    const url = new URL(u);
    return /^https?:$/.test(url.protocol) && !!url.searchParams.get('key');
  } catch {
    return false;
  }
}

const Env = z.object({
  /** An alert nobody acknowledged escalates one step (next on the rota, then the team lead) per this many minutes. */
  ALERT_ESCALATE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(10),
  /** What the automatic reply promises while someone on the rota covers: a reply within this many minutes. */
  ROTA_REPLY_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  /** How often the escalation job looks for due alerts; 0 turns it off. */
  ALERT_ESCALATE_POLL_MS: z.coerce.number().int().min(0).max(3_600_000).default(60_000),
  /** Subscribe-message template for staff (the doctor on duty …), like WECHAT_TMPL_HEALTH_ALERT for residents. */
  WECHAT_TMPL_STAFF_ALERT: z.string().min(1).max(64).default('sbx_tmpl_staff_alert'),
  /** The team's 企业微信 group robot: https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=KEY. Unset: no robot messages. */
  WECOM_ROBOT_WEBHOOK_URL: z
    .string()
    .refine(robotUrlOk, 'must be an http(s) URL with ?key=')
    .optional(),
});

export interface AlertSettings {
  escalateMinutes: number;
  pollMs: number;
  staffTemplateId: string;
  robotWebhookUrl: string | null;
  replyMinutes: number;
}

/** Alert delivery settings from the raw environment (config.raw); a bad value stops the boot. */
export function alertSettings(raw: Record<string, string | undefined>): AlertSettings {
  const parsed = Env.safeParse({ ...raw, WECOM_ROBOT_WEBHOOK_URL: raw.WECOM_ROBOT_WEBHOOK_URL || undefined });
  if (!parsed.success) throw new Error(`Invalid alert settings: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const e = parsed.data;
  return { escalateMinutes: e.ALERT_ESCALATE_MINUTES, pollMs: e.ALERT_ESCALATE_POLL_MS, staffTemplateId: e.WECHAT_TMPL_STAFF_ALERT, robotWebhookUrl: e.WECOM_ROBOT_WEBHOOK_URL ?? null, replyMinutes: e.ROTA_REPLY_MINUTES };
}
