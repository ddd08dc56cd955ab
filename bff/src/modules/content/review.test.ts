import { startStack, uniqueOpenid, type Stack } from '../../../test/harness';
import { SAMPLE, operatorToken, publishedArticle, reviewerToken } from './test-helpers';

/** 医学审核: versions, review by someone else, the live text kept while a new version is reviewed, diff, rollback. */
let s: Stack;
let op: string;
let rv: string;
const A = '/api/v1/console/content/articles';

beforeAll(async () => {
  s = await startStack();
  op = await operatorToken(s);
  rv = await reviewerToken(s);
});
afterAll(() => s.close());

const view = async (id: string, token = op) => (await s.api('GET', `${A}/${id}`, { token })).body;
const submit = (id: string, revision: number, token = op) => s.api('POST', `${A}/${id}/submit`, { token, body: { revision } });
const review = (id: string, revision: number, decision: 'approve' | 'reject', note = '', token = rv) => s.api('POST', `${A}/${id}/review`, { token, body: { revision, decision, note } });
const edit = async (id: string, fields: Partial<typeof SAMPLE>) => {
  const v = await view(id);
  return s.api('PUT', `${A}/${id}`, { token: op, body: { ...SAMPLE, ...fields, version: v.version } });
};
const residentTitle = async (id: string) => (await s.api('GET', `/api/v1/content/articles/${id}`, { token: (await s.resident()).token })).body.title;

describe('医学审核', () => {
  it('publishes only an approved version, and nobody approves what they wrote', async () => {
    const created = await s.api('POST', A, { token: op, body: SAMPLE });
    const id = created.body.id;
    expect(created.body.working).toMatchObject({ number: 1, status: 'draft' });
    expect((await s.api('POST', `${A}/${id}/publish`, { token: op, body: {} })).body.error.code).toBe('ARTICLE_NOT_APPROVED');
    // A reviewer cannot approve a draft that was never submitted.
    expect((await review(id, 1, 'approve')).status).toBe(409);
    expect((await submit(id, 1)).status).toBe(200);
    // While it is under review, its text cannot change.
    expect((await edit(id, { title: '审核中改标题' })).body.error.code).toBe('ARTICLE_IN_REVIEW');
    // An operator with the reviewer role still cannot approve their own article.
    const bothOpenid = uniqueOpenid('oprv');
    await s.bff.services.auth.grant(bothOpenid, ['operator', 'reviewer']);
    const bothToken = (await s.login(bothOpenid)).accessToken;
    const own = await s.api('POST', A, { token: bothToken, body: { ...SAMPLE, title: '自己写的文章' } });
    expect((await submit(own.body.id, 1, bothToken)).status).toBe(200);
    const selfReview = await review(own.body.id, 1, 'approve', '', bothToken);
    expect(selfReview.status).toBe(403);
    expect(selfReview.body.error.code).toBe('REVIEW_OWN_ARTICLE');
    // A plain operator has no review right at all.
    expect((await review(id, 1, 'approve', '', op)).status).toBe(403);
    // Sent back without a reason is refused; with one it is kept.
    expect((await review(id, 1, 'reject', '')).status).toBe(400);
    expect((await review(id, 1, 'reject', '请补充数据来源')).status).toBe(200);
    expect((await view(id)).working).toMatchObject({ status: 'rejected', reviewNote: '请补充数据来源' });
    expect((await s.api('POST', `${A}/${id}/publish`, { token: op, body: {} })).body.error.code).toBe('ARTICLE_NOT_APPROVED');
    // Edited and resubmitted, approved, then published.
    expect((await edit(id, { summary: '来源：国家基层高血压防治管理指南' })).status).toBe(200);
    expect((await submit(id, 1)).status).toBe(200);
    expect((await review(id, 1, 'approve')).status).toBe(200);
    const pub = await s.api('POST', `${A}/${id}/publish`, { token: op, body: {} });
    expect(pub.status).toBe(200);
    expect(pub.body).toMatchObject({ status: 'published', liveRevision: 1, working: null });
  });

  it('keeps the live text while an edit of a published article is reviewed, then shows the diff and rolls back', async () => {
    const id = await publishedArticle(s, op, { title: '第一版标题' });
    expect(await residentTitle(id)).toBe('第一版标题');
    expect((await edit(id, { title: '第二版标题', bodyMd: `${SAMPLE.bodyMd}\n\n3. 记录在本子上` })).status).toBe(200);
    const v = await view(id);
    expect(v.working).toMatchObject({ number: 2, status: 'draft', title: '第二版标题' });
    expect(v.liveRevision).toBe(1);
    // Residents still read version 1 while version 2 is being written and reviewed.
    expect(await residentTitle(id)).toBe('第一版标题');
    expect((await submit(id, 2)).status).toBe(200);
    expect(await residentTitle(id)).toBe('第一版标题');
    expect((await review(id, 2, 'approve')).status).toBe(200);
    expect(await residentTitle(id)).toBe('第一版标题');
    expect((await s.api('POST', `${A}/${id}/publish`, { token: op, body: {} })).status).toBe(200);
    expect(await residentTitle(id)).toBe('第二版标题');

    const diff = (await s.api('GET', `${A}/${id}/revisions/2/diff`, { token: rv })).body;
    expect(diff).toMatchObject({ from: 1, to: 2 });
    const title = diff.fields.find((f: { field: string }) => f.field === 'title');
    expect(title.changed).toBe(true);
    expect(title.lines).toEqual([
      { op: 'del', text: '第一版标题' },
      { op: 'add', text: '第二版标题' },
    ]);
    const body = diff.fields.find((f: { field: string }) => f.field === 'bodyMd');
    expect(body.lines.filter((l: { op: string }) => l.op === 'add').map((l: { text: string }) => l.text)).toEqual(['', '3. 记录在本子上']);
    expect(diff.fields.find((f: { field: string }) => f.field === 'summary').changed).toBe(false);

    // Rolling back to version 1 makes version 3 with its text, live at once.
    const rb = await s.api('POST', `${A}/${id}/rollback`, { token: op, body: { revision: 1 } });
    expect(rb.status).toBe(200);
    expect(rb.body).toMatchObject({ liveRevision: 3, title: '第一版标题' });
    expect(await residentTitle(id)).toBe('第一版标题');
    const list = (await s.api('GET', `${A}/${id}/revisions`, { token: op })).body.items;
    expect(list.map((r: { number: number; status: string; live: boolean; restoredFrom: number | null }) => [r.number, r.status, r.live, r.restoredFrom])).toEqual([
      [3, 'approved', true, 1],
      [2, 'approved', false, null],
      [1, 'approved', false, null],
    ]);
    // The live version cannot be "rolled back" to itself, and an unknown one is a 404.
    expect((await s.api('POST', `${A}/${id}/rollback`, { token: op, body: { revision: 3 } })).body.error.code).toBe('REVISION_NOT_RESTORABLE');
    expect((await s.api('POST', `${A}/${id}/rollback`, { token: op, body: { revision: 99 } })).status).toBe(404);
  });

  it('lists what waits for review to reviewers only, marking what each may approve', async () => {
    const created = await s.api('POST', A, { token: op, body: { ...SAMPLE, title: '待审核队列' } });
    await submit(created.body.id, 1);
    const queue = await s.api('GET', '/api/v1/console/content/reviews', { token: rv });
    expect(queue.status).toBe(200);
    const mine = queue.body.items.find((x: { articleId: string }) => x.articleId === created.body.id);
    expect(mine).toMatchObject({ title: '待审核队列', liveRevision: null, revision: { number: 1, status: 'submitted', canReview: true } });
    expect((await s.api('GET', '/api/v1/console/content/reviews', { token: op })).status).toBe(403);
    expect((await s.api('GET', '/api/v1/console/content/reviews', { token: (await s.resident()).token })).status).toBe(403);
  });

  it('answers bad revision input with a 4xx, never a 5xx', async () => {
    const created = await s.api('POST', A, { token: op, body: SAMPLE });
    const id = created.body.id;
    for (const body of [{}, { revision: 'x' }, { revision: -1 }, { revision: 1, extra: true }]) {
      expect((await s.api('POST', `${A}/${id}/submit`, { token: op, body })).status).toBe(400);
    }
    expect((await s.api('GET', `${A}/${id}/revisions/0/diff`, { token: op })).status).toBe(400);
    expect((await s.api('GET', `${A}/${id}/revisions/..%2F1/diff`, { token: op })).status).toBe(400);
    expect((await s.api('GET', `${A}/${id}/revisions/7/diff`, { token: op })).status).toBe(404);
    expect((await s.api('POST', `${A}/nope/submit`, { token: op, body: { revision: 1 } })).status).toBe(404);
    expect((await s.api('POST', `${A}/..%2Fx/submit`, { token: op, body: { revision: 1 } })).status).toBe(400);
  });
});
