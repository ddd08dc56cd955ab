import WebSocket from 'ws';
import { startStack, type Stack } from '../../test/harness';
import { WsClient, ZHANG_WEI, clientId, residentWithConsent, staff } from '../modules/doctor/test-helpers';

let s: Stack;
let zw: Awaited<ReturnType<typeof residentWithConsent>>;
let convId: string;

jest.setTimeout(30_000);

const CAP = 3;

beforeAll(async () => {
  s = await startStack({ WS_UNAUTHENTICATED_PER_ADDRESS: String(CAP), WS_AUTH_TIMEOUT_MS: '1000' });
  zw = await residentWithConsent(s, ZHANG_WEI);
  const doctor = await staff(s, 'D-FD-001');
  const always = { hours: { days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '23:59' }, autoReply: '稍后回复', quickReplies: ['好的'] };
  expect((await s.api('PUT', '/api/v1/workbench/settings', { token: doctor.token, body: always })).status).toBe(200);
  const open = await s.api('POST', '/api/v1/doctor/conversations', { token: zw.token, body: { memberId: zw.selfId } });
  expect(open.status).toBe(200);
  convId = open.body.id;
});
afterAll(() => s.close());

const wsUrl = () => s.bff.url.replace(/^http/, 'ws') + '/api/v1/realtime';

/** Opens a raw socket; resolves with it once open, or with the HTTP status the upgrade was refused with. */
function connect(headers: Record<string, string> = {}): Promise<{ ws: WebSocket } | { refused: number }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl(), { headers });
    ws.once('open', () => resolve({ ws }));
    ws.once('unexpected-response', (_req, res) => resolve({ refused: res.statusCode ?? 0 }));
    ws.once('error', reject);
  });
}

describe('chat sends over the WebSocket', () => {
  it('spend the same per-user budget as the HTTP route: a refused send is nacked RATE_LIMITED with a retry-after', async () => {
    // 60 a minute per user: 45 over HTTP, then 15 over the socket, then both paths refuse.
    for (let i = 0; i < 45; i++) {
      const r = await s.api('POST', `/api/v1/doctor/conversations/${convId}/messages`, { token: zw.token, body: { clientId: clientId('h'), kind: 'text', text: `http ${i}` } });
      expect(r.status).toBe(201);
    }
    const ws = await WsClient.open(s.bff.url, zw.token);
    const ids = Array.from({ length: 16 }, () => clientId('w'));
    for (const [i, id] of ids.entries()) ws.send({ type: 'send', conversationId: convId, message: { clientId: id, kind: 'text', text: `ws ${i}` } });
    for (const id of ids.slice(0, 15)) await ws.next((f) => f.type === 'ack' && f.clientId === id);
    const nack = await ws.next<{ type: 'nack'; code: string; retryAfterSeconds?: number }>((f) => f.type === 'nack' && f.clientId === ids[15]);
    expect(nack.code).toBe('RATE_LIMITED');
    expect(nack.retryAfterSeconds).toBeGreaterThan(0);
    expect(nack.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(ws.frames.some((f) => f.type === 'ack' && f.clientId === ids[15])).toBe(false);
    const http = await s.api('POST', `/api/v1/doctor/conversations/${convId}/messages`, { token: zw.token, body: { clientId: clientId('h'), kind: 'text', text: 'one too many' } });
    expect(http.status).toBe(429);
    expect(http.body.error.code).toBe('RATE_LIMITED');
    ws.close();
    const stored = await s.api('GET', `/api/v1/doctor/conversations/${convId}/messages?afterSeq=0&limit=100`, { token: zw.token });
    expect(stored.body.items.filter((m: { senderRole: string }) => m.senderRole === 'resident')).toHaveLength(60);
  });
});

describe('unauthenticated sockets', () => {
  it('are capped per client address, forged X-Forwarded-For or not, and free their slot once authenticated', async () => {
    const held: WebSocket[] = [];
    for (let i = 0; i < CAP; i++) {
      const c = await connect({ 'x-forwarded-for': `198.51.100.${i}` });
      if (!('ws' in c)) throw new Error(`socket ${i} refused with ${c.refused}`);
      held.push(c.ws);
    }
    // TRUST_PROXY is off: the header is the client's own say and changes nothing.
    expect(await connect({ 'x-forwarded-for': '203.0.113.9' })).toEqual({ refused: 429 });
    expect(await connect()).toEqual({ refused: 429 });
    // One of them authenticates: it no longer counts, so one more may connect.
    const ready = new Promise((r) => held[0].on('message', (d) => JSON.parse(d.toString()).type === 'ready' && r(true)));
    held[0].send(JSON.stringify({ type: 'auth', token: zw.token }));
    await ready;
    const again = await connect();
    expect('ws' in again).toBe(true);
    for (const w of [...held, ...('ws' in again ? [again.ws] : [])]) w.terminate();
  });

  it('are closed when they do not authenticate in time (4408), which frees their slot', async () => {
    const c = await connect();
    if (!('ws' in c)) throw new Error('refused');
    const closed = await new Promise<number>((r) => c.ws.once('close', (code) => r(code)));
    expect(closed).toBe(4408);
    // Every slot is free again once the sockets above are gone.
    const sockets: WebSocket[] = [];
    for (let i = 0; i < CAP; i++) {
      const next = await connect();
      if (!('ws' in next)) throw new Error(`slot ${i} still taken`);
      sockets.push(next.ws);
    }
    for (const w of sockets) w.terminate();
  });
});
