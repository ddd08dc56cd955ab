import { act, fireEvent, render, screen } from '@testing-library/react';
import type { WorkloadFigures, WorkloadView } from '@healthpocket/shared-types';
import { periodProblem, presetPeriod, rowsOf, sortRows, toCsv } from './figures';
import WorkbenchFigures from './pages/figures';
import { mockRequests, signIn, testUser } from '../test/helpers';

const at = (iso: string) => new Date(iso);
const rate = (due: number, done: number) => ({ due, done, rate: due ? Math.round((done / due) * 10) / 10 : null });
const figures = (frMedian: number | null, perDay: number, htn: [number, number] = [0, 0]): WorkloadFigures => ({
  firstResponse: { count: frMedian === null ? 0 : 3, medianMinutes: frMedian, p90Minutes: frMedian === null ? null : frMedian * 2, meanMinutes: frMedian },
  consultations: { total: Math.round(perDay * 30), perDay },
  followUp: { ...rate(htn[0], htn[1]), hypertension: rate(htn[0], htn[1]), diabetes: rate(0, 0) },
  alertAck: { count: 1, medianMinutes: 4, p90Minutes: 4, open: 0 },
});
const view: WorkloadView = {
  teamId: 'T001',
  teamName: '李明家庭医生团队',
  from: '2026-11-01',
  to: '2026-11-30',
  days: 30,
  team: figures(12, 2, [4, 3]),
  staff: [
    { staffId: 'D-FD-001', name: '李明', role: '全科医生', ...figures(20, 1.5, [3, 3]) },
    { staffId: 'N-FD-001', name: '王丽', role: '社区护士', ...figures(5, 0.5, [1, 0]) },
    { staffId: 'P-FD-001', name: '赵强', role: '公共卫生医师', ...figures(null, 0) },
  ],
  viewer: { staffId: 'D-FD-001', isLead: true },
  teams: [{ id: 'T001', name: '李明家庭医生团队' }],
  followUpAvailable: true,
};

describe('figures periods', () => {
  it('本月, 上月 and 本季度 in China days (also across a year)', () => {
    const now = at('2026-12-03T10:00:00+08:00');
    expect(presetPeriod('month', now)).toEqual({ from: '2026-12-01', to: '2026-12-03' });
    expect(presetPeriod('lastMonth', now)).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(presetPeriod('quarter', now)).toEqual({ from: '2026-10-01', to: '2026-12-03' });
    // 00:30 on 1 January in China is still 31 December in UTC.
    const newYear = at('2027-01-01T00:30:00+08:00');
    expect(presetPeriod('lastMonth', newYear)).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(presetPeriod('quarter', newYear)).toEqual({ from: '2027-01-01', to: '2027-01-01' });
  });
  it('says what is wrong with a custom range', () => {
    const now = at('2026-12-03T10:00:00+08:00');
    expect(periodProblem('2026-11-01', '2026-11-30', now)).toBeNull();
    expect(periodProblem('2026/11/01', '2026-11-30', now)).toContain('格式');
    expect(periodProblem('2026-11-30', '2026-11-01', now)).toBe('开始日期不能晚于结束日期');
    expect(periodProblem('2026-11-01', '2026-12-04', now)).toBe('结束日期不能晚于今天');
    expect(periodProblem('2025-11-30', '2026-12-01', now)).toBe('统计区间最长 366 天');
    expect(periodProblem('2025-12-02', '2026-12-02', now)).toBeNull();
  });
});

describe('figures table', () => {
  it('keeps the team total first, sorts members, no figure last either way', () => {
    const rows = rowsOf(view);
    expect(sortRows(rows, 'frMedian', 'asc').map((r) => r.name)).toEqual(['团队合计', '王丽', '李明', '赵强']);
    expect(sortRows(rows, 'frMedian', 'desc').map((r) => r.name)).toEqual(['团队合计', '李明', '王丽', '赵强']);
    expect(sortRows(rows, 'fuHtn', 'desc').map((r) => r.name)).toEqual(['团队合计', '李明', '王丽', '赵强']);
  });
  it('exports CSV with a BOM, raw minutes and quoted cells', () => {
    const csv = toCsv({ ...view, teamName: '李明, 团队' }, rowsOf({ ...view, teamName: '李明, 团队' }));
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(lines[0].split(',')).toHaveLength(16);
    expect(lines[1]).toBe('团队合计,"李明, 团队",2026-11-01,2026-11-30,3,12,24,60,2,4,3,0,0,1,4,4');
    expect(lines[4]).toBe('赵强,公共卫生医师,2026-11-01,2026-11-30,0,,,0,0,0,0,0,0,1,4,4');
  });
  it('renders the page: rows, sorting by a header, a refused custom range not sent', async () => {
    signIn(testUser({ roles: ['doctor'], doctorId: 'D-FD-001' }));
    const calls = mockRequests((c) => (c.url.includes('/api/v1/workbench/workload') ? { status: 200, data: view } : undefined));
    await act(async () => void render(<WorkbenchFigures />));
    expect(screen.getByTestId('wbf-title').textContent).toContain('团队负责人：可看每位成员');
    expect(screen.getByTestId('wbf-row-team').textContent).toContain('75%（3/4）');
    const order = () =>
      screen
        .getAllByRole('row')
        .slice(1)
        .map((r) => r.getAttribute('data-testid'));
    expect(order()).toEqual(['wbf-row-team', 'wbf-row-N-FD-001', 'wbf-row-D-FD-001', 'wbf-row-P-FD-001']);
    fireEvent.click(screen.getByTestId('wbf-sort-perDay'));
    expect(order()).toEqual(['wbf-row-team', 'wbf-row-P-FD-001', 'wbf-row-N-FD-001', 'wbf-row-D-FD-001']);
    fireEvent.click(screen.getByTestId('wbf-sort-perDay'));
    expect(screen.getByTestId('wbf-sort-perDay').getAttribute('aria-sort')).toBe('descending');
    expect(order()).toEqual(['wbf-row-team', 'wbf-row-D-FD-001', 'wbf-row-N-FD-001', 'wbf-row-P-FD-001']);
    expect(screen.getByTestId('wbf-definitions').textContent).toContain('国家基本公共卫生服务规范（第三版）');

    const before = calls.length;
    fireEvent.click(screen.getByTestId('wbf-period-custom'));
    fireEvent.change(screen.getByTestId('wbf-from'), { target: { value: '2026-12-01' } });
    fireEvent.change(screen.getByTestId('wbf-to'), { target: { value: '2026-11-01' } });
    await act(async () => fireEvent.click(screen.getByTestId('wbf-apply')));
    expect(screen.getByTestId('wbf-problem').textContent).toBe('开始日期不能晚于结束日期');
    expect(calls).toHaveLength(before);
    fireEvent.change(screen.getByTestId('wbf-from'), { target: { value: '2026-10-01' } });
    await act(async () => fireEvent.click(screen.getByTestId('wbf-apply')));
    expect(calls[calls.length - 1].url).toContain('from=2026-10-01&to=2026-11-01');
  });
});
