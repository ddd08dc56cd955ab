import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { startStack, type Stack } from '../../../test/harness';
import { SAMPLE, approve, operatorToken, publishedArticle, until } from './test-helpers';

let s: Stack;
let op: string;
const uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hp-uploads-'));

beforeAll(async () => {
  s = await startStack({ CONTENT_UPLOAD_DIR: uploadDir });
  op = await operatorToken(s);
});
afterAll(async () => {
  await s.close();
  fs.rmSync(uploadDir, { recursive: true, force: true });
});

async function upload(token: string, bytes: Buffer, filename = 'cover.png', type = 'image/png') {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), filename);
  const res = await fetch(`${s.bff.url}/api/v1/console/content/images`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  return { status: res.status, body: await res.json() };
}

describe('operator console: articles', () => {
  it('refuses residents on every console route and hides unpublished articles from them', async () => {
    const resident = await s.resident();
    const draft = await s.api('POST', '/api/v1/console/content/articles', { token: op, body: SAMPLE });
    expect(draft.status).toBe(201);
    expect(draft.body).toMatchObject({ status: 'draft', version: 1, topics: ['hypertension', 'elderly'] });
    expect(draft.body.createdAt).toMatch(/\+08:00$/);
    for (const [method, p] of [
      ['GET', '/api/v1/console/content/articles'],
      ['POST', '/api/v1/console/content/articles'],
      ['POST', `/api/v1/console/content/articles/${draft.body.id}/publish`],
      ['POST', '/api/v1/console/content/segments/preview'],
      ['POST', '/api/v1/console/content/campaigns'],
    ] as const) {
      const r = await s.api(method, p, { token: resident.token, body: method === 'GET' ? undefined : {} });
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe('FORBIDDEN');
    }
    expect((await s.api('GET', `/api/v1/content/articles/${draft.body.id}`, { token: resident.token })).status).toBe(404);
    expect((await s.api('POST', `/api/v1/content/articles/${draft.body.id}/reads`, { token: resident.token, body: {} })).status).toBe(404);
    expect((await s.api('PUT', `/api/v1/content/articles/${draft.body.id}/favourite`, { token: resident.token })).status).toBe(404);
  });

  it('validates input with Chinese messages a person can act on', async () => {
    const bad = await s.api('POST', '/api/v1/console/content/articles', { token: op, body: { ...SAMPLE, title: '', topics: [] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['title', 'topics']);
    const unknownTopic = await s.api('POST', '/api/v1/console/content/articles', { token: op, body: { ...SAMPLE, topics: ['astrology'] } });
    expect(unknownTopic.status).toBe(400);
    const longBody = await s.api('POST', '/api/v1/console/content/articles', { token: op, body: { ...SAMPLE, bodyMd: '字'.repeat(15001) } });
    expect(longBody.status).toBe(400);
    expect(longBody.body.error.message).toContain('正文最多');
    const noCover = await s.api('POST', '/api/v1/console/content/articles', { token: op, body: { ...SAMPLE, coverImageId: 'nope' } });
    expect(noCover.status).toBe(400);
    expect(noCover.body.error.message).toContain('封面图片不存在');
  });

  it('refuses an edit based on an older version instead of overwriting it', async () => {
    const a = (await s.api('POST', '/api/v1/console/content/articles', { token: op, body: SAMPLE })).body;
    const first = await s.api('PUT', `/api/v1/console/content/articles/${a.id}`, { token: op, body: { ...SAMPLE, title: '第一位运营的修改', version: 1 } });
    expect(first.status).toBe(200);
    expect(first.body.version).toBe(2);
    const stale = await s.api('PUT', `/api/v1/console/content/articles/${a.id}`, { token: op, body: { ...SAMPLE, title: '第二位运营的修改', version: 1 } });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('ARTICLE_VERSION_CONFLICT');
    expect((await s.api('GET', `/api/v1/console/content/articles/${a.id}`, { token: op })).body.title).toBe('第一位运营的修改');
  });

  it('publishes, shows the article in the feed, counts reads and favourites, and unpublishes', async () => {
    const resident = await s.resident();
    const id = await publishedArticle(s, op, { title: '糖尿病饮食要点', topics: ['diabetes'] });
    const feed = await s.api('GET', '/api/v1/content/feed?limit=50', { token: resident.token });
    expect(feed.status).toBe(200);
    expect(feed.body.items.map((i: { id: string }) => i.id)).toContain(id);
    const detail = await s.api('GET', `/api/v1/content/articles/${id}`, { token: resident.token });
    expect(detail.body).toMatchObject({ id, title: '糖尿病饮食要点', favourite: false });
    expect(detail.body.body.html).toContain('<strong>血管收缩</strong>');
    expect(detail.body.body.nodes[0]).toEqual({ name: 'h2', attrs: { class: 'md-h2' }, children: [{ type: 'text', text: '为什么冬天血压会升高' }] });
    expect((await s.api('POST', `/api/v1/content/articles/${id}/reads`, { token: resident.token, body: {} })).body.readCount).toBe(1);
    expect((await s.api('POST', `/api/v1/content/articles/${id}/reads`, { body: {} })).body.readCount).toBe(2);
    expect((await s.api('PUT', `/api/v1/content/articles/${id}/favourite`, { token: resident.token })).status).toBe(204);
    expect((await s.api('PUT', `/api/v1/content/articles/${id}/favourite`, { token: resident.token })).status).toBe(204);
    expect((await s.api('GET', '/api/v1/content/favourites', { token: resident.token })).body.items.map((i: { id: string }) => i.id)).toEqual([id]);
    const stats = await s.api('GET', `/api/v1/console/content/articles/${id}/stats`, { token: op });
    expect(stats.body).toMatchObject({ reads: 2, uniqueReaders: 1, pushOpens: 0, favourites: 1 });

    const off = await s.api('POST', `/api/v1/console/content/articles/${id}/unpublish`, { token: op });
    expect(off.body.status).toBe('unpublished');
    expect((await s.api('GET', `/api/v1/content/articles/${id}`, { token: resident.token })).status).toBe(404);
    expect((await s.api('GET', '/api/v1/content/feed?limit=50')).body.items.map((i: { id: string }) => i.id)).not.toContain(id);
    expect((await s.api('GET', '/api/v1/content/favourites', { token: resident.token })).body.items).toEqual([]);
    expect((await s.api('POST', `/api/v1/console/content/articles/${id}/unpublish`, { token: op })).body.error.code).toBe('ARTICLE_STATE_INVALID');
  });

  it('schedules publication through the queue and publishes at that time, not before', async () => {
    const a = (await s.api('POST', '/api/v1/console/content/articles', { token: op, body: { ...SAMPLE, title: '定时发布的文章' } })).body;
    await approve(s, op, a.id);
    expect((await s.api('POST', `/api/v1/console/content/articles/${a.id}/publish`, { token: op, body: { at: '2020-01-01T08:00:00+08:00' } })).body.error.code).toBe('PUBLISH_TIME_INVALID');
    const at = new Date(Date.now() + 62_000);
    const sched = await s.api('POST', `/api/v1/console/content/articles/${a.id}/publish`, { token: op, body: { at: at.toISOString() } });
    expect(sched.status).toBe(200);
    expect(sched.body.status).toBe('scheduled');
    expect((await s.api('GET', `/api/v1/content/articles/${a.id}`)).status).toBe(404);
    // The job exists and is delayed; run it as the queue would at that time (the test does not wait a minute).
    expect((await s.bff.services.queue.queue('content-publish').counts()).delayed).toBe(1);
    await s.bff.services.content.articles.publishDue({ articleId: a.id, publishAtMs: at.getTime() - 1 }).catch(() => undefined);
    expect((await s.api('GET', `/api/v1/content/articles/${a.id}`)).status).toBe(404);
    jest.useFakeTimers({ now: at.getTime() + 10, doNotFake: ['setTimeout', 'setInterval', 'setImmediate', 'nextTick', 'queueMicrotask', 'clearTimeout', 'clearInterval'] });
    try {
      await s.bff.services.content.articles.publishDue({ articleId: a.id, publishAtMs: at.getTime() });
    } finally {
      jest.useRealTimers();
    }
    const live = await s.api('GET', `/api/v1/content/articles/${a.id}`);
    expect(live.status).toBe(200);
    expect(live.body.publishedAt).toMatch(/\+08:00$/);
  });

  it('accepts a PNG cover, re-encodes it as JPEG without metadata, and serves it', async () => {
    const png = await sharp({ create: { width: 64, height: 32, channels: 4, background: '#0a7d5a' } })
      .png()
      .withMetadata({ exif: { IFD0: { Copyright: 'secret-gps-here' } } })
      .toBuffer();
    const up = await upload(op, png);
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ width: 64, height: 32 });
    const img = await fetch(`${s.bff.url}${up.body.url}`);
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toBe('image/jpeg');
    const bytes = Buffer.from(await img.arrayBuffer());
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    expect(bytes.includes(Buffer.from('secret-gps-here'))).toBe(false);
    const withCover = await s.api('POST', '/api/v1/console/content/articles', { token: op, body: { ...SAMPLE, coverImageId: up.body.id } });
    expect(withCover.body.coverUrl).toBe(up.body.url);
  });

  it('refuses files that are not images, too large, or disguised, whatever their name says', async () => {
    const html = await upload(op, Buffer.from('<html><script>alert(1)</script></html>'), 'cover.png', 'image/png');
    expect(html.status).toBe(400);
    expect(html.body.error.code).toBe('IMAGE_INVALID');
    const gif = await upload(
      op,
      await sharp({ create: { width: 4, height: 4, channels: 3, background: '#fff' } })
        .gif()
        .toBuffer(),
      'a.jpg',
      'image/jpeg',
    );
    expect(gif.status).toBe(415);
    expect(gif.body.error.code).toBe('IMAGE_TYPE_UNSUPPORTED');
    const big = await upload(op, Buffer.alloc(2 * 1024 * 1024 + 10, 1));
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('IMAGE_TOO_LARGE');
    const json = await s.api('POST', '/api/v1/console/content/images', { token: op, body: { file: 'x' } });
    expect(json.status).toBe(415);
    const resident = await s.resident();
    expect((await upload(resident.token, Buffer.from('x'))).status).toBe(403);
    expect((await s.api('GET', '/api/v1/content/images/../../etc/passwd')).status).toBe(404);
    expect((await s.api('GET', '/api/v1/content/images/00000000-0000-0000-0000-000000000000')).status).toBe(404);
  });

  it('previews Markdown exactly as residents will see it, without scripts', async () => {
    const r = await s.api('POST', '/api/v1/console/content/preview', { token: op, body: { bodyMd: '**粗体** <img src=x onerror=alert(1)>' } });
    expect(r.status).toBe(200);
    expect(r.body.html).toBe('<p><strong>粗体</strong> &lt;img src=x onerror=alert(1)&gt;</p>\n');
  });

  it('puts the resident’s topics first and pages through the rest with a cursor', async () => {
    const resident = await s.resident();
    const kid = await publishedArticle(s, op, { title: '宝宝辅食添加顺序', topics: ['child_health'] });
    const others = [];
    for (let i = 0; i < 3; i++) others.push(await publishedArticle(s, op, { title: `传染病防控第${i}期`, topics: ['infectious'] }));
    expect((await s.api('PUT', '/api/v1/content/preferences', { token: resident.token, body: { topics: ['child_health'] } })).body.topics).toEqual(['child_health']);
    const feed = await s.api('GET', '/api/v1/content/feed?limit=2', { token: resident.token });
    expect(feed.body.forYou.map((a: { id: string }) => a.id)).toEqual([kid]);
    expect(feed.body.items).toHaveLength(2);
    // Paging on (publishedAt, id) visits every article once, newest first.
    const seen: Array<{ id: string; publishedAt: string }> = [...feed.body.items];
    let cursor = feed.body.nextCursor;
    while (cursor) {
      const next = await s.api('GET', `/api/v1/content/feed?limit=2&cursor=${cursor}`, { token: resident.token });
      expect(next.body.forYou).toEqual([]);
      seen.push(...next.body.items);
      cursor = next.body.nextCursor;
    }
    const ids = seen.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of [kid, ...others]) expect(ids).toContain(id);
    const times = seen.map((a) => Date.parse(a.publishedAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const byTopic = await s.api('GET', '/api/v1/content/feed?topic=child_health', { token: resident.token });
    expect(byTopic.body.items.map((a: { id: string }) => a.id)).toEqual([kid]);
    expect((await s.api('GET', '/api/v1/content/feed?cursor=garbage')).status).toBe(400);
  });
});

void until;
