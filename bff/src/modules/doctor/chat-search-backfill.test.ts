import { startStack, type Stack } from '../../../test/harness';
import { ChatSearchBackfill } from './chat-search-backfill';
import { ChatMessage, ChatSearchToken } from './entities';
import { ZHANG_WEI, clientId, residentWithConsent, staff } from './test-helpers';

jest.setTimeout(60_000);

let s: Stack;
let zw: Awaited<ReturnType<typeof residentWithConsent>>;
let nurse: Awaited<ReturnType<typeof staff>>;
let otherTeam: Awaited<ReturnType<typeof staff>>;
let convId: string;
const noWordsClientId = clientId('q');

const TEXTS = ['昨晚头晕，血压158/96', '？？', '阿司匹林还要继续吃吗', '早上空腹血糖6.9', '谢谢医生'];
const search = async (q: string, token = nurse.token) =>
  (await s.api('GET', `/api/v1/workbench/search?q=${encodeURIComponent(q)}`, { token })).body.items as Array<{ snippet: string; conversationId: string }>;
const tokens = () => s.bff.services.ds.getRepository(ChatSearchToken).findBy({ conversationId: convId });
const backfill = (batch: number) => {
  const d = s.bff.services.doctor;
  return new ChatSearchBackfill(s.bff.services.ds, s.bff.services.tx, d.search, d.chat.bodies, batch);
};

beforeAll(async () => {
  s = await startStack({ ALERT_ESCALATE_POLL_MS: '0', CHAT_SEARCH_BACKFILL_MS: '0' });
  zw = await residentWithConsent(s, ZHANG_WEI);
  nurse = await staff(s, 'N-FD-001');
  otherTeam = await staff(s, 'D-FD-002');
  convId = (await s.api('POST', '/api/v1/doctor/conversations', { token: zw.token, body: { memberId: zw.selfId } })).body.id;
  for (const text of TEXTS) {
    const id = text === '？？' ? noWordsClientId : clientId();
    const r = await s.api('POST', `/api/v1/doctor/conversations/${convId}/messages`, { token: zw.token, body: { clientId: id, kind: 'text', text } });
    expect(r.status).toBe(201);
  }
  // As if stored before the token index existed: the messages are there, their tokens are not.
  await s.bff.services.ds.getRepository(ChatSearchToken).delete({ conversationId: convId });
  // Ids are random UUIDs; the one message without a letter or digit is given the last id, so the batches below are known.
  const messages = s.bff.services.ds.getRepository(ChatMessage);
  const noWords = await messages.findOneByOrFail({ conversationId: convId, clientId: noWordsClientId });
  await messages.update({ id: noWords.id }, { id: 'ffffffff-ffff-4fff-bfff-ffffffffffff' });
});
afterAll(() => s.close());

describe('search backfill for messages stored before the index', () => {
  it('finds nothing before, everything after, in batches; a second run writes nothing; other teams still find nothing', async () => {
    expect(await search('阿司匹林')).toEqual([]);
    const job = backfill(2);
    // The first batch alone (a run stopped after it): two messages indexed, the rest still missing.
    const first = await job.runBatch();
    expect(first).toMatchObject({ scanned: 2, indexed: 2 });
    const afterFirst = (await tokens()).length;
    expect(afterFirst).toBeGreaterThan(0);
    // A new run resumes: it picks up the three left (one of them "？？" has no token to write).
    const rest = await job.run();
    expect(rest).toEqual({ scanned: 3, indexed: 2, batches: 2 });
    const indexedIds = new Set((await tokens()).map((t) => t.messageId));
    const residentIds = (await s.bff.services.ds.getRepository(ChatMessage).find({ where: { conversationId: convId, senderRole: 'resident' }, order: { seq: 'ASC' } })).map((m) => m.id);
    expect(residentIds.filter((id) => indexedIds.has(id))).toHaveLength(4);
    expect(await search('阿司匹林')).toEqual([expect.objectContaining({ conversationId: convId, snippet: '阿司匹林还要继续吃吗' })]);
    expect(await search('158')).toEqual([expect.objectContaining({ snippet: '昨晚头晕，血压158/96' })]);
    expect(await search('阿司匹林', otherTeam.token)).toEqual([]);

    // Idempotent: again, only the message without letters is looked at, and no token row is added.
    const count = (await tokens()).length;
    expect(await backfill(2).run()).toEqual({ scanned: 1, indexed: 0, batches: 1 });
    expect((await tokens()).length).toBe(count);
  });

  it('a message sent now is indexed once, not again by the job', async () => {
    await s.api('POST', `/api/v1/doctor/conversations/${convId}/messages`, { token: zw.token, body: { clientId: clientId(), kind: 'text', text: '降压药换成氨氯地平了' } });
    expect(await search('氨氯地平')).toHaveLength(1);
    const count = (await tokens()).length;
    expect(await backfill(50).run()).toMatchObject({ indexed: 0 });
    expect((await tokens()).length).toBe(count);
  });
});
