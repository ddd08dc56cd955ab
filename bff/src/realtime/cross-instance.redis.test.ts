import { startStack, type Stack } from '../../test/harness';
import { loadConfig } from '../config';
import { createLogger } from '../logger';
import { startBff, type RunningBff } from '../server';
import { WsClient, ZHANG_WEI, clientId, eventually, residentWithConsent, staff } from '../modules/doctor/test-helpers';

jest.setTimeout(30_000);

/**
 * Two BFF instances sharing one database and one Redis (REDIS_URL, default the project machine's
 * redis://127.0.0.1:6379): a message sent through instance A reaches a socket held by instance B.
 */
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

let s: Stack;
let b: RunningBff;
let zw: Awaited<ReturnType<typeof residentWithConsent>>;
let doctor: Awaited<ReturnType<typeof staff>>;
let convId: string;

beforeAll(async () => {
  s = await startStack({ REDIS_URL });
  const config = loadConfig({ ...s.bff.services.config.raw, PORT: '0' });
  b = await startBff(config, createLogger('silent'));
  await Promise.all([s.bff.services.realtime.ready(), b.services.realtime.ready()]);
  zw = await residentWithConsent(s, ZHANG_WEI);
  doctor = await staff(s, 'D-FD-001');
  await s.api('PUT', '/api/v1/workbench/settings', { token: doctor.token, body: { hours: { days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '23:59' }, autoReply: '稍后回复', quickReplies: [] } });
  convId = (await s.api('POST', '/api/v1/doctor/conversations', { token: zw.token, body: { memberId: zw.selfId } })).body.id;
});
afterAll(async () => {
  await b?.close();
  await s?.close();
});

describe('two BFF instances with Redis', () => {
  it('a doctor reply sent through A reaches the resident socket on B', async () => {
    const onB = await WsClient.open(b.url, zw.token);
    const res = await s.api('POST', `/api/v1/doctor/conversations/${convId}/messages`, { token: doctor.token, body: { clientId: clientId(), kind: 'text', text: '来自实例A的回复' } });
    expect(res.status).toBe(201);
    const got = await onB.next<{ type: 'message'; message: any }>((f) => f.type === 'message' && f.message.id === res.body.id);
    expect(got.message).toMatchObject({ text: '来自实例A的回复', senderRole: 'doctor', seq: res.body.seq });
    expect(b.services.realtime.connectionCount()).toBe(1);
    expect(s.bff.services.realtime.connectionCount()).toBe(0);
    onB.close();
  });

  it('a resident message sent on a socket of B reaches the doctor on A, with receipts back to B, in order', async () => {
    const docOnA = await WsClient.open(s.bff.url, doctor.token);
    const zwOnB = await WsClient.open(b.url, zw.token);
    const ids = [clientId('b'), clientId('b'), clientId('b')];
    ids.forEach((id, i) => zwOnB.send({ type: 'send', conversationId: convId, message: { clientId: id, kind: 'text', text: `B实例消息${i}` } }));
    const acks = await Promise.all(ids.map((id) => zwOnB.next<{ type: 'ack'; message: any }>((f) => f.type === 'ack' && f.clientId === id)));
    const last = Math.max(...acks.map((a) => a.message.seq));
    await docOnA.next((f) => f.type === 'message' && f.message.seq === last);
    const seen = docOnA.messages(convId).map((m) => m.seq);
    expect(seen).toEqual([...seen].sort((x, y) => x - y));
    expect(
      docOnA
        .messages(convId)
        .map((m) => m.text)
        .sort(),
    ).toEqual(['B实例消息0', 'B实例消息1', 'B实例消息2']);
    docOnA.send({ type: 'read', conversationId: convId, seq: last });
    await zwOnB.next((f) => f.type === 'read' && f.by === 'doctor' && f.seq === last);
    docOnA.close();
    zwOnB.close();
  });

  it('presence is shared: a resident online on B gets no subscribe message for a reply sent through A', async () => {
    await s.sbx('POST', '/wechat/sandbox/subscriptions', { body: { openid: zw.openid, templateIds: ['sbx_tmpl_doctor_reply'], count: 3 } });
    const sent = async () => ((await s.sbx('GET', `/wechat/sandbox/sent?touser=${zw.openid}`)).body.items as any[]).length;
    const before = await sent();
    const onB = await WsClient.open(b.url, zw.token);
    expect(await s.bff.services.realtime.presence.isOnline(zw.user.id)).toBe(true);
    const reply = await s.api('POST', `/api/v1/doctor/conversations/${convId}/messages`, { token: doctor.token, body: { clientId: clientId(), kind: 'text', text: '您在线吗' } });
    await onB.next((f) => f.type === 'message' && f.message.id === reply.body.id);
    await new Promise((r) => setTimeout(r, 300));
    expect(await sent()).toBe(before);
    onB.close();
    await eventually(async () => !(await s.bff.services.realtime.presence.isOnline(zw.user.id)));
    await s.api('POST', `/api/v1/doctor/conversations/${convId}/messages`, { token: doctor.token, body: { clientId: clientId(), kind: 'text', text: '您离线了' } });
    await eventually(async () => (await sent()) === before + 1);
  });

  it('a message stored while the resident had no socket is caught up on the other instance', async () => {
    const onA = await WsClient.open(s.bff.url, zw.token);
    onA.send({ type: 'sync', conversationId: convId, afterSeq: 0 });
    const synced = await onA.next<{ type: 'synced'; lastSeq: number }>((f) => f.type === 'synced');
    onA.close();
    const missed = await s.api('POST', `/api/v1/doctor/conversations/${convId}/messages`, { token: doctor.token, body: { clientId: clientId(), kind: 'text', text: '断线时发送' } });
    const onB = await WsClient.open(b.url, zw.token);
    onB.send({ type: 'sync', conversationId: convId, afterSeq: synced.lastSeq });
    await onB.next((f) => f.type === 'synced');
    expect(onB.messages(convId).map((m) => m.id)).toEqual([missed.body.id]);
    onB.close();
  });
});
