import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import DetailPage from './index';
import { router } from '../../../test/taro';
import { mockRequests, signIn, testUser } from '../../../test/helpers';
import { booking } from '../../test/fixtures';

beforeEach(() => {
  signIn(testUser({ realNameVerified: true, name: '张伟' }));
  router.params = { id: 'b-1' };
});

describe('booking detail page', () => {
  it('cancels with the chosen reason after a confirmation and shows the refund', async () => {
    const calls = mockRequests((c) => {
      if (c.method === 'GET' && c.url.endsWith('/api/v1/bookings/b-1')) return { status: 200, data: booking() };
      if (c.method === 'POST' && c.url.endsWith('/api/v1/bookings/b-1/cancel')) {
        return { status: 200, data: booking({ status: 'cancelled', statusLabel: '已取消', cancellable: false, cancelReason: c.data.reason, refund: { amountFen: 10000, status: 'pending' } }) };
      }
      return undefined;
    });
    render(<DetailPage />);
    expect((await screen.findByTestId('booking-cancel-rule')).textContent).toContain('11月24日 15:00 前可取消');

    fireEvent.click(screen.getByTestId('booking-cancel'));
    fireEvent.click(await screen.findByTestId('booking-reason-身体已好转'));
    fireEvent.click(screen.getByTestId('booking-cancel'));
    expect(screen.getByTestId('confirm-dialog').textContent).toContain('挂号费 ¥100.00 将原路退回');
    await act(async () => {
      fireEvent.click(screen.getByTestId('confirm-ok'));
    });
    await waitFor(() => expect(screen.getByTestId('booking-detail-status').getAttribute('data-status')).toBe('cancelled'));
    expect(calls.find((c) => c.method === 'POST')!.data).toEqual({ reason: '身体已好转' });
    expect(screen.getByTestId('booking-refund').textContent).toContain('退款处理中');
    expect(screen.queryByTestId('booking-cancel')).toBeNull();
  });

  it('after the cut-off shows why it cannot be cancelled and offers no cancel button', async () => {
    mockRequests(() => ({ status: 200, data: booking({ cancellable: false, cancelBlockedReason: '已过退号截止时间（就诊日前一天15:00前），不能取消。' }) }));
    render(<DetailPage />);
    expect((await screen.findByTestId('booking-cancel-rule')).textContent).toContain('已过退号截止时间');
    expect(screen.queryByTestId('booking-cancel')).toBeNull();
  });

  it('puts 签到 first on the day of the visit, and after the details before it', async () => {
    const before = (el: HTMLElement, other: HTMLElement) => !!(el.compareDocumentPosition(other) & Node.DOCUMENT_POSITION_FOLLOWING);
    mockRequests(() => ({ status: 200, data: booking() }));
    const first = render(<DetailPage />);
    const later = await screen.findByTestId('visit-day');
    expect(before(screen.getByText('挂号单号'), later)).toBe(true);
    first.unmount();

    const open = booking();
    mockRequests(() => ({ status: 200, data: { ...open, checkIn: { ...open.checkIn!, open: true, blockedReason: null } } }));
    render(<DetailPage />);
    const today = await screen.findByTestId('visit-day');
    expect(screen.getByTestId('check-in')).toBeTruthy();
    expect(before(today, screen.getByText('挂号单号'))).toBe(true);
  });
});
