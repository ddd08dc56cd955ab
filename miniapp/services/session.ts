import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { api, onSessionEnded, onTokensRefreshed, tokenStore } from './api';
import type { AuthTokens, ClientConfig, UserView } from './shared';
import { recordPrivacyConsent } from './privacy';
import { emitSessionStarted } from './session-events';

/** The logged-in user, kept in storage so pages render at once, and refreshed from /me. */

const USER_KEY = 'hp_user';
type Listener = (user: UserView | null) => void;
const listeners = new Set<Listener>();

function loadUser(): UserView | null {
  try {
    const u = Taro.getStorageSync(USER_KEY) as UserView | '';
    return u && typeof u === 'object' && u.id ? u : null;
  } catch {
    return null;
  }
}

let currentUser: UserView | null = null;
let loaded = false;

export function getUser(): UserView | null {
  if (!loaded) {
    currentUser = loadUser();
    loaded = true;
  }
  return currentUser;
}

export function isLoggedIn(): boolean {
  return tokenStore.get() !== null;
}

export function setUser(user: UserView | null): void {
  currentUser = user;
  loaded = true;
  if (user) Taro.setStorageSync(USER_KEY, user);
  else Taro.removeStorageSync(USER_KEY);
  listeners.forEach((fn) => fn(user));
}

function subscribeUser(fn: Listener): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

onTokensRefreshed((t) => setUser(t.user));
onSessionEnded(() => setUser(null));

/** React view of the session. */
export function useSession(): { user: UserView | null; loggedIn: boolean } {
  const [user, set] = useState<UserView | null>(() => (isLoggedIn() ? getUser() : null));
  useEffect(() => subscribeUser(set), []);
  return { user, loggedIn: !!user && isLoggedIn() };
}

async function completeLogin(tokens: AuthTokens): Promise<UserView> {
  tokenStore.set(tokens);
  setUser(tokens.user);
  // Best effort: the agreement stays recorded locally and is retried at the next login.
  await recordPrivacyConsent(tokens.user.id).catch(() => undefined);
  // Pages still open (the one that sent the resident here) load again with the new session.
  emitSessionStarted();
  return tokens.user;
}

/** weapp: wx.login gives a one-time code. */
export async function loginWithWechat(): Promise<UserView> {
  const { code } = await Taro.login();
  return completeLogin(await api.wechatLogin(code));
}

/** H5: the WeChat sandbox mints the code that wx.login would give for this openid. */
export async function loginWithSandbox(sandboxUrl: string, openid: string): Promise<UserView> {
  const { code } = await api.sandboxLoginCode(sandboxUrl, openid);
  return completeLogin(await api.wechatLogin(code));
}

/** A fresh sandbox identity: h5_ + 16 random hex digits. */
export function randomOpenid(): string {
  let hex = '';
  for (let i = 0; i < 16; i++) hex += Math.floor(Math.random() * 16).toString(16);
  return `h5_${hex}`;
}

export async function reloadUser(): Promise<UserView> {
  const user = await api.me();
  setUser(user);
  return user;
}

/** The BFF already ended every login (account deleted, privacy guide withdrawn): forget it here. */
export function endLocalSession(): void {
  tokenStore.clear();
  setUser(null);
}

export async function logout(): Promise<void> {
  const tokens = tokenStore.get();
  if (tokens) await api.logout(tokens.refreshToken).catch(() => undefined);
  tokenStore.clear();
  setUser(null);
}

let clientConfig: Promise<ClientConfig> | null = null;
/** GET /client-config once per launch (H5 login and phone codes need sandboxUrl). */
export function loadClientConfig(): Promise<ClientConfig> {
  if (!clientConfig) {
    clientConfig = api.clientConfig().catch((e) => {
      clientConfig = null;
      throw e;
    });
  }
  return clientConfig;
}
