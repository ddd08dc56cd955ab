import { WebView } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { PageShell } from '../../../components/PageShell';
import { StatusView } from '../../../components/StatusView';

/**
 * The e-invoice (医疗收费电子票据) in the weapp's web-view. openInvoice sends only invoices the BFF
 * marked `webView` (https on the 业务域名); anything but https is not shown here (WeChat refuses
 * hosts outside the 业务域名 anyway).
 */
export default function InvoiceWebView() {
  const { params } = useRouter();
  const url = decodeURIComponent(params.url ?? '');
  const ok = url.startsWith('https://');
  return (
    <PageShell testId='pay-invoice'>
      <StatusView empty={!ok} emptyText='该票据不能在小程序内打开'>
        {ok && <WebView src={url} />}
      </StatusView>
    </PageShell>
  );
}
