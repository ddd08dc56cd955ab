import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { client } from './client';
import { isLoggedIn } from './session';

/** The 我的 tab (app.config.ts tabBar.list). */
const ME_TAB_INDEX = 1;

/** "99+" past 99, as WeChat's own badges. */
export const badgeText = (n: number) => (n > 99 ? '99+' : String(n));

/** Shows the unread count on the 我的 tab, or no badge at 0. Tab bar calls fail off a tab page: ignored. */
function showTabBadge(count: number): void {
  const done = count > 0 ? Taro.setTabBarBadge?.({ index: ME_TAB_INDEX, text: badgeText(count) }) : Taro.removeTabBarBadge?.({ index: ME_TAB_INDEX });
  Promise.resolve(done).catch(() => undefined);
}

/**
 * The 消息中心 unread count, read from the server each time the page shows (read state is the
 * server's, so a message read on another device is not counted here), and put on the 我的 tab.
 */
export function useUnreadCount(): number {
  const [count, setCount] = useState(0);
  useDidShow(() => {
    if (!isLoggedIn()) {
      setCount(0);
      return;
    }
    client.GET('/api/v1/messages/unread-count').then(
      (r) => {
        setCount(r.count);
        showTabBadge(r.count);
      },
      () => undefined,
    );
  });
  return count;
}
