/**
 * jest stand-in for @tarojs/taro: storage in a Map, navigation and UI calls as jest.fn, and
 * `request` left for each test to script (see mockRequests in test/helpers.ts).
 */
import { useEffect } from 'react';

const storage = new Map<string, unknown>();
const ok = () => Promise.resolve({ errMsg: 'ok' });

export const router = { path: '/pages/home/index', params: {} as Record<string, string> };
/** The page instance's config (index.config.ts), e.g. navigationBarTitleText for the H5 header. */
export const page = { config: {} as Record<string, unknown> };

type EventFn = (...args: unknown[]) => void;
const events = new Map<string, Set<EventFn>>();

const Taro = {
  request: jest.fn(),
  getStorageSync: jest.fn((k: string) => (storage.has(k) ? storage.get(k) : '')),
  setStorageSync: jest.fn((k: string, v: unknown) => void storage.set(k, v)),
  removeStorageSync: jest.fn((k: string) => void storage.delete(k)),
  navigateTo: jest.fn(ok),
  redirectTo: jest.fn(ok),
  reLaunch: jest.fn(ok),
  switchTab: jest.fn(ok),
  navigateBack: jest.fn(ok),
  showToast: jest.fn(ok),
  showModal: jest.fn(() => Promise.resolve({ confirm: true, cancel: false })),
  hideTabBar: jest.fn(ok),
  showTabBar: jest.fn(ok),
  setTabBarBadge: jest.fn(ok),
  removeTabBarBadge: jest.fn(ok),
  setNavigationBarTitle: jest.fn(ok),
  login: jest.fn(() => Promise.resolve({ code: 'wx-login-code', errMsg: 'login:ok' })),
  getPrivacySetting: jest.fn((o?: { success?: (r: unknown) => void }) => o?.success?.({ needAuthorization: false, privacyContractName: '' })),
  onNeedPrivacyAuthorization: jest.fn(),
  openPrivacyContract: jest.fn(ok),
  getCurrentPages: jest.fn(() => [{ route: router.path.slice(1) }]),
  getCurrentInstance: jest.fn(() => ({ router, page })),
  /** Taro's event bus (H5 passes setNavigationBarTitle on through it). */
  eventCenter: {
    on: (name: string, fn: EventFn) => void events.set(name, (events.get(name) ?? new Set()).add(fn)),
    off: (name: string, fn: EventFn) => void events.get(name)?.delete(fn),
    trigger: (name: string, ...args: unknown[]) => events.get(name)?.forEach((fn) => fn(...args)),
  },
  requestPayment: jest.fn(ok),
  setClipboardData: jest.fn(ok),
  makePhoneCall: jest.fn(ok),
  /** Design px → the platform's unit (rpx in the weapp, rem in H5); px here, which jsdom's style parser keeps. */
  pxTransform: jest.fn((size: number) => `${size}px`),
  stopPullDownRefresh: jest.fn(),
  /** Answers accept for every template asked. */
  requestSubscribeMessage: jest.fn((o: { tmplIds: string[] }) => Promise.resolve(Object.fromEntries(o.tmplIds.map((t) => [t, 'accept'])))),
  /** weapp sound: tests read the contexts made (src, play calls) from here. */
  createInnerAudioContext: jest.fn(() => {
    const ctx = { src: '', play: jest.fn(), stop: jest.fn(), destroy: jest.fn(), onEnded: jest.fn(), onError: jest.fn() };
    audioContexts.push(ctx);
    return ctx;
  }),
};
export const audioContexts: Array<{ src: string; play: jest.Mock; destroy: jest.Mock }> = [];

/** Clears storage and call records; keeps the default implementations. */
export function resetTaro(): void {
  storage.clear();
  router.path = '/pages/home/index';
  router.params = {};
  page.config = {};
  audioContexts.length = 0;
  for (const fn of Object.values(Taro)) if (jest.isMockFunction(fn)) fn.mockClear();
  Taro.request.mockReset();
}

export const useDidShow = (fn: () => void) => useEffect(() => fn(), []); // eslint-disable-line react-hooks/exhaustive-deps
// A page under test never goes to the background.
export const useDidHide = (_fn: () => void) => undefined;
export const useLaunch = (fn: () => void) => useEffect(() => fn(), []); // eslint-disable-line react-hooks/exhaustive-deps
export const useLoad = useLaunch;
export const useRouter = () => router;
// Pull-down refresh is a gesture a test does not make.
export const usePullDownRefresh = (_fn: () => void) => undefined;
export const useReachBottom = (_fn: () => void) => undefined;
/** The share card a page offers; tests read it from here. */
export const shared: { card?: () => { title: string; path: string } } = {};
export const useShareAppMessage = (fn: () => { title: string; path: string }) => void (shared.card = fn);
export const getCurrentInstance = Taro.getCurrentInstance;

export default Taro;
