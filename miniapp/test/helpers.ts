import Taro from '@tarojs/taro';
import { resetTaro } from './taro';
import { CONSENT_TEXTS } from '../services/consent-texts';
import { setUser } from '../services/session';
import type { UserView } from '../services/shared';

export interface Call {
  method: string;
  url: string;
  data: any;
  header: Record<string, string>;
}
type Reply = { status: number; data?: unknown } | 'network-error';
type Handler = (call: Call) => Reply | undefined;

/**
 * Scripts Taro.request: each call goes to `handler`, which answers {status, data}. Returns the
 * list of calls made, in order.
 */
export function mockRequests(handler: Handler): Call[] {
  const calls: Call[] = [];
  (Taro.request as jest.Mock).mockImplementation(async (opts: any) => {
    const call: Call = { method: opts.method ?? 'GET', url: opts.url, data: opts.data, header: opts.header ?? {} };
    calls.push(call);
    const reply = handler(call);
    if (!reply) throw new Error(`unexpected request ${call.method} ${call.url}`);
    if (reply === 'network-error') throw Object.assign(new Error('Failed to fetch'), { errMsg: 'request:fail' });
    return { statusCode: reply.status, data: reply.data ?? null, header: {} };
  });
  return calls;
}

export function errorBody(code: string, message: string) {
  return { error: { code, message, requestId: 'req-test' } };
}

export const testUser = (over: Partial<UserView> = {}): UserView => ({
  id: 'u-1',
  roles: ['resident'],
  realNameVerified: false,
  name: null,
  idNumberMasked: null,
  phoneMasked: null,
  sex: null,
  birthDate: null,
  doctorId: null,
  identity: over.realNameVerified ? { state: 'verified', method: 'face' } : { state: 'none', method: null },
  ...over,
});

/** A logged-in resident who already agreed to the privacy guide. */
export function signIn(user: UserView = testUser()): void {
  resetTaro();
  Taro.setStorageSync('hp_tokens', { accessToken: 'access-1', refreshToken: 'refresh-1' });
  setUser(user);
  Taro.setStorageSync('hp_privacy_agreed', CONSENT_TEXTS.privacy_guide.version);
}
