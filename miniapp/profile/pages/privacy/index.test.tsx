import Taro from '@tarojs/taro';
import { isLoggedIn } from '../../../services/session';
import { act, fireEvent, render, screen } from '@testing-library/react';
import PrivacyPage from './index';
import { mockRequests, signIn, testUser } from '../../../test/helpers';
import { CONSENT_TEXTS } from '../../../services/consent-texts';
import type { ConsentView } from '../../../services/shared';

const granted = (kind: ConsentView['kind'], withdrawnAt: string | null = null): ConsentView => ({
  id: `c-${kind}`,
  kind,
  textVersion: '2026-11-01',
  memberId: null,
  grantedAt: '2026-11-20T10:00:00+08:00',
  withdrawnAt,
});

beforeEach(() => signIn(testUser({ realNameVerified: true, name: '张伟' })));

describe('privacy page', () => {
  it('shows both consents and grants the health-data consent with the current text version', async () => {
    let items: ConsentView[] = [granted('privacy_guide')];
    const calls = mockRequests((c) => {
      if (c.method === 'GET') return { status: 200, data: { items, current: CONSENT_TEXTS } };
      if (c.method === 'POST') {
        items = [...items, granted('health_data')];
        return { status: 201, data: items[1] };
      }
    });
    render(<PrivacyPage />);

    expect((await screen.findByTestId('consent-privacy_guide-status')).textContent).toBe('已同意');
    expect(screen.getByTestId('consent-health_data-status').textContent).toBe('未同意');
    expect(screen.getByTestId('consent-health_data').textContent).toContain(CONSENT_TEXTS.health_data.summary);

    await act(async () => fireEvent.click(screen.getByTestId('consent-health_data-grant')));

    expect(calls.find((c) => c.method === 'POST')?.data).toEqual({ kind: 'health_data', textVersion: CONSENT_TEXTS.health_data.version });
    expect(screen.getByTestId('consent-health_data-status').textContent).toBe('已同意');
  });

  it('withdraws the health-data consent after confirmation', async () => {
    let items: ConsentView[] = [granted('privacy_guide'), granted('health_data')];
    const calls = mockRequests((c) => {
      if (c.method === 'GET') return { status: 200, data: { items, current: CONSENT_TEXTS } };
      if (c.method === 'DELETE') {
        items = [granted('privacy_guide'), granted('health_data', '2026-11-22T09:00:00+08:00')];
        return { status: 204 };
      }
    });
    render(<PrivacyPage />);

    const withdraw = await screen.findByTestId('consent-health_data-withdraw');
    await act(async () => fireEvent.click(withdraw));
    expect(calls.some((c) => c.method === 'DELETE')).toBe(false);
    await act(async () => fireEvent.click(screen.getByTestId('confirm-ok')));

    expect(calls.filter((c) => c.method === 'DELETE').map((c) => c.url)).toEqual(['/api/v1/me/consents/health_data']);
    expect(screen.getByTestId('consent-health_data-status').textContent).toBe('未同意');
    expect(screen.getByTestId('consent-health_data-grant')).toBeTruthy();
  });
});

describe('what withdrawing stops', () => {
  it('shows what stops on every consent, and withdraws push after a confirmation that says so', async () => {
    let items: ConsentView[] = [granted('privacy_guide')];
    const calls = mockRequests((c) => {
      if (c.method === 'GET') return { status: 200, data: { items, current: CONSENT_TEXTS } };
      if (c.method === 'DELETE') {
        items = [...items, { ...granted('push', '2026-12-02T09:00:00+08:00'), textVersion: CONSENT_TEXTS.push.version }];
        return { status: 204 };
      }
    });
    render(<PrivacyPage />);

    expect((await screen.findByTestId('consent-push-status')).textContent).toBe('已开启');
    for (const kind of ['privacy_guide', 'health_data', 'push'] as const) expect(screen.getByTestId(`consent-${kind}-stops`).textContent).toContain(CONSENT_TEXTS[kind].stops[0]);

    await act(async () => fireEvent.click(screen.getByTestId('consent-push-withdraw')));
    expect(screen.getByTestId('confirm-dialog').textContent).toContain(CONSENT_TEXTS.push.stops[0]);
    await act(async () => fireEvent.click(screen.getByTestId('confirm-ok')));

    expect(calls.filter((c) => c.method === 'DELETE').map((c) => c.url)).toEqual(['/api/v1/me/consents/push']);
    expect(screen.getByTestId('consent-push-status').textContent).toBe('已关闭');
    expect(screen.getByTestId('consent-push-grant').textContent).toBe('重新开启');
  });

  it('withdrawing the privacy guide signs out here and asks for the guide again', async () => {
    mockRequests((c) => {
      if (c.method === 'GET') return { status: 200, data: { items: [granted('privacy_guide')], current: CONSENT_TEXTS } };
      if (c.method === 'DELETE') return { status: 204 };
    });
    render(<PrivacyPage />);
    const withdraw = await screen.findByTestId('consent-privacy_guide-withdraw');
    await act(async () => fireEvent.click(withdraw));
    await act(async () => fireEvent.click(screen.getByTestId('confirm-ok')));
    expect(isLoggedIn()).toBe(false);
    expect(Taro.getStorageSync('hp_privacy_agreed')).toBe('');
    expect(Taro.reLaunch).toHaveBeenCalledWith({ url: '/pages/home/index' });
  });
});
