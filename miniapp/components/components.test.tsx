import Taro from '@tarojs/taro';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { MemberSwitcher } from './MemberSwitcher';
import { StatusView } from './StatusView';
import { useRequest } from './useRequest';
import { ApiError } from '../services/api';
import { mockRequests, signIn, testUser } from '../test/helpers';
import type { MemberView } from '../services/shared';

function Loader({ fn }: { fn: () => Promise<string> }) {
  const r = useRequest(fn, []);
  return (
    <StatusView loading={r.loading} error={r.error} onRetry={() => void r.reload()}>
      <span data-testid='data'>{r.data}</span>
    </StatusView>
  );
}

describe('useRequest + StatusView', () => {
  it('shows loading, then the error message with 重试, then the data after a retry', async () => {
    const fn = jest
      .fn()
      .mockRejectedValueOnce(new ApiError('UPSTREAM_UNAVAILABLE', '服务暂时无法访问，请稍后再试', 503))
      .mockResolvedValueOnce('ok');
    render(<Loader fn={fn} />);
    expect(screen.getByTestId('status-loading')).toBeTruthy();

    expect((await screen.findByTestId('status-error')).textContent).toContain('服务暂时无法访问，请稍后再试');
    await act(async () => fireEvent.click(screen.getByTestId('status-retry')));

    expect(screen.getByTestId('data').textContent).toBe('ok');
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it('shows the empty state', () => {
    render(<StatusView empty emptyText='暂无报告' />);
    expect(screen.getByTestId('status-empty').textContent).toBe('暂无报告');
  });
});

describe('MemberSwitcher', () => {
  const m = (id: string, name: string, relationLabel: string): MemberView => ({
    id,
    name,
    relation: id === 'self' ? 'self' : 'child',
    relationLabel,
    sex: 'male',
    birthDate: '2000-01-01',
    age: 26,
    idNumberMasked: null,
    phoneMasked: null,
    verified: true,
    createdAt: '',
  });

  function Harness() {
    const [chosen, setChosen] = useState<string | undefined>();
    return (
      <>
        <MemberSwitcher value={chosen} onChange={(x) => setChosen(x.id)} />
        <span data-testid='chosen'>{chosen}</span>
      </>
    );
  }

  it('loads the family, picks 本人 first and switches on tap', async () => {
    signIn(testUser({ realNameVerified: true, name: '张伟' }));
    mockRequests(() => ({ status: 200, data: { items: [m('self', '张伟', '本人'), m('c1', '张小宝', '子女')], max: 5 } }));
    render(<Harness />);

    await screen.findByTestId('member-switch-c1');
    expect(screen.getByTestId('chosen').textContent).toBe('self');
    fireEvent.click(screen.getByTestId('member-switch-c1'));
    expect(screen.getByTestId('chosen').textContent).toBe('c1');
    expect(screen.getByTestId('member-switch-c1').getAttribute('aria-pressed')).toBe('true');
  });
});

describe('next steps instead of dead ends', () => {
  it('a policy refusal shows what is missing and leads there, not 重试', async () => {
    const refusal = new ApiError('FAMILY_AUTHORIZATION_REQUIRED', '该家庭成员已成年，「查看健康信息」需要其本人授权', 403, undefined, 'req', { scope: 'health', memberId: 'm-1' });
    render(<StatusView error={refusal} onRetry={() => undefined} />);
    expect(screen.getByTestId('next-step-FAMILY_AUTHORIZATION_REQUIRED').textContent).toContain('查看健康信息');
    expect(screen.queryByTestId('status-retry')).toBeNull();
    await act(async () => fireEvent.click(screen.getByTestId('next-step-action')));
    expect((Taro.navigateTo as jest.Mock).mock.lastCall[0].url).toBe('/profile/pages/member-access/index?memberId=m-1');
  });

  it('an account with no member yet is led to verification, and the page is told', async () => {
    signIn(testUser({ realNameVerified: false }));
    mockRequests(() => ({ status: 200, data: { items: [], max: 5 } }));
    const onNone = jest.fn();
    render(<MemberSwitcher onChange={() => undefined} onNone={onNone} />);
    const verify = await screen.findByTestId('no-member-verify');
    await act(async () => fireEvent.click(verify));
    expect(onNone).toHaveBeenCalledTimes(1);
    expect((Taro.navigateTo as jest.Mock).mock.lastCall[0].url).toBe('/profile/pages/real-name/index');
  });
});
