import { startStack, type Stack } from '../../../test/harness';
import { operatorToken, publishedArticle, until } from './test-helpers';
import { SEND_PATH, bandOf, residents, sentTo, startCampaign, view } from './campaigns.cases';

/** Campaigns that respect residents: one article once, a weekly maximum, residents only, quiet hours, honest outcomes. */
const preview = (s: Stack, op: string, segment: object, articleId?: string) =>
  s.api('POST', '/api/v1/console/content/segments/preview', { token: op, body: { segment, ...(articleId ? { articleId } : {}) } });

describe('campaign frequency caps and audience', () => {
  let s: Stack;
  let op: string;
  beforeAll(async () => {
    s = await startStack({ CONTENT_PUSH_ATTEMPTS: '1', CONTENT_PUSH_BACKOFF_MS: '20', CONTENT_PUSH_RATE_PER_SECOND: '50', CONTENT_PUSH_WEEKLY_CAP: '2' });
    op = await operatorToken(s);
  });
  afterAll(() => s.close());
  afterEach(() => s.sbx('DELETE', '/sandbox/faults'));

  it('never sends one article twice to a resident, across two campaigns', async () => {
    const openids = await residents(s, 1951, 3, 5);
    const articleId = await publishedArticle(s, op, { title: '春季过敏性鼻炎的预防' });
    const first = await startCampaign(s, op, articleId, bandOf(1951));
    await until(view(s, op, first.id), (v) => v.status === 'done', 'first campaign done');
    const p = (await preview(s, op, bandOf(1951), articleId)).body;
    expect(p).toMatchObject({ count: 0, excludedAlreadyReceived: 3, weeklyCap: 2 });
    const second = await startCampaign(s, op, articleId, bandOf(1951));
    const done = await until(view(s, op, second.id), (v) => v.status === 'done', 'second campaign done');
    expect(done.counts).toMatchObject({ sent: 0, skipped: 3 });
    expect(done.reasons).toEqual([expect.objectContaining({ reason: 'ALREADY_RECEIVED', count: 3 })]);
    expect(done.outcome).toBe('nothing_sent');
    expect(Object.values(await sentTo(s, openids))).toEqual([1, 1, 1]);
  });

  it('stops at the weekly maximum across campaigns of different articles', async () => {
    const openids = await residents(s, 1953, 2, 5);
    for (const title of ['高血压患者的饮食', '高血压患者的运动']) {
      const c = await startCampaign(s, op, await publishedArticle(s, op, { title }), bandOf(1953));
      await until(view(s, op, c.id), (v) => v.status === 'done', `${title} done`);
    }
    const third = await publishedArticle(s, op, { title: '高血压患者的睡眠' });
    expect((await preview(s, op, bandOf(1953), third)).body).toMatchObject({ count: 0, excludedWeeklyCap: 2 });
    const c = await startCampaign(s, op, third, bandOf(1953));
    const done = await until(view(s, op, c.id), (v) => v.status === 'done', 'third done');
    expect(done.counts).toMatchObject({ sent: 0, skipped: 2 });
    expect(done.reasons).toEqual([expect.objectContaining({ reason: 'WEEKLY_CAP', count: 2 })]);
    expect(Object.values(await sentTo(s, openids))).toEqual([2, 2]);
  });

  it('counts residents only, and how many can actually receive the message', async () => {
    const withConsent = await residents(s, 1955, 2, 1);
    await residents(s, 1955, 1, 0);
    // The app reports what wx.requestSubscribeMessage accepted: only the first resident did.
    const token = (await s.login(withConsent[0])).accessToken;
    const accepted = await s.api('POST', '/api/v1/content/subscription/accepted', { token, body: { templateIds: ['sbx_tmpl_health_article'] } });
    expect(accepted.body.acceptedCount).toBe(1);
    // A doctor who is also a resident of that age is staff: left out of pushes.
    await s.bff.services.auth.grant(withConsent[1], ['resident', 'doctor']);
    const p = (await preview(s, op, bandOf(1955))).body;
    expect(p).toMatchObject({ count: 2, reachable: 1, excludedStaff: 1 });
  });

  it('shows a campaign where every send failed as failed, not as a green 已完成', async () => {
    await residents(s, 1957, 2, 1);
    const articleId = await publishedArticle(s, op, { title: '流感季节的防护' });
    await s.sbx('POST', '/sandbox/faults', { body: { pathPrefix: SEND_PATH, method: 'POST', status: 503, times: 10 } });
    const c = await startCampaign(s, op, articleId, bandOf(1957));
    const done = await until(view(s, op, c.id), (v) => v.status === 'done', 'campaign done');
    expect(done.counts).toMatchObject({ sent: 0, failed: 2 });
    expect(done).toMatchObject({ outcome: 'failed', outcomeLabel: '发送失败' });
    expect(done.figures).toEqual({ delivered: 0, opened: 0, readToEnd: 0, linkClicks: 0 });
  });
});

describe('campaign quiet hours', () => {
  let s: Stack;
  let op: string;
  beforeAll(async () => {
    s = await startStack({ CONTENT_PUSH_ATTEMPTS: '1', CONTENT_PUSH_QUIET_HOURS: '21:00-08:00' });
    op = await operatorToken(s);
  });
  afterAll(() => s.close());

  it('holds a push started at 22:00 China time until the quiet hours end, and says so', async () => {
    const openids = await residents(s, 1959, 2, 1);
    const articleId = await publishedArticle(s, op, { title: '夜间不打扰的推送' });
    // The clock moved to 22:00 China time (14:00 UTC) today.
    const night = Date.parse(`${new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)}T14:00:00Z`);
    s.bff.services.content.campaigns.now = () => night;
    expect((await preview(s, op, bandOf(1959), articleId)).body.quietHours).toEqual({ start: '21:00', end: '08:00', now: true });
    const c = await startCampaign(s, op, articleId, bandOf(1959));
    const waiting = await until(view(s, op, c.id), (v) => v.waitingQuietHours === true, 'waiting for the quiet hours to end');
    expect(waiting.counts).toMatchObject({ sent: 0, pending: 2 });
    expect(await sentTo(s, openids)).toEqual(Object.fromEntries(openids.map((o) => [o, 0])));
  });
});
