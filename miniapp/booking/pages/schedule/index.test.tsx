import { fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import SchedulePage from './index';
import { router } from '../../../test/taro';
import { mockRequests, signIn, testUser } from '../../../test/helpers';
import { schedule, session } from '../../test/fixtures';

beforeEach(() => {
  signIn(testUser({ realNameVerified: true, name: '张伟' }));
  router.params = { doctorId: 'D001004' };
});

describe('schedule page', () => {
  it('shows each date by 上午/下午 with what can be booked, selects the first open session, and opens the confirm page for a free slot', async () => {
    const items = [
      session('D001004-20261124-am', { date: '2026-11-24', remaining: 0, bookable: false, status: 'full', statusText: '约满' }),
      session('D001004-20261125-am'),
      session('D001004-20261126-pm', { date: '2026-11-26', session: 'pm', sessionLabel: '下午', bookable: false, status: 'not_open', statusText: '07:00放号', opensAt: '2026-11-23T07:00:00+08:00' }),
    ];
    mockRequests((c) => (c.url.includes('/api/v1/booking/doctors/D001004/schedule') ? { status: 200, data: schedule(items) } : undefined));
    render(<SchedulePage />);

    expect((await screen.findByTestId('booking-cell-D001004-20261124-am')).textContent).toBe('约满');
    expect(screen.getByTestId('booking-cell-D001004-20261126-pm').textContent).toBe('07:00放号');
    expect(screen.getByTestId('booking-slots').textContent).toContain('11月25日 周三 上午');

    // A full slot does nothing; a free one opens the confirm page for that slot.
    fireEvent.click(screen.getByTestId('booking-slot-D001004-20261125-am-0800'));
    expect(Taro.navigateTo).not.toHaveBeenCalled();
    fireEvent.click(screen.getByTestId('booking-slot-D001004-20261125-am-0815'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/booking/pages/confirm/index?slotId=D001004-20261125-am-0815&doctorId=D001004' });

    // Choosing a full session shows its slots, none bookable.
    fireEvent.click(screen.getByTestId('booking-cell-D001004-20261124-am'));
    expect(screen.getByTestId('booking-slots').textContent).toContain('约满');
  });

  it('says when the counts are from a few moments ago because the hospital cannot be reached', async () => {
    mockRequests(() => ({ status: 200, data: schedule([session('D001004-20261125-am')], { stale: true }) }));
    render(<SchedulePage />);
    expect((await screen.findByTestId('booking-stale')).textContent).toContain('以医院实时号源为准');
  });

  it('shows the error with 重试 when the schedule cannot be loaded', async () => {
    mockRequests(() => ({ status: 503, data: { error: { code: 'UPSTREAM_UNAVAILABLE', message: '医院系统暂时无法访问，请稍后再试' } } }));
    render(<SchedulePage />);
    expect((await screen.findByTestId('status-error')).textContent).toContain('医院系统暂时无法访问');
  });
});
