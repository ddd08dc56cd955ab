import { act, fireEvent, render, screen } from '@testing-library/react';
import type { SelfReportPage as Page } from '@healthpocket/shared-types';
import SelfReportPage from './index';
import { errorBody, mockRequests, signIn, testUser } from '../../../test/helpers';
import { router } from '../../../test/taro';

const reading = (id: string, systolic: number, at: string) => ({
  id,
  memberId: 'm-self',
  kind: 'bp',
  values: { systolic, diastolic: 88 },
  source: 'manual',
  deviceName: null,
  category: 'uncontrolled',
  reason: null,
  measuredAt: at,
  createdAt: at,
});
const data = (over: Partial<Page> = {}): Page => ({
  memberId: 'm-self',
  memberName: '王秀英',
  items: [
    { kind: 'hypertension', dueDate: '2026-12-13', overdue: false, open: true, report: null },
    { kind: 'diabetes', dueDate: '2027-02-20', overdue: false, open: false, report: null },
  ],
  readings: [reading('r1', 146, '2026-12-02T08:00:00.000+08:00'), reading('r2', 152, '2026-11-29T08:00:00.000+08:00')] as Page['readings'],
  today: '2026-12-03',
  ...over,
});
const type = (id: string, value: string) => fireEvent.change(screen.getByTestId(id), { target: { value } });

beforeEach(() => {
  signIn(testUser({ name: '王秀英', realNameVerified: true }));
  router.params = { memberId: 'm-self' };
});

describe('随访自报 page', () => {
  it('shows the due follow-up and the readings that go with it, checks the form before sending, and sends numbers as numbers', async () => {
    const calls = mockRequests((c) =>
      c.method === 'GET'
        ? { status: 200, data: data() }
        : { status: 200, data: { id: 'sr1', kind: 'hypertension', readings: data().readings, answers: {}, submittedAt: '2026-12-03T21:00:00.000+08:00' } },
    );
    render(<SelfReportPage />);
    await act(async () => {});
    expect(calls[0].url).toContain('/api/v1/doctor/members/m-self/self-report');
    expect(screen.getByTestId('sr-due').textContent).toContain('高血压随访应于 2026-12-13 前完成');
    expect(screen.getAllByTestId('sr-reading').map((r) => r.textContent)).toEqual([expect.stringContaining('146/88'), expect.stringContaining('152/88')]);
    // The resident's lines only: no 体征, no 分类.
    expect(screen.queryByTestId('sr-sbp')).toBeNull();
    expect(screen.queryByTestId('sr-classification-控制满意')).toBeNull();

    await act(async () => fireEvent.click(screen.getByTestId('sr-submit')));
    expect(screen.getByTestId('sr-error').textContent).toBe('请选择症状');
    fireEvent.click(screen.getByTestId('sr-symptoms-头痛头晕'));
    for (const [k, v] of Object.entries({ smokingPerDay: '0', drinkingLiangPerDay: '0.5', exerciseTimesPerWeek: '3', exerciseMinutes: '400' })) type(`sr-${k}`, v);
    fireEvent.click(screen.getByTestId('sr-salt-重'));
    fireEvent.click(screen.getByTestId('sr-adherence-间断'));
    await act(async () => fireEvent.click(screen.getByTestId('sr-submit')));
    expect(screen.getByTestId('sr-error').textContent).toBe('每次运动应在 0–300分钟 之间');
    expect(calls.filter((c) => c.method === 'PUT')).toHaveLength(0);

    type('sr-exerciseMinutes', '40');
    await act(async () => fireEvent.click(screen.getByTestId('sr-submit')));
    const put = calls.find((c) => c.method === 'PUT')!;
    expect(put.data).toEqual({
      kind: 'hypertension',
      symptoms: ['头痛头晕'],
      smokingPerDay: 0,
      drinkingLiangPerDay: 0.5,
      exerciseTimesPerWeek: 3,
      exerciseMinutes: 40,
      salt: '重',
      adherence: '间断',
      adverseReaction: null,
    });
    expect(screen.getByTestId('sr-sent').textContent).toContain('自测 2 条');
  });

  it('offers no form for a follow-up not yet due', async () => {
    mockRequests(() => ({ status: 200, data: data({ items: [{ kind: 'diabetes', dueDate: '2027-02-20', overdue: false, open: false, report: null }] }) }));
    render(<SelfReportPage />);
    await act(async () => {});
    expect(screen.getByTestId('sr-due').textContent).toContain('到期前两周内可以提交自报');
    expect(screen.queryByTestId('self-report-form')).toBeNull();
  });

  it('says why when the member has nothing to self-report', async () => {
    mockRequests(() => ({ status: 409, data: errorBody('NOT_MANAGED', '该成员未纳入高血压或2型糖尿病患者健康管理，无需随访自报') }));
    render(<SelfReportPage />);
    await act(async () => {});
    expect(screen.getByText('该成员未纳入高血压或2型糖尿病患者健康管理，无需随访自报')).toBeTruthy();
  });
});
