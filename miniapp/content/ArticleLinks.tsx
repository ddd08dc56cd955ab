import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { RichNode } from '@healthpocket/shared-types';
import { ROUTES, withQuery } from '../services/routes';
import { bodyLinks, opensInWebView, type BodyLink } from './links';
import { navigateTo } from '../services/navigate';

/**
 * 文中链接: the body's https and tel links as rows a finger can tap (the mini-program's rich-text
 * cannot). tel dials; https opens in the web-view for the 业务域名 allowlist, in a new tab in H5,
 * and is copied otherwise (a mini-program cannot open other sites).
 */
export function ArticleLinks({ articleId, nodes, webViewDomains, onOpen }: { articleId: string; nodes: RichNode[] | undefined; webViewDomains: string[]; onOpen: (href: string) => void }) {
  const links = bodyLinks(nodes);
  if (!links.length) return null;
  const open = (l: BodyLink) => {
    onOpen(l.href);
    if (l.kind === 'tel') {
      Taro.makePhoneCall({ phoneNumber: l.href.slice(4).replace(/\s/g, '') }).catch(() => undefined);
    } else if (process.env.TARO_ENV === 'h5') {
      window.open(l.href, '_blank', 'noopener');
    } else if (opensInWebView(l.href, webViewDomains)) {
      navigateTo({ url: withQuery(ROUTES.contentWebview, { id: articleId, url: l.href }) });
    } else {
      Taro.setClipboardData({ data: l.href })
        .then(() => Taro.showToast({ title: '链接已复制，请在浏览器中打开', icon: 'none' }))
        .catch(() => undefined);
    }
  };
  return (
    <View className='ct-links' data-testid='article-links'>
      <Text className='ct-links__title'>文中链接</Text>
      {links.map((l) => (
        <View key={l.href} className='ct-links__row' role='link' ariaLabel={l.kind === 'tel' ? `拨打 ${l.text}` : `打开 ${l.text}`} data-testid='article-link' onClick={() => open(l)}>
          <Text className='ct-links__text'>{l.text}</Text>
          <Text className='ct-links__action'>{l.kind === 'tel' ? '拨打' : '打开'}</Text>
        </View>
      ))}
    </View>
  );
}
