import Taro from '@tarojs/taro';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import LoginPage from './index';
import { mockRequests, testUser } from '../../test/helpers';
import { resetTaro, router } from '../../test/taro';
import { useRequest } from '../../components/useRequest';
import { ROUTES } from '../../services/routes';
import { CONSENT_TEXTS } from '../../services/consent-texts';
import { tokenStore } from '../../services/api';

const SANDBOX = 'http://127.0.0.1:8081';
const config = {
  env: 'development',
  sandboxUrl: SANDBOX,
  personas: [
    { openid: 'sbx_resident_zhangwei', label: '居民 张伟（有家庭）', role: 'resident' },
    { openid: 'sbx_doctor_liming', label: '家庭医生 李明', role: 'doctor' },
  ],
};
const tokens = { accessToken: 'access-9', accessTokenExpiresIn: 900, refreshToken: 'refresh-9', user: testUser({ name: '张伟' }) };

function backend() {
  return mockRequests((c) => {
    if (c.url === '/api/v1/client-config') return { status: 200, data: config };
    if (c.url === `${SANDBOX}/wechat/sandbox/codes`) return { status: 200, data: { code: `code-for-${c.data.openid}` } };
    if (c.url === '/api/v1/auth/wechat-login') return { status: 200, data: tokens };
    if (c.url === '/api/v1/me/consents') return { status: 201, data: {} };
  });
}

beforeEach(() => resetTaro());

describe('login page (H5)', () => {
  it('asks for the privacy guide first, then logs in as the persona and records the agreement', async () => {
    const calls = backend();
    render(<LoginPage />);
    const persona = await screen.findByTestId('login-persona-sbx_resident_zhangwei');
    await act(async () => fireEvent.click(persona));
    expect(screen.getByTestId('privacy-guide')).toBeTruthy();
    expect(calls.filter((c) => c.url.includes('/codes'))).toHaveLength(0);

    await act(async () => fireEvent.click(screen.getByTestId('privacy-agree')));

    const urls = calls.map((c) => `${c.method} ${c.url}`);
    expect(urls).toEqual(['GET /api/v1/client-config', `POST ${SANDBOX}/wechat/sandbox/codes`, 'POST /api/v1/auth/wechat-login', 'POST /api/v1/me/consents']);
    expect(calls[1].data).toEqual({ openid: 'sbx_resident_zhangwei' });
    expect(calls[2].data).toEqual({ code: 'code-for-sbx_resident_zhangwei' });
    expect(calls[3].data).toEqual({ kind: 'privacy_guide', textVersion: CONSENT_TEXTS.privacy_guide.version });
    expect(calls[3].header.Authorization).toBe('Bearer access-9');
    expect(tokenStore.get()).toEqual({ accessToken: 'access-9', refreshToken: 'refresh-9' });
    // Home once the privacy guide's history entry (H5) has been stepped off.
    await waitFor(() => expect(Taro.switchTab).toHaveBeenCalledWith({ url: '/pages/home/index' }));
  });

  it('"新用户" mints a code for a fresh random h5_ openid', async () => {
    Taro.setStorageSync('hp_privacy_agreed', CONSENT_TEXTS.privacy_guide.version);
    const calls = backend();
    render(<LoginPage />);
    const btn = await screen.findByTestId('login-new-user');
    await act(async () => fireEvent.click(btn));

    const openid = calls.find((c) => c.url.endsWith('/codes'))?.data.openid as string;
    expect(openid).toMatch(/^h5_[0-9a-f]{16}$/);
  });

  it('shows the server message when login fails', async () => {
    Taro.setStorageSync('hp_privacy_agreed', CONSENT_TEXTS.privacy_guide.version);
    mockRequests((c) => {
      if (c.url === '/api/v1/client-config') return { status: 200, data: config };
      if (c.url.endsWith('/codes')) return { status: 200, data: { code: 'x' } };
      return { status: 400, data: { error: { code: 'WECHAT_CODE_INVALID', message: '微信登录凭证已失效，请重新登录' } } };
    });
    render(<LoginPage />);
    const btn = await screen.findByTestId('login-persona-sbx_doctor_liming');
    await act(async () => fireEvent.click(btn));
    expect(screen.getByTestId('login-error').textContent).toBe('微信登录凭证已失效，请重新登录');
    expect(tokenStore.get()).toBeNull();
  });
});

describe('a re-login returns to the page the resident was on', () => {
  const ORDER = `${ROUTES.payOrder}?id=o-1`;

  /** The page below the login page: its data failed with 请先登录 when the session lapsed. */
  function OrderPage({ load }: { load: () => Promise<string> }) {
    const r = useRequest(load, []);
    return <div data-testid='order-page'>{r.error ? `error:${r.error.message}` : (r.data ?? 'loading')}</div>;
  }

  async function logInAsZhangwei() {
    const persona = await screen.findByTestId('login-persona-sbx_resident_zhangwei');
    await act(async () => fireEvent.click(persona));
  }

  beforeEach(() => {
    Taro.setStorageSync('hp_privacy_agreed', CONSENT_TEXTS.privacy_guide.version);
    router.path = ROUTES.login;
    // Only the login page is open unless a test puts a page below it.
    (Taro.getCurrentPages as jest.Mock).mockImplementation(() => [{ route: 'pages/login/index' }]);
  });

  it('goes back to the page (still open below) and that page loads its data again', async () => {
    backend();
    router.params = { redirect: ORDER };
    (Taro.getCurrentPages as jest.Mock).mockImplementation(() => [{ route: 'pay/pages/order/index' }, { route: 'pages/login/index' }]);
    const load = jest.fn().mockRejectedValueOnce(new Error('请先登录')).mockResolvedValue('订单 o-1');
    render(
      <>
        <OrderPage load={load} />
        <LoginPage />
      </>,
    );
    expect((await screen.findByTestId('order-page')).textContent).toBe('error:请先登录');

    await logInAsZhangwei();

    expect(Taro.navigateBack).toHaveBeenCalledTimes(1);
    expect(Taro.switchTab).not.toHaveBeenCalled();
    expect(Taro.redirectTo).not.toHaveBeenCalled();
    expect(screen.getByTestId('order-page').textContent).toBe('订单 o-1');
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('opens the page afresh, query and all, when it is no longer below (login was relaunched)', async () => {
    backend();
    router.params = { redirect: encodeURIComponent(ORDER) };
    render(<LoginPage />);
    await logInAsZhangwei();
    expect(Taro.redirectTo).toHaveBeenCalledWith({ url: ORDER });
    expect(Taro.navigateBack).not.toHaveBeenCalled();
  });

  it.each([
    ['an external URL', 'https://evil.example/pay'],
    ['a protocol-relative URL', '//evil.example/pages/home/index'],
    ['an encoded external URL', encodeURIComponent('https://evil.example/')],
    ['a path that is not an app page', '/api/v1/me'],
    ['the login page itself', ROUTES.login],
    ['a javascript: URL', 'javascript:alert(1)'],
  ])('refuses %s as redirect and goes home instead', async (_label, redirect) => {
    backend();
    router.params = { redirect };
    render(<LoginPage />);
    await logInAsZhangwei();
    expect(Taro.switchTab).toHaveBeenCalledWith({ url: ROUTES.home });
    expect(Taro.redirectTo).not.toHaveBeenCalled();
    expect(Taro.navigateTo).not.toHaveBeenCalled();
    expect(Taro.reLaunch).not.toHaveBeenCalled();
  });
});
