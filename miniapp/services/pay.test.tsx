import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { SandboxCashier } from '../components/SandboxCashier';
import { mockRequests, signIn } from '../test/helpers';
import { order, prepay } from '../pay/test/fixtures';
import { payOrder } from './pay';

const SANDBOX = 'http://127.0.0.1:18081';

beforeEach(() => signIn());

function server(opts: { state?: () => string } = {}) {
  return mockRequests((c) => {
    if (c.url.endsWith('/api/v1/client-config')) return { status: 200, data: { env: 'development', sandboxUrl: SANDBOX } };
    if (c.method === 'POST' && c.url.endsWith('/api/v1/payments/orders/o-1/prepay')) return { status: 200, data: prepay() };
    if (c.method === 'POST' && c.url === `${SANDBOX}/wechatpay/sandbox/pay`) return { status: 200, data: { result: c.data.result } };
    if (c.method === 'GET' && c.url.endsWith('/api/v1/payments/orders/o-1')) return { status: 200, data: order({ state: (opts.state?.() ?? 'PAID') as never }) };
    return undefined;
  });
}

describe('payOrder in H5 (the sandbox cashier)', () => {
  it('shows amount and description; 确认支付 pays at the sandbox, then waits for the BFF to see it', async () => {
    let polls = 0;
    const calls = server({ state: () => (++polls < 2 ? 'CREATED' : 'PAID') });
    render(<SandboxCashier />);
    let result: Promise<string> | undefined;
    act(() => {
      result = payOrder('o-1');
    });
    const sheet = await screen.findByTestId('sandbox-cashier');
    expect(screen.getByTestId('cashier-amount').textContent).toBe('¥25.60');
    expect(sheet.textContent).toContain('市第一人民医院门诊缴费');
    await act(async () => {
      fireEvent.click(screen.getByTestId('cashier-pay'));
    });
    // The notify lags: the app says so while it asks again.
    await screen.findByTestId('pay-confirming');
    expect(screen.getByTestId('pay-confirming').textContent).toContain('支付结果确认中');
    await act(async () => {
      expect(await result).toBe('paid');
    });
    expect(screen.queryByTestId('pay-confirming')).toBeNull();
    expect(calls.find((c) => c.url.endsWith('/wechatpay/sandbox/pay'))!.data).toEqual({ prepay_id: prepay().prepayId, result: 'success' });
  });

  it('取消 leaves the order payable: "cancelled", no polling', async () => {
    const calls = server({ state: () => 'CREATED' });
    render(<SandboxCashier />);
    let result: Promise<string> | undefined;
    act(() => {
      result = payOrder('o-1');
    });
    await screen.findByTestId('sandbox-cashier');
    await act(async () => {
      fireEvent.click(screen.getByTestId('cashier-cancel'));
    });
    await act(async () => {
      expect(await result).toBe('cancelled');
    });
    expect(calls.find((c) => c.url.endsWith('/wechatpay/sandbox/pay'))!.data.result).toBe('cancel');
    expect(calls.filter((c) => c.method === 'GET' && c.url.endsWith('/orders/o-1'))).toHaveLength(0);
    expect(screen.queryByTestId('sandbox-cashier')).toBeNull();
  });

  it('an order already paid is "paid" without a cashier; a closed one reports why', async () => {
    mockRequests((c) => {
      if (c.url.endsWith('/prepay')) return { status: 409, data: { error: { code: 'ORDER_ALREADY_PAID', message: '该订单已支付，无需重复支付' } } };
      return undefined;
    });
    expect(await payOrder('o-1')).toBe('paid');
    mockRequests((c) => {
      if (c.url.endsWith('/prepay')) return { status: 409, data: { error: { code: 'ORDER_EXPIRED', message: '订单已超过支付时间，请重新发起支付' } } };
      return undefined;
    });
    const errors: string[] = [];
    expect(await payOrder('o-1', { onError: (m) => errors.push(m) })).toBe('failed');
    expect(errors).toEqual(['订单已超过支付时间，请重新发起支付']);
  });
});

describe('payOrder in the weapp (wx.requestPayment)', () => {
  const env = process.env.TARO_ENV;
  beforeEach(() => {
    process.env.TARO_ENV = 'weapp';
  });
  afterEach(() => {
    process.env.TARO_ENV = env;
  });

  it('passes the BFF-signed parameters; "fail cancel" is cancelled and the order stays payable', async () => {
    const calls = server({ state: () => 'CREATED' });
    (Taro.requestPayment as jest.Mock).mockRejectedValueOnce({ errMsg: 'requestPayment:fail cancel' });
    expect(await payOrder('o-1')).toBe('cancelled');
    const p = prepay();
    expect(Taro.requestPayment).toHaveBeenCalledWith({ timeStamp: p.timeStamp, nonceStr: p.nonceStr, package: p.package, signType: 'RSA', paySign: p.paySign });
    expect(calls.filter((c) => c.method === 'GET')).toHaveLength(0);
  });

  it('success waits for PAID from the BFF', async () => {
    server({ state: () => 'PAID' });
    (Taro.requestPayment as jest.Mock).mockResolvedValueOnce({ errMsg: 'requestPayment:ok' });
    await waitFor(async () => expect(await payOrder('o-1')).toBe('paid'));
  });
});
