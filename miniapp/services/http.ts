import Taro from '@tarojs/taro';
import type { AuthTokens, ErrorDetail } from './shared';
import { currentPath, loginUrl } from './navigate';
import { ROUTES } from './routes';

/**
 * The one HTTP client of the miniapp. Every call goes through `request`, which adds the access
 * token, refreshes it once when the BFF says TOKEN_EXPIRED, and turns every failure into an
 * ApiError whose `message` is fit to show a resident as-is.
 */

export const NETWORK_ERROR_MESSAGE = '网络连接失败，请检查网络后重试';
const FALLBACK_MESSAGE = '系统繁忙，请稍后再试';

export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details?: ErrorDetail[];
  readonly requestId?: string;
  /** Extra fields of the error (e.g. `scope` and `memberId` of FAMILY_AUTHORIZATION_REQUIRED). */
  readonly meta: Record<string, unknown>;

  constructor(code: string, message: string, status: number, details?: ErrorDetail[], requestId?: string, meta: Record<string, unknown> = {}) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.details = details;
    this.requestId = requestId;
    this.meta = meta;
  }
}

/** '' in H5 (the BFF serves the H5 build, same origin); an absolute URL in the weapp. */
export function apiBase(): string {
  if (process.env.TARO_ENV === 'h5') return '';
  return process.env.TARO_APP_API_BASE || 'http://127.0.0.1:8080';
}

// ---- token storage -------------------------------------------------------------------------

export interface StoredTokens {
  accessToken: string;
  refreshToken: string;
}

const TOKENS_KEY = 'hp_tokens';

export const tokenStore = {
  get(): StoredTokens | null {
    try {
      const t = Taro.getStorageSync(TOKENS_KEY) as StoredTokens | '' | undefined;
      return t && t.accessToken && t.refreshToken ? t : null;
    } catch {
      return null;
    }
  },
  set(t: StoredTokens): void {
    Taro.setStorageSync(TOKENS_KEY, { accessToken: t.accessToken, refreshToken: t.refreshToken });
  },
  clear(): void {
    Taro.removeStorageSync(TOKENS_KEY);
  },
};

/** Listeners for "tokens were replaced by a refresh" (the session keeps the user in step). */
type TokensListener = (tokens: AuthTokens) => void;
const refreshListeners = new Set<TokensListener>();
export function onTokensRefreshed(fn: TokensListener): () => void {
  refreshListeners.add(fn);
  return () => refreshListeners.delete(fn);
}

/** Called when the session is gone (a 401 that a refresh could not cure). */
type LogoutListener = () => void;
const logoutListeners = new Set<LogoutListener>();
export function onSessionEnded(fn: LogoutListener): () => void {
  logoutListeners.add(fn);
  return () => logoutListeners.delete(fn);
}

// ---- transport -----------------------------------------------------------------------------

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  /** Send the access token (default true). Login, refresh and client-config set false. */
  auth?: boolean;
  /** Overrides apiBase(): the H5 sandbox helpers live on another origin. */
  baseUrl?: string;
  header?: Record<string, string>;
  /** On a 401 that ends the session, stay on the page instead of opening the login page. */
  noLoginRedirect?: boolean;
}

interface RawResponse {
  status: number;
  data: unknown;
}

async function send(method: Method, url: string, data: unknown, header: Record<string, string>): Promise<RawResponse> {
  try {
    const res = await Taro.request({
      url,
      method,
      data: data as Record<string, unknown> | undefined,
      header: { 'Content-Type': 'application/json', ...header },
      dataType: 'json',
      timeout: 15000,
    });
    return { status: res.statusCode, data: res.data };
  } catch {
    throw new ApiError('NETWORK_ERROR', NETWORK_ERROR_MESSAGE, 0);
  }
}

function errorCodeOf(data: unknown): string | undefined {
  const e = (data as { error?: { code?: unknown } } | null)?.error;
  return typeof e?.code === 'string' ? e.code : undefined;
}

export function toApiError(status: number, data: unknown): ApiError {
  const e = (data as { error?: { code?: string; message?: string; details?: ErrorDetail[]; requestId?: string } } | null)?.error;
  if (e && typeof e.code === 'string') {
    const { code, message, details, requestId, ...meta } = e;
    return new ApiError(code, message || FALLBACK_MESSAGE, status, details, requestId, meta);
  }
  if (status >= 500) return new ApiError('INTERNAL', FALLBACK_MESSAGE, status);
  return new ApiError(`HTTP_${status}`, `请求失败（${status}），请稍后再试`, status);
}

// ---- refresh (single flight) ---------------------------------------------------------------

let refreshing: Promise<boolean> | null = null;

/**
 * Trades the refresh token for new tokens. Concurrent callers share one refresh: the BFF rotates
 * refresh tokens, so a second refresh with the same token would be refused.
 * Resolves false when the BFF refused the refresh token; rejects (ApiError) on network failure.
 */
function refreshTokens(): Promise<boolean> {
  if (refreshing) return refreshing;
  const current = tokenStore.get();
  if (!current) return Promise.resolve(false);
  refreshing = (async () => {
    const res = await send('POST', `${apiBase()}/api/v1/auth/refresh`, { refreshToken: current.refreshToken }, {});
    if (res.status >= 200 && res.status < 300) {
      const tokens = res.data as AuthTokens;
      tokenStore.set(tokens);
      refreshListeners.forEach((fn) => fn(tokens));
      return true;
    }
    if (res.status >= 500) throw toApiError(res.status, res.data);
    return false;
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

let redirecting = false;

function endSession(redirect: boolean): void {
  tokenStore.clear();
  logoutListeners.forEach((fn) => fn());
  // Several requests can fail together: open the login page once.
  if (!redirect || redirecting || currentPath() === ROUTES.login) return;
  redirecting = true;
  // The login page returns here (with the query) and the page loads again (session-events).
  const url = loginUrl();
  Taro.navigateTo({ url })
    .catch(() => Taro.reLaunch({ url }))
    .catch(() => undefined)
    .finally(() => {
      redirecting = false;
    });
}

// ---- request -------------------------------------------------------------------------------

async function request<T>(method: Method, path: string, data?: unknown, opts: RequestOptions = {}): Promise<T> {
  const auth = opts.auth !== false;
  const url = /^https?:\/\//.test(path) ? path : `${opts.baseUrl ?? apiBase()}${path}`;

  const attempt = async (): Promise<{ res: RawResponse; usedToken?: string }> => {
    const tokens = auth ? tokenStore.get() : null;
    const header: Record<string, string> = { ...opts.header };
    if (tokens) header.Authorization = `Bearer ${tokens.accessToken}`;
    return { res: await send(method, url, data, header), usedToken: tokens?.accessToken };
  };

  const first = await attempt();
  let res = first.res;
  const usedToken = first.usedToken;

  if (auth && res.status === 401 && errorCodeOf(res.data) === 'TOKEN_EXPIRED' && usedToken) {
    // Another request may have refreshed while this one was in flight: then just retry.
    const fresh = tokenStore.get()?.accessToken;
    const ok = fresh && fresh !== usedToken ? true : await refreshTokens();
    // Retry exactly once; a second 401 ends the session below instead of looping.
    if (ok) ({ res } = await attempt());
  }

  if (res.status >= 200 && res.status < 300) return (res.data ?? undefined) as T;

  const err = toApiError(res.status, res.data);
  if (auth && res.status === 401) endSession(!opts.noLoginRedirect);
  throw err;
}

export const http = {
  get: <T>(path: string, opts?: RequestOptions) => request<T>('GET', path, undefined, opts),
  post: <T>(path: string, data?: unknown, opts?: RequestOptions) => request<T>('POST', path, data ?? {}, opts),
  put: <T>(path: string, data?: unknown, opts?: RequestOptions) => request<T>('PUT', path, data ?? {}, opts),
  patch: <T>(path: string, data?: unknown, opts?: RequestOptions) => request<T>('PATCH', path, data ?? {}, opts),
  del: <T = void>(path: string, opts?: RequestOptions) => request<T>('DELETE', path, undefined, opts),
};

/** A message to show for any thrown value. */
export function messageOf(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  return FALLBACK_MESSAGE;
}

/** The field messages the BFF attached to a VALIDATION_FAILED error, keyed by path. */
export function fieldErrorsOf(e: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (e instanceof ApiError && e.details) for (const d of e.details) if (!out[d.path]) out[d.path] = d.message;
  return out;
}
