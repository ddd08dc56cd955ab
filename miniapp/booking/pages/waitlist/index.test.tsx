import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { WaitlistEntryView, WaitlistQuote } from '@healthpocket/shared-types';
import WaitlistPage from './index';
import MyBookingsPage from '../mine/index';
import SchedulePage from '../schedule/index';
import { router } from '../../../test/taro';
import { errorBody, mockRequests, signIn, testUser, type Call } from '../../../test/helpers';
import { schedule, session } from '../../test/fixtures';

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

/** The full session both the join page and the entries show. */
const full = {
  sessionId: 'D001004-20261125-am',
  hospital: { id: 'H001', name: '市第一人民医院' },
  department: { id: 'H001-D02', name: '呼吸内科' },
  doctor: { id: 'D001004', name: '付海涛', title: '主任医师' },
  date: '2026-11-25',
  session: 'am' as const,
  sessionLabel: '上午',
  feeFen: 10000,
};

const quote = (over: Partial<WaitlistQuote> = {}): WaitlistQuote => ({
  ...full,
  remaining: 0,
  waiting: 2,
  payMinutes: 10,
  rules: ['仅号源已约满的时段可以候补。', '锁号后请在10分钟内完成支付，逾期未支付号源将自动释放给下一位候补者。'],
  templateId: 'tmpl_wait',
  ...over,
});

const entry = (over: Partial<WaitlistEntryView> = {}): WaitlistEntryView => ({
  id: 'w-1',
  status: 'waiting',
  statusLabel: '候补中',
  memberId: 'm-1',
  patientName: '张伟',
  ...full,
  position: 3,
  bookingId: null,
  offerExpiresAt: null,
  endReason: null,
  createdAt: '2026-11-23T09:00:00+08:00',
  ...over,
});

beforeEach(() => {
  signIn(testUser({ realNameVerified: true, name: '张伟' }));
});

describe('候补 on the schedule', () => {
  it('offers 候补挂号 on a full session only, and opens the waitlist page for it', async () => {
    router.params = { doctorId: 'D001004' };
    const items = [session('D001004-20261125-am', { remaining: 0, bookable: false, status: 'full', statusText: '约满' }), session('D001004-20261126-am', { date: '2026-11-26' })];
    mockRequests((c) => (c.url.includes('/schedule') ? { status: 200, data: schedule(items) } : undefined));
    render(<SchedulePage />);
    // The open session is chosen first: no 候补 there.
    await screen.findByTestId('booking-slots');
    expect(screen.queryByTestId('booking-waitlist')).toBeNull();
    fireEvent.click(screen.getByTestId('booking-cell-D001004-20261125-am'));
    expect(screen.getByTestId('booking-waitlist').textContent).toContain('按候补顺序自动为您锁号');
    fireEvent.click(screen.getByTestId('booking-waitlist-join'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/booking/pages/waitlist/index?sessionId=D001004-20261125-am&doctorId=D001004' });
  });
});

describe('waitlist page', () => {
  const serve = (q: WaitlistQuote, join: (c: Call) => { status: number; data?: unknown }) =>
    mockRequests((c) => {
      if (c.url.endsWith('/api/v1/family/members')) return { status: 200, data: { items: [self], max: 5 } };
      if (c.url.includes('/api/v1/booking/waitlist/quote')) return { status: 200, data: q };
      if (c.url.endsWith('/api/v1/booking/waitlist') && c.method === 'POST') return join(c);
      return undefined;
    });

  beforeEach(() => {
    router.params = { sessionId: 'D001004-20261125-am', doctorId: 'D001004' };
  });

  it('states the rules and the line, joins only after the confirmation, and shows the place in line', async () => {
    const calls = serve(quote(), () => ({ status: 201, data: entry() }));
    render(<WaitlistPage />);
    expect((await screen.findByTestId('waitlist-rules')).textContent).toContain('10分钟内完成支付');
    expect(screen.getByTestId('waitlist-waiting').textContent).toBe('已有 2 人在候补，加入后排在第 3 位');
    await waitFor(() => expect(screen.getByTestId('waitlist-submit').getAttribute('disabled')).toBeNull());

    fireEvent.click(screen.getByTestId('waitlist-submit'));
    expect(screen.getByTestId('confirm-dialog').textContent).toContain('请在10分钟内支付挂号费 ¥100.00');
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);
    await act(async () => {
      fireEvent.click(screen.getByTestId('confirm-ok'));
    });
    expect((await screen.findByTestId('waitlist-position')).textContent).toBe('当前排在第 3 位');
    expect(calls.find((c) => c.method === 'POST')!.data).toEqual({ sessionId: 'D001004-20261125-am', memberId: 'm-1', subscribe: true });
    fireEvent.click(screen.getByTestId('waitlist-mine'));
    // Redirected once the confirmation's history entry (H5) has been stepped off.
    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/booking/pages/mine/index?tab=waitlist' }));
  });

  it('shows a refusal (already waiting) and stays on the page', async () => {
    serve(quote(), () => ({ status: 409, data: errorBody('WAITLIST_DUPLICATE', '该就诊人已在本时段候补中，请勿重复候补') }));
    render(<WaitlistPage />);
    await screen.findByTestId('waitlist-rules');
    await waitFor(() => expect(screen.getByTestId('waitlist-submit').getAttribute('disabled')).toBeNull());
    fireEvent.click(screen.getByTestId('waitlist-submit'));
    await act(async () => {
      fireEvent.click(screen.getByTestId('confirm-ok'));
    });
    expect((await screen.findByTestId('waitlist-error')).textContent).toBe('该就诊人已在本时段候补中，请勿重复候补');
    expect(screen.queryByTestId('waitlist-joined')).toBeNull();
  });

  it('points to booking directly when the session has places again', async () => {
    serve(quote({ remaining: 2, waiting: 0 }), () => ({ status: 409, data: errorBody('WAITLIST_NOT_FULL', '该时段尚有号源，请直接预约') }));
    render(<WaitlistPage />);
    expect((await screen.findByTestId('waitlist-has-places')).textContent).toContain('可直接预约');
  });
});

describe('我的预约 · 候补', () => {
  beforeEach(() => {
    router.params = { tab: 'waitlist' };
  });

  it('shows the place in line and a held place with 去支付, and leaves after the confirmation', async () => {
    let items = [entry(), entry({ id: 'w-2', status: 'offered', statusLabel: '已为您锁号，待支付', position: null, bookingId: 'b-7', offerExpiresAt: '2026-11-23T10:40:00+08:00' })];
    const calls = mockRequests((c) => {
      if (c.url.endsWith('/api/v1/booking/waitlist')) return { status: 200, data: { items } };
      if (c.url.endsWith('/api/v1/booking/waitlist/w-1/leave')) {
        items = [{ ...items[0], status: 'left', statusLabel: '已退出候补', position: null, endReason: '已退出候补' }, items[1]];
        return { status: 200, data: items[0] };
      }
      return undefined;
    });
    render(<MyBookingsPage />);
    const first = await screen.findByTestId('waitlist-item-w-1');
    expect(first.textContent).toContain('排在第 3 位');
    expect(screen.getByTestId('waitlist-item-w-2').textContent).toContain('请在 10:40 前完成支付');
    fireEvent.click(screen.getAllByTestId('waitlist-item-pay')[0]);
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/booking/pages/detail/index?id=b-7' });

    fireEvent.click(screen.getAllByTestId('waitlist-item-leave')[0]);
    expect(screen.getByTestId('confirm-dialog').textContent).toContain('将失去当前第 3 位的候补位置');
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
    await act(async () => {
      fireEvent.click(screen.getByTestId('confirm-ok'));
    });
    await waitFor(() => expect(screen.getByTestId('waitlist-item-w-1').textContent).toContain('已退出候补'));
    expect(screen.getByTestId('waitlist-item-w-1').querySelector('[data-testid="waitlist-item-leave"]')).toBeNull();
  });

  it('says how to join when there is no waitlist entry', async () => {
    mockRequests((c) => (c.url.endsWith('/api/v1/booking/waitlist') ? { status: 200, data: { items: [] } } : undefined));
    render(<MyBookingsPage />);
    expect((await screen.findByTestId('status-empty')).textContent).toContain('候补挂号');
  });
});
