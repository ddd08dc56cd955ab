import Taro from '@tarojs/taro';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { BillCard } from './BillCard';
import InvoiceWebView from '../pages/invoice/index';
import { router } from '../../test/taro';
import { bill } from '../test/fixtures';

const URL_ON_DOMAIN = 'https://einvoice.example-hospital.cn/his/einvoices/0012345678?code=11260122&check=ABC123';
const paid = (webView: boolean, url = URL_ON_DOMAIN) =>
  bill({ status: 'paid', statusLabel: '已缴费', invoice: { number: '0012345678', code: '11260122', url, issuedAt: '2026-11-23T09:20:00+08:00', webView } });

describe('e-invoice (电子票据) on a paid bill', () => {
  const env = process.env.TARO_ENV;
  beforeEach(() => jest.clearAllMocks());
  afterEach(() => {
    process.env.TARO_ENV = env;
  });

  it('weapp: an invoice on the 业务域名 opens in the invoice web-view page, with its URL intact', () => {
    process.env.TARO_ENV = 'weapp';
    const b = paid(true);
    render(<BillCard bill={b} />);
    fireEvent.click(screen.getByTestId(`bill-invoice-${b.billNo}`));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: `/pay/pages/invoice/index?url=${encodeURIComponent(URL_ON_DOMAIN)}` });
    expect(Taro.setClipboardData).not.toHaveBeenCalled();
  });

  it('weapp: an invoice the web-view may not open is copied, with a toast saying so', async () => {
    process.env.TARO_ENV = 'weapp';
    const b = paid(false, 'http://127.0.0.1:18081/his/einvoices/0012345678?code=11260122&check=ABC123');
    render(<BillCard bill={b} />);
    fireEvent.click(screen.getByTestId(`bill-invoice-${b.billNo}`));
    expect(Taro.navigateTo).not.toHaveBeenCalled();
    expect(Taro.setClipboardData).toHaveBeenCalledWith({ data: b.invoice!.url });
    await waitFor(() => expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '票据链接已复制，可在浏览器中打开' })));
  });

  it('H5: opens the invoice in a new tab', () => {
    process.env.TARO_ENV = 'h5';
    const open = jest.spyOn(window, 'open').mockReturnValue(null);
    const b = paid(true);
    render(<BillCard bill={b} />);
    fireEvent.click(screen.getByTestId(`bill-invoice-${b.billNo}`));
    expect(open).toHaveBeenCalledWith(URL_ON_DOMAIN, '_blank', 'noopener');
    expect(Taro.navigateTo).not.toHaveBeenCalled();
    open.mockRestore();
  });
});

describe('invoice web-view page', () => {
  it('shows the https invoice in a web-view', () => {
    router.params = { url: encodeURIComponent(URL_ON_DOMAIN) };
    render(<InvoiceWebView />);
    expect(screen.getByTestId('web-view').getAttribute('src')).toBe(URL_ON_DOMAIN);
  });

  it('does not show anything but https', () => {
    router.params = { url: encodeURIComponent('http://127.0.0.1:18081/his/einvoices/1') };
    render(<InvoiceWebView />);
    expect(screen.queryByTestId('web-view')).toBeNull();
    expect(screen.getByText('该票据不能在小程序内打开')).toBeTruthy();
  });
});
