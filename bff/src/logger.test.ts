import { phoneCodeFor, randomIdNumber, startStack, verifyIdentity, type Stack } from '../test/harness';

let s: Stack;
const lines: string[] = [];
beforeAll(async () => {
  s = await startStack({ LOG_LEVEL: 'debug' }, { logLines: lines });
});
afterAll(() => s.close());

describe('logs', () => {
  it('are JSON with the request id, and carry no ID number, phone, code or token in clear', async () => {
    const l = await s.login();
    const idNumber = randomIdNumber();
    const phoneCode = await phoneCodeFor(s, '13611112222');
    // Refused requests log too (no phone on file for this number → face required; a bad check digit); their bodies must not leak.
    const refused = await s.api('PUT', '/api/v1/me/real-name', { token: l.accessToken, body: { name: '赵敏', idNumber, phoneCode } });
    expect(refused.body.error.code).toBe('FACE_VERIFY_REQUIRED');
    await s.api('PUT', '/api/v1/me/real-name', { token: l.accessToken, body: { name: '赵敏', idNumber: idNumber.slice(0, 17) + '0', phoneCode: 'x' } });
    await verifyIdentity(s, l.accessToken, { name: '赵敏', idNumber }, { headers: { 'x-request-id': 'req-log-test-0001' } });
    const parsed = lines.map((x) => JSON.parse(x));
    const mine = parsed.filter((x) => x.requestId === 'req-log-test-0001');
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.some((x) => x.path === '/api/v1/me/identity/face/result' && x.status === 200)).toBe(true);
    const all = lines.join('\n');
    for (const secret of [idNumber, '13611112222', phoneCode, l.accessToken, l.refreshToken]) expect(all).not.toContain(secret);
  });
});
