import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import InpatientPage, { fenOf } from './index';
import { errorBody, mockRequests, signIn, testUser } from '../../../test/helpers';
import { router } from '../../../test/taro';
import { admission, dailyList, deposit, member, order, prepay } from '../../test/fixtures';

const SANDBOX = 'http://127.0.0.1:18081';
const NO = 'ZY001202611300001';

beforeEach(() => signIn(testUser({ realNameVerified: true, name: '张伟' })));

const base = (c: { url: string; method: string }) => {
  if (c.url.endsWith('/api/v1/family/members')) return { status: 200, data: { items: [member], max: 5 } };
  if (c.url.endsWith('/api/v1/inpatient/admissions?memberId=m-self')) return { status: 200, data: { memberId: 'm-self', memberName: '张伟', items: [admission()] } };
  return undefined;
};

describe('住院服务 page', () => {
  it('shows the balance, pays a chosen chip after confirming, and shows the deposit as being credited', async () => {
    let paid = false;
    const calls = mockRequests((c) => {
      if (c.url.includes(`/api/v1/inpatient/admissions/${NO}?memberId=m-self`)) {
        return {
          status: 200,
          data: {
            memberId: 'm-self',
            memberName: '张伟',
            admission: admission(paid ? { creditingFen: 100_000, lowBalance: false } : {}),
            deposits: paid
              ? [deposit({ amountFen: 100_000, channel: 'wechat', channelLabel: '微信支付', status: 'crediting', statusLabel: '医院入账中', receiptNo: null, orderId: 'o-1' }), deposit()]
              : [deposit()],
          },
        };
      }
      if (c.method === 'POST' && c.url.endsWith('/api/v1/inpatient/deposits'))
        return { status: 201, data: { order: order({ purpose: 'inpatient', amountFen: 100_000 }), deposit: deposit({ status: 'paying' }) } };
      if (c.url.endsWith('/api/v1/client-config')) return { status: 200, data: { env: 'development', sandboxUrl: SANDBOX } };
      if (c.url.endsWith('/prepay')) return { status: 200, data: prepay({ amountFen: 100_000 }) };
      if (c.url === `${SANDBOX}/wechatpay/sandbox/pay`) {
        paid = true;
        return { status: 200, data: { result: 'success' } };
      }
      if (c.method === 'GET' && c.url.endsWith('/api/v1/payments/orders/o-1')) return { status: 200, data: order({ state: 'PAID', amountFen: 100_000 }) };
      return base(c);
    });
    render(<InpatientPage />);
    expect((await screen.findByTestId('inpatient-balance')).textContent).toBe('¥357.20');
    expect(screen.getByTestId('inpatient-low').textContent).toContain('余额不足');
    expect(screen.getByTestId('inpatient-submit').className).toContain('hp-btn--disabled');

    fireEvent.click(screen.getByTestId('inpatient-chip-100000'));
    expect(screen.getByTestId('inpatient-amount').textContent).toBe('¥1000.00');
    fireEvent.click(screen.getByTestId('inpatient-submit'));
    // Nothing is sent before the resident confirms.
    expect(calls.some((c) => c.url.endsWith('/api/v1/inpatient/deposits'))).toBe(false);
    expect(screen.getByTestId('confirm-dialog').textContent).toContain('为张伟向市第一人民医院缴纳住院预交金¥1000.00（住院号ZY001202611300001）');
    await act(async () => {
      fireEvent.click(screen.getByTestId('confirm-ok'));
    });
    await screen.findByTestId('sandbox-cashier');
    await act(async () => {
      fireEvent.click(screen.getByTestId('cashier-pay'));
    });
    await waitFor(() => expect(screen.getByTestId('inpatient-notice').textContent).toBe('已缴纳¥1000.00，医院入账中，入账后计入余额'));
    await waitFor(() => expect(screen.getAllByTestId('inpatient-deposit')[0].textContent).toContain('医院入账中'));
    expect(screen.getByTestId('inpatient-crediting').textContent).toContain('¥1000.00');
    const post = calls.find((c) => c.url.endsWith('/api/v1/inpatient/deposits'))!;
    expect(post.data).toEqual({ memberId: 'm-self', admissionNo: NO, amountFen: 100_000 });
    expect(post.header['Idempotency-Key']).toMatch(/^pay-/);
  });

  it("checks a typed amount against the hospital's rule before it can be paid", async () => {
    mockRequests((c) => (c.url.includes(`/api/v1/inpatient/admissions/${NO}?`) ? { status: 200, data: { memberId: 'm-self', memberName: '张伟', admission: admission(), deposits: [] } } : base(c)));
    render(<InpatientPage />);
    const input = await screen.findByTestId('inpatient-custom');
    fireEvent.change(input, { target: { value: '50' } });
    expect(screen.getByTestId('inpatient-amount-error').textContent).toBe('单笔可缴纳100元至50000元');
    expect(screen.getByTestId('inpatient-submit').className).toContain('hp-btn--disabled');
    fireEvent.change(input, { target: { value: '12.345' } });
    expect(screen.getByTestId('inpatient-amount-error').textContent).toContain('最多两位小数');
    fireEvent.change(input, { target: { value: '888.8' } });
    expect(screen.queryByTestId('inpatient-amount-error')).toBeNull();
    expect(screen.getByTestId('inpatient-amount').textContent).toBe('¥888.80');
    expect(screen.getByTestId('inpatient-submit').className).not.toContain('hp-btn--disabled');
    expect([fenOf('1000'), fenOf('0.1'), fenOf('1e3'), fenOf('-5')]).toEqual([100_000, 10, null, null]);
  });

  it('shows the daily list of a chosen day', async () => {
    const calls = mockRequests((c) => {
      if (c.url.includes(`/api/v1/inpatient/admissions/${NO}?`)) return { status: 200, data: { memberId: 'm-self', memberName: '张伟', admission: admission(), deposits: [] } };
      if (c.url.includes(`/daily?memberId=m-self&date=2026-11-30`))
        return {
          status: 200,
          data: dailyList({
            date: '2026-11-30',
            items: [{ category: '检验费', name: '血常规（五分类）', spec: null, unit: '次', quantity: 1, unitPriceFen: 2500, amountFen: 2500 }],
            categories: [{ category: '检验费', amountFen: 2500 }],
            totalFen: 2500,
          }),
        };
      if (c.url.includes('/daily?memberId=m-self')) return { status: 200, data: dailyList() };
      return base(c);
    });
    render(<InpatientPage />);
    // The tabs are tapped once the stay has loaded (a node replaced while loading would swallow the tap).
    await screen.findByTestId('inpatient-balance');
    fireEvent.click(screen.getByTestId('inpatient-tab-daily'));
    expect((await screen.findByTestId('inpatient-daily-total')).textContent).toBe('¥55.50');
    expect(screen.getByTestId('inpatient-daily').textContent).toContain('普通病房床位费（三人间）');
    fireEvent.click(screen.getByTestId('inpatient-day-2026-11-30'));
    await waitFor(() => expect(screen.getByTestId('inpatient-daily').textContent).toContain('血常规（五分类）'));
    expect(screen.getByTestId('inpatient-daily-total').textContent).toBe('¥25.00');
    expect(calls.some((c) => c.url.includes('date=2026-11-30'))).toBe(true);
  });

  it('a discharged stay offers no top-up', async () => {
    mockRequests((c) => {
      if (c.url.endsWith('/api/v1/inpatient/admissions?memberId=m-self'))
        return { status: 200, data: { memberId: 'm-self', memberName: '张伟', items: [admission({ status: 'discharged', statusLabel: '已出院', canTopUp: false, lowBalance: false })] } };
      if (c.url.includes(`/api/v1/inpatient/admissions/${NO}?`))
        return {
          status: 200,
          data: { memberId: 'm-self', memberName: '张伟', admission: admission({ status: 'discharged', statusLabel: '已出院', canTopUp: false, lowBalance: false }), deposits: [] },
        };
      return base(c);
    });
    render(<InpatientPage />);
    expect((await screen.findByTestId('inpatient-closed')).textContent).toContain('已出院');
    expect(screen.queryByTestId('inpatient-submit')).toBeNull();
    expect(screen.queryByTestId('inpatient-chip-100000')).toBeNull();
  });

  it('says so when the member is not in hospital, and when the hospital cannot be reached', async () => {
    mockRequests((c) => {
      if (c.url.endsWith('/api/v1/family/members')) return { status: 200, data: { items: [member], max: 5 } };
      if (c.url.includes('/api/v1/inpatient/admissions?')) return { status: 200, data: { memberId: 'm-self', memberName: '张伟', items: [] } };
      return undefined;
    });
    const { unmount } = render(<InpatientPage />);
    expect((await screen.findByTestId('status-empty')).textContent).toContain('张伟当前没有住院记录');
    expect(screen.getByTestId('inpatient-to-bills')).toBeTruthy();
    unmount();

    mockRequests((c) => {
      if (c.url.endsWith('/api/v1/family/members')) return { status: 200, data: { items: [member], max: 5 } };
      if (c.url.includes('/api/v1/inpatient/admissions?')) return { status: 503, data: errorBody('UPSTREAM_UNAVAILABLE', '医院住院系统暂时无法查询，请稍后再试') };
      return undefined;
    });
    render(<InpatientPage />);
    expect((await screen.findByTestId('status-error')).textContent).toContain('医院住院系统暂时无法查询');
    expect(screen.getByTestId('status-retry')).toBeTruthy();
  });

  it("opened from an order with ?memberId=, shows that member's stay", async () => {
    const mother = { ...member, id: 'm-mother', name: '王秀英', relation: 'parent', relationLabel: '父母' };
    router.params = { memberId: 'm-mother' };
    const calls = mockRequests((c) => {
      if (c.url.endsWith('/api/v1/family/members')) return { status: 200, data: { items: [member, mother], max: 5 } };
      if (c.url.endsWith('/api/v1/inpatient/admissions?memberId=m-mother')) return { status: 200, data: { memberId: 'm-mother', memberName: '王秀英', items: [admission()] } };
      if (c.url.includes(`/api/v1/inpatient/admissions/${NO}?memberId=m-mother`)) return { status: 200, data: { memberId: 'm-mother', memberName: '王秀英', admission: admission(), deposits: [] } };
      return undefined;
    });
    render(<InpatientPage />);
    expect((await screen.findByTestId('inpatient-balance')).textContent).toBe('¥357.20');
    expect(screen.getByTestId('member-switch-m-mother').getAttribute('aria-pressed')).toBe('true');
    expect(calls.some((c) => c.url.includes('memberId=m-self'))).toBe(false);
  });
});
