import { createLogger } from '../logger';
import { randomIdNumber, startStack, verifyIdentity, type Stack } from '../../test/harness';
import { UserViews } from './user-views';

const SUN_YUE_PHONE = '13700137000';

describe('UserViews: a per-user read cache', () => {
  const logger = createLogger('silent');

  it('loads a view once until the user changes, then once more', async () => {
    const views = new UserViews(null, logger);
    let loads = 0;
    const load = async () => ++loads;
    expect(await views.get('u1', 'me', load)).toBe(1);
    expect(await views.get('u1', 'me', load)).toBe(1);
    // Another user and another view are their own entries.
    expect(await views.get('u2', 'me', load)).toBe(2);
    expect(await views.get('u1', 'members', load)).toBe(3);
    await views.changed('u1');
    expect(await views.get('u1', 'me', load)).toBe(4);
    expect(await views.get('u1', 'members', load)).toBe(5);
    expect(await views.get('u2', 'me', load)).toBe(2);
  });

  it('never keeps a load that was in flight when the user changed, nor a failed one', async () => {
    const views = new UserViews(null, logger);
    let release!: (v: string) => void;
    const inFlight = views.get('u1', 'me', () => new Promise<string>((r) => (release = r)));
    await views.changed('u1');
    release('before the change');
    expect(await inFlight).toBe('before the change');
    expect(await views.get('u1', 'me', async () => 'after the change')).toBe('after the change');

    await expect(views.get('u2', 'me', async () => Promise.reject(new Error('db down')))).rejects.toThrow('db down');
    expect(await views.get('u2', 'me', async () => 'retried')).toBe('retried');
  });

  it('builds the views again when the China day turns (a member’s age)', async () => {
    let day = '2026-12-03';
    const views = new UserViews(null, logger, () => day);
    let loads = 0;
    const load = async () => ++loads;
    expect(await views.get('u1', 'members', load)).toBe(1);
    expect(await views.get('u1', 'members', load)).toBe(1);
    day = '2026-12-04';
    expect(await views.get('u1', 'members', load)).toBe(2);
  });
});

describe('GET /api/v1/me and /family/members show every change on the next read', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack({ TRUST_PROXY: 'true' });
  });
  afterAll(() => s.close());

  const me = (token: string) => s.api('GET', '/api/v1/me', { token }).then((r) => r.body);
  const members = (token: string) => s.api('GET', '/api/v1/family/members', { token }).then((r) => r.body.items as Array<{ id: string; name: string; relation: string; phoneMasked: string | null }>);

  it('adding, editing and removing a member', async () => {
    const r = await s.resident({ name: '刘洋' });
    // Read (and so cache) first: the change must reach a view already kept.
    expect((await members(r.token)).map((m) => m.relation)).toEqual(['self']);
    const added = await s.api('POST', '/api/v1/family/members', { token: r.token, body: { name: '王芳', relation: 'spouse', idNumber: randomIdNumber() } });
    expect(added.status).toBe(201);
    expect((await members(r.token)).map((m) => [m.name, m.relation])).toEqual([
      ['刘洋', 'self'],
      ['王芳', 'spouse'],
    ]);
    expect((await s.api('PATCH', `/api/v1/family/members/${added.body.id}`, { token: r.token, body: { relation: 'sibling' } })).status).toBe(200);
    expect((await members(r.token)).find((m) => m.id === added.body.id)?.relation).toBe('sibling');
    expect((await s.api('DELETE', `/api/v1/family/members/${added.body.id}`, { token: r.token })).status).toBe(204);
    expect((await members(r.token)).map((m) => m.relation)).toEqual(['self']);
  });

  it('a claimed identity (phone mismatch), then the face check that proves it', async () => {
    const l = await s.login();
    expect((await me(l.accessToken)).identity.state).toBe('none');
    expect(await members(l.accessToken)).toEqual([]);
    const who = { name: '孙悦', idNumber: randomIdNumber() };
    const phoneCode = (await s.sbx('POST', '/wechat/sandbox/phone-codes', { body: { phoneNumber: SUN_YUE_PHONE } })).body.code;
    const claim = await s.api('PUT', '/api/v1/me/real-name', { token: l.accessToken, body: { ...who, phoneCode } });
    expect(claim.body.error.code).toBe('FACE_VERIFY_REQUIRED');
    expect(await me(l.accessToken)).toMatchObject({ identity: { state: 'claimed' }, name: '孙悦' });
    await verifyIdentity(s, l.accessToken, who);
    expect(await me(l.accessToken)).toMatchObject({ realNameVerified: true, identity: { state: 'verified', method: 'face' }, name: '孙悦' });
    expect((await members(l.accessToken)).map((m) => [m.name, m.relation])).toEqual([['孙悦', 'self']]);
  });

  it('a face check started by an account with no claim yet shows the claim', async () => {
    const l = await s.login();
    expect((await me(l.accessToken)).identity.state).toBe('none');
    const started = await s.api('POST', '/api/v1/me/identity/face', { token: l.accessToken, body: { name: '赵敏', idNumber: randomIdNumber() } });
    expect(started.status).toBe(200);
    expect(await me(l.accessToken)).toMatchObject({ identity: { state: 'claimed' }, name: '赵敏' });
  });

  it('the WeChat phone kept on the self member when a health card is applied for', async () => {
    const r = await s.resident({ name: '张伟' });
    const [self] = await members(r.token);
    expect(self).toMatchObject({ relation: 'self', phoneMasked: null });
    const phoneCode = (await s.sbx('POST', '/wechat/sandbox/phone-codes', { body: { phoneNumber: '13912345678' } })).body.code;
    expect((await s.api('POST', `/api/v1/health-cards/${self.id}`, { token: r.token, body: { phoneCode } })).status).toBe(201);
    expect((await members(r.token))[0]).toMatchObject({ relation: 'self', phoneMasked: '139****5678' });
  });

  it('a role granted to the user', async () => {
    const r = await s.resident();
    expect((await me(r.token)).roles).toEqual(['resident']);
    await s.bff.services.auth.grant(r.openid, ['operator']);
    // The principal changed (roles): the token is refreshed once and the new roles are shown.
    const l = await s.login(r.openid);
    expect((await me(l.accessToken)).roles).toEqual(['resident', 'operator']);
  });

  it('an identity taken over by another account: the earlier account shows none of it', async () => {
    const idNumber = randomIdNumber();
    const earlier = await s.resident({ name: '陈芳', idNumber });
    const again = await s.login(earlier.openid);
    expect((await me(again.accessToken)).identity.state).toBe('verified');
    expect((await members(again.accessToken)).map((m) => m.relation)).toEqual(['self']);
    const owner = await s.login();
    await verifyIdentity(s, owner.accessToken, { name: '陈芳', idNumber });
    const relogin = await s.login(earlier.openid);
    expect((await me(relogin.accessToken)).identity.state).toBe('none');
    expect(await members(relogin.accessToken)).toEqual([]);
  });
});
