import { act, fireEvent, render, screen } from '@testing-library/react';
import type { AgreementView, MyContract } from '@healthpocket/shared-types';
import RenewPage from '.';
import { errorBody, mockRequests, signIn, testUser } from '../../../test/helpers';
import { router } from '../../../test/taro';

const agreement: AgreementView = { version: '2026.1', effectiveFrom: '2026-07-01', title: '家庭医生签约服务协议书', clauses: ['签约周期为一年。'] };
const pkgs = [
  { id: 'PKG-BASIC', name: '基础服务包', priceFen: 0, validMonths: 12, items: ['建立和管理居民健康档案'] },
  { id: 'PKG-HTN', name: '高血压个性化服务包', priceFen: 6000, validMonths: 12, items: ['每年至少4次面对面随访'] },
  { id: 'PKG-DM', name: '糖尿病个性化服务包', priceFen: 8000, validMonths: 12, items: ['每年1次糖化血红蛋白检测'] },
];
const contract = (resignRequired: boolean): MyContract => ({
  memberId: 'm1',
  memberName: '周磊',
  contract: {
    id: 'QY1',
    teamId: 'T001',
    teamName: '李明家庭医生团队',
    doctorId: 'D-FD-001',
    doctorName: '李明',
    packages: [pkgs[0], pkgs[1]],
    validFrom: '2026-01-01',
    validTo: '2026-12-31',
    team: {
      id: 'T001',
      name: '李明家庭医生团队',
      centreName: '花园社区卫生服务中心',
      phone: '010',
      intro: '',
      communities: ['花园社区'],
      members: [],
      packages: pkgs,
      contractedCount: 1,
      servesMember: true,
    },
  },
  application: null,
  unavailableReason: null,
  signedAgreement: { version: resignRequired ? '2025.1' : '2026.1', signedAt: '2025-12-20T10:00:00.000+08:00', signerName: '周磊' },
  renewal: { open: true, daysLeft: 28, opensOn: '2026-12-01', resignRequired, currentVersion: '2026.1' },
});

beforeEach(() => {
  signIn(testUser());
  router.params = { memberId: 'm1' };
});

describe('续约', () => {
  it('a new agreement version is shown and signed again, with this year’s package kept', async () => {
    const calls = mockRequests((c) => {
      if (c.url.endsWith('/api/v1/doctor/contracts/m1')) return { status: 200, data: contract(true) };
      if (c.url.endsWith('/api/v1/doctor/agreement')) return { status: 200, data: agreement };
      if (c.url.endsWith('/renewal')) return { status: 201, data: { id: 'SQ2', kind: 'renewal' } };
      return undefined;
    });
    await act(async () => void render(<RenewPage />));
    expect(screen.getByTestId('renew-summary').textContent).toContain('还有 28 天到期');
    expect(screen.getByTestId('renew-resign').textContent).toContain('已由 2025.1 版更新为 2026.1 版');
    expect(screen.getByTestId('renew-package-PKG-HTN').getAttribute('aria-checked')).toBe('true');
    expect(screen.queryByTestId('renew-submit')).toBeNull();
    fireEvent.click(screen.getByTestId('renew-package-PKG-DM'));
    fireEvent.click(screen.getByTestId('agreement-accept'));
    fireEvent.change(screen.getByTestId('agreement-name'), { target: { value: '周磊' } });
    await act(async () => fireEvent.click(screen.getByTestId('agreement-sign')));
    expect(calls.find((c) => c.url.endsWith('/renewal'))!.data).toEqual({ packageIds: ['PKG-BASIC', 'PKG-DM'], agreement: { version: '2026.1', accepted: true, signerName: '周磊' } });
  });

  it('the same version renews without signing again; a refusal is shown', async () => {
    const calls = mockRequests((c) => {
      if (c.url.endsWith('/api/v1/doctor/contracts/m1')) return { status: 200, data: contract(false) };
      if (c.url.endsWith('/renewal')) return { status: 409, data: errorBody('APPLICATION_PENDING', '签约申请正在审核中，请耐心等待医生处理') };
      return undefined;
    });
    await act(async () => void render(<RenewPage />));
    expect(screen.getByTestId('renew-same-version').textContent).toContain('2026.1 版，续约无需重新签署');
    expect(screen.queryByTestId('agreement')).toBeNull();
    await act(async () => fireEvent.click(screen.getByTestId('renew-submit')));
    expect(calls.find((c) => c.url.endsWith('/renewal'))!.data).toEqual({ packageIds: ['PKG-BASIC', 'PKG-HTN'] });
    expect(calls.some((c) => c.url.endsWith('/api/v1/doctor/agreement'))).toBe(false);
    expect(screen.getByTestId('renew-error').textContent).toContain('正在审核中');
  });
});
