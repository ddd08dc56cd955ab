import Taro from '@tarojs/taro';
import type { ContentTopic, ArticleStatus, Segment } from '@healthpocket/shared-types';
import { ApiError, apiBase, tokenStore, toApiError } from '../services/api';
import { client, type ApiResponse } from '../services/client';

export { ARTICLE_STATUS_LABELS, CONTENT_TOPICS, TOPIC_LABELS, COVER_LIMITS, REVISION_STATUS_LABELS } from '@healthpocket/shared-types/src/content-constants';

const B = '/api/v1/console/content';

export interface ArticleFields {
  title: string;
  summary: string;
  bodyMd: string;
  topics: ContentTopic[];
  coverImageId: string | null;
}

/** The operator console's endpoints (role operator). */
export const consoleApi = {
  articles: (status?: ArticleStatus) => client.GET('/api/v1/console/content/articles', { params: { query: { status: status || undefined } } }),
  article: (id: string) => client.GET('/api/v1/console/content/articles/{id}', { params: { path: { id } } }),
  create: (f: ArticleFields) => client.POST('/api/v1/console/content/articles', { body: f }),
  update: (id: string, f: ArticleFields & { version: number }) => client.PUT('/api/v1/console/content/articles/{id}', { params: { path: { id } }, body: f }),
  publish: (id: string, at?: string) => client.POST('/api/v1/console/content/articles/{id}/publish', { params: { path: { id } }, body: at ? { at } : {} }),
  unpublish: (id: string) => client.POST('/api/v1/console/content/articles/{id}/unpublish', { params: { path: { id } } }),
  stats: (id: string) => client.GET('/api/v1/console/content/articles/{id}/stats', { params: { path: { id } } }),
  preview: (bodyMd: string) => client.POST('/api/v1/console/content/preview', { body: { bodyMd } }),
  segmentPreview: (segment: Segment, articleId?: string) => client.POST('/api/v1/console/content/segments/preview', { body: { segment, ...(articleId ? { articleId } : {}) } }),
  submit: (id: string, revision: number) => client.POST('/api/v1/console/content/articles/{id}/submit', { params: { path: { id } }, body: { revision } }),
  review: (id: string, revision: number, decision: 'approve' | 'reject', note: string) =>
    client.POST('/api/v1/console/content/articles/{id}/review', { params: { path: { id } }, body: { revision, decision, note } }),
  rollback: (id: string, revision: number) => client.POST('/api/v1/console/content/articles/{id}/rollback', { params: { path: { id } }, body: { revision } }),
  revisions: (id: string) => client.GET('/api/v1/console/content/articles/{id}/revisions', { params: { path: { id } } }),
  diff: (id: string, revision: number, against?: number) =>
    client.GET('/api/v1/console/content/articles/{id}/revisions/{number}/diff', { params: { path: { id, number: revision }, query: { against: against || undefined } } }),
  reviews: () => client.GET('/api/v1/console/content/reviews'),
  createCampaign: (articleId: string, segment: Segment, key: string) =>
    client.POST('/api/v1/console/content/campaigns', { params: { header: { 'Idempotency-Key': key } }, body: { articleId, segment } }),
  campaigns: (articleId: string) => client.GET('/api/v1/console/content/campaigns', { params: { query: { articleId } } }),
  campaign: (id: string) => client.GET('/api/v1/console/content/campaigns/{id}', { params: { path: { id } } }),
  resume: (id: string) => client.POST('/api/v1/console/content/campaigns/{id}/resume', { params: { path: { id } } }),

  /** multipart upload through Taro.uploadFile (wx.uploadFile in the weapp, a FormData POST in H5). */
  async uploadCover(filePath: string): Promise<ApiResponse<'/api/v1/console/content/images', 'post'>> {
    const token = tokenStore.get()?.accessToken;
    let res: { statusCode: number; data: string };
    try {
      res = (await Taro.uploadFile({ url: `${apiBase()}${B}/images`, filePath, name: 'file', header: token ? { Authorization: `Bearer ${token}` } : {} })) as never;
    } catch {
      throw new ApiError('NETWORK_ERROR', '上传失败，请检查网络后重试', 0);
    }
    let data: unknown = null;
    try {
      data = JSON.parse(res.data);
    } catch {
      /* not JSON */
    }
    if (res.statusCode >= 200 && res.statusCode < 300) return data as ApiResponse<'/api/v1/console/content/images', 'post'>;
    throw toApiError(res.statusCode, data);
  },
};

/** A random Idempotency-Key: one per intended campaign, kept while the confirmation is open. */
export function newKey(): string {
  let s = '';
  for (let i = 0; i < 24; i++) s += 'abcdefghijklmnopqrstuvwxyz0123456789'[Math.floor(Math.random() * 36)];
  return `cmp_${s}`;
}

/** 2026-11-22T08:30:00+08:00 → 2026-11-22 08:30 */
export function chinaTime(iso: string | null): string {
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : '';
}
