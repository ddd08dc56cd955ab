import { createSandbox } from '../server';
import { client, type Call } from '../../test/harness';

let close: () => Promise<void>;
let sbx: Call;

beforeAll(async () => {
  const server = await createSandbox().listen(0);
  sbx = client(server.url);
  close = server.close;
});
afterAll(() => close());

describe('platform staff directory', () => {
  it('lists every team member once, with their institution and teams, and a former member as inactive', async () => {
    const res = await sbx('GET', '/platform/staff');
    expect(res.status).toBe(200);
    const ids = res.body.items.map((e: { id: string }) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(res.body.items.find((e: { id: string }) => e.id === 'D-FD-001')).toEqual({
      id: 'D-FD-001',
      name: '李明',
      role: '全科医生',
      title: '主治医师',
      hospitalId: 'H003',
      hospitalName: expect.stringContaining('社区卫生服务中心'),
      teamIds: ['T001'],
      active: true,
    });
    expect(res.body.items.find((e: { id: string }) => e.id === 'N-FD-001')).toMatchObject({ role: '社区护士', teamIds: ['T001'], active: true });
    expect(res.body.items.find((e: { id: string }) => e.id === 'D-FD-099')).toMatchObject({ name: '钱文', teamIds: [], active: false });
  });

  it('filters by name or id, team and active; one entry by id; unknown ids are 404', async () => {
    expect((await sbx('GET', `/platform/staff?q=${encodeURIComponent('李')}`)).body.items.map((e: { id: string }) => e.id)).toContain('D-FD-001');
    expect((await sbx('GET', '/platform/staff?q=d-fd-002')).body.items.map((e: { id: string }) => e.id)).toEqual(['D-FD-002']);
    const t002 = (await sbx('GET', '/platform/staff?teamId=T002')).body.items;
    expect(t002.length).toBeGreaterThanOrEqual(3);
    for (const e of t002) expect(e.teamIds).toContain('T002');
    expect((await sbx('GET', '/platform/staff?active=false')).body.items.map((e: { id: string }) => e.id)).toEqual(['D-FD-099']);
    expect((await sbx('GET', '/platform/staff?active=maybe')).status).toBe(400);
    expect((await sbx('GET', '/platform/staff/P-FD-002')).body).toMatchObject({ name: '马俊', role: '公共卫生医师', teamIds: ['T002'] });
    const unknown = await sbx('GET', '/platform/staff/D-NOPE');
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('NOT_FOUND');
  });
});
