import type { ArticleCard, ArticleDetail, ContentTopic, Feed } from '@healthpocket/shared-types';
import { apiBase, http } from '../services/api';

export { TOPIC_LABELS, CONTENT_TOPICS } from '@healthpocket/shared-types/src/content-constants';

/** The 健康资讯 endpoints residents use. */
export const contentApi = {
  feed: (q: { topic?: ContentTopic; cursor?: string; limit?: number } = {}) => {
    const qs = Object.entries(q)
      .filter(([, v]) => v !== undefined && v !== '')
      .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
      .join('&');
    return http.get<Feed>(`/api/v1/content/feed${qs ? `?${qs}` : ''}`);
  },
  article: (id: string) => http.get<ArticleDetail>(`/api/v1/content/articles/${encodeURIComponent(id)}`),
  read: (id: string, campaignId?: string) => http.post<{ readCount: number }>(`/api/v1/content/articles/${encodeURIComponent(id)}/reads`, campaignId ? { campaignId } : {}),
  /** The reader reached the end, or tapped a link (per-campaign figures). Best effort. */
  event: (id: string, e: { kind: 'end' } | { kind: 'link'; href: string }, campaignId?: string) =>
    http.post<void>(`/api/v1/content/articles/${encodeURIComponent(id)}/events`, { ...e, ...(campaignId ? { campaignId } : {}) }),
  favourite: (id: string, on: boolean) =>
    on ? http.put<void>(`/api/v1/content/articles/${encodeURIComponent(id)}/favourite`) : http.del(`/api/v1/content/articles/${encodeURIComponent(id)}/favourite`),
  favourites: () => http.get<{ items: ArticleCard[] }>('/api/v1/content/favourites'),
  preferences: () => http.get<{ topics: ContentTopic[] }>('/api/v1/content/preferences'),
  setPreferences: (topics: ContentTopic[]) => http.put<{ topics: ContentTopic[] }>('/api/v1/content/preferences', { topics }),
  subscription: () => http.get<{ templateId: string; acceptedCount: number; sandboxOpenid?: string }>('/api/v1/content/subscription'),
  recordAccepted: (templateIds: string[]) => http.post<{ templateId: string; acceptedCount: number }>('/api/v1/content/subscription/accepted', { templateIds }),
  /** H5 only: the WeChat sandbox stands in for wx.requestSubscribeMessage. */
  sandboxSubscribe: (sandboxUrl: string, openid: string, templateIds: string[]) =>
    http.post<Record<string, string>>('/wechat/sandbox/subscriptions', { openid, templateIds }, { auth: false, baseUrl: sandboxUrl }),
};

/** Cover and body images are served by the BFF under a relative path. */
export function assetUrl(url: string | null): string | null {
  if (!url) return null;
  return url.startsWith('/') ? `${apiBase()}${url}` : url;
}

/** "11月22日" for this year, "2025年11月22日" otherwise (China time). */
export function shortDate(iso: string): string {
  const d = iso.slice(0, 10);
  const [y, m, day] = d.split('-').map(Number);
  const thisYear = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
  return y === thisYear ? `${m}月${day}日` : `${y}年${m}月${day}日`;
}
