import { TOPIC_LABELS, type ContentTopic } from '@healthpocket/shared-types';

// eslint-disable-next-line no-control-regex -- control characters are what it removes
const CONTROL_CHARS = /[\u0000-\u001f\u007f]+/g;

/**
 * WeChat's subscribe-message field limits (shared/notes/wechat.md): `thing` ≤ 20 characters.
 * Characters are counted as code points; line breaks and control characters are not allowed.
 */
export function fitThing(text: string, max = 20): string {
  const chars = [...text.replace(CONTROL_CHARS, ' ').replace(/\s+/g, ' ').trim()];
  if (chars.length === 0) return '健康资讯';
  return chars.length <= max ? chars.join('') : chars.slice(0, max - 1).join('') + '…';
}

/** The data of the 健康科普更新提醒 template: thing1 标题, thing2 栏目, thing3 温馨提示. */
export function articleMessageData(a: { title: string; summary: string; topics: ContentTopic[] }): Record<string, string> {
  return {
    thing1: fitThing(a.title),
    thing2: fitThing(a.topics.map((t) => TOPIC_LABELS[t]).join('、') || '健康资讯'),
    thing3: fitThing(a.summary || '点击查看全文'),
  };
}

/** The page the message opens: the article, with the campaign so opens from push can be counted. */
export function articlePage(articleId: string, campaignId: string): string {
  return `content/pages/article/index?id=${encodeURIComponent(articleId)}&campaign=${encodeURIComponent(campaignId)}`;
}
