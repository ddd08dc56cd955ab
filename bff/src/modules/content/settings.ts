import { z } from 'zod';

/**
 * Content settings from the environment (config.raw). The template is the 订阅消息 template the
 * operator chose in the WeChat console for "健康科普更新提醒" with fields thing1 标题, thing2 栏目,
 * thing3 温馨提示.
 */
const Settings = z.object({
  CONTENT_PUSH_TEMPLATE_ID: z.string().min(1).max(128).default('sbx_tmpl_health_article'),
  /** WeChat limits calls per app; stay well under it (shared by every instance with BullMQ). */
  CONTENT_PUSH_RATE_PER_SECOND: z.coerce.number().int().min(1).max(1000).default(20),
  CONTENT_PUSH_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(5),
  CONTENT_PUSH_BACKOFF_MS: z.coerce.number().int().min(10).max(600_000).default(2000),
  CONTENT_UPLOAD_DIR: z.string().default('data/uploads'),
  QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/).default('hp'),
});

export type ContentSettings = ReturnType<typeof loadContentSettings>;

export function loadContentSettings(raw: Record<string, string | undefined>) {
  const s = Settings.parse(raw);
  return {
    templateId: s.CONTENT_PUSH_TEMPLATE_ID,
    ratePerSecond: s.CONTENT_PUSH_RATE_PER_SECOND,
    attempts: s.CONTENT_PUSH_ATTEMPTS,
    backoffMs: s.CONTENT_PUSH_BACKOFF_MS,
    uploadDir: s.CONTENT_UPLOAD_DIR,
    queuePrefix: s.QUEUE_PREFIX,
  };
}
