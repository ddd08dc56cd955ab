import { z } from 'zod';
import {
  ARTICLE_STATUSES,
  ArticleDetail,
  ArticleInput,
  ArticleList,
  ArticleStats,
  ArticleUpdate,
  ArticleView,
  CampaignList,
  CampaignListQuery,
  CampaignView,
  CreateCampaignRequest,
  FavouriteList,
  Feed,
  FeedQuery,
  IdParam,
  Preferences,
  PreviewRequest,
  PublishRequest,
  ReadRequest,
  RenderedBody,
  SegmentPreview,
  SegmentPreviewRequest,
  SubscriptionAccepted,
  SubscriptionInfo,
  UploadedImage,
} from '@healthpocket/shared-types';
import { route, type AnyRoute } from '../../http/route';
import { User } from '../../db/entities';
import type { Services } from '../../services';
import { renderMarkdown } from './markdown';
import { presentArticle } from './presenters';
import { describeSegment, type SegmentSpec, type VaccinesDue } from './segments';

const CONSOLE = '/api/v1/console/content';
const tags = ['content'];

export function contentRoutes(s: Services): AnyRoute[] {
  const c = s.content;
  // The vaccines service may arrive later; the vaccine-due segment uses it when it is there.
  c.segments.useVaccines((s as unknown as { vaccines?: VaccinesDue }).vaccines);

  const operatorRoutes: AnyRoute[] = [
    route({
      method: 'get',
      path: `${CONSOLE}/articles`,
      summary: 'Articles in every state, newest edit first (operator)',
      tags,
      auth: 'content.write',
      query: z.object({ status: z.enum(ARTICLE_STATUSES).optional() }),
      response: ArticleList,
      handler: async (r) => ({ items: await c.articles.list(r.query.status) }),
    }),
    route({
      method: 'post',
      path: `${CONSOLE}/articles`,
      summary: 'Create a draft (operator)',
      tags,
      auth: 'content.write',
      body: ArticleInput,
      response: ArticleView,
      status: 201,
      handler: (r) => c.articles.create(r, r.body),
    }),
    route({
      method: 'get',
      path: `${CONSOLE}/articles/:id`,
      summary: 'One article with its Markdown source (operator)',
      tags,
      auth: 'content.write',
      params: IdParam,
      response: ArticleView,
      handler: async (r) => presentArticle(await c.articles.get(r.params.id)),
    }),
    route({
      method: 'put',
      path: `${CONSOLE}/articles/:id`,
      summary: 'Save an edit; refused with ARTICLE_VERSION_CONFLICT if someone saved since `version` (operator)',
      tags,
      auth: 'content.write',
      params: IdParam,
      body: ArticleUpdate,
      response: ArticleView,
      handler: (r) => c.articles.update(r, r.params.id, r.body),
    }),
    route({
      method: 'post',
      path: `${CONSOLE}/articles/:id/publish`,
      summary: 'Publish now, or at `at` (scheduled by a queue job) (operator)',
      tags,
      auth: 'content.publish',
      params: IdParam,
      body: PublishRequest,
      response: ArticleView,
      handler: (r) => c.articles.publish(r, r.params.id, r.body.at),
    }),
    route({
      method: 'post',
      path: `${CONSOLE}/articles/:id/unpublish`,
      summary: 'Take an article offline; running pushes of it stop (operator)',
      tags,
      auth: 'content.publish',
      params: IdParam,
      response: ArticleView,
      handler: (r) => c.articles.unpublish(r, r.params.id),
    }),
    route({
      method: 'get',
      path: `${CONSOLE}/articles/:id/stats`,
      summary: 'Reads, unique readers, opens from push, per article and campaign (operator)',
      tags,
      auth: 'content.write',
      params: IdParam,
      response: ArticleStats,
      handler: (r) => c.stats.article(r.params.id),
    }),
    route({
      method: 'post',
      path: `${CONSOLE}/preview`,
      summary: 'Render Markdown exactly as residents will see it (sanitised HTML and rich-text nodes) (operator)',
      tags,
      auth: 'content.write',
      body: PreviewRequest,
      response: RenderedBody,
      handler: async (r) => renderMarkdown(r.body.bodyMd),
    }),
    route({
      method: 'post',
      path: `${CONSOLE}/images`,
      summary: 'Upload a cover image: multipart/form-data field `file`, JPEG/PNG/WebP ≤ 2 MB, re-encoded as JPEG (operator)',
      tags,
      auth: 'content.write',
      rateLimit: { name: 'content-upload', points: 30, durationSeconds: 600, by: 'user' },
      response: UploadedImage,
      status: 201,
      upload: { field: 'file', types: ['image/jpeg', 'image/png', 'image/webp'], maxBytes: 2 * 1024 * 1024 },
      errors: ['IMAGE_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE'],
      handler: (r) => c.uploads.upload(r, r.ctx),
    }),
    route({
      method: 'post',
      path: `${CONSOLE}/segments/preview`,
      summary: 'How many residents a segment reaches now (operator)',
      tags,
      auth: 'campaign.send',
      body: SegmentPreviewRequest,
      response: SegmentPreview,
      handler: async (r) => {
        const seg = r.body.segment as SegmentSpec;
        const { recipients, excludedWithoutConsent } = await c.segments.evaluate(r, seg);
        return { count: recipients.length, description: describeSegment(seg), excludedWithoutConsent };
      },
    }),
    route({
      method: 'post',
      path: `${CONSOLE}/campaigns`,
      summary: 'Push a published article to a segment by subscribe message (operator; Idempotency-Key)',
      tags,
      auth: 'campaign.send',
      idempotent: true,
      headers: { 'Idempotency-Key': { required: true, description: 'One key per intended campaign: a retried request does not start a second one' } },
      body: CreateCampaignRequest,
      response: CampaignView,
      status: 201,
      handler: (r) => c.campaigns.create(r, r.body.articleId, r.body.segment as SegmentSpec),
    }),
    route({
      method: 'get',
      path: `${CONSOLE}/campaigns`,
      summary: 'Campaigns with progress and report, newest first (operator)',
      tags,
      auth: 'campaign.send',
      query: CampaignListQuery,
      response: CampaignList,
      handler: async (r) => ({ items: await c.campaigns.list(r.query.articleId) }),
    }),
    route({
      method: 'get',
      path: `${CONSOLE}/campaigns/:id`,
      summary: 'Progress and report: sent, failed with reasons, skipped for lack of subscription (operator)',
      tags,
      auth: 'campaign.send',
      params: IdParam,
      response: CampaignView,
      handler: (r) => c.campaigns.view(r.params.id),
    }),
    route({
      method: 'post',
      path: `${CONSOLE}/campaigns/:id/resume`,
      summary: 'Send again what failed because WeChat was unavailable; nobody gets it twice (operator)',
      tags,
      auth: 'campaign.send',
      params: IdParam,
      response: CampaignView,
      handler: (r) => c.campaigns.resume(r, r.params.id),
    }),
  ];

  const residentRoutes: AnyRoute[] = [
    route({
      method: 'get',
      path: '/api/v1/content/feed',
      summary: '健康资讯 feed: published articles, newest first, with the resident’s topics first',
      tags,
      auth: 'public',
      query: FeedQuery,
      response: Feed,
      handler: (r) => c.feeds.feed(r.actor, r.query),
    }),
    route({
      method: 'get',
      path: '/api/v1/content/articles/:id',
      summary: 'A published article, rendered',
      tags,
      auth: 'public',
      params: IdParam,
      response: ArticleDetail,
      handler: (r) => c.feeds.detail(r.actor, r.params.id),
    }),
    route({
      method: 'post',
      path: '/api/v1/content/articles/:id/reads',
      summary: 'Count a read; `campaignId` from the push page parameter counts an open from push',
      tags,
      auth: 'public',
      rateLimit: { name: 'content-read', points: 60, durationSeconds: 60, by: 'ip' },
      params: IdParam,
      body: ReadRequest,
      response: z.object({ readCount: z.number().int() }),
      handler: (r) => c.feeds.read(r.actor, r.params.id, r.body.campaignId),
    }),
    route({
      method: 'put',
      path: '/api/v1/content/articles/:id/favourite',
      summary: 'Add to favourites (idempotent)',
      tags,
      auth: 'user',
      params: IdParam,
      handler: (r) => c.feeds.favourite(r.actor, r.params.id, true),
    }),
    route({
      method: 'delete',
      path: '/api/v1/content/articles/:id/favourite',
      summary: 'Remove from favourites (idempotent)',
      tags,
      auth: 'user',
      params: IdParam,
      handler: (r) => c.feeds.favourite(r.actor, r.params.id, false),
    }),
    route({
      method: 'get',
      path: '/api/v1/content/favourites',
      summary: 'My favourites that are still published',
      tags,
      auth: 'user',
      response: FavouriteList,
      handler: async (r) => ({ items: await c.feeds.favourites(r.actor) }),
    }),
    route({
      method: 'get',
      path: '/api/v1/content/preferences',
      summary: 'The topics that come first in my feed',
      tags,
      auth: 'user',
      response: Preferences,
      handler: async (r) => ({ topics: await c.feeds.topicsOf(r.actor) }),
    }),
    route({
      method: 'put',
      path: '/api/v1/content/preferences',
      summary: 'Choose the topics that come first in my feed',
      tags,
      auth: 'user',
      body: Preferences,
      response: Preferences,
      handler: async (r) => ({ topics: await c.feeds.setTopics(r.actor, r.body.topics) }),
    }),
    route({
      method: 'get',
      path: '/api/v1/content/subscription',
      summary: 'The subscribe-message template of 健康资讯 reminders, and how often I accepted it here',
      tags,
      auth: 'user',
      response: SubscriptionInfo,
      handler: async (r) => {
        const info = await c.feeds.subscription(r.actor, c.settings.templateId);
        if (!s.config.sandboxPublicUrl) return info;
        const user = await s.ds.getRepository(User).findOneBy({ id: r.actor.userId });
        return { ...info, sandboxOpenid: user?.openid };
      },
    }),
    route({
      method: 'post',
      path: '/api/v1/content/subscription/accepted',
      summary: 'Record that wx.requestSubscribeMessage answered accept (an estimate; WeChat decides)',
      tags,
      auth: 'user',
      body: SubscriptionAccepted,
      response: SubscriptionInfo,
      handler: async (r) => {
        if (!r.body.templateIds.includes(c.settings.templateId)) return c.feeds.subscription(r.actor, c.settings.templateId);
        return c.feeds.recordAcceptance(r.actor, c.settings.templateId);
      },
    }),
    route({
      method: 'get',
      path: '/api/v1/content/images/:id',
      summary: 'A cover or body image (JPEG)',
      tags,
      auth: 'public',
      params: IdParam,
      produces: ['image/jpeg'],
      handler: (r) => c.uploads.serve(r.ctx, r.params.id),
    }),
  ];

  return [...operatorRoutes, ...residentRoutes];
}
