import { act, fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import FamilyAccessPage from './index';
import { errorBody, mockRequests, signIn, testUser } from '../../../test/helpers';
import { router } from '../../../test/taro';
import type { IncomingAccessRequest } from '../../../services/family-access';

const req = (id: string, status: IncomingAccessRequest['status']): IncomingAccessRequest => ({
  id,
  requesterName: '张伟',
  requesterPhoneMasked: '138****8000',
  relation: 'parent',
  relationLabel: '父母',
  status,
  scopes: ['health', 'proxy'],
  requestedAt: '2026-11-22T09:00:00+08:00',
  decidedAt: status === 'pending' ? null : '2026-11-22T10:00:00+08:00',
});

beforeEach(() => signIn(testUser({ realNameVerified: true, name: '王秀英' })));

describe('家人授权 page', () => {
  it('lists requests with the requester’s name, masked phone, relation and scopes, and approves a pending one', async () => {
    let items = [req('r1', 'pending')];
    const calls = mockRequests((c) => {
      if (c.method === 'GET') return { status: 200, data: { items } };
      if (c.method === 'POST') {
        items = [req('r1', 'approved')];
        return { status: 200, data: items[0] };
      }
    });
    render(<FamilyAccessPage />);
    expect((await screen.findByTestId('access-request-r1')).textContent).toContain('张伟');
    expect(screen.getByTestId('access-request-r1').textContent).toContain('138****8000');
    expect(screen.getByTestId('access-request-r1').textContent).toContain('代办挂号与缴费');
    expect(screen.getByTestId('access-request-r1').textContent).toContain('父母');
    expect(screen.getByTestId('access-status-r1').textContent).toBe('待处理');
    expect(screen.getByTestId('access-decline-r1')).toBeTruthy();
    await act(async () => fireEvent.click(screen.getByTestId('access-approve-r1')));
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.url)).toEqual(['/api/v1/me/access-requests/r1/approve']);
    expect(screen.getByTestId('access-status-r1').textContent).toBe('已同意');
    expect(screen.getByTestId('access-revoke-r1')).toBeTruthy();
  });

  it('revokes an approval only after confirmation', async () => {
    let items = [req('r2', 'approved')];
    const calls = mockRequests((c) => {
      if (c.method === 'GET') return { status: 200, data: { items } };
      if (c.method === 'POST') {
        items = [req('r2', 'revoked')];
        return { status: 200, data: items[0] };
      }
    });
    render(<FamilyAccessPage />);
    const revoke = await screen.findByTestId('access-revoke-r2');
    await act(async () => fireEvent.click(revoke));
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
    await act(async () => fireEvent.click(screen.getByTestId('confirm-ok')));
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.url)).toEqual(['/api/v1/me/access-requests/r2/revoke']);
    expect(screen.getByTestId('access-status-r2').textContent).toBe('已撤销');
    expect(screen.queryByTestId('access-revoke-r2')).toBeNull();
  });

  it('says so when nobody asked', async () => {
    mockRequests(() => ({ status: 200, data: { items: [] } }));
    render(<FamilyAccessPage />);
    expect(await screen.findByText('暂无家人授权请求')).toBeTruthy();
  });

  it('opens the request a share card points to, and approves only the scopes left ticked', async () => {
    router.params = { invite: 'INVITECODE0123456789' };
    let invited = req('r3', 'pending');
    const calls = mockRequests((c) => {
      if (c.url.endsWith('/access-invites/INVITECODE0123456789')) return { status: 200, data: invited };
      if (c.method === 'GET') return { status: 200, data: { items: [invited], pending: 1 } };
      if (c.method === 'POST') {
        invited = { ...req('r3', 'approved'), scopes: c.data.scopes };
        return { status: 200, data: invited };
      }
    });
    render(<FamilyAccessPage />);
    expect((await screen.findByTestId('access-request-r3')).className).toContain('fa__card--invite');
    expect(screen.getAllByTestId('access-request-r3')).toHaveLength(1);
    await act(async () => fireEvent.click(screen.getByTestId('access-scope-r3-health')));
    expect(screen.getByTestId('access-approve-r3').textContent).toBe('同意所选');
    await act(async () => fireEvent.click(screen.getByTestId('access-approve-r3')));
    expect(calls.filter((c) => c.method === 'POST').map((c) => [c.url, c.data])).toEqual([['/api/v1/me/access-requests/r3/approve', { scopes: ['proxy'] }]]);
    expect(screen.getByTestId('access-status-r3').textContent).toBe('已同意');
  });

  it('an invitation opened before verification leads to verification', async () => {
    router.params = { invite: 'INVITECODE0123456789' };
    mockRequests((c) => {
      if (c.url.includes('/access-invites/')) return { status: 403, data: errorBody('IDENTITY_UNVERIFIED', '请先完成实名认证，再查看家人发来的授权请求') };
      if (c.method === 'GET') return { status: 200, data: { items: [], pending: 0 } };
    });
    render(<FamilyAccessPage />);
    const action = await screen.findByTestId('next-step-action');
    await act(async () => fireEvent.click(action));
    expect((Taro.navigateTo as jest.Mock).mock.lastCall[0].url).toBe('/profile/pages/real-name/index');
  });
});
