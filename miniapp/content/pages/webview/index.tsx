import { WebView } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { opensInWebView } from '../../links';
import { useRequest } from '../../../components/useRequest';
import { StatusView } from '../../../components/StatusView';
import { PageShell } from '../../../components/PageShell';
import { contentApi } from '../../api';

/**
 * An https page linked from an article, in the weapp's web-view. Only hosts of the 业务域名
 * allowlist the BFF hands out with the article open here (WeChat refuses the others anyway).
 */
export default function ArticleWebView() {
  const { params } = useRouter();
  const url = decodeURIComponent(params.url ?? '');
  const article = useRequest(() => contentApi.article(params.id ?? ''), [params.id]);
  const ok = !!article.data && url.startsWith('https://') && opensInWebView(url, article.data.webViewDomains);
  return (
    <PageShell testId='content-webview'>
      <StatusView loading={article.loading} error={article.error} onRetry={() => void article.reload()} empty={!article.loading && !ok} emptyText='该链接不能在小程序内打开'>
        {ok && <WebView src={url} />}
      </StatusView>
    </PageShell>
  );
}
