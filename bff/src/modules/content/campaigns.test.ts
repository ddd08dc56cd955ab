import { ContentDelivery } from '../../db/entities';
import { startStack, type Stack } from '../../../test/harness';
import { operatorToken, publishedArticle, until } from './test-helpers';
import { centreCopies, describeCampaigns, SEND_PATH, residents, bandOf, sentTo, startCampaign, view } from './campaigns.cases';

describeCampaigns('in-process queue', {});

describe('campaigns, three attempts per send', () => {
  let s: Stack;
  let op: string;
  beforeAll(async () => {
    s = await startStack({ CONTENT_PUSH_ATTEMPTS: '3', CONTENT_PUSH_BACKOFF_MS: '20', CONTENT_PUSH_RATE_PER_SECOND: '3' });
    op = await operatorToken(s);
  });
  afterAll(() => s.close());
  afterEach(() => s.sbx('DELETE', '/sandbox/faults'));

  it('retries transient WeChat failures and still sends exactly once to each resident', async () => {
    const openids = await residents(s, 1941, 3, 2);
    const articleId = await publishedArticle(s, op, { title: '糖尿病足的日常护理' });
    await s.sbx('POST', '/sandbox/faults', { body: { pathPrefix: SEND_PATH, method: 'POST', status: 503, times: 2 } });
    const c = await startCampaign(s, op, articleId, bandOf(1941));
    const done = await until(view(s, op, c.id), (v) => v.status === 'done', 'campaign done');
    expect(done.counts).toMatchObject({ sent: 3, failed: 0 });
    expect((await s.sbx('GET', '/sandbox/faults')).body.items[0].hits).toBe(2);
    expect(Object.values(await sentTo(s, openids))).toEqual([1, 1, 1]);
    // A retried send leaves one 消息中心 copy, not one per attempt.
    expect(Object.values(await centreCopies(s, openids, articleId))).toEqual([1, 1, 1]);
  });

  it('twenty workers claiming the same delivery at once send it once', async () => {
    const [openid] = await residents(s, 1947, 1, 5);
    const articleId = await publishedArticle(s, op, { title: '老年人合理用药' });
    const c = await startCampaign(s, op, articleId, bandOf(1947));
    const rows = await until(
      () => s.bff.services.ds.getRepository(ContentDelivery).findBy({ campaignId: c.id }),
      (r) => r.length === 1,
      'delivery row',
    );
    const job = { id: 'x', name: 'deliver', data: { deliveryId: rows[0].id }, attempt: 1, maxAttempts: 1 };
    await Promise.all(Array.from({ length: 20 }, () => s.bff.services.content.campaigns.deliver(job)));
    await until(view(s, op, c.id), (v) => v.status === 'done', 'campaign done');
    expect(await sentTo(s, [openid])).toEqual({ [openid]: 1 });
  });

  it('one Idempotency-Key starts one campaign, however often the request is repeated', async () => {
    await residents(s, 1943, 2, 1);
    const articleId = await publishedArticle(s, op, { title: '接种疫苗后的注意事项', topics: ['vaccines'] });
    const [a, b] = await Promise.all([startCampaign(s, op, articleId, bandOf(1943), 'same-key-0001'), startCampaign(s, op, articleId, bandOf(1943), 'same-key-0001')].map((p) => p.catch((e) => e)));
    const ok = [a, b].filter((x) => !(x instanceof Error));
    expect(ok.length).toBeGreaterThanOrEqual(1);
    for (const x of ok) expect(x.id).toBe(ok[0].id);
    const list = await s.api('GET', `/api/v1/console/content/campaigns?articleId=${articleId}`, { token: op });
    expect(list.body.items).toHaveLength(1);
    const noKey = await s.api('POST', '/api/v1/console/content/campaigns', { token: op, body: { articleId, segment: { kind: 'all' } } });
    expect(noKey.status).toBe(400);
  });

  it('refuses to push a draft, and stops a running push when the article is unpublished', async () => {
    const draft = await s.api('POST', '/api/v1/console/content/articles', { token: op, body: { title: '草稿', bodyMd: '正文', topics: ['elderly'] } });
    const refused = await s.api('POST', '/api/v1/console/content/campaigns', {
      token: op,
      body: { articleId: draft.body.id, segment: { kind: 'all' } },
      headers: { 'Idempotency-Key': 'draft-push-0001' },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('ARTICLE_NOT_PUBLISHED');

    const openids = await residents(s, 1945, 9, 1);
    const articleId = await publishedArticle(s, op, { title: '即将下线的文章' });
    const c = await startCampaign(s, op, articleId, bandOf(1945));
    await until(view(s, op, c.id), (v) => v.counts.sent >= 1, 'first send');
    await s.api('POST', `/api/v1/console/content/articles/${articleId}/unpublish`, { token: op });
    const stopped = await until(view(s, op, c.id), (v) => v.counts.pending === 0 && v.counts.sending === 0, 'no sends left');
    expect(stopped.status).toBe('stopped');
    expect(stopped.counts.skipped).toBeGreaterThan(0);
    expect(stopped.counts.sent + stopped.counts.skipped).toBe(9);
    expect(stopped.reasons[0]).toMatchObject({ reason: 'ARTICLE_UNPUBLISHED' });
    const delivered = Object.values(await sentTo(s, openids)).reduce((a, n) => a + n, 0);
    expect(delivered).toBe(stopped.counts.sent);
  });
});
