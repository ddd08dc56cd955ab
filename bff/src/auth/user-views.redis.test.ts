import { startStack, client, randomIdNumber, type Stack } from '../../test/harness';
import { loadConfig } from '../config';
import { createLogger } from '../logger';
import { startBff, type RunningBff } from '../server';

jest.setTimeout(30_000);

/** Two BFF instances sharing one database and one Redis: a change made through A shows on B's next read. */
const REDIS_URL = process.env.TEST_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

let s: Stack;
let b: RunningBff;

beforeAll(async () => {
  s = await startStack({ REDIS_URL, TRUST_PROXY: 'true' });
  b = await startBff(loadConfig({ ...s.bff.services.config.raw, PORT: '0' }), createLogger('silent'));
});
afterAll(async () => {
  await b?.close();
  await s?.close();
});

/** Resolves when B drops the user's views (the pub/sub message arrived there). */
function droppedOnB(userId: string): Promise<void> {
  const views = b.services.userViews;
  const drop = views.drop.bind(views);
  return new Promise((resolve) => {
    views.drop = (id: string) => {
      drop(id);
      if (id === userId) {
        views.drop = drop;
        resolve();
      }
    };
  });
}

describe('user views across instances (Redis)', () => {
  it('a member added and removed on A is in and out of B’s list on its next read', async () => {
    const onB = client(b.url);
    const r = await s.resident({ name: '刘洋' });
    const userId = r.user.id as string;
    const listOnB = async () => ((await onB('GET', '/api/v1/family/members', { token: r.token })).body.items as Array<{ name: string }>).map((m) => m.name);
    // B keeps the list: no database read would see the change.
    expect(await listOnB()).toEqual(['刘洋']);
    let dropped = droppedOnB(userId);
    const added = await s.api('POST', '/api/v1/family/members', { token: r.token, body: { name: '王芳', relation: 'spouse', idNumber: randomIdNumber() } });
    expect(added.status).toBe(201);
    await dropped;
    expect(await listOnB()).toEqual(['刘洋', '王芳']);
    dropped = droppedOnB(userId);
    expect((await s.api('DELETE', `/api/v1/family/members/${added.body.id}`, { token: r.token })).status).toBe(204);
    await dropped;
    expect(await listOnB()).toEqual(['刘洋']);
  });

  it('a claim made on A shows in B’s /me; a role granted on A (a principal change) too', async () => {
    const onB = client(b.url);
    const l = await s.login();
    const userId = l.user.id as string;
    expect((await onB('GET', '/api/v1/me', { token: l.accessToken })).body.identity.state).toBe('none');
    let dropped = droppedOnB(userId);
    expect((await s.api('POST', '/api/v1/me/identity/face', { token: l.accessToken, body: { name: '赵敏', idNumber: randomIdNumber() } })).status).toBe(200);
    await dropped;
    expect((await onB('GET', '/api/v1/me', { token: l.accessToken })).body).toMatchObject({ identity: { state: 'claimed' }, name: '赵敏' });

    dropped = droppedOnB(userId);
    await s.bff.services.auth.grant(l.openid, ['operator']);
    await dropped;
    const again = await s.login(l.openid);
    expect((await onB('GET', '/api/v1/me', { token: again.accessToken })).body.roles).toEqual(['resident', 'operator']);
  });
});
