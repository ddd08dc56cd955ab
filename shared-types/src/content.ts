import { z } from 'zod';
import { EntityId } from './common';

/**
 * Health education (健康资讯): articles written by operators, pushed to segments of residents by
 * subscribe message, read in the resident feed. Constants live in content-constants.ts (the miniapp imports them
 * without zod).
 */

export * from './content-constants';
import { ARTICLE_LIMITS, ARTICLE_STATUSES, CONTENT_TOPICS } from './content-constants';

// ---- segments ---------------------------------------------------------------------------

export const Segment = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }).strict(),
  z
    .object({ kind: z.literal('age_band'), minAge: z.number().int().min(0).max(120), maxAge: z.number().int().min(0).max(120) })
    .strict()
    .refine((s) => s.minAge <= s.maxAge, { message: '最小年龄不能大于最大年龄', path: ['maxAge'] }),
  z.object({ kind: z.literal('children_under_6') }).strict(),
  z
    .object({ kind: z.literal('chronic'), conditions: z.array(z.enum(['I10', 'E11'])).min(1, '请至少选择一种慢病').max(2) })
    .strict(),
  z.object({ kind: z.literal('vaccine_due'), withinDays: z.number().int().min(1).max(30).default(14) }).strict(),
]);
export type Segment = z.input<typeof Segment>;

export const SegmentPreviewRequest = z.object({ segment: Segment });
export const SegmentPreview = z.object({
  count: z.number().int(),
  /** Who the segment would reach, described in Chinese for the console. */
  description: z.string(),
  /** Residents left out because they have not given the separate health-data consent. */
  excludedWithoutConsent: z.number().int(),
});
export type SegmentPreview = z.infer<typeof SegmentPreview>;

// ---- articles ---------------------------------------------------------------------------

const Topic = z.enum(CONTENT_TOPICS);

export const ArticleInput = z
  .object({
    title: z.string().trim().min(1, '请填写标题').max(ARTICLE_LIMITS.title, `标题最多${ARTICLE_LIMITS.title}个字`),
    summary: z.string().trim().max(ARTICLE_LIMITS.summary, `摘要最多${ARTICLE_LIMITS.summary}个字`).default(''),
    bodyMd: z.string().min(1, '请填写正文').max(ARTICLE_LIMITS.body, `正文最多${ARTICLE_LIMITS.body}个字`),
    topics: z.array(Topic).min(1, '请至少选择一个主题').max(ARTICLE_LIMITS.topics, `最多选择${ARTICLE_LIMITS.topics}个主题`),
    coverImageId: z.string().max(64).nullable().default(null),
  })
  .strict();
export type ArticleInput = z.input<typeof ArticleInput>;

/** An edit carries the version it was based on: a stale edit is refused instead of overwriting another operator's. */
export const ArticleUpdate = ArticleInput.extend({ version: z.number().int().min(1) }).strict();

export const PublishRequest = z
  .object({
    /** Omit to publish now; a future time schedules publication. ISO 8601 with an offset. */
    at: z.iso.datetime({ offset: true, message: '发布时间格式应为 ISO 8601（含时区）' }).optional(),
  })
  .strict();

/** A Taro RichText node (the weapp's rich-text format); the BFF builds them from sanitised HTML. */
export interface RichNode {
  name?: string;
  attrs?: Record<string, string>;
  children?: RichNode[];
  type?: 'text';
  text?: string;
}
export const RichNodeSchema: z.ZodType<RichNode> = z.lazy(() =>
  z.object({
    name: z.string().optional(),
    attrs: z.record(z.string(), z.string()).optional(),
    children: z.array(RichNodeSchema).optional(),
    type: z.literal('text').optional(),
    text: z.string().optional(),
  }),
);

export const RenderedBody = z.object({ html: z.string(), nodes: z.array(RichNodeSchema) });
export type RenderedBody = z.infer<typeof RenderedBody>;
export const PreviewRequest = z.object({ bodyMd: z.string().max(ARTICLE_LIMITS.body, `正文最多${ARTICLE_LIMITS.body}个字`) }).strict();

export const ArticleView = z.object({
  id: z.string(),
  title: z.string(),
  summary: z.string(),
  bodyMd: z.string(),
  topics: z.array(Topic),
  coverImageId: z.string().nullable(),
  coverUrl: z.string().nullable(),
  status: z.enum(ARTICLE_STATUSES),
  publishAt: z.string().nullable(),
  publishedAt: z.string().nullable(),
  unpublishedAt: z.string().nullable(),
  readCount: z.number().int(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ArticleView = z.infer<typeof ArticleView>;
export const ArticleList = z.object({ items: z.array(ArticleView) });

export const ArticleCard = z.object({
  id: z.string(),
  title: z.string(),
  summary: z.string(),
  topics: z.array(Topic),
  coverUrl: z.string().nullable(),
  publishedAt: z.string(),
  readCount: z.number().int(),
});
export type ArticleCard = z.infer<typeof ArticleCard>;

export const ArticleDetail = ArticleCard.extend({ body: RenderedBody, favourite: z.boolean() });
export type ArticleDetail = z.infer<typeof ArticleDetail>;

export const FeedQuery = z.object({
  topic: Topic.optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});
export const Feed = z.object({
  /** Newest articles on the resident's topics (first page, no topic filter, signed in). */
  forYou: z.array(ArticleCard),
  items: z.array(ArticleCard),
  nextCursor: z.string().nullable(),
  topics: z.array(Topic),
});
export type Feed = z.infer<typeof Feed>;

export const ReadRequest = z.object({ campaignId: EntityId.optional() }).strict();
export const FavouriteList = z.object({ items: z.array(ArticleCard) });
export const Preferences = z.object({ topics: z.array(Topic).max(CONTENT_TOPICS.length) }).strict();
export type Preferences = z.infer<typeof Preferences>;

export const SubscriptionInfo = z.object({
  templateId: z.string(),
  acceptedCount: z.number().int(),
  /** Embedded default only: the H5 build accepts the template through the WeChat sandbox, which needs the openid. */
  sandboxOpenid: z.string().optional(),
});
export const SubscriptionAccepted = z.object({ templateIds: z.array(z.string().max(128)).min(1).max(3) }).strict();

export const UploadedImage = z.object({ id: z.string(), url: z.string(), width: z.number().int(), height: z.number().int(), bytes: z.number().int() });
export type UploadedImage = z.infer<typeof UploadedImage>;

// ---- campaigns --------------------------------------------------------------------------

export const CAMPAIGN_STATUSES = ['preparing', 'sending', 'done', 'stopped'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export const CreateCampaignRequest = z.object({ articleId: EntityId, segment: Segment }).strict();

export const CampaignView = z.object({
  id: z.string(),
  articleId: z.string(),
  articleTitle: z.string(),
  segment: z.record(z.string(), z.unknown()),
  segmentDescription: z.string(),
  status: z.enum(CAMPAIGN_STATUSES),
  audienceCount: z.number().int(),
  counts: z.object({ pending: z.number().int(), sending: z.number().int(), sent: z.number().int(), failed: z.number().int(), skipped: z.number().int() }),
  /** failed + skipped by reason, with the Chinese explanation. */
  reasons: z.array(z.object({ status: z.enum(['failed', 'skipped']), reason: z.string(), label: z.string(), count: z.number().int() })),
  retryable: z.number().int(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type CampaignView = z.infer<typeof CampaignView>;
export const CampaignList = z.object({ items: z.array(CampaignView) });
export const CampaignListQuery = z.object({ articleId: EntityId.optional() });

export const ArticleStats = z.object({
  articleId: z.string(),
  reads: z.number().int(),
  uniqueReaders: z.number().int(),
  pushOpens: z.number().int(),
  favourites: z.number().int(),
  campaigns: z.array(
    z.object({ id: z.string(), createdAt: z.string(), sent: z.number().int(), opens: z.number().int(), uniqueOpeners: z.number().int(), reads: z.number().int() }),
  ),
});
export type ArticleStats = z.infer<typeof ArticleStats>;
