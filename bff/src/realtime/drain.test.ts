import { WS_CLOSE } from '@healthpocket/shared-types';
import { startStack, type Stack } from '../../test/harness';
import { WsClient, ZHANG_WEI, residentWithConsent } from '../modules/doctor/test-helpers';

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
