import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { BookingQuote } from '@healthpocket/shared-types';
import ConfirmPage from './index';
import { router } from '../../../test/taro';
import { errorBody, mockRequests, signIn, testUser, type Call } from '../../../test/helpers';
import { booking } from '../../test/fixtures';

const self = {
  id: 'm-1',
  name: '张伟',
  relation: 'self',
  relationLabel: '本人',
  sex: 'male',
  birthDate: '1990-03-07',
  age: 36,
  idNumberMasked: '110101********7838',
  phoneMasked: null,
  verified: true,
  createdAt: '2026-11-01T10:00:00+08:00',
};

function quote(over: Partial<BookingQuote> = {}): BookingQuote {
  return {
    slot: { id: 'S1', date: '2026-11-25', session: 'am', sessionLabel: '上午', start: '2026-11-25T08:15:00+08:00', end: '2026-11-25T08:30:00+08:00', remaining: 2 },
    hospital: { id: 'H003', name: '东华街道社区卫生服务中心' },
    department: { id: 'H003-D01', name: '全科医疗科', location: '一楼' },
    doctor: { id: 'D-FD-001', name: '李明', title: '主治医师', registrationLevel: '主治医师' },
    patientName: '张伟',
    feeFen: 0,
    holdMinutes: 15,
    cancelDeadline: '2026-11-25T07:00:00+08:00',
    cancellableAfterBooking: true,
    notice: ['可预约14天内的号源，每天00:00放出新一天的号源。'],
    refusal: null,
    reminderTemplateId: 'tmpl',
    ...over,
  };
}

beforeEach(() => {
  signIn(testUser({ realNameVerified: true, name: '张伟' }));
  router.params = { slotId: 'S1', doctorId: 'D-FD-001' };
});

function serve(q: BookingQuote, create: (c: Call) => { status: number; data?: unknown } | 'network-error') {
  return mockRequests((c) => {
    if (c.url.endsWith('/api/v1/family/members')) return { status: 200, data: { items: [self], max: 5 } };
    if (c.url.includes('/api/v1/booking/quote')) return { status: 200, data: q };
    if (c.url.endsWith('/api/v1/bookings') && c.method === 'POST') return create(c);
    return undefined;
  });
}

describe('confirm page', () => {
  it('shows the patient, time, fee and rules, and books a free slot after the confirmation, with an Idempotency-Key', async () => {
    const calls = serve(quote(), () => ({ status: 201, data: booking({ id: 'b-9', feeFen: 0 }) }));
    render(<ConfirmPage />);
    expect((await screen.findByTestId('booking-patient')).textContent).toBe('张伟');
    expect(screen.getByTestId('booking-time').textContent).toBe('11月25日 周三 上午 08:15–08:30');
    expect(screen.getByTestId('booking-fee').textContent).toBe('免费');
    expect(screen.getByTestId('booking-rules').textContent).toContain('每天00:00放出新一天的号源');
    expect(calls.some((c) => c.url.includes('slotId=S1') && c.url.includes('memberId=m-1'))).toBe(true);

    fireEvent.click(screen.getByTestId('booking-submit'));
    // Nothing is booked before the dialog is confirmed.
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);
    await act(async () => {
      fireEvent.click(screen.getByTestId('confirm-ok'));
    });
    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/booking/pages/result/index?id=b-9' }));
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.data).toEqual({ slotId: 'S1', memberId: 'm-1', subscribeReminder: true });
    expect(post.header['Idempotency-Key']).toMatch(/^bk-/);
  });

  it('retries a booking that hit a network error with the same Idempotency-Key', async () => {
    let n = 0;
    const calls = serve(quote(), () => (n++ === 0 ? 'network-error' : { status: 201, data: booking({ id: 'b-10', feeFen: 0 }) }));
    render(<ConfirmPage />);
    await screen.findByTestId('booking-patient');
    for (let i = 0; i < 2; i++) {
      fireEvent.click(screen.getByTestId('booking-submit'));
      await act(async () => {
        fireEvent.click(screen.getByTestId('confirm-ok'));
      });
    }
    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/booking/pages/result/index?id=b-10' }));
    const keys = calls.filter((c) => c.method === 'POST').map((c) => c.header['Idempotency-Key']);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(keys[1]);
  });

  it('shows why the rules refuse the booking and keeps the button disabled', async () => {
    const calls = serve(quote({ refusal: { code: 'BOOKING_SUSPENDED', message: '该就诊人一年内爽约3次，2月23日前暂停线上预约挂号', rule: 'no_show', until: '2027-02-23T00:00:00+08:00' } }), () => ({
      status: 500,
    }));
    render(<ConfirmPage />);
    expect((await screen.findByTestId('booking-refusal')).textContent).toContain('2月23日前暂停线上预约挂号');
    fireEvent.click(screen.getByTestId('booking-submit'));
    expect(screen.queryByTestId('confirm-dialog')).toBeNull();
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);
  });

  it('shows the refusal the BFF gives at booking time (e.g. the slot filled meanwhile)', async () => {
    serve(quote(), () => ({ status: 409, data: errorBody('SLOT_FULL', '该时段号源已约满，请选择其他时段') }));
    render(<ConfirmPage />);
    await screen.findByTestId('booking-patient');
    fireEvent.click(screen.getByTestId('booking-submit'));
    await act(async () => {
      fireEvent.click(screen.getByTestId('confirm-ok'));
    });
    expect((await screen.findByTestId('booking-error')).textContent).toBe('该时段号源已约满，请选择其他时段');
    expect(Taro.redirectTo).not.toHaveBeenCalled();
  });
});
