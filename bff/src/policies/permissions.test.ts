import { Role } from '@healthpocket/shared-types';
import { startStack, type Stack } from '../../test/harness';
import { PERMISSIONS, ROLE_PERMISSIONS, isPermission, permissionsOf, type Permission } from './permissions';

jest.setTimeout(60_000);

interface Operation {
  method: string;
  path: string;
  permission?: string;
  roles?: string[];
  public: boolean;
}

let s: Stack;
let ops: Operation[];
const tokens = {} as Record<Role, string>;

beforeAll(async () => {
  s = await startStack();
  const doc = (await s.api('GET', '/api/openapi.json')).body as { paths: Record<string, Record<string, { security: unknown[]; 'x-permission'?: string; 'x-roles'?: string[] }>> };
  ops = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ method, path, permission: op['x-permission'], roles: op['x-roles'], public: op.security.length === 0 })),
  );
  for (const role of Role.options) {
    const first = await s.login();
    if (role !== 'resident') await s.bff.services.auth.grant(first.openid, [role], role === 'doctor' ? 'D-FD-001' : undefined);
    tokens[role] = (await s.login(first.openid)).accessToken;
  }
});
afterAll(() => s.close());

/** Staff areas by path: everything here must need a permission, never just a signed-in user. */
const STAFF_PATH = /^\/api\/v1\/(workbench|console|admin)\/|refund/;

describe('every route declares who may call it', () => {
  it('each staff route declares a known permission, and only staff routes do', () => {
    expect(ops.length).toBeGreaterThan(50);
    for (const op of ops) {
      const staffPath = STAFF_PATH.test(op.path);
      expect({ op: `${op.method} ${op.path}`, permission: staffPath ? isPermission(op.permission) : op.permission === undefined }).toEqual({ op: `${op.method} ${op.path}`, permission: true });
    }
  });

  it('the table names only known permissions, and every permission is used by some route', () => {
    const used = new Set(ops.map((o) => o.permission).filter(Boolean));
    for (const perms of Object.values(ROLE_PERMISSIONS)) for (const p of perms) expect(PERMISSIONS[p]).toBeTruthy();
    expect([...used].sort()).toEqual(Object.keys(PERMISSIONS).sort());
  });

  it('an operator cannot refund; a doctor reaches neither content nor roles; a resident no staff route', () => {
    const refund = ops.filter((o) => o.permission === 'payments.refund');
    expect(refund.length).toBeGreaterThanOrEqual(2);
    expect(permissionsOf(['operator']).has('payments.refund')).toBe(false);
    for (const p of ['content.write', 'content.publish', 'campaign.send', 'roles.manage'] as Permission[]) expect(permissionsOf(['doctor']).has(p)).toBe(false);
    expect(permissionsOf(['resident']).size).toBe(0);
  });
});

describe('each role reaches exactly the routes its permissions allow', () => {
  it.each(Role.options)('%s', async (role) => {
    const mine = permissionsOf([role]);
    const staffOps = ops.filter((o) => o.permission);
    for (const op of staffOps) {
      // Path parameters get an id that exists nowhere: an allowed caller then gets 404/400, never 401/403.
      const path = op.path.replace(/\{\w+\}/g, 'X0000000000');
      const res = await s.api(op.method.toUpperCase(), path, { token: tokens[role], body: op.method === 'get' ? undefined : {} });
      const outcome = { op: `${op.method} ${op.path}`, status: res.status === 403 || res.status === 401 ? res.status : 'allowed', code: res.status === 403 ? res.body.error.code : undefined };
      if (mine.has(op.permission as Permission)) expect(outcome).toEqual({ op: outcome.op, status: 'allowed', code: undefined });
      else expect(outcome).toEqual({ op: outcome.op, status: 403, code: 'FORBIDDEN' });
      expect(op.roles).toEqual(Role.options.filter((r) => ROLE_PERMISSIONS[r].includes(op.permission as Permission)));
    }
    // A staff route without a token is refused at the door.
    expect((await s.api(staffOps[0].method.toUpperCase(), staffOps[0].path.replace(/\{\w+\}/g, 'X0'))).status).toBe(401);
  });

  it('the refusal is 403 FORBIDDEN with a Chinese message', async () => {
    const res = await s.api('GET', '/api/v1/workbench/inbox', { token: tokens.operator });
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/[\u4e00-\u9fa5]/) });
  });
});
