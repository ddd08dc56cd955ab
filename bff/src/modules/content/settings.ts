import { z } from 'zod';

/**
 * The content module's variables (parsed with the rest in config.ts). The template is the 订阅消息 template the
 * operator chose in the WeChat console for "健康科普更新提醒" with fields thing1 标题, thing2 栏目,
 * thing3 温馨提示.
 */
export const ContentEnv = {
  CONTENT_PUSH_TEMPLATE_ID: z.string().min(1).max(128).default('sbx_tmpl_health_article'),
  /** WeChat limits calls per app; stay well under it (shared by every instance with BullMQ). */
  CONTENT_PUSH_RATE_PER_SECOND: z.coerce.number().int().min(1).max(1000).default(20),
  CONTENT_PUSH_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(5),
  CONTENT_PUSH_BACKOFF_MS: z.coerce.number().int().min(10).max(600_000).default(2000),
  /** At most this many pushes reach one resident in any 7 days, across campaigns. */
  CONTENT_PUSH_WEEKLY_CAP: z.coerce.number().int().min(1).max(14).default(2),
  /** China time, HH:MM-HH:MM (may span midnight): no push is sent then; empty switches it off. */
  CONTENT_PUSH_QUIET_HOURS: z
    .string()
    .regex(/^$|^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, 'CONTENT_PUSH_QUIET_HOURS 应为 HH:MM-HH:MM')
    .default('21:00-08:00'),
  /** Domains configured as the weapp's 业务域名: links to them open in a web-view; others are copied. */
  CONTENT_WEBVIEW_DOMAINS: z.string().default(''),
  CONTENT_UPLOAD_DIR: z.string().default('data/uploads'),
};

export type ContentSettings = ReturnType<typeof loadContentSettings>;

export function loadContentSettings(s: z.output<z.ZodObject<typeof ContentEnv>>, queuePrefix: string) {
  return {
    templateId: s.CONTENT_PUSH_TEMPLATE_ID,
    ratePerSecond: s.CONTENT_PUSH_RATE_PER_SECOND,
    attempts: s.CONTENT_PUSH_ATTEMPTS,
    backoffMs: s.CONTENT_PUSH_BACKOFF_MS,
    uploadDir: s.CONTENT_UPLOAD_DIR,
    weeklyCap: s.CONTENT_PUSH_WEEKLY_CAP,
    quietHours: s.CONTENT_PUSH_QUIET_HOURS ? parseQuiet(s.CONTENT_PUSH_QUIET_HOURS) : null,
    webViewDomains: s.CONTENT_WEBVIEW_DOMAINS.split(',')
      .map((d) => d.trim().toLowerCase())
      .filter((d) => /^[a-z0-9.-]+$/.test(d)),
    queuePrefix,
  };
}

export interface QuietHours {
  start: string;
  end: string;
  startMin: number;
  endMin: number;
}

function parseQuiet(v: string): QuietHours {
  const [start, end] = v.split('-');
  const min = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  return { start, end, startMin: min(start), endMin: min(end) };
}

/** Milliseconds until quiet hours end at `nowMs` (China time), or 0 when they are not on. */
export function quietRemainingMs(q: QuietHours | null, nowMs: number): number {
  if (!q || q.startMin === q.endMin) return 0;
  const china = new Date(nowMs + 8 * 3600_000);
  const nowMin = china.getUTCHours() * 60 + china.getUTCMinutes();
  const inside = q.startMin < q.endMin ? nowMin >= q.startMin && nowMin < q.endMin : nowMin >= q.startMin || nowMin < q.endMin;
  if (!inside) return 0;
  const untilEnd = (q.endMin - nowMin + 1440) % 1440;
  return untilEnd * 60_000 - (china.getUTCSeconds() * 1000 + china.getUTCMilliseconds());
}
