import { act, fireEvent, render, screen } from '@testing-library/react';
import type { AgreementView } from '@healthpocket/shared-types';
import { AgreementSign } from './AgreementSign';
import TeamsPage from '../pages/teams';
import { errorBody, mockRequests, signIn, testUser } from '../../test/helpers';
import { router } from '../../test/taro';

const agreement: AgreementView = { version: '2026.1', effectiveFrom: '2026-07-01', title: '家庭医生签约服务协议书', clauses: ['甲方依法依约提供签约服务。', '签约周期为一年。'] };
const type = (id: string, value: string) => fireEvent.change(screen.getByTestId(id), { target: { value } });

describe('AgreementSign', () => {
  it('shows the whole text and version, and signs only when ticked and named', () => {
    const onSign = jest.fn();
    render(<AgreementSign agreement={agreement} submitText='签署并提交申请' onSign={onSign} />);
    expect(screen.getByTestId('agreement-version').textContent).toBe('版本 2026.1 · 2026-07-01 起施行');
    expect(screen.getByText('2. 签约周期为一年。')).toBeTruthy();

    fireEvent.click(screen.getByTestId('agreement-sign'));
    expect(screen.getByTestId('agreement-problem').textContent).toBe('请先阅读并勾选同意协议');
    fireEvent.click(screen.getByTestId('agreement-accept'));
    expect(screen.getByTestId('agreement-accept').getAttribute('aria-checked')).toBe('true');
    fireEvent.click(screen.getByTestId('agreement-sign'));
    expect(screen.getByTestId('agreement-problem').textContent).toBe('请输入您的姓名完成签署');
    expect(onSign).not.toHaveBeenCalled();

    type('agreement-name', '  周磊 ');
    fireEvent.click(screen.getByTestId('agreement-sign'));
    expect(onSign).toHaveBeenCalledWith({ version: '2026.1', accepted: true, signerName: '周磊' });
    expect(screen.queryByTestId('agreement-problem')).toBeNull();
  });
});

describe('applying with a package and a signature', () => {
  const team = {
    id: 'T003',
    name: '吴国华中医特色家庭医生团队',
    centreName: '和平社区卫生服务中心',
    phone: '010-1',
    intro: '服务和平社区居民',
    communities: ['和平社区'],
    members: [],
    packages: [
      { id: 'PKG-BASIC', name: '基础服务包', priceFen: 0, validMonths: 12, items: ['建立和管理居民健康档案'] },
      { id: 'PKG-HTN', name: '高血压个性化服务包', priceFen: 6000, validMonths: 12, items: ['每年至少4次面对面随访'] },
      { id: 'PKG-ELDER', name: '老年人个性化服务包', priceFen: 5000, validMonths: 12, items: ['每年1次健康体检'] },
    ],
    contractedCount: 3,
    servesMember: true,
  };
  beforeEach(() => {
    signIn(testUser());
    router.params = { memberId: 'm1' };
  });

  it('sends the basic package and the one 个性化包 chosen, with the signature; shows a refusal', async () => {
    let refuse = true;
    const calls = mockRequests((c) => {
      if (c.url.includes('/api/v1/doctor/teams')) return { status: 200, data: { items: [team] } };
      if (c.url.endsWith('/api/v1/doctor/agreement')) return { status: 200, data: agreement };
      if (c.url.endsWith('/api/v1/doctor/contract-applications'))
        return refuse ? { status: 422, data: errorBody('SIGNER_NAME_MISMATCH', '签署姓名与您实名认证的姓名不一致，请输入您本人的真实姓名') } : { status: 201, data: { id: 'SQ1' } };
      return undefined;
    });
    await act(async () => void render(<TeamsPage />));
    fireEvent.click(screen.getByTestId('team-T003'));
    // One 个性化包 at a time: choosing another replaces the first.
    fireEvent.click(screen.getByTestId('package-PKG-ELDER'));
    fireEvent.click(screen.getByTestId('package-PKG-HTN'));
    expect(screen.getByTestId('package-PKG-ELDER').getAttribute('aria-checked')).toBe('false');
    expect(screen.getByTestId('package-PKG-HTN').getAttribute('aria-checked')).toBe('true');
    await act(async () => fireEvent.click(screen.getByTestId('teams-apply')));
    expect(screen.getByTestId('sign-summary').textContent).toContain('高血压个性化服务包（60元/年）');

    fireEvent.click(screen.getByTestId('agreement-accept'));
    type('agreement-name', '张伟');
    await act(async () => fireEvent.click(screen.getByTestId('agreement-sign')));
    expect(screen.getByTestId('agreement-error').textContent).toContain('签署姓名与您实名认证的姓名不一致');
    const sent = calls.filter((c) => c.url.endsWith('/contract-applications'));
    expect(sent[0].data).toEqual({ memberId: 'm1', teamId: 'T003', packageIds: ['PKG-BASIC', 'PKG-HTN'], agreement: { version: '2026.1', accepted: true, signerName: '张伟' } });

    refuse = false;
    type('agreement-name', '周磊');
    await act(async () => fireEvent.click(screen.getByTestId('agreement-sign')));
    expect(calls.filter((c) => c.url.endsWith('/contract-applications'))).toHaveLength(2);
    expect(screen.queryByTestId('agreement-error')).toBeNull();
  });
});
