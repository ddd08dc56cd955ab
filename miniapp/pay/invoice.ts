import { withQuery, ROUTES } from '../services/routes';
import { navigateTo } from '../services/navigate';
import { showToast } from '../services/ui';
import Taro from '@tarojs/taro';

/**
 * Opens the e-invoice (医疗收费电子票据) the hospital issued, an HTML page. H5 opens it in a new tab;
 * the weapp opens it in a web-view when the BFF says it may (`webView`: https on the 业务域名), and
 * copies the link otherwise (a web-view would refuse the host).
 */
export function openInvoice(invoice: { url: string; webView: boolean }): void {
  if (process.env.TARO_ENV === 'h5') {
    window.open(invoice.url, '_blank', 'noopener');
    return;
  }
  if (invoice.webView) {
    navigateTo({ url: withQuery(ROUTES.payInvoice, { url: invoice.url }) });
    return;
  }
  Taro.setClipboardData({ data: invoice.url }).then(
    () => showToast({ title: '票据链接已复制，可在浏览器中打开', icon: 'none' }),
    () => undefined,
  );
}
