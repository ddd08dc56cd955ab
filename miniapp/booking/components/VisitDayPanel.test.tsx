import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { QueueView } from '@healthpocket/shared-types';
import DetailPage from '../pages/detail/index';
import { router } from '../../test/taro';
import { mockRequests, signIn, testUser } from '../../test/helpers';
import { booking } from '../test/fixtures';
import { QUEUE_POLL_MS } from './VisitDayPanel';

const queue = (o: Partial<QueueView> = {}): QueueView => ({
  bookingId: 'b-1',
  state: 'waiting',
  stateLabel: '候诊中',
  ahead: 4,
  visitNo: 3,
  nowCalling: null,
  requeued: false,
  room: '门诊楼3层A区2诊室',
  notice: 'none',
  message: '前面还有4位，请在门诊楼3层A区2诊室附近候诊',
  asOf: '2026-11-25T08:05:00+08:00',
  ...o,
});

const open = { opensAt: '2026-11-25T07:15:00+08:00', closesAt: '2026-11-25T08:45:00+08:00', open: true, blockedReason: null, checkedInAt: null, queueTemplateId: 'sbx_tmpl_queue_notice' };

beforeEach(() => {
  signIn(testUser({ realNameVerified: true, name: '张伟' }));
  router.params = { id: 'b-1' };
});
afterEach(() => jest.useRealTimers());

describe('visit day on the booking detail page', () => {
  it('outside the window shows when to check in and offers no 签到 button', async () => {
    const calls = mockRequests(() => ({ status: 200, data: booking() }));
    render(<DetailPage />);
    expect((await screen.findByTestId('check-in-blocked')).textContent).toContain('还未到签到时间');
    expect(screen.getByTestId('check-in-window').textContent).toContain('08:00–09:30');
    expect(screen.queryByTestId('check-in')).toBeNull();
    expect(calls.some((c) => c.url.includes('/queue'))).toBe(false);
  });

  it('checks in inside the window, then shows the queue and follows it as it moves', async () => {
    let q = queue();
    const calls = mockRequests((c) => {
      if (c.method === 'GET' && c.url.endsWith('/api/v1/bookings/b-1')) return { status: 200, data: booking({ checkIn: open }) };
      if (c.method === 'POST' && c.url.endsWith('/check-in'))
        return { status: 200, data: booking({ status: 'checked_in', statusLabel: '已签到', checkIn: { ...open, open: false, blockedReason: '已签到', checkedInAt: '2026-11-25T08:00:00+08:00' } }) };
      if (c.method === 'GET' && c.url.endsWith('/queue')) return { status: 200, data: q };
      return undefined;
    });
    render(<DetailPage />);
    const button = await screen.findByTestId('check-in');
    jest.useFakeTimers();
    await act(async () => {
      fireEvent.click(button);
    });
    await waitFor(() => expect(screen.getByTestId('queue-ahead').textContent).toContain('前面还有 4 位'));
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.url)).toEqual([expect.stringMatching(/\/api\/v1\/bookings\/b-1\/check-in$/)]);
    expect(screen.queryByTestId('check-in')).toBeNull();

    q = queue({ state: 'called', stateLabel: '请就诊', ahead: null, nowCalling: 3, message: '已叫到您的号（3号），请立即到门诊楼3层A区2诊室就诊' });
    await act(async () => {
      jest.advanceTimersByTime(QUEUE_POLL_MS);
    });
    await waitFor(() => expect(screen.getByTestId('queue').getAttribute('data-state')).toBe('called'));
    expect(screen.getByTestId('queue-message').textContent).toContain('请立即到');
    expect(screen.queryByTestId('queue-ahead')).toBeNull();
  });

  it('after a 过号 offers 重新签到排队, and a refusal is shown in words', async () => {
    mockRequests((c) => {
      if (c.method === 'GET' && c.url.endsWith('/api/v1/bookings/b-1')) return { status: 200, data: booking({ status: 'checked_in', statusLabel: '已签到', checkIn: { ...open, open: false } }) };
      if (c.method === 'GET' && c.url.endsWith('/queue'))
        return { status: 200, data: queue({ state: 'missed', stateLabel: '已过号', ahead: null, message: '您已过号，请再次签到重新排队，或到分诊台咨询' }) };
      if (c.method === 'POST' && c.url.endsWith('/check-in')) return { status: 409, data: { error: { code: 'CHECK_IN_CLOSED', message: '就诊时段已结束，不能签到' } } };
      return undefined;
    });
    render(<DetailPage />);
    const again = await screen.findByTestId('check-in-again');
    await act(async () => {
      fireEvent.click(again);
    });
    expect((await screen.findByTestId('visit-day-error')).textContent).toContain('就诊时段已结束');
  });
});
