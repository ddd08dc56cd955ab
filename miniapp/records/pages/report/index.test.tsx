import { act, render, screen, within } from '@testing-library/react';
import ReportPage from './index';
import { mockRequests, signIn, testUser } from '../../../test/helpers';
import { router } from '../../../test/taro';

const report = (over: Record<string, unknown> = {}) => ({
  id: 'LIS-1-20261203-E1',
  kind: 'lab',
  title: '急诊生化',
  date: '2026-12-03',
  institution: '东华街道社区卫生服务中心',
  department: '检验科',
  status: 'final',
  reportedAt: '2026-12-03T15:20:00.000+08:00',
  abnormalCount: 2,
  criticalCount: 1,
  isNew: false,
  specimen: '静脉血',
  orderedBy: '李明',
  reportedBy: '检验师 何雨',
  reviewedBy: '主管检验师 陈立',
  imaging: null,
  stale: false,
  fetchedAt: '2026-12-03T15:21:00.000+08:00',
  items: [
    { name: '空腹血糖(GLU)', value: '17.4', unit: 'mmol/L', referenceRange: '3.9–6.1', flag: 'critical_high', flagSource: 'report' },
    { name: '血钾(K)', value: '5.62', unit: 'mmol/L', referenceRange: '3.50–5.30', flag: 'high', flagSource: 'range' },
    { name: '谷丙转氨酶(ALT)', value: '23', unit: 'U/L', referenceRange: '9–50', flag: 'normal', flagSource: 'report' },
  ],
  ...over,
});

async function open(data: unknown) {
  const calls = mockRequests(() => ({ status: 200, data }));
  render(<ReportPage />);
  await act(async () => {});
  return calls;
}

describe('report page', () => {
  beforeEach(() => {
    signIn(testUser({ name: '张伟', realNameVerified: true }));
    router.params = { member: 'm-self', id: 'LIS-1-20261203-E1' };
  });

  it('says how many results are abnormal first, with the 危急值 next step and the ways to act on it', async () => {
    const calls = await open(report());
    expect(calls[0].url).toContain('/api/v1/records/m-self/reports/LIS-1-20261203-E1');
    expect(screen.getByTestId('report-abnormal-note').textContent).toBe('2 项异常，其中 1 项危急值');
    expect(screen.getByTestId('report-next-step').textContent).toContain('尽快联系您的医生或前往医院就医');
    expect(screen.getByTestId('report-contact-doctor').textContent).toBe('联系医生');
    expect(screen.getByTestId('report-book-visit').textContent).toBe('就医挂号');
  });

  it('marks each flag in words and arrows, and tells a screen reader, not by colour alone', async () => {
    await open(report());
    const critical = screen.getByTestId('exam-critical');
    expect(within(critical).getByTestId('exam-flag').textContent).toBe('↑↑ 危急值');
    expect(within(critical).getByTestId('exam-spoken').textContent).toBe('空腹血糖(GLU) 17.4 mmol/L，危急值，远高于参考范围，参考范围 3.9–6.1 mmol/L');
    const high = screen.getByTestId('exam-abnormal');
    expect(high.getAttribute('data-flag')).toBe('high');
    expect(within(high).getByTestId('exam-flag').textContent).toBe('↑ 偏高');
    expect(within(high).getByTestId('exam-spoken').textContent).toBe('血钾(K) 5.62 mmol/L，高于参考范围，参考范围 3.50–5.30 mmol/L');
    // The laboratory sent no flag for potassium: the page says the range decided it.
    expect(within(high).getByTestId('exam-flag-by-range').textContent).toBe('按参考范围判断');
    const normal = screen.getByTestId('exam-normal');
    expect(within(normal).queryByTestId('exam-flag')).toBeNull();
    expect(within(normal).getByTestId('exam-spoken').textContent).toContain('正常');
    expect(within(critical).queryByTestId('exam-flag-by-range')).toBeNull();
  });

  it('without a 危急值 the next step is to ask the doctor who ordered it; all in range says so', async () => {
    await open(report({ criticalCount: 0, abnormalCount: 1, items: [report().items[1]] }));
    expect(screen.getByTestId('report-abnormal-note').textContent).toBe('1 项异常');
    expect(screen.getByTestId('report-next-step').textContent).toContain('咨询开单医生');
  });

  it('a report not published yet shows no results and says it will be announced', async () => {
    await open(report({ status: 'registered', reportedAt: null, items: [], abnormalCount: 0, criticalCount: 0 }));
    expect(screen.getByTestId('report-pending').textContent).toContain('报告尚未发布');
    expect(screen.queryByTestId('report-summary')).toBeNull();
    expect(screen.queryByTestId('exam-rows')).toBeNull();
  });
});
