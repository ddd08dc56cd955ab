import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import PayIndexPage from './index';
import { mockRequests, signIn, testUser } from '../../../test/helpers';
import { bill, member, order, prepay } from '../../test/fixtures';

const SANDBOX = 'http://127.0.0.1:18081';
const b1 = bill();
const b2 = bill({
  billNo: 'MZ0012026112300002',
  category: '检验费',
  departmentName: '呼吸内科',
  items: [{ name: '血常规（五分类）', spec: null, unit: '次', quantity: 1, unitPriceFen: 2500, amountFen: 2500 }],
  totalFen: 2500,
});
const other = bill({ billNo: 'MZ0022026112300003', hospitalId: 'H002', hospitalName: '市妇幼保健院', totalFen: 3200 });

beforeEach(() => signIn(testUser({ realNameVerified: true, name: '张伟' })));

describe('门诊缴费 page', () => {
  it('chooses two bills, confirms the total, pays through the cashier and opens the paid order', async () => {
    const calls = mockRequests((c) => {
      if (c.url.endsWith('/api/v1/family/members')) return { status: 200, data: { items: [member], max: 5 } };
      if (c.url.includes('/api/v1/bills?memberId=m-self&status=unpaid')) return { status: 200, data: { memberId: 'm-self', memberName: '张伟', items: [b1, b2, other] } };
      if (c.method === 'POST' && c.url.endsWith('/api/v1/bills/pay')) return { status: 201, data: { order: order({ amountFen: 5060 }), bills: [b1, b2] } };
      if (c.url.endsWith('/api/v1/client-config')) return { status: 200, data: { env: 'development', sandboxUrl: SANDBOX } };
      if (c.url.endsWith('/prepay')) return { status: 200, data: prepay({ amountFen: 5060 }) };
      if (c.url === `${SANDBOX}/wechatpay/sandbox/pay`) return { status: 200, data: { result: 'success' } };
      if (c.method === 'GET' && c.url.endsWith('/api/v1/payments/orders/o-1')) return { status: 200, data: order({ state: 'PAID', amountFen: 5060 }) };
      return undefined;
    });
    render(<PayIndexPage />);
    await screen.findByTestId(`bill-${b1.billNo}`);
    expect(screen.getByTestId('pay-submit').className).toContain('hp-btn--disabled');

    fireEvent.click(screen.getByTestId(`bill-check-${b1.billNo}`));
    fireEvent.click(screen.getByTestId(`bill-check-${b2.billNo}`));
    // Another hospital cannot join the same payment.
    fireEvent.click(screen.getByTestId(`bill-check-${other.billNo}`));
    expect(screen.getByTestId('pay-error').textContent).toContain('同一家医院');
    expect(screen.getByTestId('pay-total').textContent).toBe('¥50.60');

    fireEvent.click(screen.getByTestId('pay-submit'));
    expect(screen.getByTestId('confirm-dialog').textContent).toContain('2张账单，合计¥50.60');
    await act(async () => {
      fireEvent.click(screen.getByTestId('confirm-ok'));
    });
    await screen.findByTestId('sandbox-cashier');
    expect(screen.getByTestId('cashier-amount').textContent).toBe('¥50.60');
    await act(async () => {
      fireEvent.click(screen.getByTestId('cashier-pay'));
    });
    await waitFor(() => expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pay/pages/order/index?id=o-1&paid=1' }));
    const pay = calls.find((c) => c.url.endsWith('/api/v1/bills/pay'))!;
    expect(pay.data).toEqual({ memberId: 'm-self', billNos: [b1.billNo, b2.billNo] });
    expect(pay.header['Idempotency-Key']).toMatch(/^pay-/);
  });

  it('bills already in an open order offer 继续支付 instead of being chosen again', async () => {
    mockRequests((c) => {
      if (c.url.endsWith('/api/v1/family/members')) return { status: 200, data: { items: [member], max: 5 } };
      if (c.url.includes('/api/v1/bills?')) return { status: 200, data: { memberId: 'm-self', memberName: '张伟', items: [bill({ status: 'paying', statusLabel: '支付中', orderId: 'o-1' })] } };
      return undefined;
    });
    render(<PayIndexPage />);
    expect(await screen.findByTestId(`bill-resume-${b1.billNo}`)).toBeTruthy();
    expect(screen.queryByTestId(`bill-check-${b1.billNo}`)).toBeNull();
    expect(screen.getByTestId(`bill-status-${b1.billNo}`).textContent).toBe('支付中');
  });

  it('says so when a member has nothing to pay', async () => {
    mockRequests((c) => {
      if (c.url.endsWith('/api/v1/family/members')) return { status: 200, data: { items: [member], max: 5 } };
      if (c.url.includes('/api/v1/bills?')) return { status: 200, data: { memberId: 'm-self', memberName: '张伟', items: [] } };
      return undefined;
    });
    render(<PayIndexPage />);
    expect((await screen.findByTestId('status-empty')).textContent).toContain('张伟暂无待缴费账单');
    expect(screen.queryByTestId('pay-submit')).toBeNull();
  });
});
