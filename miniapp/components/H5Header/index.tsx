import { Text, View } from '@tarojs/components';
import Taro, { useDidHide, useDidShow } from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import { currentPath, goBackOr } from '../../services/navigate';
import { ROUTES, TAB_ROUTES } from '../../services/routes';
import './index.scss';

/** Taro H5 passes Taro.setNavigationBarTitle on as this event (its own bar is not in our build). */
const TITLE_EVENT = '__taroH5SetNavigationBarTitle';

const docTitle = () => (typeof document !== 'undefined' && typeof document.title === 'string' ? document.title : '');

/**
 * The page's navigationBarTitleText (its index.config.ts). Taro's H5 router writes it to
 * document.title when the page loads or shows (and what Taro.setNavigationBarTitle sets); the page
 * instance's config is the fallback before that.
 */
function pageTitle(): string {
  const page = Taro.getCurrentInstance?.()?.page as { config?: { navigationBarTitleText?: string } } | null | undefined;
  return docTitle() || page?.config?.navigationBarTitleText || '健康口袋';
}

/**
 * H5 only: the bar the weapp gets natively — the page's title and 返回 (back, or home when the
 * page was opened directly). Sticky at the top, below the notch (safe area), taller in 大字模式.
 * Tab pages (首页, 我的) have nothing to go back to: title only. The desktop workbench's
 * full-window panes have their own bar and hide it (app.scss).
 */
export function H5Header() {
  const [title, setTitle] = useState(pageTitle);
  const [path] = useState(currentPath);
  const onTop = useRef(true);
  useDidShow(() => {
    onTop.current = true;
    setTitle(pageTitle());
  });
  useDidHide(() => {
    onTop.current = false;
  });
  useEffect(() => {
    const events = Taro.eventCenter;
    if (!events) return;
    // Only the page on screen takes a new title (the others stay mounted underneath).
    const onTitle = (t: unknown) => {
      if (onTop.current && typeof t === 'string' && t) setTitle(t);
    };
    events.on(TITLE_EVENT, onTitle);
    // The router sets document.title after the page has rendered: follow it while on screen.
    const observer = process.env.TARO_ENV === 'h5' && typeof MutationObserver !== 'undefined' && document.head ? new MutationObserver(() => onTitle(docTitle())) : undefined;
    observer?.observe(document.head, { subtree: true, childList: true, characterData: true });
    return () => {
      events.off(TITLE_EVENT, onTitle);
      observer?.disconnect();
    };
  }, []);

  if (process.env.TARO_ENV !== 'h5') return null;
  const canGoBack = !TAB_ROUTES.includes(path);
  return (
    <View className='hp-header' data-testid='h5-header'>
      {canGoBack && (
        <View className='hp-header__back' role='button' aria-label='返回' data-testid='h5-header-back' onClick={() => goBackOr(ROUTES.home)}>
          <Text className='hp-header__chevron' aria-hidden='true'>
            ‹
          </Text>
        </View>
      )}
      <View className='hp-header__title' role='heading' aria-level={1} data-testid='h5-header-title'>
        {title}
      </View>
    </View>
  );
}
