import { startStack, type Stack } from '../../../test/harness';
import { newId } from '../../db/columns';
import { ChatMessage, Conversation } from './entities';
import { WsClient, ZHANG_WEI, clientId, residentWithConsent, staff } from './test-helpers';

let s: Stack;
let zw: Awaited<ReturnType<typeof residentWithConsent>>;
let doctor: Awaited<ReturnType<typeof staff>>;
let convId: string;

jest.setTimeout(30_000);

const ALWAYS = { hours: { days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '23:59' }, autoReply: '医生已下班。', quickReplies: [] };

beforeAll(async () => {
  s = await startStack();
  zw = await residentWithConsent(s, ZHANG_WEI);
  doctor = await staff(s, 'D-FD-001');
  expect((await s.api('PUT', '/api/v1/workbench/settings', { token: doctor.token, body: ALWAYS })).status).toBe(200);
  convId = (await s.api('POST', '/api/v1/doctor/conversations', { token: zw.token, body: { memberId: zw.selfId } })).body.id;
});
afterAll(() => s.close());

/** The stored columns as the database holds them, past TypeORM. */
async function raw(table: string, column: string, id: string): Promise<string | null> {
  const ds = s.bff.services.ds;
  const q = (n: string) => ds.driver.escape(n);
  const rows: Array<{ v: string | null }> = await ds.query(`SELECT ${q(column)} AS v FROM ${q(table)} WHERE ${q('id')} = ?`, [id]);
  return rows[0].v;
}

describe('chat bodies at rest', () => {
  it('stores message text and the inbox preview as ciphertext; the API and the socket give plaintext', async () => {
    const docWs = await WsClient.open(s.bff.url, doctor.token);
    const text = '早上测的血压是150/95，头有点晕';
    const sent = await s.api('POST', `/api/v1/doctor/conversations/${convId}/messages`, { token: zw.token, body: { clientId: clientId(), kind: 'text', text } });
    expect(sent.status).toBe(201);
    expect(sent.body.text).toBe(text);

    const stored = await raw('chat_messages', 'text', sent.body.id);
    expect(stored).toMatch(/^v1\.[A-Za-z0-9+/]+=*$/);
    expect(stored).not.toContain('150/95');
    const preview = await raw('chat_conversations', 'lastMessagePreview', convId);
    expect(preview).toMatch(/^v1\./);
    expect(s.bff.services.crypto.decrypt(stored!)).toBe(text);

    const history = await s.api('GET', `/api/v1/doctor/conversations/${convId}/messages`, { token: doctor.token });
    expect(history.body.items.at(-1)).toMatchObject({ id: sent.body.id, text });
    const inbox = await s.api('GET', '/api/v1/workbench/inbox', { token: doctor.token });
    expect(inbox.body.items.find((i: any) => i.conversationId === convId).lastMessage).toBe(text);
    await docWs.next((f) => f.type === 'message' && f.message.id === sent.body.id);
    expect(docWs.messages(convId).at(-1)!.text).toBe(text);
    docWs.close();

    // A retried send answers with the stored message, opened.
    const again = await s.api('POST', `/api/v1/doctor/conversations/${convId}/messages`, { token: zw.token, body: { clientId: sent.body.clientId, kind: 'text', text } });
    expect(again.body).toMatchObject({ id: sent.body.id, text });
  });

  it('reads rows written before bodies were encrypted (plaintext) as they are', async () => {
    const ds = s.bff.services.ds;
    const conv = await ds.getRepository(Conversation).findOneByOrFail({ id: convId });
    const id = newId();
    await ds.getRepository(ChatMessage).insert({
      id,
      conversationId: convId,
      seq: conv.lastSeq + 1,
      senderUserId: doctor.userId,
      senderRole: 'doctor',
      senderName: '李明',
      clientId: clientId(),
      kind: 'text',
      text: 'v1.2 版本的用药说明：每日一次',
      imageId: null,
    });
    await ds.getRepository(Conversation).update({ id: convId }, { lastSeq: conv.lastSeq + 1, lastMessagePreview: '旧的明文预览' });
    const history = await s.api('GET', `/api/v1/doctor/conversations/${convId}/messages`, { token: zw.token });
    expect(history.body.items.at(-1)).toMatchObject({ id, text: 'v1.2 版本的用药说明：每日一次' });
    const inbox = await s.api('GET', '/api/v1/workbench/inbox', { token: doctor.token });
    expect(inbox.body.items.find((i: any) => i.conversationId === convId).lastMessage).toBe('旧的明文预览');
  });
});
