import Taro from '@tarojs/taro';

/**
 * Opens the e-invoice (医疗收费电子票据) the hospital issued. H5 opens the link; the weapp cannot
 * open arbitrary web pages without a business-domain web-view, so it copies the link instead.
 */
export function openInvoice(url: string): void {
  if (process.env.TARO_ENV === 'h5') {
    window.open(url, '_blank', 'noopener');
    return;
  }
  Taro.setClipboardData({ data: url }).then(
    () => Taro.showToast({ title: '票据链接已复制，可在浏览器中打开', icon: 'none' }),
    () => undefined,
  );
}
