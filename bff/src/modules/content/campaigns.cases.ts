/**
 * The campaign suite, run once per queue backend: campaigns.test.ts runs it in-process (npm test),
 * campaigns.redis.test.ts on BullMQ (npm run test:redis, needs Redis).
 */
import { randomIdNumber, type Stack, startStack } from '../../../test/harness';
import { startBff, type RunningBff } from '../../server';
import { BullMqBackend } from '../../queue';
import { createLogger } from '../../logger';
import { operatorToken, publishedArticle, until } from './test-helpers';
import { User } from '../../db/entities';
import { Message } from '../messages/entity';

const TEMPLATE = 'sbx_tmpl_health_article';
export const SEND_PATH = '/wechat/cgi-bin/message/subscribe/send';

/** Residents born in `year` (so an age band picks exactly them); `accept` sends each may receive. */
export async function residents(s: Stack, year: number, n: number, accept: number): Promise<string[]> {
  const openids: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = await s.resident({ idNumber: randomIdNumber(`${year}0${1 + (i % 9)}1${i % 9}`) });
    if (accept > 0) await s.sbx('POST', '/wechat/sandbox/subscriptions', { body: { openid: r.openid, templateIds: [TEMPLATE], count: accept } });
    openids.push(r.openid);
  }
  return openids;
}

/** How many 消息中心 messages each resident has that open this article. */
export async function centreCopies(s: Stack, openids: string[], articleId: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const openid of openids) {
    const user = await s.bff.services.ds.getRepository(User).findOneByOrFail({ openid });
    const rows = await s.bff.services.ds.getRepository(Message).findBy({ userId: user.id, category: 'article' });
    out[openid] = rows.filter((m) => m.link?.startsWith(`content/pages/article/index?id=${articleId}&`)).length;
  }
  return out;
}

/** Years used by one test are two apart, so a band of two ages never takes in another test's residents. */
export function bandOf(year: number) {
  const age = Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4)) - year;
  // Born in `year` → aged age-1 or age today, depending on the birthday.
  return { kind: 'age_band', minAge: age - 1, maxAge: age };
}

export async function sentTo(s: Stack, openids: string[]): Promise<Record<string, number>> {
  const { body } = await s.sbx('GET', '/wechat/sandbox/sent');
  const counts: Record<string, number> = Object.fromEntries(openids.map((o) => [o, 0]));
  for (const m of body.items as Array<{ touser: string }>) if (m.touser in counts) counts[m.touser]++;
  return counts;
}

export async function startCampaign(s: Stack, op: string, articleId: string, segment: object, key = `k-${Math.random().toString(36).slice(2)}`) {
  const r = await s.api('POST', '/api/v1/console/content/campaigns', { token: op, body: { articleId, segment }, headers: { 'Idempotency-Key': key } });
  if (r.status !== 201) throw new Error(`campaign ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

export const view = (s: Stack, op: string, id: string) => async () => (await s.api('GET', `/api/v1/console/content/campaigns/${id}`, { token: op })).body;

export function describeCampaigns(label: string, queueEnv: Record<string, string>) {
  describe(`campaigns (${label}), one attempt per send, 4 sends a second`, () => {
    let s: Stack;
    let op: string;
    beforeAll(async () => {
      s = await startStack({ ...queueEnv, CONTENT_PUSH_ATTEMPTS: '1', CONTENT_PUSH_BACKOFF_MS: '20', CONTENT_PUSH_RATE_PER_SECOND: '4' });
      op = await operatorToken(s);
    });
    afterAll(async () => {
      await s.close();
      if (queueEnv.QUEUE_REDIS_URL) {
        // Leave no keys behind in the shared Redis.
        const cleaner = new BullMqBackend(queueEnv.QUEUE_REDIS_URL, queueEnv.QUEUE_PREFIX, createLogger('silent'));
        for (const q of ['content-publish', 'content-campaign', 'content-push']) cleaner.queue(q);
        await cleaner.obliterate();
        await cleaner.stop();
      }
    });
    afterEach(() => s.sbx('DELETE', '/sandbox/faults'));

    it('shows the audience first, sends once to each subscriber, skips the others, and counts opens from push', async () => {
      const subscribed = await residents(s, 1931, 3, 1);
      const unsubscribed = await residents(s, 1931, 2, 0);
      const longTitle = '老年人冬季防跌倒：居家环境改造与日常锻炼的十个建议';
      const articleId = await publishedArticle(s, op, { title: longTitle, topics: ['elderly'] });
      const preview = await s.api('POST', '/api/v1/console/content/segments/preview', { token: op, body: { segment: bandOf(1931) } });
      expect(preview.body).toMatchObject({ count: 5, excludedWithoutConsent: 0 });

      const c = await startCampaign(s, op, articleId, bandOf(1931));
      expect(c.status).toBe('preparing');
      const done = await until(view(s, op, c.id), (v) => v.status === 'done', 'campaign done');
      expect(done).toMatchObject({ audienceCount: 5, counts: { pending: 0, sending: 0, sent: 3, failed: 0, skipped: 2 }, retryable: 0 });
      expect(done.reasons).toEqual([{ status: 'skipped', reason: 'NO_SUBSCRIPTION', label: '居民未订阅资讯提醒', count: 2 }]);
      expect(Object.values(await sentTo(s, subscribed))).toEqual([1, 1, 1]);
      expect(Object.values(await sentTo(s, unsubscribed))).toEqual([0, 0]);
      // Everyone the campaign reached has the article in the 消息中心, delivered by WeChat or not.
      expect(Object.values(await centreCopies(s, [...subscribed, ...unsubscribed], articleId))).toEqual([1, 1, 1, 1, 1]);

      const msg = (await s.sbx('GET', `/wechat/sandbox/sent?touser=${subscribed[0]}`)).body.items[0];
      expect(msg.template_id).toBe(TEMPLATE);
      expect(msg.page).toBe(`content/pages/article/index?id=${articleId}&campaign=${c.id}`);
      expect([...msg.data.thing1.value].length).toBeLessThanOrEqual(20);
      expect(msg.data.thing1.value.startsWith('老年人冬季防跌倒')).toBe(true);

      // The resident opens the message: the page passes the campaign id along with the read.
      const reader = await s.login(subscribed[0]);
      await s.api('POST', `/api/v1/content/articles/${articleId}/reads`, { token: reader.accessToken, body: { campaignId: c.id } });
      await s.api('POST', `/api/v1/content/articles/${articleId}/reads`, { token: reader.accessToken, body: { campaignId: c.id } });
      await s.api('POST', `/api/v1/content/articles/${articleId}/reads`, { token: reader.accessToken, body: {} });
      const stats = (await s.api('GET', `/api/v1/console/content/articles/${articleId}/stats`, { token: op })).body;
      expect(stats).toMatchObject({ reads: 3, uniqueReaders: 1, pushOpens: 2 });
      expect(stats.campaigns).toEqual([expect.objectContaining({ id: c.id, sent: 3, opens: 2, uniqueOpeners: 1 })]);
    });

    it('a campaign that fails midway reports why, and resumes without sending anyone twice', async () => {
      // Two acceptances each: a duplicate send would succeed, so the count below would show it.
      const openids = await residents(s, 1933, 8, 2);
      const articleId = await publishedArticle(s, op, { title: '儿童秋冬季流感预防', topics: ['infectious'] });
      const c = await startCampaign(s, op, articleId, bandOf(1933));
      await until(view(s, op, c.id), (v) => v.counts.sent >= 2, 'first sends');
      await s.sbx('POST', '/sandbox/faults', { body: { pathPrefix: SEND_PATH, method: 'POST', status: 503, times: 3 } });
      const partial = await until(view(s, op, c.id), (v) => v.status === 'done', 'campaign done with failures');
      const hits = (await s.sbx('GET', '/sandbox/faults')).body.items[0].hits as number;
      expect(hits).toBeGreaterThan(0);
      expect(partial.counts).toMatchObject({ sent: 8 - hits, failed: hits, pending: 0, sending: 0 });
      expect(partial.reasons).toEqual([{ status: 'failed', reason: 'WECHAT_UNAVAILABLE', label: '微信服务暂时不可用（可重试）', count: hits }]);
      expect(partial.retryable).toBe(hits);
      const before = await sentTo(s, openids);
      expect(Object.values(before).filter((n) => n === 1)).toHaveLength(8 - hits);

      await s.sbx('DELETE', '/sandbox/faults');
      const resumed = await s.api('POST', `/api/v1/console/content/campaigns/${c.id}/resume`, { token: op });
      expect(resumed.status).toBe(200);
      const done = await until(view(s, op, c.id), (v) => v.status === 'done', 'resumed campaign done');
      expect(done.counts).toMatchObject({ sent: 8, failed: 0, skipped: 0 });
      expect(Object.values(await sentTo(s, openids))).toEqual(Array(8).fill(1));
      const again = await s.api('POST', `/api/v1/console/content/campaigns/${c.id}/resume`, { token: op });
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('CAMPAIGN_NOT_RESUMABLE');
    });

    it('a second instance on the same database joins a running campaign, a restart carries on, and nobody gets it twice', async () => {
      const openids = await residents(s, 1935, 10, 2);
      const articleId = await publishedArticle(s, op, { title: '孕期营养补充指南', topics: ['maternal'] });
      const c = await startCampaign(s, op, articleId, bandOf(1935));
      await until(view(s, op, c.id), (v) => v.counts.sent >= 1, 'first send');
      // Instance B starts (its recovery queues every pending row again), then A stops midway.
      const b: RunningBff = await startBff({ ...s.bff.services.config, port: 0 }, createLogger('silent'));
      try {
        await until(view(s, op, c.id), (v) => v.counts.sent >= 4, 'more sends');
        await s.bff.close();
        const done = await until(
          async () => (await fetch(`${b.url}/api/v1/console/content/campaigns/${c.id}`, { headers: { authorization: `Bearer ${op}` } })).json(),
          (v) => v.status === 'done',
          'campaign finished by B',
        );
        expect(done.counts).toMatchObject({ sent: 10, failed: 0, skipped: 0, pending: 0, sending: 0 });
        expect(Object.values(await sentTo(s, openids))).toEqual(Array(10).fill(1));
      } finally {
        await b.close();
      }
    });
  });
}
