import { startStack, type Stack } from '../../test/harness';
import { loadConfig } from '../config';
import { ClientAddress, parseTrustProxy } from './client-address';

describe('TRUST_PROXY', () => {
  it('takes false, true, or proxy addresses and CIDRs, and refuses anything else naming it', () => {
    expect(parseTrustProxy('false')).toBe(false);
    expect(parseTrustProxy('1')).toBe(true);
    expect(parseTrustProxy('10.0.0.0/8, 127.0.0.1 ,::1,fd00::/8')).toEqual(['10.0.0.0/8', '127.0.0.1', '::1', 'fd00::/8']);
    for (const bad of ['10.0.0.0/33', 'proxy.internal', '10.0.0.1/8/1', '::1/129', 'yes']) expect(() => parseTrustProxy(bad)).toThrow(bad);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/99' })).toThrow(/TRUST_PROXY/);
  });

  it('the client is the first untrusted hop, walking X-Forwarded-For from the right', () => {
    const list = new ClientAddress(['10.0.0.0/8', '127.0.0.1']);
    // Through two of our proxies: whatever the client wrote on the left is not believed.
    expect(list.resolve('127.0.0.1', '1.1.1.1, 203.0.113.5, 10.1.2.3')).toBe('203.0.113.5');
    expect(list.resolve('::ffff:127.0.0.1', '203.0.113.5')).toBe('203.0.113.5');
    // Straight from an untrusted address: its header is ignored.
    expect(list.resolve('198.51.100.7', '10.0.0.1, 203.0.113.5')).toBe('198.51.100.7');
    // Every hop trusted: the left-most one is as far as we can tell.
    expect(list.resolve('127.0.0.1', '10.0.0.2, 10.0.0.1')).toBe('10.0.0.2');
    expect(new ClientAddress(false).resolve('198.51.100.7', '203.0.113.5')).toBe('198.51.100.7');
    expect(new ClientAddress(true).resolve('198.51.100.7', '203.0.113.5, 10.0.0.1')).toBe('203.0.113.5');
  });
});

const browse = (s: Stack, xff: string) => s.api('GET', '/api/v1/booking/hospitals/H001', { headers: { 'x-forwarded-for': xff } });

describe('client address for rate limits over HTTP', () => {
  describe('when the caller is not a trusted proxy', () => {
    let s: Stack;
    beforeAll(async () => {
      // The tests talk from 127.0.0.1, which is not in the list.
      s = await startStack({ PUBLIC_BROWSE_RATE_PER_MINUTE: '3', TRUST_PROXY: '10.0.0.0/8' });
    });
    afterAll(() => s.close());

    it('forged X-Forwarded-For headers do not buy a fresh budget', async () => {
      for (let i = 0; i < 3; i++) expect((await browse(s, `203.0.113.${i}`)).status).toBe(200);
      const refused = await browse(s, '203.0.113.99');
      expect(refused.status).toBe(429);
      expect(refused.body.error.code).toBe('RATE_LIMITED');
    });
  });

  describe('behind a trusted proxy', () => {
    let s: Stack;
    beforeAll(async () => {
      s = await startStack({ PUBLIC_BROWSE_RATE_PER_MINUTE: '3', TRUST_PROXY: '127.0.0.1' });
    });
    afterAll(() => s.close());

    it('limits by the hop the proxy saw, whatever the client put on the left', async () => {
      for (let i = 0; i < 3; i++) expect((await browse(s, `192.0.2.${i}, 203.0.113.5`)).status).toBe(200);
      expect((await browse(s, '192.0.2.77, 203.0.113.5')).status).toBe(429);
      // Another client behind the same proxy has its own budget.
      expect((await browse(s, '198.51.100.8')).status).toBe(200);
    });
  });
});
