import type { ContentTopic } from '@healthpocket/shared-types';
import { apiBase, http } from '../services/api';
import { client } from '../services/client';

export { TOPIC_LABELS, CONTENT_TOPICS } from '@healthpocket/shared-types/src/content-constants';

/** The 健康资讯 endpoints residents use. */
export const contentApi = {
  feed: (q: { topic?: ContentTopic; cursor?: string; limit?: number } = {}) =>
    client.GET('/api/v1/content/feed', { params: { query: Object.fromEntries(Object.entries(q).filter(([, v]) => v !== '')) as typeof q } }),
  article: (id: string) => client.GET('/api/v1/content/articles/{id}', { params: { path: { id } } }),
  read: (id: string, campaignId?: string) => client.POST('/api/v1/content/articles/{id}/reads', { params: { path: { id } }, body: campaignId ? { campaignId } : {} }),
  /** The reader reached the end, or tapped a link (per-campaign figures). Best effort. */
  event: (id: string, e: { kind: 'end' } | { kind: 'link'; href: string }, campaignId?: string) =>
    client.POST('/api/v1/content/articles/{id}/events', { params: { path: { id } }, body: { ...e, ...(campaignId ? { campaignId } : {}) } }),
  favourite: (id: string, on: boolean) =>
    on ? client.PUT('/api/v1/content/articles/{id}/favourite', { params: { path: { id } } }) : client.DELETE('/api/v1/content/articles/{id}/favourite', { params: { path: { id } } }),
  favourites: () => client.GET('/api/v1/content/favourites'),
  preferences: () => client.GET('/api/v1/content/preferences'),
  setPreferences: (topics: ContentTopic[]) => client.PUT('/api/v1/content/preferences', { body: { topics } }),
  subscription: () => client.GET('/api/v1/content/subscription'),
  recordAccepted: (templateIds: string[]) => client.POST('/api/v1/content/subscription/accepted', { body: { templateIds } }),
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
