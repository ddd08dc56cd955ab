import Taro from '@tarojs/taro';
import { act, fireEvent, render, screen } from '@testing-library/react';
import HealthCardsPage from './index';
import { errorBody, mockRequests, signIn, testUser } from '../../../test/helpers';
import type { HealthCardMember } from '../../../services/health-cards';

const CARD = { cardNoMasked: '9A1C **** **** 77E0', issuedWith: 'own_id' as const, issuedAt: '2026-12-02T09:00:00+08:00' };
const member = (id: string, name: string, status: HealthCardMember['status'], over: Partial<HealthCardMember> = {}): HealthCardMember => ({
  memberId: id,
  name,
  relation: id === 'm-self' ? 'self' : 'child',
  relationLabel: id === 'm-self' ? '本人' : '子女',
  status,
  card: status === 'issued' ? CARD : null,
  nextStep: status === 'issued' ? null : '可以申领电子健康卡',
  needsPhone: false,
  ...over,
});
const SANDBOX = 'http://127.0.0.1:8081';
const qrAnswer = (id: string, name: string) => ({
  status: 200,
  data: { memberId: id, name, cardNoMasked: CARD.cardNoMasked, qrCodeText: qrText(1), expiresAt: '2026-12-02T09:01:00+08:00', validSeconds: 60 },
});
const qrText = (n: number) => `9A1C${'0'.repeat(56)}77E0:1:${1_790_000_000 + n}`;

beforeEach(() => {
  jest.useFakeTimers();
  signIn(testUser({ realNameVerified: true, name: '张伟' }));
});
afterEach(() => jest.useRealTimers());

describe('我的健康卡 page', () => {
  it('shows the masked card number and a QR code, and fetches a new code before it expires', async () => {
    let served = 0;
    const calls = mockRequests((c) => {
      if (c.url.endsWith('/api/v1/health-cards')) return { status: 200, data: { realNameVerified: true, items: [member('m-self', '张伟', 'issued')] } };
      if (c.url.endsWith('/m-self/qr')) {
        served++;
        return { status: 200, data: { memberId: 'm-self', name: '张伟', cardNoMasked: CARD.cardNoMasked, qrCodeText: qrText(served), expiresAt: '2026-12-02T09:01:00+08:00', validSeconds: 60 } };
      }
    });
    render(<HealthCardsPage />);
    await act(async () => undefined);
    expect(screen.getByTestId('health-card-no').textContent).toBe(`卡号 ${CARD.cardNoMasked}`);
    const qr = await screen.findByTestId('qr-code');
    expect(Number(qr.getAttribute('data-modules'))).toBeGreaterThanOrEqual(21);
    expect(screen.getByTestId('health-card-countdown').textContent).toBe('50 秒后自动刷新');
    // Nothing on the page shows the full card id.
    expect(document.body.textContent).not.toContain('0000000000');

    await act(async () => {
      jest.advanceTimersByTime(20_000);
    });
    expect(screen.getByTestId('health-card-countdown').textContent).toBe('30 秒后自动刷新');
    expect(served).toBe(1);
    await act(async () => {
      jest.advanceTimersByTime(30_000);
    });
    await act(async () => undefined);
    expect(served).toBe(2);
    expect(calls.filter((c) => c.url.endsWith('/qr'))).toHaveLength(2);
    expect(screen.getByTestId('health-card-countdown').textContent).toBe('50 秒后自动刷新');
  });

  it('registers a card for a member without one, then shows its QR code', async () => {
    let issued = false;
    const calls = mockRequests((c) => {
      if (c.url.endsWith('/api/v1/health-cards')) return { status: 200, data: { realNameVerified: true, items: [member('m-kid', '张小宝', issued ? 'issued' : 'can_issue')] } };
      if (c.method === 'POST' && c.url.endsWith('/m-kid')) {
        issued = true;
        return { status: 201, data: member('m-kid', '张小宝', 'issued') };
      }
      if (c.url.endsWith('/m-kid/qr'))
        return { status: 200, data: { memberId: 'm-kid', name: '张小宝', cardNoMasked: CARD.cardNoMasked, qrCodeText: qrText(1), expiresAt: '2026-12-02T09:01:00+08:00', validSeconds: 60 } };
    });
    render(<HealthCardsPage />);
    const button = await screen.findByTestId('health-card-register');
    expect(screen.queryByTestId('qr-code')).toBeNull();
    await act(async () => fireEvent.click(button));
    await act(async () => undefined);
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.url)).toEqual([expect.stringMatching(/\/api\/v1\/health-cards\/m-kid$/)]);
    expect(await screen.findByTestId('qr-code')).toBeTruthy();
    expect(screen.queryByTestId('health-card-register')).toBeNull();
  });

  it('H5: a member with no phone on file gets the phone step, and registers with the code the sandbox mints for it', async () => {
    const calls = mockRequests((c) => {
      if (c.url === '/api/v1/client-config') return { status: 200, data: { env: 'development', sandboxUrl: SANDBOX } };
      if (c.url === `${SANDBOX}/wechat/sandbox/phone-codes`) return { status: 200, data: { code: 'phone-code-1' } };
      if (c.url.endsWith('/api/v1/health-cards'))
        return { status: 200, data: { realNameVerified: true, items: [member('m-self', '张伟', 'can_issue', { needsPhone: true, nextStep: '授权微信手机号后即可申领电子健康卡' })] } };
      if (c.method === 'POST' && c.url.endsWith('/m-self')) return { status: 201, data: member('m-self', '张伟', 'issued') };
      if (c.url.endsWith('/m-self/qr')) return qrAnswer('m-self', '张伟');
    });
    render(<HealthCardsPage />);
    expect((await screen.findByTestId('health-card-phone-prompt')).textContent).toContain('授权微信绑定的手机号');
    expect(screen.queryByTestId('health-card-register')).toBeNull();
    // Not a mobile number: said under the field, nothing sent.
    fireEvent.change(screen.getByTestId('health-card-phone'), { target: { value: '1380013' } });
    await act(async () => fireEvent.click(screen.getByTestId('health-card-phone-register')));
    expect(screen.getByTestId('health-card-phone-error').textContent).toBe('请输入正确的11位手机号');
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);

    fireEvent.change(screen.getByTestId('health-card-phone'), { target: { value: '13800138000' } });
    await act(async () => fireEvent.click(screen.getByTestId('health-card-phone-register')));
    await act(async () => undefined);
    expect(calls.find((c) => c.url.endsWith('/phone-codes'))).toMatchObject({ data: { phoneNumber: '13800138000' } });
    // The BFF gets the one-time code, never the number.
    const posted = calls.filter((c) => c.method === 'POST' && c.url.includes('/api/v1/health-cards/'));
    expect(posted).toEqual([expect.objectContaining({ url: expect.stringMatching(/\/m-self$/), data: { phoneCode: 'phone-code-1' } })]);
    expect(await screen.findByTestId('qr-code')).toBeTruthy();
  });

  describe('in the weapp', () => {
    const env = process.env.TARO_ENV;
    beforeEach(() => {
      process.env.TARO_ENV = 'weapp';
    });
    afterEach(() => {
      process.env.TARO_ENV = env;
    });

    it('answers HEALTH_CARD_PHONE_REQUIRED with a getPhoneNumber button and registers with its code; a refusal sends nothing', async () => {
      const message = '申领电子健康卡需要联系手机号，请点击「授权微信手机号」，授权后即可申领';
      const calls = mockRequests((c) => {
        if (c.url.endsWith('/api/v1/health-cards')) return { status: 200, data: { realNameVerified: true, items: [member('m-kid', '张小宝', 'can_issue')] } };
        if (c.method === 'POST' && c.url.endsWith('/m-kid')) {
          if (!(c.data as { phoneCode?: string })?.phoneCode) return { status: 409, data: errorBody('HEALTH_CARD_PHONE_REQUIRED', message) };
          return { status: 201, data: member('m-kid', '张小宝', 'issued') };
        }
        if (c.url.endsWith('/m-kid/qr')) return qrAnswer('m-kid', '张小宝');
      });
      render(<HealthCardsPage />);
      const register = await screen.findByTestId('health-card-register');
      await act(async () => fireEvent.click(register));
      expect(screen.getByTestId('health-cards-error').textContent).toBe(message);
      const button = screen.getByTestId('health-card-phone-wechat');
      expect(button.getAttribute('data-open-type')).toBe('getPhoneNumber');
      expect(screen.queryByTestId('health-card-phone')).toBeNull();

      // The resident declines the WeChat sheet: told why, nothing sent.
      await act(async () => void button.dispatchEvent(new CustomEvent('getphonenumber', { detail: { errMsg: 'getPhoneNumber:fail user deny' } })));
      expect(screen.getByTestId('health-card-phone-error').textContent).toBe('需要授权微信手机号才能申领电子健康卡');
      expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1);

      await act(async () => void button.dispatchEvent(new CustomEvent('getphonenumber', { detail: { code: 'wx-phone-code', errMsg: 'getPhoneNumber:ok' } })));
      await act(async () => undefined);
      expect(calls.filter((c) => c.method === 'POST').map((c) => c.data)).toEqual([{}, { phoneCode: 'wx-phone-code' }]);
      expect(await screen.findByTestId('qr-code')).toBeTruthy();
      expect(screen.queryByTestId('health-card-phone-prompt')).toBeNull();
    });
  });

  it('sends an unverified user to real-name verification', async () => {
    signIn(testUser({ realNameVerified: false }));
    mockRequests(() => ({ status: 200, data: { realNameVerified: false, items: [] } }));
    render(<HealthCardsPage />);
    expect((await screen.findByTestId('health-cards-realname')).textContent).toContain('请先完成实名认证');
    fireEvent.click(screen.getByTestId('health-cards-go-realname'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/profile/pages/real-name/index' });
  });

  it('says what went wrong when the platform refuses, and keeps the register button', async () => {
    mockRequests((c) => {
      if (c.method === 'GET') return { status: 200, data: { realNameVerified: true, items: [member('m-self', '张伟', 'can_issue')] } };
      return { status: 503, data: errorBody('HEALTH_CARD_UNAVAILABLE', '电子健康卡服务暂时无法使用，请稍后再试') };
    });
    render(<HealthCardsPage />);
    const button = await screen.findByTestId('health-card-register');
    await act(async () => fireEvent.click(button));
    expect(screen.getByTestId('health-cards-error').textContent).toContain('电子健康卡服务暂时无法使用');
    expect(screen.getByTestId('health-card-register')).toBeTruthy();
  });

  it('shows a retry when loading the list failed', async () => {
    mockRequests(() => ({ status: 503, data: errorBody('UPSTREAM_UNAVAILABLE', '服务暂时无法访问，请稍后再试') }));
    render(<HealthCardsPage />);
    expect((await screen.findByTestId('status-error')).textContent).toContain('服务暂时无法访问');
    expect(screen.getByTestId('status-retry')).toBeTruthy();
  });
});
