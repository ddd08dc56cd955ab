import { opensInWebView } from './presenters';

describe('opensInWebView (may the weapp open an e-invoice in its web-view?)', () => {
  const domains = ['einvoice.example-hospital.cn', 'example.org'];
  it.each([
    ['https on a 业务域名', 'https://einvoice.example-hospital.cn/his/einvoices/1?code=2', true],
    ['https on a subdomain of one', 'https://pay.example.org/inv/1', true],
    ['http on a 业务域名', 'http://einvoice.example-hospital.cn/his/einvoices/1', false],
    ['https elsewhere', 'https://evil.example.com/inv/1', false],
    ['a host that only ends with the domain text', 'https://notexample.org/inv/1', false],
    ['not a URL', 'einvoice.example-hospital.cn/1', false],
  ])('%s', (_name, url, expected) => {
    expect(opensInWebView(url, domains)).toBe(expected);
  });

  it('no 业务域名 configured: never', () => {
    expect(opensInWebView('https://einvoice.example-hospital.cn/1', [])).toBe(false);
  });
});
