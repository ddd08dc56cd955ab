import { WS_CLOSE } from '@healthpocket/shared-types';
import { startStack, type Stack } from '../../test/harness';
import WebSocket from 'ws';
import { WsClient, ZHANG_WEI, residentWithConsent, staff } from '../modules/doctor/test-helpers';

let s: Stack;

beforeAll(async () => {
  s = await startStack();
});
afterAll(() => s.close());

describe('a draining instance', () => {
  it('closes its sockets with 1012 (Service Restart), the hint to reconnect at once elsewhere', async () => {
    const zw = await residentWithConsent(s, ZHANG_WEI);
    const ws = await WsClient.open(s.bff.url, zw.token);
    const closing = ws.waitClosed();
    await s.bff.close();
    expect(await closing).toEqual({ code: WS_CLOSE.restarting, reason: 'restarting: reconnect' });
    expect(WS_CLOSE.restarting).toBe(1012);
  });
});

describe('a socket that cannot learn its topics', () => {
  it('is closed with 1013 (try again) instead of staying open deaf to its team', async () => {
    const t = await startStack();
    try {
      const doctor = await staff(t, 'D-FD-001');
      // The platform's team list has never been read by this BFF, so there is no stale copy to fall back on.
      await t.sbx('POST', '/sandbox/faults', { body: { pathPrefix: '/platform/teams', status: 503 } });
      const ws = new WebSocket(t.bff.url.replace(/^http/, 'ws') + '/api/v1/realtime');
      const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
      ws.once('open', () => ws.send(JSON.stringify({ type: 'auth', token: doctor.token })));
      expect(await closed).toBe(WS_CLOSE.tryAgain);
      await t.sbx('DELETE', '/sandbox/faults');
      const again = await WsClient.open(t.bff.url, doctor.token);
      again.close();
    } finally {
      await t.close();
    }
  });
});
