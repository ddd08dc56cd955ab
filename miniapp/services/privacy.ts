import Taro from '@tarojs/taro';
import { api } from './api';
import { CONSENT_TEXTS } from './consent-texts';
import { hideTabBarForModal } from './navigate';

/**
 * The privacy guide (用户隐私保护指引) is agreed to before login, so the agreement is kept
 * locally first and recorded with the BFF (POST /me/consents) once there is a user.
 */

const AGREED_KEY = 'hp_privacy_agreed';
const RECORDED_KEY = 'hp_privacy_recorded';

export const PRIVACY_GUIDE = CONSENT_TEXTS.privacy_guide;
export const PRIVACY_AGREE_BUTTON_ID = 'hp-privacy-agree';

export function privacyAgreedLocally(): boolean {
  try {
    return Taro.getStorageSync(AGREED_KEY) === PRIVACY_GUIDE.version;
  } catch {
    return false;
  }
}

export function markPrivacyAgreed(): void {
  Taro.setStorageSync(AGREED_KEY, PRIVACY_GUIDE.version);
  emit({ open: false });
  const resolve = pendingWechatResolve;
  pendingWechatResolve = null;
  resolve?.({ buttonId: PRIVACY_AGREE_BUTTON_ID, event: 'agree' });
}

/** After the guide was withdrawn (or the account deleted): the next launch, or openPrivacyGuide(), asks again. */
export function forgetPrivacyAgreement(): void {
  Taro.removeStorageSync(AGREED_KEY);
  Taro.removeStorageSync(RECORDED_KEY);
}

export function markPrivacyDeclined(): void {
  emit({ open: false });
  const resolve = pendingWechatResolve;
  pendingWechatResolve = null;
  resolve?.({ event: 'disagree' });
}

/** Does this launch need to show the guide? In weapp WeChat itself also says so. */
export async function needsPrivacyGuide(): Promise<boolean> {
  if (process.env.TARO_ENV === 'weapp' && typeof Taro.getPrivacySetting === 'function') {
    try {
      const res = await new Promise<{ needAuthorization: boolean }>((resolve, reject) => Taro.getPrivacySetting({ success: resolve, fail: reject }));
      if (res.needAuthorization) return true;
    } catch {
      // older base library: fall back to the local flag
    }
  }
  return !privacyAgreedLocally();
}

export async function recordPrivacyConsent(userId: string): Promise<void> {
  if (!privacyAgreedLocally()) return;
  const key = `${userId}@${PRIVACY_GUIDE.version}`;
  if (Taro.getStorageSync(RECORDED_KEY) === key) return;
  await api.grantConsent('privacy_guide', PRIVACY_GUIDE.version);
  Taro.setStorageSync(RECORDED_KEY, key);
}

// ---- who shows the guide: any mounted PrivacyGuide listens here --------------------------

type GuideState = { open: boolean };
type Listener = (s: GuideState) => void;
const listeners = new Set<Listener>();
let state: GuideState = { open: false };
let afterAgree: (() => void) | null = null;
type WechatResolve = (r: { buttonId?: string; event: 'agree' | 'disagree' | 'exposureAuthorization' }) => void;
let pendingWechatResolve: WechatResolve | null = null;

let restoreTabBar: (() => void) | null = null;

function emit(s: GuideState): void {
  if (s.open && !state.open) restoreTabBar = hideTabBarForModal();
  if (!s.open && restoreTabBar) {
    restoreTabBar();
    restoreTabBar = null;
  }
  state = s;
  if (!s.open && privacyAgreedLocally() && afterAgree) {
    const fn = afterAgree;
    afterAgree = null;
    fn();
  }
  if (!s.open && !privacyAgreedLocally()) afterAgree = null;
  listeners.forEach((fn) => fn(s));
}

export function subscribePrivacyGuide(fn: Listener): () => void {
  listeners.add(fn);
  fn(state);
  return () => listeners.delete(fn);
}

/** Opens the guide; `then` runs once the user agreed. */
export function openPrivacyGuide(then?: () => void): void {
  afterAgree = then ?? null;
  emit({ open: true });
}

/** Runs `fn` now if the guide was agreed to, else after the user agrees. */
export function withPrivacyAgreement(fn: () => void): void {
  if (privacyAgreedLocally()) fn();
  else openPrivacyGuide(fn);
}

/** weapp: a privacy API was called before agreement; WeChat waits for our answer. */
export function registerWechatPrivacyHandler(): void {
  if (process.env.TARO_ENV !== 'weapp' || typeof Taro.onNeedPrivacyAuthorization !== 'function') return;
  Taro.onNeedPrivacyAuthorization((resolve) => {
    pendingWechatResolve = resolve as WechatResolve;
    emit({ open: true });
  });
}
