import Taro from '@tarojs/taro';
import { act, fireEvent, render, screen } from '@testing-library/react';
import ContentFeedPage from './index';
import { requestReminders, prefetchReminderTemplates } from '../../../vaccines/pay';
import { mockRequests, signIn, testUser } from '../../../test/helpers';

const EMPTY_FEED = { items: [], forYou: [], nextCursor: null };

/**
 * WeChat shows the subscribe dialog only when wx.requestSubscribeMessage is called in the tap's own
 * turn; after a network call it is refused and no reminder can ever be sent.
 */
describe('subscribe messages are asked in the tap itself', () => {
  const env = process.env.TARO_ENV;
  beforeEach(() => {
    process.env.TARO_ENV = 'weapp';
  });
  afterEach(() => {
    process.env.TARO_ENV = env;
  });

  it('健康资讯 订阅 asks WeChat before any request, with the template loaded with the page', async () => {
    signIn(testUser({ realNameVerified: true }));
    const calls = mockRequests((c) => {
      if (c.url.includes('/api/v1/content/feed')) return { status: 200, data: EMPTY_FEED };
      if (c.url.endsWith('/api/v1/content/subscription')) return { status: 200, data: { templateId: 'tpl-article', acceptedCount: 0 } };
      if (c.url.endsWith('/api/v1/content/subscription/accepted')) return { status: 200, data: { templateId: 'tpl-article', acceptedCount: 1 } };
      return undefined;
    });
    render(<ContentFeedPage />);
    await act(async () => undefined);
    const before = calls.length;
    fireEvent.click(screen.getByTestId('content-subscribe'));
    // Synchronously, in the tap: WeChat was asked and nothing went to the network first.
    expect(Taro.requestSubscribeMessage).toHaveBeenCalledWith(expect.objectContaining({ tmplIds: ['tpl-article'] }));
    expect(calls).toHaveLength(before);
    await act(async () => undefined);
    expect(calls[calls.length - 1]).toMatchObject({ method: 'POST', url: expect.stringContaining('/subscription/accepted'), data: { templateIds: ['tpl-article'] } });
  });

  it('vaccine reminders: the template ids come before the tap, so the tap asks WeChat at once', async () => {
    signIn(testUser({ realNameVerified: true }));
    const calls = mockRequests((c) => (c.url.endsWith('/api/v1/vaccines/catalogue') ? { status: 200, data: { items: [], templateIds: ['tpl-dose', 'tpl-day'] } } : undefined));
    await prefetchReminderTemplates();
    const before = calls.length;
    void requestReminders();
    expect(Taro.requestSubscribeMessage).toHaveBeenCalledWith(expect.objectContaining({ tmplIds: ['tpl-dose', 'tpl-day'] }));
    expect(calls).toHaveLength(before);
  });
});
