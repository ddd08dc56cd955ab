import { act, fireEvent, render, screen } from '@testing-library/react';
import type { RoleHistoryEntry, StaffUser } from '@healthpocket/shared-types';
import AdminHome from './index';
import { errorBody, mockRequests, signIn, testUser } from '../../../test/helpers';

const user = (over: Partial<StaffUser> = {}): StaffUser => ({
  id: 'u-2',
  nameMasked: '孙*',
  openid: 'o_sun',
  roles: ['resident'],
  doctorId: null,
  doctorName: null,
  realNameVerified: true,
  createdAt: '2026-11-22T09:00:00.000+08:00',
  ...over,
});
const entry = (id: string, name: string, active = true) => ({ id, name, role: '全科医生', title: '主治医师', hospitalName: '东华街道社区卫生服务中心', teamIds: active ? ['T001'] : [], active });
const type = (id: string, value: string) => fireEvent.change(screen.getByTestId(id), { target: { value } });
const click = (id: string) => act(async () => fireEvent.click(screen.getByTestId(id)));

beforeEach(() => signIn(testUser({ id: 'u-admin', roles: ['resident', 'admin'], name: '管理员' })));

describe('人员与角色 page', () => {
  it('is for admins only', async () => {
    signIn(testUser({ roles: ['resident', 'operator'] }));
    const calls = mockRequests(() => undefined);
    render(<AdminHome />);
    expect(screen.getByTestId('admin-home').textContent).toContain('仅供系统管理员使用');
    expect(calls).toEqual([]);
  });

  it('searches, shows roles and history, and grants a doctor picked from the staff directory with a reason', async () => {
    let current = user();
    const history: RoleHistoryEntry[] = [];
    const calls = mockRequests((c) => {
      if (c.url.startsWith('/api/v1/admin/users?')) return { status: 200, data: { items: [current] } };
      if (c.url === '/api/v1/admin/users') return { status: 200, data: { items: [] } };
      if (c.url.endsWith('/role-history')) return { status: 200, data: { items: history } };
      if (c.url.startsWith('/api/v1/admin/staff-directory')) return { status: 200, data: { items: [entry('D-FD-002', '孙静'), entry('D-FD-099', '钱文', false)] } };
      if (c.method === 'POST' && c.url === '/api/v1/admin/users/u-2/roles') {
        current = user({ roles: ['resident', 'doctor'], doctorId: 'D-FD-002', doctorName: '孙静' });
        history.unshift({ id: 'h1', action: 'grant', role: 'doctor', doctorId: 'D-FD-002', reason: c.data.reason, byUserId: 'u-admin', byName: '管*员', at: '2026-11-22T10:00:00.000+08:00' });
        return { status: 200, data: current };
      }
    });
    render(<AdminHome />);
    expect((await screen.findByTestId('status-empty')).textContent).toContain('还没有工作人员账号');
    type('admin-search', '孙');
    await click('admin-search-submit');
    expect(calls.map((c) => c.url)).toContain(`/api/v1/admin/users?q=${encodeURIComponent('孙')}`);
    await click('admin-user-u-2');
    expect(screen.getByTestId('admin-detail-name').textContent).toBe('孙*');
    expect(await screen.findByText('还没有通过管理页授予或撤销过角色')).toBeTruthy();

    await click('admin-grant-role-doctor');
    await screen.findByTestId('admin-directory-D-FD-002');
    expect(screen.getByTestId('admin-grant-submit').hasAttribute('disabled')).toBe(true);
    await click('admin-directory-D-FD-099'); // left the service: cannot be picked
    expect(screen.queryByTestId('admin-grant-doctor')).toBeNull();
    await click('admin-directory-D-FD-002');
    expect(screen.getByTestId('admin-grant-doctor').textContent).toContain('孙静（D-FD-002）');
    expect(screen.getByTestId('admin-grant-submit').hasAttribute('disabled')).toBe(true); // no reason yet
    type('admin-grant-reason', '新入职家庭医生');
    await click('admin-grant-submit');
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.data).toEqual({ role: 'doctor', reason: '新入职家庭医生', doctorId: 'D-FD-002' });
    expect(screen.getByTestId('admin-detail-doctor').textContent).toContain('孙静（D-FD-002）');
    expect(screen.getByTestId('admin-role-doctor')).toBeTruthy();
    expect((await screen.findByTestId('admin-history-h1')).textContent).toContain('新入职家庭医生');
  });

  it('revokes only with a reason and after confirmation, and shows a refusal', async () => {
    let current = user({ roles: ['resident', 'doctor', 'operator'], doctorId: 'D-FD-002', doctorName: '孙静' });
    const calls = mockRequests((c) => {
      if (c.url.startsWith('/api/v1/admin/users') && c.method === 'GET' && !c.url.includes('role-history')) return { status: 200, data: { items: [current] } };
      if (c.url.endsWith('/role-history')) return { status: 200, data: { items: [] } };
      if (c.method === 'POST' && c.url.endsWith('/roles/doctor/revoke')) {
        current = user({ roles: ['resident', 'operator'] });
        return { status: 200, data: current };
      }
      if (c.method === 'POST' && c.url.endsWith('/roles/operator/revoke')) return { status: 409, data: errorBody('ROLE_NOT_HELD', '该用户没有此角色，无需撤销，请刷新后查看') };
    });
    render(<AdminHome />);
    await click((await screen.findByTestId('admin-user-u-2')).dataset.testid!);
    await click('admin-revoke-doctor');
    expect(screen.getByTestId('admin-revoke-submit').hasAttribute('disabled')).toBe(true);
    type('admin-revoke-reason', '调离本中心');
    await click('admin-revoke-submit');
    expect(screen.getByTestId('confirm-dialog').textContent).toContain('调离本中心');
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
    await click('confirm-ok');
    expect(calls.filter((c) => c.method === 'POST').map((c) => [c.url, c.data])).toEqual([['/api/v1/admin/users/u-2/roles/doctor/revoke', { reason: '调离本中心' }]]);
    expect(screen.queryByTestId('admin-role-doctor')).toBeNull();
    expect(screen.queryByTestId('admin-detail-doctor')).toBeNull();

    await click('admin-revoke-operator');
    type('admin-revoke-reason', '岗位调整');
    await click('admin-revoke-submit');
    await click('confirm-ok');
    expect(screen.getByTestId('admin-revoke-error').textContent).toContain('该用户没有此角色');
  });

  it("does not offer revoking the admin's own admin role", async () => {
    mockRequests((c) => {
      if (c.url.endsWith('/role-history')) return { status: 200, data: { items: [] } };
      return { status: 200, data: { items: [user({ id: 'u-admin', roles: ['resident', 'admin'] })] } };
    });
    render(<AdminHome />);
    await click((await screen.findByTestId('admin-user-u-admin')).dataset.testid!);
    expect(screen.getByTestId('admin-role-admin').textContent).toContain('另一位管理员');
    expect(screen.queryByTestId('admin-revoke-admin')).toBeNull();
  });

  it('shows an error with 重试 when the list cannot load', async () => {
    let fail = true;
    mockRequests(() => (fail ? 'network-error' : { status: 200, data: { items: [user()] } }));
    render(<AdminHome />);
    await screen.findByTestId('status-error');
    fail = false;
    await click('status-retry');
    expect(await screen.findByTestId('admin-user-u-2')).toBeTruthy();
  });
});
