import Taro from '@tarojs/taro';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import BookPage from './index';
import { router } from '../../../test/taro';
import { errorBody, mockRequests, signIn, testUser } from '../../../test/helpers';

const clinic = {
  id: 'VC001',
  name: '东华街道社区卫生服务中心预防接种门诊',
  address: '东华街道花园路21号',
  phone: '010-65090820',
  hours: '每周二、周四 上午',
  intro: '',
  type: 'children',
  serves: { minYears: null, maxYears: 18, label: '18岁以下儿童' },
  vaccineCodes: ['MPSV-A'],
};
const session = (id: string, date: string, over: Record<string, unknown> = {}) => ({
  id,
  clinicId: 'VC001',
  date,
  period: 'am',
  periodLabel: '上午',
  start: `${date}T08:00:00+08:00`,
  end: `${date}T11:30:00+08:00`,
  vaccineCode: 'MPSV-A',
  capacity: 20,
  remaining: 20,
  priceFen: 0,
  stock: null,
  bookable: true,
  reason: null,
  ...over,
});
const appointment = { id: 'a-1', status: 'confirmed', orderId: null };

beforeEach(() => {
  signIn(testUser({ realNameVerified: true, name: '张伟' }));
  router.params = { memberId: 'm-son', code: 'MPSV-A' };
});

describe('vaccine booking page', () => {
  it('shows why a session cannot be booked, confirms the chosen one, and a retry after a network failure reuses the Idempotency-Key', async () => {
    let posts = 0;
    const calls = mockRequests((c) => {
      if (c.url.endsWith('/api/v1/vaccines/clinics?vaccineCode=MPSV-A&memberId=m-son')) return { status: 200, data: { items: [clinic] } };
      if (c.url.includes('/api/v1/vaccines/clinics/VC001/sessions?vaccineCode=MPSV-A&memberId=m-son')) {
        return {
          status: 200,
          data: {
            clinicId: 'VC001',
            vaccineCode: 'MPSV-A',
            vaccineName: 'A群流脑多糖疫苗',
            items: [session('s1', '2026-11-24', { bookable: false, remaining: 0, reason: '该场次已约满' }), session('s2', '2026-11-26')],
          },
        };
      }
      if (c.method === 'POST' && c.url.endsWith('/api/v1/vaccines/appointments')) return posts++ === 0 ? 'network-error' : { status: 201, data: appointment };
      return undefined;
    });
    render(<BookPage />);
    const full = await screen.findByTestId('vaccine-session-s1');
    expect(full.textContent).toContain('该场次已约满');
    fireEvent.click(full); // not bookable: nothing chosen
    expect(screen.getByTestId('vaccine-book-submit').textContent).toBe('请选择接种时间');

    fireEvent.click(screen.getByTestId('vaccine-session-s2'));
    fireEvent.click(screen.getByTestId('vaccine-book-submit'));
    expect(screen.getByTestId('confirm-dialog').textContent).toContain('免费接种');
    await act(async () => {
      fireEvent.click(screen.getByTestId('confirm-ok'));
    });
    expect((await screen.findByTestId('vaccine-book-error')).textContent).toContain('网络');

    fireEvent.click(screen.getByTestId('vaccine-book-submit'));
    await act(async () => {
      fireEvent.click(screen.getByTestId('confirm-ok'));
    });
    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/vaccines/pages/appointments/index?highlight=a-1' }));
    const bookings = calls.filter((c) => c.method === 'POST');
    expect(bookings).toHaveLength(2);
    expect(bookings[0].header['Idempotency-Key']).toBeTruthy();
    expect(bookings[1].header['Idempotency-Key']).toBe(bookings[0].header['Idempotency-Key']);
    expect(bookings[1].data).toEqual({ memberId: 'm-son', clinicId: 'VC001', sessionId: 's2', vaccineCode: 'MPSV-A' });
  });

  it("asks for the clinics serving the member's age, and says whom the clinic serves", async () => {
    router.params = { memberId: 'm-son', code: 'Flu' };
    const calls = mockRequests((c) => {
      if (c.url.endsWith('/api/v1/vaccines/clinics?vaccineCode=Flu&memberId=m-son')) return { status: 200, data: { items: [{ ...clinic, vaccineCodes: ['Flu'] }] } };
      if (c.url.includes('/sessions?')) return { status: 200, data: { clinicId: 'VC001', vaccineCode: 'Flu', vaccineName: '流感疫苗', items: [] } };
      return undefined;
    });
    render(<BookPage />);
    expect((await screen.findByTestId('vaccine-clinic-serves')).textContent).toBe('服务对象：18岁以下儿童');
    expect(screen.getByTestId('vaccine-clinic-VC001')).toBeTruthy();
    expect(calls.filter((c) => c.url.includes('/clinics?')).map((c) => c.url)).toEqual([expect.stringContaining('/api/v1/vaccines/clinics?vaccineCode=Flu&memberId=m-son')]);
  });

  it("an asked-for clinic that does not serve the member's age gives way to one the BFF lists", async () => {
    router.params = { memberId: 'm-son', code: 'Flu', clinicId: 'VC003' };
    const calls = mockRequests((c) => {
      if (c.url.includes('/clinics?')) return { status: 200, data: { items: [{ ...clinic, vaccineCodes: ['Flu'] }] } };
      if (c.url.includes('/sessions?')) return { status: 200, data: { clinicId: 'VC001', vaccineCode: 'Flu', vaccineName: '流感疫苗', items: [session('s2', '2026-11-26', { vaccineCode: 'Flu' })] } };
      return undefined;
    });
    render(<BookPage />);
    await screen.findByTestId('vaccine-session-s2');
    expect(screen.getByTestId('vaccine-clinic-VC001').className).toContain('vx-book__clinic--active');
    expect(calls.some((c) => c.url.includes('/clinics/VC001/sessions?vaccineCode=Flu&memberId=m-son'))).toBe(true);
  });

  it('says no clinic serves the member when the BFF lists none', async () => {
    router.params = { memberId: 'm-son', code: 'HZ' };
    mockRequests((c) => (c.url.includes('/clinics?') ? { status: 200, data: { items: [] } } : undefined));
    render(<BookPage />);
    expect(await screen.findByText('暂无为该成员年龄段提供这种疫苗的接种门诊')).toBeTruthy();
  });

  it('shows a refusal as the BFF words it and books nothing', async () => {
    mockRequests((c) => {
      if (c.url.includes('/clinics?')) return { status: 200, data: { items: [clinic] } };
      if (c.url.includes('/sessions?')) return { status: 200, data: { clinicId: 'VC001', vaccineCode: 'MPSV-A', vaccineName: 'A群流脑多糖疫苗', items: [session('s2', '2026-11-26')] } };
      if (c.method === 'POST') return { status: 409, data: errorBody('VACCINE_ALREADY_BOOKED', '张小宝已预约A群流脑多糖疫苗，请勿重复预约') };
      return undefined;
    });
    render(<BookPage />);
    fireEvent.click(await screen.findByTestId('vaccine-session-s2'));
    fireEvent.click(screen.getByTestId('vaccine-book-submit'));
    await act(async () => {
      fireEvent.click(screen.getByTestId('confirm-ok'));
    });
    expect((await screen.findByTestId('vaccine-book-error')).textContent).toBe('张小宝已预约A群流脑多糖疫苗，请勿重复预约');
    expect(Taro.redirectTo).not.toHaveBeenCalled();
  });
});
