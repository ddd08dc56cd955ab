import { act, fireEvent, render, screen } from '@testing-library/react';
import FamilyAccessPage from './index';
import { mockRequests, signIn, testUser } from '../../../test/helpers';
import type { IncomingAccessRequest } from '../../../services/family-access';

const req = (id: string, status: IncomingAccessRequest['status']): IncomingAccessRequest => ({
  id,
  requesterName: '张*',
  relation: 'parent',
  relationLabel: '父母',
  status,
  requestedAt: '2026-11-22T09:00:00+08:00',
  decidedAt: status === 'pending' ? null : '2026-11-22T10:00:00+08:00',
});

beforeEach(() => signIn(testUser({ realNameVerified: true, name: '王秀英' })));

describe('家人授权 page', () => {
  it('lists requests with the masked name and relation, and approves a pending one', async () => {
    let items = [req('r1', 'pending')];
    const calls = mockRequests((c) => {
      if (c.method === 'GET') return { status: 200, data: { items } };
      if (c.method === 'POST') {
        items = [req('r1', 'approved')];
        return { status: 200, data: items[0] };
      }
    });
    render(<FamilyAccessPage />);
    expect((await screen.findByTestId('access-request-r1')).textContent).toContain('张*');
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
});
