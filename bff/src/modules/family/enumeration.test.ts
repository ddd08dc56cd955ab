import { randomIdNumber, startStack, type Stack } from '../../../test/harness';
import { eventually } from '../doctor/test-helpers';

/**
 * Issue 12: adding a family member and asking them for 家人授权 must not tell the caller whether the
 * ID number belongs to someone on the app, and ID numbers cannot be tried by the dozen.
 */
let s: Stack;
beforeAll(async () => {
  s = await startStack();
}, 60_000);
afterAll(() => s.close());

jest.setTimeout(30_000);

/** What a caller sees of one add → ask → look → delete cycle, minus ids, codes and times. */
async function cycle(token: string, idNumber: string) {
  const add = await s.api('POST', '/api/v1/family/members', { token, body: { name: '李某', relation: 'sibling', idNumber } });
  const id = add.body.id as string;
  const ask = await s.api('POST', `/api/v1/family/members/${id}/access-requests`, { token });
  const latest = await s.api('GET', `/api/v1/family/members/${id}/access-requests/latest`, { token });
  const del = await s.api('DELETE', `/api/v1/family/members/${id}`, { token });
  const shape = (b: Record<string, unknown>) => {
    const { id: _i, memberId: _m, requestedAt: _r, inviteCode, createdAt: _c, idNumberMasked: _n, birthDate: _b, age: _a, sex: _s, ...rest } = b;
    return { ...rest, inviteCode: typeof inviteCode };
  };
  return { status: [add.status, ask.status, latest.status, del.status], add: shape(add.body), ask: shape(ask.body), latest: shape(latest.body) };
}

describe('an ID number known elsewhere or not', () => {
  it('gets the same answers when added and asked for authorization; the adult on the app is still told', async () => {
    const requester = await s.resident();
    const known = randomIdNumber();
    const adult = await s.resident({ idNumber: known });
    await s.sbx('POST', '/wechat/sandbox/subscriptions', { body: { openid: adult.openid, templateIds: ['sbx_tmpl_family_access'] } });

    const a = await cycle(requester.token, known);
    const b = await cycle(requester.token, randomIdNumber());
    expect(a.status).toEqual([201, 201, 200, 204]);
    expect(a).toEqual(b);
    expect(a.ask).toMatchObject({ status: 'pending', grantorOnApp: false, inviteCode: 'string' });
    // The notification still reaches the adult, off the answer's path.
    await eventually(async () => (await s.sbx('GET', `/wechat/sandbox/sent?touser=${adult.openid}`)).body.items.length === 1);
  });
});

describe('real-name binding by someone who does not own the identity', () => {
  it('answers alike whether the ID number is bound to another account or to none', async () => {
    const known = randomIdNumber();
    await s.resident({ idNumber: known });
    const answers = [];
    for (const idNumber of [known, randomIdNumber()]) {
      const caller = await s.login();
      const phoneCode = (await s.sbx('POST', '/wechat/sandbox/phone-codes', { body: { phoneNumber: '13912345678' } })).body.code;
      const byPhone = await s.api('PUT', '/api/v1/me/real-name', { token: caller.accessToken, body: { name: '张伟', idNumber, phoneCode } });
      const face = await s.api('POST', '/api/v1/me/identity/face', { token: caller.accessToken, body: { name: '张伟', idNumber } });
      const { requestId: _r, ...error } = byPhone.body.error;
      answers.push([byPhone.status, error, face.status, Object.keys(face.body).sort()]);
    }
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0][0]).toBe(409);
    expect(answers[0][2]).toBe(200);
  });
});

describe('entering ID numbers for members', () => {
  it('is limited per user (20 an hour, adding and editing alike): 429 RATE_LIMITED with a retry-after', async () => {
    const r = await s.resident();
    const kept = await s.api('POST', '/api/v1/family/members', { token: r.token, body: { name: '王某', relation: 'other', idNumber: randomIdNumber() } });
    expect(kept.status).toBe(201);
    for (let i = 0; i < 19; i++) {
      const add = await s.api('POST', '/api/v1/family/members', { token: r.token, body: { name: '王某', relation: 'other', idNumber: randomIdNumber() } });
      expect(add.status).toBe(201);
      expect((await s.api('DELETE', `/api/v1/family/members/${add.body.id}`, { token: r.token })).status).toBe(204);
    }
    const refused = await s.api('POST', '/api/v1/family/members', { token: r.token, body: { name: '王某', relation: 'other', idNumber: randomIdNumber() } });
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('RATE_LIMITED');
    expect(refused.body.error.retryAfterSeconds).toBeGreaterThan(0);
    const edit = await s.api('PATCH', `/api/v1/family/members/${kept.body.id}`, { token: r.token, body: { idNumber: randomIdNumber() } });
    expect([edit.status, edit.body.error?.code]).toEqual([429, 'RATE_LIMITED']);
    // Edits without an ID number go on.
    expect((await s.api('PATCH', `/api/v1/family/members/${kept.body.id}`, { token: r.token, body: { relation: 'sibling' } })).status).toBe(200);
    // Another resident is not held up by it.
    const other = await s.resident();
    expect((await s.api('POST', '/api/v1/family/members', { token: other.token, body: { name: '王某', relation: 'other', idNumber: randomIdNumber() } })).status).toBe(201);
  });
});
