import { act, fireEvent, render, screen } from '@testing-library/react';
import { FollowupFormPane } from './FollowupFormPane';
import { errorBody, mockRequests, signIn, testUser } from '../../../test/helpers';

const RN = '11010100100100101';
const type = (id: string, value: string) => fireEvent.change(screen.getByTestId(id), { target: { value } });
const fill = () => {
  for (const [k, v] of Object.entries({
    sbp: '148',
    dbp: '86',
    weightKg: '61.5',
    heightCm: '158',
    heartRate: '76',
    smokingPerDay: '0',
    drinkingLiangPerDay: '0',
    exerciseTimesPerWeek: '5',
    exerciseMinutes: '30',
  }))
    type(`wbp-${k}`, v);
  fireEvent.click(screen.getByTestId('wbp-salt-中'));
  fireEvent.click(screen.getByTestId('wbp-adherence-规律'));
  fireEvent.click(screen.getByTestId('wbp-classification-控制满意'));
};

beforeEach(() => signIn(testUser({ roles: ['doctor'], doctorId: 'D-FD-001' })));

describe('FollowupFormPane', () => {
  it('renders the hypertension form from the data and sends nothing until required fields are filled', async () => {
    const calls = mockRequests(() => undefined);
    render(<FollowupFormPane recordNumber={RN} kind='hypertension' onDone={jest.fn()} />);
    expect(screen.getByText('高血压患者随访服务记录表')).toBeTruthy();
    expect(screen.getByTestId('wbp-salt-重')).toBeTruthy();
    expect(screen.queryByTestId('wbp-fastingGlucose')).toBeNull();
    await act(async () => fireEvent.click(screen.getByTestId('wbp-submit')));
    expect(screen.getByTestId('wbp-error').textContent).toBe('请填写收缩压');
    type('wbp-sbp', '400');
    await act(async () => fireEvent.click(screen.getByTestId('wbp-submit')));
    expect(screen.getByTestId('wbp-error').textContent).toContain('收缩压应在 60–260mmHg 之间');
    expect(calls).toHaveLength(0);
  });

  it('submits the parsed form once and hands the stored follow-up back; a server refusal is shown', async () => {
    const onDone = jest.fn();
    let refuse = true;
    const calls = mockRequests((c) =>
      c.url.endsWith('/api/v1/workbench/followups')
        ? refuse
          ? { status: 409, data: errorBody('NOT_MANAGED', '该居民未纳入高血压患者健康管理') }
          : { status: 201, data: { id: 'f1', writeback: 'pending' } }
        : undefined,
    );
    render(<FollowupFormPane recordNumber={RN} kind='hypertension' onDone={onDone} />);
    fill();
    await act(async () => fireEvent.click(screen.getByTestId('wbp-submit')));
    expect(screen.getByTestId('wbp-error').textContent).toBe('该居民未纳入高血压患者健康管理');
    expect(onDone).not.toHaveBeenCalled();
    refuse = false;
    await act(async () => fireEvent.click(screen.getByTestId('wbp-submit')));
    expect(onDone).toHaveBeenCalledWith({ id: 'f1', writeback: 'pending' });
    expect(calls).toHaveLength(2);
    const body = calls[1].data as Record<string, unknown>;
    expect(body).toMatchObject({ kind: 'hypertension', recordNumber: RN, sbp: 148, dbp: 86, weightKg: 61.5, salt: '中', symptoms: ['无症状'], classification: '控制满意' });
    // A retry of the same form carries the same clientId, so the BFF stores it once.
    expect(body.clientId).toBe((calls[0].data as Record<string, unknown>).clientId);
  });

  it("starts from the resident's self-report: her lines filled in, the doctor's left empty, and it still needs the doctor's classification", async () => {
    const calls = mockRequests(() => undefined);
    const selfReport = {
      id: 'sr1',
      recordNumber: RN,
      kind: 'hypertension' as const,
      dueDate: '2026-12-13',
      memberName: '王秀英',
      readings: [],
      submittedAt: '2026-12-03T21:00:00.000+08:00',
      answers: {
        symptoms: ['头痛头晕'],
        smokingPerDay: 0,
        drinkingLiangPerDay: 0.5,
        exerciseTimesPerWeek: 3,
        exerciseMinutes: 40,
        salt: '重' as const,
        stapleGramsPerDay: null,
        adherence: '间断' as const,
        adverseReaction: '脚踝水肿',
      },
    };
    render(<FollowupFormPane recordNumber={RN} kind='hypertension' selfReport={selfReport} onDone={jest.fn()} />);
    expect(screen.getByTestId('wbp-prefilled').textContent).toContain('12月03日的自报');
    const value = (id: string) => (screen.getByTestId(id) as HTMLInputElement).value;
    expect([value('wbp-exerciseTimesPerWeek'), value('wbp-exerciseMinutes'), value('wbp-drinkingLiangPerDay'), value('wbp-adverseReaction'), value('wbp-sbp')]).toEqual([
      '3',
      '40',
      '0.5',
      '脚踝水肿',
      '',
    ]);
    expect(screen.getByTestId('wbp-salt-重').className).toContain('hp-chip--active');
    expect(screen.getByTestId('wbp-symptoms-头痛头晕').className).toContain('hp-chip--active');
    expect(screen.getByTestId('wbp-symptoms-无症状').className).not.toContain('hp-chip--active');
    for (const [k, v] of Object.entries({ sbp: '148', dbp: '86', weightKg: '61.5', heightCm: '158', heartRate: '76' })) type(`wbp-${k}`, v);
    await act(async () => fireEvent.click(screen.getByTestId('wbp-submit')));
    expect(screen.getByTestId('wbp-error').textContent).toBe('请选择此次随访分类');
    expect(calls).toHaveLength(0);
  });
});
