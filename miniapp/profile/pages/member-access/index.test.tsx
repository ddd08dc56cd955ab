import { act, fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { router, shared } from '../../../test/taro';
import MemberAccessPage from './index';
import { mockRequests, signIn, testUser } from '../../../test/helpers';

const mother = {
  id: 'm-mother',
  name: '王秀英',
  relation: 'parent',
  relationLabel: '父母',
  sex: 'female',
  birthDate: '1949-12-31',
  age: 76,
  idNumberMasked: '110***********002X',
  phoneMasked: null,
  verified: true,
  createdAt: '2026-11-01T00:00:00Z',
};
const view = (status: string, scopes: string[], inviteCode: string | null = null) => ({
  id: 'g1',
  memberId: mother.id,
  status,
  scopes,
  requestedAt: '2026-12-01T09:00:00+08:00',
  decidedAt: null,
  inviteCode,
  grantorOnApp: false,
});

beforeEach(() => {
  signIn(testUser({ realNameVerified: true, name: '张伟' }));
  router.params = { memberId: mother.id };
});

describe('请家人授权 page', () => {
  it('asks for the scopes left ticked, then offers the invitation to pass on', async () => {
    let history: unknown[] = [];
    const calls = mockRequests((c) => {
      if (c.url.endsWith('/api/v1/family/members')) return { status: 200, data: { items: [mother], max: 5 } };
      if (c.method === 'GET' && c.url.endsWith('/access-requests')) return { status: 200, data: { items: history } };
      if (c.method === 'POST') {
        history = [view('pending', c.data.scopes, 'INVITECODE0123456789')];
        return { status: 201, data: history[0] };
      }
    });
    render(<MemberAccessPage />);
    expect((await screen.findByTestId('member-access-status')).textContent).toBe('尚未发起授权请求');
    await act(async () => fireEvent.click(screen.getByTestId('member-access-scope-health')));
    expect(screen.getByTestId('member-access-scope-health').getAttribute('aria-checked')).toBe('false');
    await act(async () => fireEvent.click(screen.getByTestId('member-access-send')));
    expect(calls.filter((c) => c.method === 'POST').map((c) => [c.url, c.data])).toEqual([['/api/v1/family/members/m-mother/access-requests', { scopes: ['proxy'] }]]);
    expect(screen.getByTestId('member-access-status').textContent).toBe('已发出，等待家人同意');
    expect(screen.getByTestId('member-access-invite').textContent).toContain('王秀英如已在使用健康口袋，会收到通知');
    // The share card (weapp) and the copied link (H5) both open the adult's approval page with the code.
    expect(shared.card?.().path).toBe('/profile/pages/family-access/index?invite=INVITECODE0123456789');
    await act(async () => fireEvent.click(screen.getByTestId('member-access-copy')));
    expect((Taro.setClipboardData as jest.Mock).mock.calls[0][0].data).toContain('invite=INVITECODE0123456789');
    expect(screen.getByTestId('member-access-history').textContent).toContain('代办挂号与缴费');
  });

  it('cannot send a request with nothing ticked', async () => {
    mockRequests((c) => {
      if (c.url.endsWith('/api/v1/family/members')) return { status: 200, data: { items: [mother], max: 5 } };
      if (c.method === 'GET') return { status: 200, data: { items: [] } };
    });
    render(<MemberAccessPage />);
    await screen.findByTestId('member-access-send');
    await act(async () => fireEvent.click(screen.getByTestId('member-access-scope-health')));
    await act(async () => fireEvent.click(screen.getByTestId('member-access-scope-proxy')));
    expect(screen.getByTestId('member-access-send').getAttribute('disabled')).not.toBeNull();
  });
});
