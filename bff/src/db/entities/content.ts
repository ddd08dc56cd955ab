import { Entity, Index } from 'typeorm';
import type { ArticleStatus, CampaignStatus, ContentTopic, DeliveryReason, RevisionStatus } from '@healthpocket/shared-types';
import { CreatedAt, IdColumn, IntColumn, JsonColumn, RefColumn, StrColumn, TextColumn, TimeColumn, UpdatedAt } from '../columns';

/** A health-education article (健康资讯). Body in Markdown; rendered and sanitised on read. */
@Entity('content_articles')
@Index(['status', 'publishedAt'])
export class ContentArticle {
  @IdColumn() id: string;
  @StrColumn(64) title: string;
  @StrColumn(200) summary: string;
  /** TEXT holds 65,535 bytes on MySQL: the body limit (15,000 characters) fits even in 4-byte characters. */
  @TextColumn() bodyMd: string;
  /** JSON text; the feed filters with LIKE '%"topic"%' (a few thousand articles at most). */
  @JsonColumn() topics: ContentTopic[];
  @RefColumn({ nullable: true }) coverImageId: string | null;
  @StrColumn(16) status: ArticleStatus;
  @TimeColumn({ nullable: true }) publishAt: Date | null;
  @TimeColumn({ nullable: true }) publishedAt: Date | null;
  @TimeColumn({ nullable: true }) unpublishedAt: Date | null;
  @IntColumn({ default: 0 }) readCount: number;
  /** Optimistic concurrency: an edit based on an older version is refused. */
  @IntColumn({ default: 1 }) version: number;
  @RefColumn() authorUserId: string;
  /** The revision residents see (null before the first publication). */
  @IntColumn({ nullable: true }) liveRevision: number | null;
  @CreatedAt() createdAt: Date;
  @UpdatedAt() updatedAt: Date;
}

/**
 * One version of an article's text. Edits go to the working revision (draft → submitted →
 * approved or rejected by a reviewer who is not its author); publishing copies an approved
 * revision into the article row, so the live text never changes without review.
 */
@Entity('content_revisions')
@Index(['articleId', 'number'], { unique: true })
export class ContentRevision {
  @IdColumn() id: string;
  @RefColumn() articleId: string;
  @IntColumn() number: number;
  @StrColumn(64) title: string;
  @StrColumn(200) summary: string;
  @TextColumn() bodyMd: string;
  @JsonColumn() topics: ContentTopic[];
  @RefColumn({ nullable: true }) coverImageId: string | null;
  @StrColumn(16) status: RevisionStatus;
  /** The last person who changed the text: they may not approve it. */
  @RefColumn() editorUserId: string;
  @TimeColumn({ nullable: true }) submittedAt: Date | null;
  @RefColumn({ nullable: true }) reviewerUserId: string | null;
  @TimeColumn({ nullable: true }) reviewedAt: Date | null;
  @StrColumn(500, { nullable: true }) reviewNote: string | null;
  /** Set when this revision was made by rolling back to an earlier one. */
  @IntColumn({ nullable: true }) restoredFrom: number | null;
  @CreatedAt() createdAt: Date;
  @UpdatedAt() updatedAt: Date;
}

/** An uploaded cover image, re-encoded (metadata such as GPS stripped) and stored as `<id>.jpg`. */
@Entity('content_images')
export class ContentImage {
  @IdColumn() id: string;
  @StrColumn(64) sha256: string;
  @StrColumn(32) mime: string;
  @IntColumn() bytes: number;
  @IntColumn() width: number;
  @IntColumn() height: number;
  @RefColumn() uploadedByUserId: string;
  @CreatedAt() createdAt: Date;
}

/** One read of an article; `campaignId` when the reader came from a push. */
@Entity('content_reads')
@Index(['articleId', 'userId'])
export class ContentRead {
  @IdColumn() id: string;
  @RefColumn() articleId: string;
  @RefColumn({ nullable: true }) userId: string | null;
  @Index() @RefColumn({ nullable: true }) campaignId: string | null;
  @CreatedAt() createdAt: Date;
}

@Entity('content_favourites')
@Index(['userId', 'articleId'], { unique: true })
export class ContentFavourite {
  @IdColumn() id: string;
  @RefColumn() userId: string;
  @Index() @RefColumn() articleId: string;
  @CreatedAt() createdAt: Date;
}

/** The topics a resident chose; the feed puts those first. Keyed by user id. */
@Entity('content_preferences')
export class ContentPreference {
  @IdColumn() userId: string;
  @JsonColumn() topics: ContentTopic[];
  @UpdatedAt() updatedAt: Date;
}

/** Template acceptances the app saw (wx.requestSubscribeMessage): an estimate; WeChat's 43101 decides. */
@Entity('content_subscriptions')
@Index(['userId', 'templateId'], { unique: true })
export class ContentSubscription {
  @IdColumn() id: string;
  @RefColumn() userId: string;
  @StrColumn(128) templateId: string;
  @IntColumn({ default: 0 }) acceptedCount: number;
  /** Messages sent against those acceptances (or the quota WeChat said was gone): reachable while accepted > used. */
  @IntColumn({ default: 0 }) usedCount: number;
  @UpdatedAt() updatedAt: Date;
}

/** Pushing one article to one segment. */
@Entity('content_campaigns')
export class ContentCampaign {
  @IdColumn() id: string;
  @Index() @RefColumn() articleId: string;
  @JsonColumn() segment: Record<string, unknown>;
  @StrColumn(200) segmentDescription: string;
  @StrColumn(128) templateId: string;
  @StrColumn(16) status: CampaignStatus;
  @IntColumn({ default: 0 }) audienceCount: number;
  /** Why a campaign stopped before sending (e.g. the audience could not be computed). */
  @StrColumn(200, { nullable: true }) note: string | null;
  @RefColumn() createdByUserId: string;
  @CreatedAt() createdAt: Date;
  @TimeColumn({ nullable: true }) startedAt: Date | null;
  @TimeColumn({ nullable: true }) finishedAt: Date | null;
}

/**
 * One resident of one campaign. The unique (campaignId, userId) row is claimed (pending → sending)
 * by a conditional update before WeChat is called, so no resident gets one campaign twice.
 */
@Entity('content_deliveries')
@Index(['campaignId', 'userId'], { unique: true })
@Index(['campaignId', 'status'])
export class ContentDelivery {
  @IdColumn() id: string;
  @RefColumn() campaignId: string;
  @RefColumn() userId: string;
  @StrColumn(64) openid: string;
  @StrColumn(16) status: 'pending' | 'sending' | 'sent' | 'failed' | 'skipped';
  @StrColumn(32, { nullable: true }) reason: DeliveryReason | null;
  @StrColumn(255, { nullable: true }) lastError: string | null;
  @IntColumn({ default: 0 }) attempts: number;
  /** Bumped when an operator resumes failed sends: makes a fresh queue job id. */
  @IntColumn({ default: 1 }) round: number;
  @TimeColumn({ nullable: true }) claimedAt: Date | null;
  @TimeColumn({ nullable: true }) sentAt: Date | null;
  @CreatedAt() createdAt: Date;
  @UpdatedAt() updatedAt: Date;
}

/**
 * What a resident received across campaigns: one row per (user, article), taken before WeChat is
 * called, so no article reaches a resident twice and the weekly cap counts what was sent or in flight.
 */
@Entity('content_push_ledger')
@Index(['userId', 'articleId'], { unique: true })
@Index(['userId', 'claimedAt'])
export class ContentPushLedger {
  @IdColumn() id: string;
  @RefColumn() userId: string;
  @RefColumn() articleId: string;
  @RefColumn() deliveryId: string;
  @TimeColumn() claimedAt: Date;
}

/** A reader reached the end of an article, or tapped a link in it (per-campaign figures). */
@Entity('content_events')
@Index(['articleId', 'kind'])
export class ContentEvent {
  @IdColumn() id: string;
  @RefColumn() articleId: string;
  @RefColumn({ nullable: true }) userId: string | null;
  @Index() @RefColumn({ nullable: true }) campaignId: string | null;
  @StrColumn(8) kind: 'end' | 'link';
  @StrColumn(300, { nullable: true }) href: string | null;
  @CreatedAt() createdAt: Date;
}

export const contentEntities = [
  ContentRevision,
  ContentPushLedger,
  ContentEvent,
  ContentArticle,
  ContentImage,
  ContentRead,
  ContentFavourite,
  ContentPreference,
  ContentSubscription,
  ContentCampaign,
  ContentDelivery,
];
