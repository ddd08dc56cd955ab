import { CONSENT_TEXTS } from '@healthpocket/shared-types';
import { startStack, type Stack } from '../../../test/harness';
import { ContentDelivery } from '../../db/entities';
import { operatorToken, publishedArticle, until } from '../content/test-helpers';
import { bandOf, residents, sentTo, startCampaign, view } from '../content/campaigns.cases';

let s: Stack;
let op: string;
jest.setTimeout(60_000);

beforeAll(async () => {
  s = await startStack({ CONTENT_PUSH_ATTEMPTS: '1', CONTENT_PUSH_BACKOFF_MS: '20', CONTENT_PUSH_RATE_PER_SECOND: '20' });
  op = await operatorToken(s);
});
afterAll(() => s.close());

const grant = (token: string, kind: keyof typeof CONSENT_TEXTS) => s.api('POST', '/api/v1/me/consents', { token, body: { kind, textVersion: CONSENT_TEXTS[kind].version } });
const withdraw = (token: string, kind: string) => s.api('DELETE', `/api/v1/me/consents/${kind}`, { token });

describe('what each consent stops', () => {
  it('lists, with every current text, what stops when it is withdrawn', async () => {
    const l = await s.login();
    const list = await s.api('GET', '/api/v1/me/consents', { token: l.accessToken });
    for (const kind of ['privacy_guide', 'health_data', 'guardian', 'push']) expect(list.body.current[kind].stops.length).toBeGreaterThan(0);
    expect(list.body.current.push.stops[0]).toContain('不再');
  });

  it('withdrawing the privacy guide ends every login at once', async () => {
    const a = await s.login();
    const refresh = a.refreshToken;
    expect((await grant(a.accessToken, 'privacy_guide')).status).toBe(201);
    expect((await withdraw(a.accessToken, 'privacy_guide')).status).toBe(204);
    expect((await s.api('GET', '/api/v1/me', { token: a.accessToken })).status).toBe(401);
    expect((await s.api('POST', '/api/v1/auth/refresh', { body: { refreshToken: refresh } })).status).toBe(401);
    // Signing in again works; the app then shows the guide, since no agreement is active.
    const b = await s.login(a.openid);
    const list = await s.api('GET', '/api/v1/me/consents', { token: b.accessToken });
    expect(list.body.items.filter((c: { kind: string; withdrawnAt: string | null }) => c.kind === 'privacy_guide' && !c.withdrawnAt)).toHaveLength(0);
  });

  it('withdrawing health data stops health reads (CONSENT_REQUIRED)', async () => {
    const r = await s.resident();
    await grant(r.token, 'health_data');
    expect(await s.bff.services.profile.hasConsent(r.user.id, 'health_data')).toBe(true);
    await withdraw(r.token, 'health_data');
    await expect(s.bff.services.profile.requireConsent(r.user.id, 'health_data')).rejects.toMatchObject({ code: 'CONSENT_REQUIRED' });
  });

  it('withdrawing the push consent stops campaign sends to that resident, and granting it again resumes them', async () => {
    const [stays, leaves] = await residents(s, 1951, 2, 2);
    const tokens = await Promise.all([stays, leaves].map((o) => s.login(o).then((l) => l.accessToken as string)));
    // Never answered: pushes go (the resident subscribed in WeChat). A withdrawal with no grant on file is recorded.
    expect((await withdraw(tokens[1], 'push')).status).toBe(204);
    const consents = await s.api('GET', '/api/v1/me/consents', { token: tokens[1] });
    expect(consents.body.items).toEqual([expect.objectContaining({ kind: 'push', withdrawnAt: expect.any(String) })]);

    const articleId = await publishedArticle(s, op, { title: '春季过敏性鼻炎防护' });
    const c = await startCampaign(s, op, articleId, bandOf(1951));
    const done = await until(view(s, op, c.id), (v) => v.status === 'done', 'campaign done');
    expect(done.counts).toMatchObject({ sent: 1, skipped: 1 });
    expect(done.reasons).toEqual([expect.objectContaining({ reason: 'CONSENT_WITHDRAWN', count: 1 })]);
    expect(await sentTo(s, [stays, leaves])).toEqual({ [stays]: 1, [leaves]: 0 });
    const skipped = await s.bff.services.ds.getRepository(ContentDelivery).findOneByOrFail({ campaignId: c.id, openid: leaves });
    expect(skipped).toMatchObject({ status: 'skipped', reason: 'CONSENT_WITHDRAWN' });

    expect((await grant(tokens[1], 'push')).status).toBe(201);
    const second = await startCampaign(s, op, await publishedArticle(s, op, { title: '夏季防暑小知识' }), bandOf(1951));
    await until(view(s, op, second.id), (v) => v.status === 'done', 'second campaign done');
    expect(await sentTo(s, [stays, leaves])).toEqual({ [stays]: 2, [leaves]: 1 });
  });
});
