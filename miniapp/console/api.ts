import Taro from '@tarojs/taro';
import type { ArticleStats, ArticleStatus, ArticleView, CampaignView, RenderedBody, ReviewQueue, RevisionDiff, RevisionList, Segment, SegmentPreview, UploadedImage } from '@healthpocket/shared-types';
import { ApiError, apiBase, http, tokenStore, toApiError } from '../services/api';

export { ARTICLE_STATUS_LABELS, CONTENT_TOPICS, TOPIC_LABELS, COVER_LIMITS, REVISION_STATUS_LABELS } from '@healthpocket/shared-types/src/content-constants';

const B = '/api/v1/console/content';
const enc = encodeURIComponent;

export interface ArticleFields {
  title: string;
  summary: string;
  bodyMd: string;
  topics: string[];
  coverImageId: string | null;
}

/** The operator console's endpoints (role operator). */
export const consoleApi = {
  articles: (status?: ArticleStatus) => http.get<{ items: ArticleView[] }>(`${B}/articles${status ? `?status=${status}` : ''}`),
  article: (id: string) => http.get<ArticleView>(`${B}/articles/${enc(id)}`),
  create: (f: ArticleFields) => http.post<ArticleView>(`${B}/articles`, f),
  update: (id: string, f: ArticleFields & { version: number }) => http.put<ArticleView>(`${B}/articles/${enc(id)}`, f),
  publish: (id: string, at?: string) => http.post<ArticleView>(`${B}/articles/${enc(id)}/publish`, at ? { at } : {}),
  unpublish: (id: string) => http.post<ArticleView>(`${B}/articles/${enc(id)}/unpublish`),
  stats: (id: string) => http.get<ArticleStats>(`${B}/articles/${enc(id)}/stats`),
  preview: (bodyMd: string) => http.post<RenderedBody>(`${B}/preview`, { bodyMd }),
  segmentPreview: (segment: Segment, articleId?: string) => http.post<SegmentPreview>(`${B}/segments/preview`, { segment, ...(articleId ? { articleId } : {}) }),
  submit: (id: string, revision: number) => http.post<ArticleView>(`${B}/articles/${enc(id)}/submit`, { revision }),
  review: (id: string, revision: number, decision: 'approve' | 'reject', note: string) => http.post<ArticleView>(`${B}/articles/${enc(id)}/review`, { revision, decision, note }),
  rollback: (id: string, revision: number) => http.post<ArticleView>(`${B}/articles/${enc(id)}/rollback`, { revision }),
  revisions: (id: string) => http.get<RevisionList>(`${B}/articles/${enc(id)}/revisions`),
  diff: (id: string, revision: number, against?: number) => http.get<RevisionDiff>(`${B}/articles/${enc(id)}/revisions/${revision}/diff${against ? `?against=${against}` : ''}`),
  reviews: () => http.get<ReviewQueue>(`${B}/reviews`),
  createCampaign: (articleId: string, segment: Segment, key: string) =>
    http.post<CampaignView>(`${B}/campaigns`, { articleId, segment }, { header: { 'Idempotency-Key': key } }),
  campaigns: (articleId: string) => http.get<{ items: CampaignView[] }>(`${B}/campaigns?articleId=${enc(articleId)}`),
  campaign: (id: string) => http.get<CampaignView>(`${B}/campaigns/${enc(id)}`),
  resume: (id: string) => http.post<CampaignView>(`${B}/campaigns/${enc(id)}/resume`),

  /** multipart upload through Taro.uploadFile (wx.uploadFile in the weapp, a FormData POST in H5). */
  async uploadCover(filePath: string): Promise<UploadedImage> {
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
    if (res.statusCode >= 200 && res.statusCode < 300) return data as UploadedImage;
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
