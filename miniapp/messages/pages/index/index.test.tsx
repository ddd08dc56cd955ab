import Taro from '@tarojs/taro';
import { act, fireEvent, render, screen } from '@testing-library/react';
import type { NoticeView } from '@healthpocket/shared-types';
import MessagesPage from './index';
import HomePage from '../../../pages/home/index';
import MePage from '../../../pages/me/index';
import { errorBody, mockRequests, signIn, testUser } from '../../../test/helpers';

const msg = (n: number, over: Partial<NoticeView> = {}): NoticeView => ({
  id: `m${n}`,
  category: 'booking',
  title: `就诊提醒 ${n}`,
  body: `明天上午就诊 ${n}`,
  link: `booking/pages/detail/index?id=B${n}`,
  memberId: null,
  read: false,
  createdAt: '2026-11-02T09:0' + n + ':00.000+08:00',
  ...over,
});
const click = (id: string) => act(async () => fireEvent.click(screen.getByTestId(id)));

beforeEach(() => signIn(testUser({ name: '张伟', realNameVerified: true })));

describe('消息中心 page', () => {
  it('lists messages with an unread dot; a tap marks it read on the server and opens its link', async () => {
    const calls = mockRequests((c) => {
      if (c.url === '/api/v1/messages?limit=20') return { status: 200, data: { items: [msg(2), msg(1, { read: true, category: 'payment', title: '退款成功' })], nextCursor: null, unread: 1 } };
      if (c.url === '/api/v1/messages/read') return { status: 200, data: { updated: 1, unread: 0 } };
    });
    render(<MessagesPage />);
    expect((await screen.findByTestId('message-m2')).textContent).toContain('就诊提醒 2');
    expect(screen.getByTestId('message-m1').textContent).toContain('缴费退款');
    expect(screen.getAllByTestId('message-unread-dot')).toHaveLength(1);
    expect(screen.getByTestId('messages-unread').textContent).toBe('1条未读');

    await click('message-m2');
    expect(calls.filter((c) => c.url === '/api/v1/messages/read').map((c) => c.data)).toEqual([{ ids: ['m2'] }]);
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/booking/pages/detail/index?id=B2' });
    expect(screen.queryAllByTestId('message-unread-dot')).toHaveLength(0);
    expect(screen.getByTestId('messages-unread').textContent).toBe('没有未读消息');

    // A read message opens without asking the server again.
    await click('message-m1');
    expect(calls.filter((c) => c.url === '/api/v1/messages/read')).toHaveLength(1);
  });

  it('全部已读 marks everything up to the newest message shown; a category tab loads that category', async () => {
    const calls = mockRequests((c) => {
      if (c.url === '/api/v1/messages?limit=20') return { status: 200, data: { items: [msg(3), msg(2)], nextCursor: 'c2', unread: 5 } };
      if (c.url === '/api/v1/messages?cursor=c2&limit=20') return { status: 200, data: { items: [msg(1)], nextCursor: null, unread: 5 } };
      if (c.url === '/api/v1/messages/read') return { status: 200, data: { updated: 3, unread: 2 } };
      if (c.url === '/api/v1/messages?category=family_access&limit=20') return { status: 200, data: { items: [], nextCursor: null, unread: 2 } };
    });
    render(<MessagesPage />);
    await screen.findByTestId('message-m3');
    await click('messages-more');
    expect(screen.getByTestId('message-m1')).toBeTruthy();
    expect(screen.queryByTestId('messages-more')).toBeNull();
    await click('messages-read-all');
    expect(calls.filter((c) => c.url === '/api/v1/messages/read').map((c) => c.data)).toEqual([{ all: true, upTo: 'm3' }]);
    expect(screen.queryAllByTestId('message-unread-dot')).toHaveLength(0);
    // Two arrived elsewhere since: the server's count, not the page's.
    expect(screen.getByTestId('messages-unread').textContent).toBe('2条未读');

    await click('messages-tab-family_access');
    expect(screen.getByTestId('status-empty').textContent).toContain('还没有家人授权消息');
  });

  it('shows the server’s message and 重试 when the list cannot load', async () => {
    let fail = true;
    mockRequests((c) => {
      if (c.url !== '/api/v1/messages?limit=20') return undefined;
      return fail ? { status: 503, data: errorBody('UPSTREAM_UNAVAILABLE', '系统繁忙，请稍后再试') } : { status: 200, data: { items: [], nextCursor: null, unread: 0 } };
    });
    render(<MessagesPage />);
    expect((await screen.findByTestId('status-error')).textContent).toContain('系统繁忙，请稍后再试');
    fail = false;
    await click('status-retry');
    expect(screen.getByTestId('status-empty').textContent).toContain('还没有消息');
  });
});

describe('unread badges', () => {
  const withCount = (count: number) =>
    mockRequests((c) => {
      if (c.url === '/api/v1/messages/unread-count') return { status: 200, data: { count } };
      if (c.url === '/api/v1/me') return { status: 200, data: testUser({ name: '张伟', realNameVerified: true }) };
      if (c.url === '/api/v1/me/access-requests') return { status: 200, data: { pending: 0, items: [] } };
    });

  it('home and 我的 show the count from the server, on the page and on the 我的 tab; 99+ past 99', async () => {
    withCount(3);
    render(<HomePage />);
    expect((await screen.findByTestId('home-messages-badge')).textContent).toBe('3');
    expect(Taro.setTabBarBadge).toHaveBeenCalledWith({ index: 1, text: '3' });
    await click('home-messages');
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/messages/pages/index/index' });

    signIn(testUser({ name: '张伟', realNameVerified: true }));
    withCount(120);
    render(<MePage />);
    expect((await screen.findByTestId('me-messages-unread')).textContent).toBe('99+');
    expect(Taro.setTabBarBadge).toHaveBeenCalledWith({ index: 1, text: '99+' });
  });

  it('no badge at 0, and the tab badge is removed', async () => {
    withCount(0);
    render(<MePage />);
    await act(async () => {});
    expect(Taro.removeTabBarBadge).toHaveBeenCalledWith({ index: 1 });
    expect(screen.queryByTestId('me-messages-unread')).toBeNull();
  });
});
