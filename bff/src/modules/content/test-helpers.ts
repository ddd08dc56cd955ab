import type { Stack } from '../../../test/harness';
import { uniqueOpenid } from '../../../test/harness';

/** An operator's access token (the role granted like the admin CLI does). */
export async function operatorToken(s: Stack): Promise<string> {
  const openid = uniqueOpenid('op');
  await s.bff.services.auth.grant(openid, ['operator']);
  return (await s.login(openid)).accessToken;
}

export const SAMPLE = {
  title: '冬季高血压患者如何科学监测血压',
  summary: '气温下降时血压容易波动，家庭自测要注意这几点。',
  bodyMd: '## 为什么冬天血压会升高\n\n寒冷使**血管收缩**。\n\n1. 每天早晚各测一次\n2. 测前静坐5分钟',
  topics: ['hypertension', 'elderly'],
};

/** A 医学审核 reviewer's access token. */
export async function reviewerToken(s: Stack): Promise<string> {
  const openid = uniqueOpenid('rv');
  await s.bff.services.auth.grant(openid, ['reviewer']);
  return (await s.login(openid)).accessToken;
}

const reviewers = new WeakMap<Stack, Promise<string>>();

/** Submits the article's working revision and has another person (a reviewer) approve it. */
export async function approve(s: Stack, token: string, id: string): Promise<void> {
  if (!reviewers.has(s)) reviewers.set(s, reviewerToken(s));
  const rv = await reviewers.get(s)!;
  const view = (await s.api('GET', `/api/v1/console/content/articles/${id}`, { token })).body;
  const revision = view.working?.number;
  const sub = await s.api('POST', `/api/v1/console/content/articles/${id}/submit`, { token, body: { revision } });
  if (sub.status !== 200) throw new Error(`submit failed ${sub.status} ${JSON.stringify(sub.body)}`);
  const ok = await s.api('POST', `/api/v1/console/content/articles/${id}/review`, { token: rv, body: { revision, decision: 'approve' } });
  if (ok.status !== 200) throw new Error(`review failed ${ok.status} ${JSON.stringify(ok.body)}`);
}

/** Creates, has reviewed and publishes an article; returns its id. */
export async function publishedArticle(s: Stack, token: string, fields: Partial<typeof SAMPLE> = {}): Promise<string> {
  const created = await s.api('POST', '/api/v1/console/content/articles', { token, body: { ...SAMPLE, ...fields } });
  if (created.status !== 201) throw new Error(`create failed ${created.status} ${JSON.stringify(created.body)}`);
  await approve(s, token, created.body.id);
  const pub = await s.api('POST', `/api/v1/console/content/articles/${created.body.id}/publish`, { token, body: {} });
  if (pub.status !== 200) throw new Error(`publish failed ${pub.status} ${JSON.stringify(pub.body)}`);
  return created.body.id;
}

/** Polls `fn` until `done` holds; fails loudly instead of hanging. */
export async function until<T>(fn: () => Promise<T>, done: (v: T) => boolean, what: string, ms = 20000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (done(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
