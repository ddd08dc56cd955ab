import Taro from '@tarojs/taro';
import { navigateFromPage } from './overlay-back';
import { ROUTES, TAB_ROUTES, isRouteAvailable, withQuery } from './routes';

// Taro's navigation calls for a tap or for code that carries on after them. A navigation that fails
// (WeChat's page stack is full, the resident left the page meanwhile) leaves the resident where they
// are, which they see; it is logged rather than left as an unhandled rejection.
const logFailure = (what: string) => (e: unknown) => console.warn(`${what} failed`, e);

export function navigateTo(option: Taro.navigateTo.Option): void {
  navigateFromPage(() => {
    Promise.resolve(Taro.navigateTo(option)).catch(logFailure(`navigateTo ${option.url}`));
  });
}

export function redirectTo(option: Taro.redirectTo.Option): void {
  navigateFromPage(() => {
    Promise.resolve(Taro.redirectTo(option)).catch(logFailure(`redirectTo ${option.url}`));
  });
}

function switchTab(option: Taro.switchTab.Option): void {
  navigateFromPage(() => {
    Promise.resolve(Taro.switchTab(option)).catch(logFailure(`switchTab ${option.url}`));
  });
}

export function reLaunch(option: Taro.reLaunch.Option): void {
  navigateFromPage(() => {
    Promise.resolve(Taro.reLaunch(option)).catch(logFailure(`reLaunch ${option.url}`));
  });
}

export function navigateBack(option?: Taro.navigateBack.Option): void {
  Promise.resolve(option ? Taro.navigateBack(option) : Taro.navigateBack()).catch(logFailure('navigateBack'));
}

/** Opens a route; a service whose subpackage is not in this build yet says 即将开放. */
export function openRoute(url: string): void {
  const path = url.split('?')[0];
  if (!isRouteAvailable(path)) {
    Promise.resolve(Taro.showToast({ title: '即将开放', icon: 'none' })).catch(() => undefined);
    return;
  }
  if (TAB_ROUTES.includes(path)) switchTab({ url: path });
  else navigateTo({ url });
}

/** Back to the previous page, or home when the page was opened directly (H5 deep link). */
export function goBackOr(url: string): void {
  const pages = Taro.getCurrentPages?.() ?? [];
  if (pages.length > 1) navigateBack();
  else if (TAB_ROUTES.includes(url)) switchTab({ url });
  else redirectTo({ url });
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

/** The page on screen with its query (Taro's own params such as the H5 `stamp` left out). */
function currentUrl(): string {
  const router = Taro.getCurrentInstance?.()?.router;
  const query: Record<string, string> = {};
  for (const [k, v] of Object.entries(router?.params ?? {})) {
    if (k === 'stamp' || k.startsWith('$taro') || k.startsWith('__') || typeof v !== 'string') continue;
    query[k] = v;
  }
  return withQuery(currentPath(), query);
}

/** The login page, asked to return to the page on screen afterwards. */
export function loginUrl(): string {
  const here = currentPath();
  return here === ROUTES.login ? ROUTES.login : withQuery(ROUTES.login, { redirect: currentUrl() });
}

/**
 * A `redirect` query value that is one of this app's pages (with its query), or null: never an
 * external URL (https://…, //host), a path outside the app, or the login page itself.
 */
function safeRedirect(raw: string | undefined | null): string | null {
  if (!raw) return null;
  let url = raw;
  if (/^%2F/i.test(url)) {
    try {
      url = decodeURIComponent(url);
    } catch {
      return null;
    }
  }
  if (!url.startsWith('/') || url.startsWith('//') || /[\\\s]/.test(url)) return null;
  const path = url.split('?')[0];
  if (path === ROUTES.login || !isRouteAvailable(path)) return null;
  return url;
}

/**
 * After a login: back to the page that sent the resident to log in (it is still open below the
 * login page and reloads itself on the session event), or open it afresh when it is not;
 * without a valid redirect, back or home.
 */
export function returnAfterLogin(redirect: string | undefined | null): void {
  const target = safeRedirect(redirect);
  if (!target) {
    goBackOr(ROUTES.home);
    return;
  }
  const path = target.split('?')[0];
  const pages = Taro.getCurrentPages?.() ?? [];
  const below = pages[pages.length - 2] as { route?: string } | undefined;
  if (below && `/${(below.route ?? '').replace(/^\//, '').split('?')[0]}` === path) void Taro.navigateBack();
  else if (TAB_ROUTES.includes(path)) void Taro.switchTab({ url: path });
  else void Taro.redirectTo({ url: target });
}
