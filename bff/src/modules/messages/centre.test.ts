import { startStack, type Stack } from '../../../test/harness';
import { Message } from './entity';
import type { Note } from './port';

/**
 * 消息中心 over HTTP: each resident sees, counts and reads only their own messages; a repeated
 * notice makes one row; pages are newest first; read state is the server's, so a second login sees it.
 */
let s: Stack;
let a: { token: string; userId: string };
let a2: string; // a second session (another device) of the same user
let b: { token: string; userId: string };
const T0 = Date.parse('2026-11-02T09:00:00+08:00');
let t = T0;
beforeAll(async () => {
  s = await startStack();
  const la = await s.login('o_msgs_a');
  a = { token: la.accessToken, userId: la.user.id };
  a2 = (await s.login('o_msgs_a')).accessToken;
  const lb = await s.login('o_msgs_b');
  b = { token: lb.accessToken, userId: lb.user.id };
  // Each post one minute after the previous one: the order newest first is known.
  s.bff.services.messages.centre.clock = () => new Date(t);
}, 60_000);
afterAll(() => s.close());

const centre = () => s.bff.services.messages.centre;
const get = (path: string, token: string) => s.api('GET', path, { token });
const read = (token: string, body: unknown) => s.api('POST', '/api/v1/messages/read', { token, body });
const note = (n: number, over: Partial<Note> = {}): Note => ({
  category: 'booking',
  title: `就诊提醒 ${n}`,
  body: `明天上午就诊 ${n}`,
  link: `booking/pages/detail/index?id=B${n}`,
  dedupeKey: `test:${n}`,
  ...over,
});
async function post(userId: string, n: number, over: Partial<Note> = {}) {
  t += 60_000;
  await centre().post(userId, note(n, over));
}
const count = async (token: string) => (await get('/api/v1/messages/unread-count', token)).body.count;

describe('posting', () => {
  it('is idempotent on the dedupe key: a retried job makes one row', async () => {
    await post(a.userId, 1);
    await post(a.userId, 1, { title: '重试的同一条' });
    const rows = await s.bff.services.ds.getRepository(Message).findBy({ userId: a.userId, dedupeKey: 'test:1' });
    expect(rows.map((r) => r.title)).toEqual(['就诊提醒 1']);
    expect(await count(a.token)).toBe(1);
  });

  it('rolls back with the caller’s transaction', async () => {
    await expect(
      s.bff.services.tx.run(async (m) => {
        await centre().post(a.userId, note(99), m);
        throw new Error('the caller’s change failed');
      }),
    ).rejects.toThrow('the caller’s change failed');
    expect(await s.bff.services.ds.getRepository(Message).countBy({ userId: a.userId, dedupeKey: 'test:99' })).toBe(0);
  });

  it('cuts a sender’s over-long title and body to the stored limits', async () => {
    await post(b.userId, 500, { title: '长'.repeat(100), body: '字'.repeat(1000), category: 'article' });
    const [m] = (await get('/api/v1/messages?category=article', b.token)).body.items;
    expect([[...m.title].length, [...m.body].length, m.title.endsWith('…')]).toEqual([40, 200, true]);
  });
});

describe('the list', () => {
  beforeAll(async () => {
    for (let n = 2; n <= 7; n++) await post(a.userId, n, n % 2 ? { category: 'payment' } : {});
  });

  it('pages newest first with a cursor, every message once', async () => {
    const first = await get('/api/v1/messages?limit=4', a.token);
    expect(first.status).toBe(200);
    expect(first.body.items.map((m: { title: string }) => m.title)).toEqual(['就诊提醒 7', '就诊提醒 6', '就诊提醒 5', '就诊提醒 4']);
    expect(first.body.unread).toBe(7);
    const second = await get(`/api/v1/messages?limit=4&cursor=${first.body.nextCursor}`, a.token);
    expect(second.body.items.map((m: { title: string }) => m.title)).toEqual(['就诊提醒 3', '就诊提醒 2', '就诊提醒 1']);
    expect(second.body.nextCursor).toBeNull();
    expect(first.body.items[0]).toMatchObject({ category: 'payment', link: 'booking/pages/detail/index?id=B7', read: false, memberId: null, createdAt: '2026-11-02T09:09:00.000+08:00' });
  });

  it('filters by category and by unread', async () => {
    const pay = await get('/api/v1/messages?category=payment', a.token);
    expect(pay.body.items.map((m: { title: string }) => m.title)).toEqual(['就诊提醒 7', '就诊提醒 5', '就诊提醒 3']);
    const one = pay.body.items[1].id;
    expect((await read(a.token, { ids: [one] })).body).toEqual({ updated: 1, unread: 6 });
    const unread = await get('/api/v1/messages?category=payment&unread=true', a.token);
    expect(unread.body.items.map((m: { title: string }) => m.title)).toEqual(['就诊提醒 7', '就诊提醒 3']);
  });

  it('refuses a page over 50, an unknown category and a forged cursor with 400 and a message', async () => {
    for (const q of ['limit=51', 'category=secret', 'cursor=../../etc', 'unread=yes']) {
      const res = await get(`/api/v1/messages?${q}`, a.token);
      expect([q, res.status, res.body.error.code]).toEqual([q, 400, 'VALIDATION_FAILED']);
      expect(res.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
    }
  });

  it('needs a login', async () => {
    expect((await s.api('GET', '/api/v1/messages')).status).toBe(401);
    expect((await s.api('GET', '/api/v1/messages/unread-count')).status).toBe(401);
  });
});

describe('isolation between users', () => {
  it('another user never sees, counts or reads my messages; my id in their request is a 404 and changes nothing', async () => {
    const mine = (await get('/api/v1/messages?limit=50', a.token)).body.items;
    const theirs = (await get('/api/v1/messages?limit=50', b.token)).body.items;
    expect(theirs.map((m: { title: string }) => m.title)).toEqual(['长'.repeat(39) + '…']);
    const before = await count(a.token);
    const res = await read(b.token, { ids: [mine[0].id] });
    expect([res.status, res.body.error.code]).toEqual([404, 'MESSAGE_NOT_FOUND']);
    // Mixed with one of their own: still 404, and their own stays unread too (all or nothing).
    const mixed = await read(b.token, { ids: [theirs[0].id, mine[0].id] });
    expect(mixed.status).toBe(404);
    expect(await count(b.token)).toBe(1);
    const upTo = await read(b.token, { all: true, upTo: mine[0].id });
    expect([upTo.status, upTo.body.error.code]).toEqual([404, 'MESSAGE_NOT_FOUND']);
    expect(await count(a.token)).toBe(before);
    // A cursor built from my message does not leak it into their list.
    const page = await get(`/api/v1/messages?cursor=${Date.parse(mine[0].createdAt) + 1}_${mine[0].id}`, b.token);
    expect(page.body.items.map((m: { id: string }) => m.id)).toEqual([theirs[0].id]);
  });

  it('refuses malformed read bodies with 400, not 500', async () => {
    for (const body of [{}, { ids: [] }, { ids: ['..'] }, { ids: Array.from({ length: 51 }, (_, i) => `m${i}`) }, { all: 'yes' }, { all: true, ids: ['x'] }, { ids: [{ $ne: null }] }]) {
      const res = await read(a.token, body);
      expect([JSON.stringify(body).slice(0, 40), res.status]).toEqual([JSON.stringify(body).slice(0, 40), 400]);
    }
  });
});

describe('read state across devices', () => {
  it('read on one session is read on the other; 全部已读 stops at the newest message seen', async () => {
    const seen = (await get('/api/v1/messages?limit=1', a.token)).body.items[0];
    // A message arriving after the page was loaded…
    await post(a.userId, 8);
    const res = await read(a.token, { all: true, upTo: seen.id });
    expect(res.body).toEqual({ updated: 6, unread: 1 });
    // …stays unread, on the other device too.
    expect(await count(a2)).toBe(1);
    const other = (await get('/api/v1/messages?unread=true', a2)).body.items;
    expect(other.map((m: { title: string }) => m.title)).toEqual(['就诊提醒 8']);
    expect((await read(a2, { ids: [other[0].id] })).body).toEqual({ updated: 1, unread: 0 });
    expect(await count(a.token)).toBe(0);
    // Reading again changes nothing.
    expect((await read(a.token, { all: true })).body).toEqual({ updated: 0, unread: 0 });
  });
});

describe('retention', () => {
  it('the prune job deletes messages older than 180 days and keeps the rest', async () => {
    const repo = s.bff.services.ds.getRepository(Message);
    const total = await repo.count();
    // The oldest message is exactly 180 days old: kept.
    expect(await centre().prune(new Date(T0 + 60_000 + 180 * 86_400_000))).toBe(0);
    t += 100 * 86_400_000;
    await post(b.userId, 600, { dedupeKey: 'test:recent' });
    // 179 days after the recent one, every earlier message is past 180 days.
    expect(await centre().prune(new Date(t + 179 * 86_400_000))).toBe(total);
    expect((await repo.find()).map((m) => m.dedupeKey)).toEqual(['test:recent']);
  });
});
