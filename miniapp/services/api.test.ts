import Taro from '@tarojs/taro';
import { ApiError, NETWORK_ERROR_MESSAGE, api, http, tokenStore } from './api';
import { errorBody, mockRequests, signIn, testUser } from '../test/helpers';
import { ROUTES } from './routes';
import { router } from '../test/taro';

/** The login page, asked to come back to the page on screen (home in these tests). */
const loginBackHome = { url: `${ROUTES.login}?redirect=${encodeURIComponent(ROUTES.home)}` };

const freshTokens = { accessToken: 'access-2', accessTokenExpiresIn: 900, refreshToken: 'refresh-2', user: testUser({ name: '张伟' }) };
const expired = { status: 401, data: errorBody('TOKEN_EXPIRED', '登录已过期，请重新登录') };

beforeEach(() => signIn());

describe('api client', () => {
  it('refreshes once on TOKEN_EXPIRED and retries with the new access token', async () => {
    const calls = mockRequests((c) => {
      if (c.url.endsWith('/api/v1/auth/refresh')) return { status: 200, data: freshTokens };
      if (c.url.endsWith('/api/v1/me')) return c.header.Authorization === 'Bearer access-2' ? { status: 200, data: freshTokens.user } : expired;
    });

    const me = await api.me();

    expect(me.name).toBe('张伟');
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual(['GET /api/v1/me', 'POST /api/v1/auth/refresh', 'GET /api/v1/me']);
    expect(calls[1].data).toEqual({ refreshToken: 'refresh-1' });
    expect(calls[1].header.Authorization).toBeUndefined();
    expect(tokenStore.get()).toEqual({ accessToken: 'access-2', refreshToken: 'refresh-2' });
    expect(Taro.navigateTo).not.toHaveBeenCalled();
  });

  it('does not loop when the retried request is still expired: one refresh, then the login page', async () => {
    const calls = mockRequests((c) => (c.url.endsWith('/auth/refresh') ? { status: 200, data: freshTokens } : expired));

    const err = await api.me().catch((e) => e);

    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe('TOKEN_EXPIRED');
    expect(calls).toHaveLength(3);
    expect(calls.filter((c) => c.url.endsWith('/auth/refresh'))).toHaveLength(1);
    expect(tokenStore.get()).toBeNull();
    expect(Taro.navigateTo).toHaveBeenCalledWith(loginBackHome);
  });

  it('ends the session when the refresh token is refused', async () => {
    const calls = mockRequests((c) => (c.url.endsWith('/auth/refresh') ? { status: 401, data: errorBody('REFRESH_TOKEN_INVALID', '登录状态已失效，请重新登录') } : expired));

    await expect(api.me()).rejects.toMatchObject({ code: 'TOKEN_EXPIRED', status: 401 });
    expect(calls).toHaveLength(2);
    expect(tokenStore.get()).toBeNull();
    expect(Taro.getStorageSync('hp_user')).toBe('');
    expect(Taro.navigateTo).toHaveBeenCalledWith(loginBackHome);
  });

  it('shares one refresh between requests that expire together', async () => {
    const calls = mockRequests((c) => {
      if (c.url.endsWith('/auth/refresh')) return { status: 200, data: freshTokens };
      return c.header.Authorization === 'Bearer access-2' ? { status: 200, data: { items: [], max: 5 } } : expired;
    });

    await Promise.all([api.members(), api.members(), api.members()]);

    expect(calls.filter((c) => c.url.endsWith('/auth/refresh'))).toHaveLength(1);
  });

  it('on any other 401 clears the tokens and opens the login page without refreshing', async () => {
    const calls = mockRequests(() => ({ status: 401, data: errorBody('UNAUTHENTICATED', '请先登录') }));

    await expect(api.me()).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: '请先登录' });
    expect(calls).toHaveLength(1);
    expect(tokenStore.get()).toBeNull();
    expect(Taro.navigateTo).toHaveBeenCalledWith(loginBackHome);
  });

  it("the login page is asked to return to the page on screen, with its query (not Taro's stamp)", async () => {
    router.path = ROUTES.payOrder;
    router.params = { id: 'o-1', from: 'bills', stamp: '1733', $taroTimestamp: '1733' };
    mockRequests(() => ({ status: 401, data: errorBody('UNAUTHENTICATED', '请先登录') }));

    await expect(api.me()).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });

    const redirect = `${ROUTES.payOrder}?id=o-1&from=bills`;
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: `${ROUTES.login}?redirect=${encodeURIComponent(redirect)}` });
  });

  it('turns the error body into an ApiError carrying the server message as-is', async () => {
    mockRequests(() => ({
      status: 400,
      data: { error: { code: 'VALIDATION_FAILED', message: '提交的信息有误，请检查后重试', details: [{ path: 'idNumber', message: '身份证号码应为18位' }], requestId: 'r-9' } },
    }));

    const err = await http.put('/api/v1/me/real-name', {}).catch((e) => e);

    expect(err).toMatchObject({
      name: 'ApiError',
      code: 'VALIDATION_FAILED',
      message: '提交的信息有误，请检查后重试',
      status: 400,
      details: [{ path: 'idNumber', message: '身份证号码应为18位' }],
      requestId: 'r-9',
    });
    expect(tokenStore.get()).not.toBeNull();
  });

  it('reports a network failure in Chinese', async () => {
    mockRequests(() => 'network-error');
    await expect(api.me()).rejects.toMatchObject({ code: 'NETWORK_ERROR', message: NETWORK_ERROR_MESSAGE, status: 0 });
    expect(NETWORK_ERROR_MESSAGE).toBe('网络连接失败，请检查网络后重试');
  });

  it('gives a generic Chinese message for a 5xx without a body', async () => {
    mockRequests(() => ({ status: 502, data: null }));
    await expect(api.me()).rejects.toMatchObject({ code: 'INTERNAL', message: '系统繁忙，请稍后再试', status: 502 });
  });

  it('resolves a 204 with undefined and sends no token where none is wanted', async () => {
    const calls = mockRequests((c) => (c.url.endsWith('/api/v1/client-config') ? { status: 200, data: { env: 'test' } } : { status: 204 }));
    await expect(api.withdrawConsent('health_data')).resolves.toBeUndefined();
    expect(calls[0]).toMatchObject({ method: 'DELETE', url: '/api/v1/me/consents/health_data' });
    expect(calls[0].header.Authorization).toBe('Bearer access-1');
    await api.clientConfig();
    expect(calls[1].header.Authorization).toBeUndefined();
  });

  it('sends H5 sandbox helpers to the sandbox origin', async () => {
    const calls = mockRequests(() => ({ status: 200, data: { code: 'c-1' } }));
    await api.sandboxLoginCode('http://127.0.0.1:8081', 'h5_0123456789abcdef');
    expect(calls[0]).toMatchObject({ method: 'POST', url: 'http://127.0.0.1:8081/wechat/sandbox/codes', data: { openid: 'h5_0123456789abcdef' } });
  });
});
