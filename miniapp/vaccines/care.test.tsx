import Taro from '@tarojs/taro';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { ObservationBanner } from './components/ObservationBanner';
import { StockAlertCard } from './components/StockAlertCard';
import AefiPage from './pages/aefi/index';
import { router } from '../test/taro';
import { mockRequests, signIn, testUser } from '../test/helpers';

const observation = (state: 'observing' | 'ended' | null, secondsLeft = 0) => ({
  memberId: 'm-son',
  now: '2026-12-03T10:05:00.000+08:00',
  current: state && {
    doseId: 'IM-1',
    vaccineName: 'A群流脑多糖疫苗',
    dose: 2,
    institution: '东华街道社区卫生服务中心预防接种门诊',
    givenAt: '2026-12-03T10:00:00+08:00',
    observedUntil: '2026-12-03T10:30:00.000+08:00',
    state,
    secondsLeft,
  },
  watchFor: ['呼吸困难、喉咙发紧、声音嘶哑', '抽搐、意识不清、持续哭闹不止'],
  advice: '请在接种门诊留观30分钟，不要提前离开',
});

beforeEach(() => {
  signIn(testUser({ realNameVerified: true, name: '张伟' }));
});
afterEach(() => {
  jest.useRealTimers();
  process.env.TARO_ENV = 'h5';
});

describe('留观 banner', () => {
  it('counts down from the server’s seconds (the phone’s clock is wrong), asks again, and ends with 留观结束', async () => {
    jest.useFakeTimers({ now: new Date('2031-01-01T00:00:00Z') }); // a phone years off
    let answer = observation('observing', 65);
    const calls = mockRequests((c) => (c.url.endsWith('/api/v1/vaccines/members/m-son/observation') ? { status: 200, data: answer } : undefined));
    render(<ObservationBanner memberId='m-son' />);
    expect((await screen.findByTestId('observation-left')).textContent).toContain('01:05');
    expect(screen.getByTestId('observation-banner').textContent).toContain('不要提前离开');
    expect(screen.getByTestId('observation-banner').textContent).toContain('呼吸困难、喉咙发紧、声音嘶哑');
    await act(() => jest.advanceTimersByTimeAsync(5000));
    expect(screen.getByTestId('observation-left').textContent).toContain('01:00');
    // After 20 seconds the server is asked again: its answer wins over the local count.
    answer = observation('observing', 30);
    await act(() => jest.advanceTimersByTimeAsync(15_000));
    await waitFor(() => expect(screen.getByTestId('observation-left').textContent).toContain('00:30'));
    expect(calls.filter((c) => c.url.endsWith('/observation'))).toHaveLength(2);
    // At zero the server says whether it is over.
    answer = observation('ended', 0);
    await act(() => jest.advanceTimersByTimeAsync(30_000));
    await waitFor(() => expect(screen.getByTestId('observation-banner').getAttribute('data-state')).toBe('ended'));
    expect(screen.getByTestId('observation-banner').textContent).toContain('留观结束');
    fireEvent.click(screen.getByTestId('observation-report'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/vaccines/pages/aefi/index?memberId=m-son&doseId=IM-1' });
  });

  it('no dose recorded: nothing is shown', async () => {
    const calls = mockRequests((c) => (c.url.endsWith('/observation') ? { status: 200, data: observation(null) } : undefined));
    const { container } = render(<ObservationBanner memberId='m-son' />);
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(container.innerHTML).toBe('');
  });
});

describe('到苗提醒', () => {
  const alert = {
    id: 'a-1',
    memberId: 'm-li',
    clinicId: 'VC003',
    clinicName: '市第一人民医院成人预防接种门诊',
    vaccineCode: 'HPV9',
    vaccineName: '九价HPV疫苗',
    status: 'waiting',
    statusLabel: '等待到苗',
    createdAt: '',
    notifiedAt: null,
  };
  it('in the weapp, the tap asks WeChat for the subscribe message first and synchronously, then subscribes', async () => {
    process.env.TARO_ENV = 'weapp';
    (Taro.requestSubscribeMessage as jest.Mock).mockResolvedValue({ 'tmpl-stock': 'accept' });
    let subscribed = false;
    const calls = mockRequests((c) => {
      if (c.method === 'GET' && c.url.endsWith('/api/v1/vaccines/members/m-li/stock-alerts')) return { status: 200, data: { items: subscribed ? [alert] : [], templateId: 'tmpl-stock', limit: 10 } };
      if (c.method === 'POST' && c.url.endsWith('/api/v1/vaccines/members/m-li/stock-alerts')) {
        subscribed = true;
        return { status: 201, data: alert };
      }
      return undefined;
    });
    render(<StockAlertCard memberId='m-li' clinicId='VC003' vaccineCode='HPV9' vaccineName='九价HPV疫苗' />);
    fireEvent.click(await screen.findByTestId('stock-alert-subscribe'));
    // Called in the tap itself, before any request of ours.
    expect(Taro.requestSubscribeMessage).toHaveBeenCalledWith({ tmplIds: ['tmpl-stock'], entityIds: [] });
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);
    await screen.findByTestId('stock-alert-waiting');
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.data)).toEqual([{ clinicId: 'VC003', vaccineCode: 'HPV9' }]);
  });

  it('the limit refusal is shown with what to do', async () => {
    mockRequests((c) => {
      if (c.method === 'GET') return { status: 200, data: { items: [], templateId: 'tmpl-stock', limit: 10 } };
      return { status: 409, data: { error: { code: 'VACCINE_ALERT_LIMIT', message: '到苗提醒最多同时订阅10个，请先取消不需要的提醒', requestId: 'r' } } };
    });
    render(<StockAlertCard memberId='m-li' clinicId='VC003' vaccineCode='HPV9' vaccineName='九价HPV疫苗' />);
    fireEvent.click(await screen.findByTestId('stock-alert-subscribe'));
    expect((await screen.findByTestId('stock-alert-error')).textContent).toContain('请先取消不需要的提醒');
    expect(screen.getByTestId('stock-alert-mine')).toBeTruthy();
  });
});

describe('疑似预防接种异常反应', () => {
  const record = {
    member: { id: 'm-son', name: '张小宝', relationLabel: '子女', sex: 'male', birthDate: '2025-09-23', ageLabel: '14月龄' },
    certNo: null,
    onPlatform: true,
    items: [
      {
        id: 'IM-9',
        vaccineCode: 'PCV13',
        vaccineName: '13价肺炎疫苗',
        dose: 4,
        date: '2026-12-03',
        kind: 'self_paid',
        institution: '东华街道社区卫生服务中心预防接种门诊',
        site: '上臂三角肌',
        batchNo: 'PCV1320261204',
        manufacturer: '辉瑞',
      },
    ],
    programmeSummary: { done: 0, outstanding: 0 },
  };
  const submitted = {
    id: 'r-1',
    memberId: 'm-son',
    doseId: 'IM-9',
    vaccineName: '13价肺炎疫苗',
    batchNo: 'PCV1320261204',
    manufacturer: '辉瑞',
    vaccinatedOn: '2026-12-03',
    institution: '',
    onsetDate: '2026-12-03',
    symptoms: ['breathing'],
    symptomLabels: ['呼吸困难'],
    severe: true,
    treatment: 'inpatient',
    status: 'sending',
    statusLabel: '提交中',
    nextStep: '报告正在发送给接种门诊，请稍候',
    platformReportNo: null,
    createdAt: '',
  };

  it('severe signs put 拨打120 first; the report carries the dose and the reporter, with an Idempotency-Key', async () => {
    router.params = { memberId: 'm-son', doseId: 'IM-9' };
    let sent = false;
    const calls = mockRequests((c) => {
      if (c.url.endsWith('/api/v1/vaccines/members/m-son/record')) return { status: 200, data: record };
      if (c.method === 'GET' && c.url.endsWith('/adverse-reactions')) return { status: 200, data: { items: sent ? [submitted] : [] } };
      if (c.method === 'POST' && c.url.endsWith('/adverse-reactions')) {
        sent = true;
        return { status: 201, data: submitted };
      }
      return undefined;
    });
    render(<AefiPage />);
    expect((await screen.findByTestId('aefi-dose')).textContent).toContain('PCV1320261204');
    expect(screen.queryByTestId('aefi-emergency')).toBeNull();
    fireEvent.click(screen.getByTestId('aefi-symptom-breathing'));
    const emergency = screen.getByTestId('aefi-emergency');
    // Before the form, in reading order.
    expect(emergency.compareDocumentPosition(screen.getByTestId('aefi-form')) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    fireEvent.click(screen.getByTestId('aefi-call-120'));
    expect(Taro.makePhoneCall).toHaveBeenCalledWith({ phoneNumber: '120' });

    fireEvent.change(screen.getByTestId('aefi-description'), { target: { value: '接种后20分钟呼吸急促，已送医院' } });
    fireEvent.click(screen.getByTestId('aefi-treatment-inpatient'));
    fireEvent.change(screen.getByTestId('aefi-hospital'), { target: { value: '市妇幼保健院' } });
    fireEvent.change(screen.getByTestId('aefi-reporter-name'), { target: { value: '张伟' } });
    fireEvent.change(screen.getByTestId('aefi-reporter-phone'), { target: { value: '1380013' } });
    fireEvent.click(screen.getByTestId('aefi-submit'));
    expect((await screen.findByTestId('aefi-problem')).textContent).toContain('请填写正确的手机号');
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);

    fireEvent.change(screen.getByTestId('aefi-reporter-phone'), { target: { value: '13800138000' } });
    fireEvent.click(screen.getByTestId('aefi-submit'));
    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/vaccines/pages/aefi/index?memberId=m-son' }));
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.data).toEqual({
      doseId: 'IM-9',
      onsetDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      symptoms: ['breathing'],
      description: '接种后20分钟呼吸急促，已送医院',
      treatment: 'inpatient',
      hospital: '市妇幼保健院',
      reporterName: '张伟',
      reporterPhone: '13800138000',
    });
    expect(post.header['Idempotency-Key']).toMatch(/^vx-/);
    expect(screen.queryByTestId('aefi-form')).toBeNull();
  });

  it('without a dose: the reports, or how to start one', async () => {
    router.params = { memberId: 'm-son' };
    mockRequests((c) => (c.url.endsWith('/adverse-reactions') ? { status: 200, data: { items: [] } } : undefined));
    const { unmount } = render(<AefiPage />);
    expect((await screen.findByTestId('status-empty')).textContent).toContain('从电子接种证中选择那一剂次报告');
    fireEvent.click(screen.getByTestId('aefi-go-record'));
    expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/vaccines/pages/record/index?memberId=m-son' });
    unmount();
    mockRequests((c) =>
      c.url.endsWith('/adverse-reactions') ? { status: 200, data: { items: [{ ...submitted, status: 'accepted', statusLabel: '已受理', nextStep: '接种门诊已受理' }] } } : undefined,
    );
    render(<AefiPage />);
    expect((await screen.findByTestId('aefi-report-status')).textContent).toBe('已受理');
    expect(screen.getByTestId('aefi-report-r-1').textContent).toContain('接种门诊已受理');
  });
});
