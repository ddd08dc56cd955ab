import Taro from '@tarojs/taro';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import VaccinesHome from './index';
import { router } from '../../../test/taro';
import { errorBody, mockRequests, signIn, testUser } from '../../../test/helpers';

const member = (id: string, name: string, relation = 'child') => ({
  id,
  name,
  relation,
  relationLabel: relation === 'self' ? '本人' : '子女',
  sex: 'male',
  birthDate: '2025-09-23',
  age: 1,
  verified: false,
  idNumberMasked: null,
  phoneMasked: null,
});
const entry = (code: string, dose: number, status: string, over: Record<string, unknown> = {}) => ({
  code,
  name: { 'MPSV-A': 'A群流脑多糖疫苗', DTaP: '百白破疫苗', 'JE-I': '乙脑灭活疫苗', HepB: '乙肝疫苗' }[code] ?? code,
  series: code,
  dose,
  totalDoses: 2,
  status,
  recommendedAge: '9月龄',
  recommendedDate: '2026-06-23',
  earliestDate: status === 'done' || status === 'not_needed' ? null : '2026-06-23',
  overdueFrom: null,
  givenOn: status === 'done' ? '2025-09-23' : null,
  live: false,
  alternatives: [],
  conditions: [],
  reason: '',
  appointment: null,
  ...over,
});
const timeline = {
  member: { id: 'm-son', name: '张小宝', relationLabel: '子女', sex: 'male', birthDate: '2025-09-23', ageLabel: '14月龄' },
  today: '2026-11-23',
  certNo: '110101202509230105',
  inProgramme: true,
  note: null,
  summary: { done: 1, due: 1, overdue: 0, upcoming: 1 },
  entries: [
    entry('HepB', 1, 'done', { reason: '已接种' }),
    entry('MPSV-A', 2, 'due', { reason: '已到接种时间，请尽快预约' }),
    entry('DTaP', 4, 'upcoming', { recommendedAge: '1岁6月龄', earliestDate: '2027-03-23', reason: '满1岁6月龄可接种' }),
    entry('JE-I', 1, 'not_needed', { reason: '已接种乙脑减毒活疫苗，无需再接种乙脑灭活疫苗' }),
  ],
  scheduleTitle: '国家免疫规划疫苗儿童免疫程序',
};

beforeEach(() => {
  signIn(testUser({ realNameVerified: true, name: '张伟' }));
  router.params = { memberId: 'm-son' };
});

describe('vaccines home (timeline)', () => {
  it('asks for the health-data consent first, then shows the due dose with its reason and a booking link', async () => {
    let consented = false;
    const calls = mockRequests((c) => {
      if (c.url.endsWith('/api/v1/family/members')) return { status: 200, data: { items: [member('m-self', '张伟', 'self'), member('m-son', '张小宝')], max: 5 } };
      if (c.url.endsWith('/api/v1/vaccines/members/m-son/timeline'))
        return consented ? { status: 200, data: timeline } : { status: 403, data: errorBody('CONSENT_REQUIRED', '查看健康信息前需要您单独同意《健康信息授权书》') };
      if (c.method === 'POST' && c.url.endsWith('/api/v1/me/consents')) {
        consented = true;
        return { status: 201, data: {} };
      }
      return undefined;
    });
    render(<VaccinesHome />);
    await screen.findByTestId('vaccines-consent-gate');
    await act(async () => {
      fireEvent.click(screen.getByTestId('vaccines-consent-agree'));
    });
    await screen.findByTestId('vaccines-timeline');
    expect(calls.find((c) => c.method === 'POST')!.data).toMatchObject({ kind: 'health_data' });

    expect(screen.getByTestId('vaccine-entry-MPSV-A-2').getAttribute('data-status')).toBe('due');
    expect(screen.getByTestId('vaccine-reason-MPSV-A-2').textContent).toBe('已到接种时间，请尽快预约');
    expect(screen.getByTestId('vaccine-reason-DTaP-4').textContent).toBe('满1岁6月龄可接种');
    expect(screen.queryByTestId('vaccine-book-DTaP-4')).toBeNull(); // not yet: no booking button
    // done and not-needed doses are folded away until asked for
    expect(screen.queryByTestId('vaccine-entry-JE-I-1')).toBeNull();
    fireEvent.click(screen.getByTestId('vaccines-toggle-done'));
    expect(screen.getByTestId('vaccine-reason-JE-I-1').textContent).toContain('无需再接种乙脑灭活疫苗');

    fireEvent.click(screen.getByTestId('vaccine-book-MPSV-A-2'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/vaccines/pages/book/index?memberId=m-son&code=MPSV-A' });
  });

  it('shows an appointment instead of the booking button when the dose is booked', async () => {
    const booked = {
      ...timeline,
      entries: [entry('MPSV-A', 2, 'due', { appointment: { id: 'a-1', sessionDate: '2026-11-24', clinicName: '东华街道社区卫生服务中心预防接种门诊', status: 'confirmed' } })],
    };
    mockRequests((c) => {
      if (c.url.endsWith('/api/v1/family/members')) return { status: 200, data: { items: [member('m-son', '张小宝')], max: 5 } };
      if (c.url.endsWith('/timeline')) return { status: 200, data: booked };
      return undefined;
    });
    render(<VaccinesHome />);
    await waitFor(() => expect(screen.getByTestId('vaccine-booked-MPSV-A-2').textContent).toContain('11月24日 周二'));
    expect(screen.queryByTestId('vaccine-book-MPSV-A-2')).toBeNull();
  });
});
