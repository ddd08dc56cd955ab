import Taro from '@tarojs/taro';
import { TAB_ROUTES, isRouteAvailable } from './routes';

/** Opens a route; a service whose subpackage is not in this build yet says 即将开放. */
export function openRoute(url: string): void {
  const path = url.split('?')[0];
  if (!isRouteAvailable(path)) {
    Taro.showToast({ title: '即将开放', icon: 'none' });
    return;
  }
  if (TAB_ROUTES.includes(path)) Taro.switchTab({ url: path });
  else Taro.navigateTo({ url });
}

/** Back to the previous page, or home when the page was opened directly (H5 deep link). */
export function goBackOr(url: string): void {
  const pages = Taro.getCurrentPages?.() ?? [];
  if (pages.length > 1) Taro.navigateBack();
  else if (TAB_ROUTES.includes(url)) Taro.switchTab({ url });
  else Taro.redirectTo({ url });
}

/** The path of the page on screen, with a leading slash and no query. */
export function currentPath(): string {
  const p = (Taro.getCurrentInstance?.()?.router?.path ?? '').split('?')[0];
  return p.startsWith('/') ? p : `/${p}`;
}

/**
 * A full-screen sheet on a tab page: in H5 the tab bar sits above the page's stacking context
 * and would cover the sheet's buttons; in weapp it stays tappable. Hide it while the sheet is up.
 */
export function hideTabBarForModal(): () => void {
  if (!TAB_ROUTES.includes(currentPath())) return () => undefined;
  Promise.resolve(Taro.hideTabBar?.({ animation: false })).catch(() => undefined);
  return () => {
    Promise.resolve(Taro.showTabBar?.({ animation: false })).catch(() => undefined);
  };
}
