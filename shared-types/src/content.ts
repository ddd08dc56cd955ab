import { z } from 'zod';
import { EntityId } from './common';

/**
 * Health education (健康资讯): articles written by operators, pushed to segments of residents by
 * subscribe message, read in the resident feed. Constants live in content-constants.ts (the miniapp imports them
 * without zod).
 */

export * from './content-constants';
import { ARTICLE_LIMITS, ARTICLE_STATUSES, CONTENT_TOPICS, REVISION_STATUSES } from './content-constants';

// ---- segments ---------------------------------------------------------------------------

export const Segment = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }).strict(),
  z
    .object({ kind: z.literal('age_band'), minAge: z.number().int().min(0).max(120), maxAge: z.number().int().min(0).max(120) })
    .strict()
    .refine((s) => s.minAge <= s.maxAge, { message: '最小年龄不能大于最大年龄', path: ['maxAge'] }),
  z.object({ kind: z.literal('children_under_6') }).strict(),
  z
    .object({
      kind: z.literal('chronic'),
      conditions: z
        .array(z.enum(['I10', 'E11']))
        .min(1, '请至少选择一种慢病')
        .max(2),
    })
    .strict(),
  z.object({ kind: z.literal('vaccine_due'), withinDays: z.number().int().min(1).max(30).default(14) }).strict(),
]);
export type Segment = z.input<typeof Segment>;

export const SegmentPreviewRequest = z.object({ segment: Segment, articleId: EntityId.optional() });
export const SegmentPreview = z.object({
  /** Residents the push would be sent to: the segment less staff and residents already capped. */
  count: z.number().int(),
  /** Of those, how many have an acceptance of the template the app saw and not yet used (WeChat decides in the end). */
  reachable: z.number().int(),
  /** Staff accounts (doctors, operators…) left out: pushes are for residents. */
  excludedStaff: z.number().int(),
  /** Left out by the frequency cap: already received this article, or the weekly maximum. */
  excludedAlreadyReceived: z.number().int(),
  excludedWeeklyCap: z.number().int(),
  /** Quiet hours (China time) when nothing is sent; a push started then waits until they end. */
  quietHours: z.object({ start: z.string(), end: z.string(), now: z.boolean() }),
  weeklyCap: z.number().int(),
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

/** What sanitising took out of the Markdown, and why (the operator is told at save time). */
export const SanitizeNote = z.object({ kind: z.enum(['html', 'link', 'image']), what: z.string(), why: z.string() });
export type SanitizeNote = z.infer<typeof SanitizeNote>;
export const RenderedBody = z.object({ html: z.string(), nodes: z.array(RichNodeSchema), removed: z.array(SanitizeNote).optional() });
export type RenderedBody = z.infer<typeof RenderedBody>;
export const PreviewRequest = z.object({ bodyMd: z.string().max(ARTICLE_LIMITS.body, `正文最多${ARTICLE_LIMITS.body}个字`) }).strict();

export const RevisionView = z.object({
  number: z.number().int(),
  status: z.enum(REVISION_STATUSES),
  title: z.string(),
  summary: z.string(),
  bodyMd: z.string(),
  topics: z.array(Topic),
  coverImageId: z.string().nullable(),
  editorUserId: z.string(),
  submittedAt: z.string().nullable(),
  reviewerUserId: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  reviewNote: z.string().nullable(),
  restoredFrom: z.number().int().nullable(),
  live: z.boolean(),
  /** May the caller approve it: a reviewer who did not write it. */
  canReview: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type RevisionView = z.infer<typeof RevisionView>;
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
  /** The revision residents see, if published once. */
  liveRevision: z.number().int().nullable(),
  /** The version being edited or reviewed, when it differs from the live one (its text replaces the fields above in the editor). */
  working: RevisionView.nullable(),
  /** What sanitising removed from the body just saved (only on a save's answer). */
  removed: z.array(SanitizeNote).optional(),
});
export type ArticleView = z.infer<typeof ArticleView>;

export const RevisionList = z.object({ items: z.array(RevisionView) });
export type RevisionList = z.infer<typeof RevisionList>;
export const RevisionParams = z.object({ id: EntityId, number: z.coerce.number().int().min(1).max(100000) });
export const SubmitRequest = z.object({ revision: z.number().int().min(1) }).strict();
export const ReviewRequest = z
  .object({
    revision: z.number().int().min(1),
    decision: z.enum(['approve', 'reject']),
    note: z.string().trim().max(500, '审核意见最多500个字').default(''),
  })
  .strict()
  .refine((r) => r.decision === 'approve' || r.note.length >= 2, { message: '退回时请写明修改意见', path: ['note'] });
export const RollbackRequest = z.object({ revision: z.number().int().min(1) }).strict();
export const ReviewQueue = z.object({ items: z.array(z.object({ articleId: z.string(), title: z.string(), revision: RevisionView, liveRevision: z.number().int().nullable() })) });
export type ReviewQueue = z.infer<typeof ReviewQueue>;

/** A line diff between two revisions, field by field. */
export const DiffLine = z.object({ op: z.enum(['same', 'add', 'del']), text: z.string() });
export const RevisionDiff = z.object({
  from: z.number().int(),
  to: z.number().int(),
  fields: z.array(z.object({ field: z.enum(['title', 'summary', 'topics', 'coverImageId', 'bodyMd']), label: z.string(), changed: z.boolean(), lines: z.array(DiffLine) })),
});
export type RevisionDiff = z.infer<typeof RevisionDiff>;
export const DiffQuery = z.object({ against: z.coerce.number().int().min(1).max(100000).optional() });
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

export const ArticleDetail = ArticleCard.extend({
  body: RenderedBody,
  favourite: z.boolean(),
  /** Domains whose https links open in the weapp's web-view (its 业务域名); other links are copied. */
  webViewDomains: z.array(z.string()),
});
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
/** The reader reached the end, or tapped a link (https or tel) in the body. */
export const ReadEvent = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('end'), campaignId: EntityId.optional() }).strict(),
  z
    .object({
      kind: z.literal('link'),
      href: z
        .string()
        .max(300)
        .regex(/^(https:\/\/|tel:)/, '链接格式不正确'),
      campaignId: EntityId.optional(),
    })
    .strict(),
]);

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
  /** The honest result for the status colour. */
  outcome: z.enum(['running', 'success', 'partial', 'failed', 'nothing_sent', 'stopped']),
  outcomeLabel: z.string(),
  /** Waiting for quiet hours to end. */
  waitingQuietHours: z.boolean(),
  figures: z.object({ delivered: z.number().int(), opened: z.number().int(), readToEnd: z.number().int(), linkClicks: z.number().int() }),
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
  campaigns: z.array(z.object({ id: z.string(), createdAt: z.string(), sent: z.number().int(), opens: z.number().int(), uniqueOpeners: z.number().int(), reads: z.number().int() })),
});
export type ArticleStats = z.infer<typeof ArticleStats>;
