import { ONLINE_CARE_NOTICE } from '@healthpocket/shared-types';
import { startStack, type Stack } from '../../../test/harness';
import { AuditLog } from '../../db/entities';
import { adultApproves } from '../records/test-family';
import { ChatMessage, Conversation } from './entities';
import { WsClient, ZHANG_WEI, clientId, eventually, residentWithConsent, staff } from './test-helpers';

let s: Stack;
let zw: Awaited<ReturnType<typeof residentWithConsent>>;
let doctor: Awaited<ReturnType<typeof staff>>;
let convId: string;

jest.setTimeout(30_000);

/** Working hours around the clock, so no automatic reply joins the conversation unless a test asks for it. */
const ALWAYS = { hours: { days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '23:59' }, autoReply: '医生已下班，明早回复您。', quickReplies: ['好的'] };

beforeAll(async () => {
  s = await startStack();
  zw = await residentWithConsent(s, ZHANG_WEI);
  doctor = await staff(s, 'D-FD-001');
  expect((await s.api('PUT', '/api/v1/workbench/settings', { token: doctor.token, body: ALWAYS })).status).toBe(200);
  const open = await s.api('POST', '/api/v1/doctor/conversations', { token: zw.token, body: { memberId: zw.selfId } });
  expect(open.status).toBe(200);
  convId = open.body.id;
});
afterAll(() => s.close());

const send = (token: string, text: string, id = clientId()) => s.api('POST', `/api/v1/doctor/conversations/${convId}/messages`, { token, body: { clientId: id, kind: 'text', text } });

describe('conversation', () => {
  it('opens the conversation with the contracted team and shows the online-care notice', async () => {
    const again = await s.api('POST', '/api/v1/doctor/conversations', { token: zw.token, body: { memberId: zw.selfId } });
    expect(again.body).toMatchObject({ id: convId, teamId: 'T001', teamName: '李明家庭医生团队', doctorName: '李明', memberName: '张伟', notice: ONLINE_CARE_NOTICE });
    expect(again.body.notice).toContain('不能替代线下首诊');
    expect(await s.bff.services.ds.getRepository(Conversation).countBy({ memberId: zw.selfId })).toBe(1);
  });

  it('refuses a member without a contract, with a message saying to sign first', async () => {
    const other = await s.resident({ name: '周磊', idNumber: '310101198511170038' });
    const members = await s.api('GET', '/api/v1/family/members', { token: other.token });
    const res = await s.api('POST', '/api/v1/doctor/conversations', { token: other.token, body: { memberId: members.body.items[0].id } });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'CONTRACT_REQUIRED' });
  });
});

describe('delivery, order and receipts', () => {
  it('stores before acknowledging, delivers over the socket to the doctor in seq order', async () => {
    const docWs = await WsClient.open(s.bff.url, doctor.token);
    const zwWs = await WsClient.open(s.bff.url, zw.token);
    const texts = ['医生您好', '我最近血压有点高', '早上测的是150/95', '需要调药吗'];
    const acks = [];
    for (const t of texts) {
      const id = clientId();
      zwWs.send({ type: 'send', conversationId: convId, message: { clientId: id, kind: 'text', text: t } });
      const ack = await zwWs.next<{ type: 'ack'; clientId: string; message: any }>((f) => f.type === 'ack' && f.clientId === id);
      // Acknowledged means stored: the row is there with the same seq.
      const row = await s.bff.services.ds.getRepository(ChatMessage).findOneByOrFail({ id: ack.message.id });
      expect(row.seq).toBe(ack.message.seq);
      acks.push(ack.message);
    }
    const seqs = acks.map((m) => m.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(4);
    await docWs.next((f) => f.type === 'message' && f.message.seq === seqs[3]);
    expect(docWs.messages(convId).map((m) => m.text)).toEqual(texts);
    expect(docWs.messages(convId)[0]).toMatchObject({ senderRole: 'resident', senderName: '张伟', kind: 'text' });

    // The doctor reads up to the last one: the resident sees the read receipt.
    const read = await s.api('POST', `/api/v1/doctor/conversations/${convId}/read`, { token: doctor.token, body: { seq: seqs[3] } });
    expect(read.body.seq).toBe(seqs[3]);
    await zwWs.next((f) => f.type === 'read' && f.by === 'doctor' && f.seq === seqs[3]);
    const view = await s.api('GET', `/api/v1/doctor/conversations/${convId}`, { token: zw.token });
    expect(view.body.peerReadSeq).toBe(seqs[3]);

    // A late, older receipt does not move the read position back.
    await s.api('POST', `/api/v1/doctor/conversations/${convId}/read`, { token: doctor.token, body: { seq: 1 } });
    expect((await s.bff.services.ds.getRepository(Conversation).findOneByOrFail({ id: convId })).teamReadSeq).toBe(seqs[3]);

    // The doctor answers over HTTP; the resident's socket gets it, with the doctor's name.
    const reply = await send(doctor.token, '请继续按时服药，三天后把血压记录发给我');
    expect(reply.status).toBe(201);
    const got = await zwWs.next<{ type: 'message'; message: any }>((f) => f.type === 'message' && f.message.id === reply.body.id);
    expect(got.message).toMatchObject({ senderRole: 'doctor', senderName: '李明', seq: seqs[3] + 1 });
    docWs.close();
    zwWs.close();
  });

  it('a retried send with the same clientId returns the stored message and adds nothing', async () => {
    const id = clientId('retry');
    const before = await s.bff.services.ds.getRepository(ChatMessage).countBy({ conversationId: convId });
    const [a, b, c] = await Promise.all([send(zw.token, '重复发送测试', id), send(zw.token, '重复发送测试', id), send(zw.token, '重复发送测试', id)]);
    expect([a.status, b.status, c.status]).toEqual([201, 201, 201]);
    expect(new Set([a.body.id, b.body.id, c.body.id]).size).toBe(1);
    expect(await s.bff.services.ds.getRepository(ChatMessage).countBy({ conversationId: convId })).toBe(before + 1);
  });

  it('gives distinct, gap-free seqs to concurrent senders', async () => {
    const before = (await s.bff.services.ds.getRepository(Conversation).findOneByOrFail({ id: convId })).lastSeq;
    const n = 40;
    const results = await Promise.all(Array.from({ length: n }, (_, i) => send(i % 2 ? doctor.token : zw.token, `并发消息${i}`)));
    expect(results.map((r) => r.status)).toEqual(Array(n).fill(201));
    const seqs = results.map((r) => r.body.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: n }, (_, i) => before + 1 + i));
    expect((await s.bff.services.ds.getRepository(Conversation).findOneByOrFail({ id: convId })).lastSeq).toBe(before + n);
  });
});

describe('history, catch-up and polling', () => {
  it('pages history backwards and catches up after a seq, over HTTP and the socket', async () => {
    const last = (await s.bff.services.ds.getRepository(Conversation).findOneByOrFail({ id: convId })).lastSeq;
    const page1 = await s.api('GET', `/api/v1/doctor/conversations/${convId}/messages?limit=5`, { token: zw.token });
    expect(page1.body.items.map((m: any) => m.seq)).toEqual([last - 4, last - 3, last - 2, last - 1, last]);
    expect(page1.body.beforeSeq).toBe(last - 4);
    const page2 = await s.api('GET', `/api/v1/doctor/conversations/${convId}/messages?limit=5&beforeSeq=${page1.body.beforeSeq}`, { token: zw.token });
    expect(page2.body.items.at(-1).seq).toBe(last - 5);

    // Polling fallback: everything after the last seen seq, oldest first.
    const poll = await s.api('GET', `/api/v1/doctor/conversations/${convId}/messages?afterSeq=${last - 2}`, { token: zw.token });
    expect(poll.body.items.map((m: any) => m.seq)).toEqual([last - 1, last]);
    expect(poll.body.beforeSeq).toBeNull();

    // Reconnect: the socket was down while three messages were sent; sync brings them in order.
    const missed = [];
    for (const t of ['断线期间1', '断线期间2', '断线期间3']) missed.push((await send(doctor.token, t)).body.seq);
    const ws = await WsClient.open(s.bff.url, zw.token);
    ws.send({ type: 'sync', conversationId: convId, afterSeq: last });
    const synced = await ws.next<{ type: 'synced'; lastSeq: number }>((f) => f.type === 'synced');
    expect(synced.lastSeq).toBe(missed[2]);
    expect(ws.messages(convId).map((m) => m.text)).toEqual(['断线期间1', '断线期间2', '断线期间3']);
    ws.close();
  });

  it('audits a doctor reading the history, not the resident', async () => {
    const before = await s.bff.services.ds.getRepository(AuditLog).countBy({ action: 'chat.history.read', subjectId: convId });
    await s.api('GET', `/api/v1/doctor/conversations/${convId}/messages`, { token: doctor.token });
    await s.api('GET', `/api/v1/doctor/conversations/${convId}/messages`, { token: zw.token });
    expect(await s.bff.services.ds.getRepository(AuditLog).countBy({ action: 'chat.history.read', subjectId: convId })).toBe(before + 1);
  });
});

describe('content check and notifications', () => {
  it('refuses risky resident text with a clear message and stores nothing', async () => {
    const before = await s.bff.services.ds.getRepository(ChatMessage).countBy({ conversationId: convId });
    const res = await send(zw.token, '能帮我代开处方吗');
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'CONTENT_RISKY', message: '消息含有不适宜的内容，未能发送，请修改后重试' });
    expect(await s.bff.services.ds.getRepository(ChatMessage).countBy({ conversationId: convId })).toBe(before);
  });

  it('sends one subscribe message to an offline resident for a burst of replies, none while online', async () => {
    await s.sbx('POST', '/wechat/sandbox/subscriptions', { body: { openid: zw.openid, templateIds: ['sbx_tmpl_doctor_reply'], count: 5 } });
    await s.bff.services.ds.getRepository(Conversation).update({ id: convId }, { notifiedAt: null });
    const replies = async () => (await s.api('GET', '/api/v1/messages?category=doctor_reply', { token: zw.token })).body.items as Array<{ id: string; title: string; body: string; link: string }>;
    const earlier = new Set((await replies()).map((m) => m.id));
    const sent = async () => (await s.sbx('GET', `/wechat/sandbox/sent?touser=${zw.openid}`)).body.items as any[];
    const ws = await WsClient.open(s.bff.url, zw.token);
    await send(doctor.token, '在线时的回复');
    await ws.next((f) => f.type === 'message' && f.message.text === '在线时的回复');
    expect(await sent()).toHaveLength(0);
    ws.close();
    await eventually(async () => !(await s.bff.services.realtime.presence.isOnline(zw.user.id)));

    await send(doctor.token, '离线时的第一条回复');
    await send(doctor.token, '离线时的第二条回复');
    const items = await eventually(async () => ((await sent()).length ? sent() : null));
    await new Promise((r) => setTimeout(r, 300));
    expect(await sent()).toHaveLength(1);
    expect(items[0]).toMatchObject({ template_id: 'sbx_tmpl_doctor_reply', data: { name1: { value: '李明' }, thing2: { value: '离线时的第一条回复' } } });
    expect(items[0].page).toContain('doctor/pages/chat/index');
    // The same one notice in the 消息中心: the burst is one, the online reply none.
    const inbox = (await replies()).filter((m) => !earlier.has(m.id));
    expect(inbox.map((m) => [m.title, m.body, m.link])).toEqual([['李明医生回复了您', '离线时的第一条回复', items[0].page]]);
  });

  it('answers automatically outside working hours, once per window', async () => {
    await s.api('PUT', '/api/v1/workbench/settings', {
      token: doctor.token,
      body: { hours: { days: [], start: '08:00', end: '17:30' }, autoReply: '医生已下班，明早回复您。', quickReplies: ['好的'] },
    });
    const ws = await WsClient.open(s.bff.url, zw.token);
    await s.bff.services.ds.getRepository(Conversation).update({ id: convId }, { autoRepliedAt: null });
    await send(zw.token, '晚上好');
    const auto = await ws.next<{ type: 'message'; message: any }>((f) => f.type === 'message' && f.message.senderRole === 'system');
    expect(auto.message.text).toBe('【自动回复】医生已下班，明早回复您。');
    await send(zw.token, '还有一个问题');
    await new Promise((r) => setTimeout(r, 300));
    expect(ws.messages(convId).filter((m) => m.senderRole === 'system')).toHaveLength(1);
    ws.close();
  });
});

describe('retention (chat records kept at least 3 years)', () => {
  it('offers no way to delete a conversation or a message', async () => {
    const { body } = await s.api('GET', '/api/openapi.json');
    const chatPaths = Object.entries(body.paths as Record<string, Record<string, unknown>>).filter(
      ([p]) => p.startsWith('/api/v1/doctor/conversations') || p.startsWith('/api/v1/workbench/conversations'),
    );
    expect(chatPaths.length).toBeGreaterThan(3);
    for (const [, ops] of chatPaths) expect(Object.keys(ops)).not.toContain('delete');
  });

  it("removing a family member keeps that member's conversation and messages", async () => {
    const r = await residentWithConsent(s, { name: '陈静', idNumber: '11010219840406970X' });
    const mother = await s.api('POST', '/api/v1/family/members', { token: r.token, body: { name: '王秀英', relation: 'parent', idNumber: '11010519491231002X' } });
    await adultApproves(s, r.token, mother.body.id, { name: '王秀英', idNumber: '11010519491231002X', phone: '13701010088' });
    const conv = await s.api('POST', '/api/v1/doctor/conversations', { token: r.token, body: { memberId: mother.body.id } });
    expect(conv.status).toBe(200);
    await s.api('POST', `/api/v1/doctor/conversations/${conv.body.id}/messages`, { token: r.token, body: { clientId: clientId(), kind: 'text', text: '妈妈最近睡眠不好' } });
    expect((await s.api('DELETE', `/api/v1/family/members/${mother.body.id}`, { token: r.token })).status).toBe(204);
    expect(await s.bff.services.ds.getRepository(Conversation).countBy({ id: conv.body.id })).toBe(1);
    expect(await s.bff.services.ds.getRepository(ChatMessage).countBy({ conversationId: conv.body.id, senderRole: 'resident' })).toBe(1);
  });
});

describe('socket authentication', () => {
  it('closes a socket that sends a bad token or anything before authenticating', async () => {
    const bad = await WsClient.open(s.bff.url, null);
    bad.send({ type: 'auth', token: 'not-a-token' });
    expect((await bad.waitClosed()).code).toBe(4401);
    const early = await WsClient.open(s.bff.url, null);
    early.send({ type: 'sync', conversationId: convId, afterSeq: 0 });
    expect((await early.waitClosed()).code).toBe(4401);
  });

  it('answers a malformed frame and an invalid send with errors, keeping the socket open', async () => {
    const ws = await WsClient.open(s.bff.url, zw.token);
    ws.ws.send('{not json');
    await ws.next((f) => f.type === 'error' && f.code === 'MALFORMED_REQUEST');
    ws.send({ type: 'send', conversationId: convId, message: { clientId: 'short', kind: 'text', text: '' } });
    await ws.next((f) => f.type === 'nack' && f.code === 'VALIDATION_FAILED' && f.clientId === 'short');
    ws.send({ type: 'ping' });
    await ws.next((f) => f.type === 'pong');
    ws.close();
  });
});
