import { act, fireEvent, render, screen } from '@testing-library/react';
import TrendPage from './index';
import { errorBody, mockRequests, signIn, testUser } from '../../../test/helpers';
import { router } from '../../../test/taro';

const trend = {
  metric: 'bp',
  age: 76,
  stale: false,
  fetchedAt: '2026-11-22T10:00:00.000+08:00',
  thresholds: { uncontrolled: { sbp: 150, dbp: 90 }, home: { sbp: 135, dbp: 85 }, urgent: { sbp: 180, dbp: 110 } },
  points: [
    { at: '2026-05-19T09:00:00+08:00', sbp: 184, dbp: 112, heartRate: 80, source: 'followup', sourceLabel: '随访', category: 'urgent' },
    { at: '2026-08-07T09:00:00+08:00', sbp: 146, dbp: 84, heartRate: 72, source: 'followup', sourceLabel: '随访', category: 'normal' },
    { at: '2026-11-20T08:00:00.000+08:00', sbp: 138, dbp: 82, heartRate: null, source: 'home', sourceLabel: '家庭自测', category: 'uncontrolled' },
  ],
};

describe('BP trend page', () => {
  beforeEach(() => {
    signIn(testUser({ name: '张伟', realNameVerified: true }));
    router.params = { member: 'm-mother', metric: 'bp' };
  });

  it('draws every reading by category, the 65+ target, the referral and the home lines, and lists the readings newest first', async () => {
    const calls = mockRequests(() => ({ status: 200, data: trend }));
    render(<TrendPage />);
    await act(async () => {});
    expect(calls[0].url).toContain('/api/v1/records/m-mother/trend?metric=bp&months=36');
    const points = screen.getAllByTestId('chart-point');
    expect(points.map((p) => p.getAttribute('data-category'))).toEqual(['urgent', 'normal', 'uncontrolled']);
    for (const v of ['150', '90', '180', '110', '135', '85']) expect(screen.getByTestId(`chart-line-${v}`)).toBeTruthy();
    const readings = screen.getByTestId('trend-readings').textContent!;
    expect(readings.indexOf('138/82')).toBeLessThan(readings.indexOf('184/112'));
    expect(readings).toContain('需紧急转诊');
    expect(screen.getByTestId('records-fresh').textContent).toContain('2026-11-22 10:00');
  });

  it('says when the platform is down and a cached copy is shown', async () => {
    mockRequests(() => ({ status: 200, data: { ...trend, stale: true } }));
    render(<TrendPage />);
    await act(async () => {});
    expect(screen.getByTestId('records-stale').textContent).toContain('健康档案平台暂时无法访问');
  });

  it('asks for the health-data consent, grants the current version, then shows the chart', async () => {
    let consented = false;
    const calls = mockRequests((c) => {
      if (c.url.endsWith('/api/v1/me/consents') && c.method === 'POST') {
        consented = true;
        return { status: 201, data: { id: 'c1', kind: 'health_data', textVersion: c.data.textVersion, memberId: null, grantedAt: '', withdrawnAt: null } };
      }
      return consented ? { status: 200, data: trend } : { status: 403, data: errorBody('CONSENT_REQUIRED', '查看健康信息前需要您单独同意《健康信息授权书》') };
    });
    render(<TrendPage />);
    await act(async () => {});
    expect(screen.getByTestId('records-consent-gate')).toBeTruthy();
    fireEvent.click(screen.getByTestId('records-consent-agree'));
    await act(async () => {});
    expect(calls.find((c) => c.method === 'POST')!.data).toEqual({ kind: 'health_data', textVersion: '2026-11-01' });
    expect(screen.getAllByTestId('chart-point')).toHaveLength(3);
  });

  it('an adult member without authorization: shows the message, asks the member, then shows the pending state', async () => {
    const message = '查看该家庭成员的健康档案需要其本人授权，请在档案页发起授权请求，并请家人在健康口袋「我的 - 家人授权」中同意';
    let status = 'none';
    const calls = mockRequests((c) => {
      if (c.url.endsWith('/access-requests') && c.method === 'POST') {
        status = 'pending';
        return { status: 201, data: { id: 'g1', memberId: 'm-mother', status, requestedAt: '2026-11-22T10:00:00+08:00', decidedAt: null } };
      }
      if (c.url.endsWith('/access-requests/latest')) return { status: 200, data: { id: status === 'none' ? null : 'g1', memberId: 'm-mother', status, requestedAt: null, decidedAt: null } };
      return { status: 403, data: errorBody('FAMILY_AUTHORIZATION_REQUIRED', message) };
    });
    render(<TrendPage />);
    await act(async () => {});
    expect(screen.getByTestId('records-auth-gate').textContent).toContain(message);
    expect(screen.queryByTestId('records-auth-pending')).toBeNull();
    await act(async () => fireEvent.click(screen.getByTestId('records-auth-request')));
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.url)).toEqual(['/api/v1/family/members/m-mother/access-requests']);
    expect(screen.getByTestId('records-auth-pending').textContent).toContain('等待家人同意');
    expect(screen.queryByTestId('records-auth-request')).toBeNull();
    expect(screen.queryAllByTestId('chart-point')).toHaveLength(0);
  });

  it('shows the 503 message with 重试 when the platform is unreachable and nothing is cached', async () => {
    mockRequests(() => ({ status: 503, data: errorBody('UPSTREAM_UNAVAILABLE', '健康档案平台暂时无法访问，请稍后再试') }));
    render(<TrendPage />);
    await act(async () => {});
    expect(screen.getByTestId('status-error').textContent).toContain('健康档案平台暂时无法访问，请稍后再试');
    expect(screen.getByTestId('status-retry')).toBeTruthy();
  });
});
