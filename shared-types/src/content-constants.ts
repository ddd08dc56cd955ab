/**
 * Health education constants the miniapp uses at runtime. No zod here: the app bundles import
 * this file by path, and zod stays out of them.
 */

export const CONTENT_TOPICS = ['hypertension', 'diabetes', 'child_health', 'vaccines', 'elderly', 'maternal', 'infectious'] as const;
export type ContentTopic = (typeof CONTENT_TOPICS)[number];
export const TOPIC_LABELS: Record<ContentTopic, string> = {
  hypertension: '高血压',
  diabetes: '糖尿病',
  child_health: '儿童保健',
  vaccines: '疫苗',
  elderly: '老年健康',
  maternal: '孕产妇',
  infectious: '传染病防控',
};

export const ARTICLE_STATUSES = ['draft', 'scheduled', 'published', 'unpublished'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];
export const ARTICLE_STATUS_LABELS: Record<ArticleStatus, string> = {
  draft: '草稿',
  scheduled: '定时发布',
  published: '已发布',
  unpublished: '已下线',
};

/** A version's way through 医学审核. */
export const REVISION_STATUSES = ['draft', 'submitted', 'approved', 'rejected'] as const;
export type RevisionStatus = (typeof REVISION_STATUSES)[number];
export const REVISION_STATUS_LABELS: Record<RevisionStatus, string> = {
  draft: '编辑中',
  submitted: '待审核',
  approved: '审核通过',
  rejected: '已退回',
};

export const ARTICLE_LIMITS = { title: 40, summary: 120, body: 15000, topics: 3 } as const;
/** Cover images: what the console accepts (checked again on the BFF from the bytes, not the name). */
export const COVER_LIMITS = { maxBytes: 2 * 1024 * 1024, types: ['image/jpeg', 'image/png', 'image/webp'], maxSide: 6000 } as const;

/** ICD-10 codes a chronic-condition segment may target. */
export const SEGMENT_CONDITIONS = { I10: '高血压', E11: '2型糖尿病' } as const;
export type SegmentCondition = keyof typeof SEGMENT_CONDITIONS;

export const DELIVERY_REASONS = {
  NO_SUBSCRIPTION: '居民未订阅资讯提醒',
  FIELD_INVALID: '消息内容不符合微信字段要求',
  WECHAT_UNAVAILABLE: '微信服务暂时不可用（可重试）',
  OUTCOME_UNKNOWN: '发送超时，结果未知（为避免重复不再重试）',
  ARTICLE_UNPUBLISHED: '文章已下线，停止推送',
  CONSENT_WITHDRAWN: '居民已撤回健康资讯推送授权',
  ALREADY_RECEIVED: '居民已通过其他推送收到过这篇文章',
  WEEKLY_CAP: '居民本周收到的推送已达上限',
} as const;

/**
 * What a campaign's result honestly is, for its colour: a campaign that sent nothing and failed
 * is not a success, whatever its queue says.
 */
export type CampaignOutcome = 'running' | 'success' | 'partial' | 'failed' | 'nothing_sent' | 'stopped';
export const CAMPAIGN_OUTCOME_LABELS: Record<CampaignOutcome, string> = {
  running: '发送中',
  success: '已完成',
  partial: '部分失败',
  failed: '发送失败',
  nothing_sent: '未发出',
  stopped: '已停止',
};
export type DeliveryReason = keyof typeof DELIVERY_REASONS;
