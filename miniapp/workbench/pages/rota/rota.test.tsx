import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { RotaView } from '@healthpocket/shared-types';
import WorkbenchRota from './index';
import { weekBlocks, weekOf } from './week-grid';
import { errorBody, mockRequests, signIn, testUser } from '../../../test/helpers';

const MEMBERS = [
  { id: 'D-FD-001', name: '李明', role: '全科医生', isLeader: true },
  { id: 'N-FD-001', name: '王丽', role: '社区护士', isLeader: false },
];
const TEAMS = { staffId: 'D-FD-001', items: [{ id: 'T001', name: '李明家庭医生团队', members: MEMBERS }] };
const rota = (over: Partial<RotaView> = {}): RotaView => ({
  teamId: 'T001',
  entries: [
    { staffId: 'D-FD-001', days: [1, 2, 3, 4, 5], start: '08:00', end: '17:30' },
    { staffId: 'N-FD-001', days: [1, 2, 3, 4, 5, 6, 7], start: '17:30', end: '08:00' },
  ],
  leave: [],
  holidays: [],
  members: MEMBERS,
  onDutyNow: [{ staffId: 'N-FD-001', name: '王丽', until: '明天 08:00' }],
  editable: true,
  replyPreview: '今晚由王丽（社区护士）值班（至 明天 08:00），预计 21:30 前回复您。',
  updatedAt: '2026-12-01T09:00:00+08:00',
  ...over,
});

beforeEach(() => signIn(testUser({ roles: ['doctor'], doctorId: 'D-FD-001' })));

describe('week grid', () => {
  const week = weekOf(new Date('2026-12-02T12:00:00+08:00'), []);
  it('starts on Monday and draws an overnight shift on into the next column', () => {
    expect(week.map((d) => d.date)).toEqual(['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05', '2026-12-06']);
    const blocks = weekBlocks(week, [{ staffId: 'N', days: [1], start: '17:30', end: '08:00' }], [], []);
    expect(blocks).toEqual([
      { day: 0, staffId: 'N', from: 1050, to: 1440, continued: false, onLeave: false, lane: 0 },
      { day: 1, staffId: 'N', from: 0, to: 480, continued: true, onLeave: false, lane: 0 },
    ]);
  });
  it('marks a shift on a day of leave and lets a holiday replace the weekday shifts', () => {
    const blocks = weekBlocks(
      week,
      [{ staffId: 'D', days: [1, 2, 3], start: '08:00', end: '17:30' }],
      [{ staffId: 'D', from: '2026-12-01', to: '2026-12-01' }],
      [{ date: '2026-12-02', name: '演练', cover: [{ staffId: 'N', start: '09:00', end: '12:00' }] }],
    );
    expect(blocks.map((b) => [b.day, b.staffId, b.onLeave])).toEqual([
      [0, 'D', false],
      [1, 'D', true],
      [2, 'N', false],
    ]);
  });
});

describe('值班表 page', () => {
  it('shows who is on duty, the automatic reply residents get now and the week; the lead adds a shift and saves', async () => {
    let saved: unknown;
    const calls = mockRequests((c) => {
      if (c.url.endsWith('/api/v1/workbench/teams')) return { status: 200, data: TEAMS };
      if (c.url.includes('/api/v1/workbench/rota') && c.method === 'GET') return { status: 200, data: rota() };
      if (c.url.endsWith('/api/v1/workbench/rota') && c.method === 'PUT') {
        saved = c.data;
        return { status: 200, data: rota({ entries: (c.data as RotaView).entries }) };
      }
      return undefined;
    });
    render(<WorkbenchRota />);
    await waitFor(() => expect(screen.getByTestId('rota-preview').textContent).toContain('今晚由王丽（社区护士）值班（至 明天 08:00），预计 21:30 前回复您。'));
    expect(screen.getByTestId('rota-now').textContent).toContain('王丽 至 明天 08:00');
    // Five day shifts, seven night shifts each drawn in two columns.
    expect(screen.getAllByTestId('rota-block')).toHaveLength(5 + 14);
    expect(screen.getAllByTestId('rota-block').filter((b) => b.getAttribute('data-continued') === '1')).toHaveLength(7);
    // Add a Saturday morning shift for the nurse.
    fireEvent.click(screen.getByTestId('rota-add-entry'));
    fireEvent.click(screen.getByTestId('rota-entry-2-staff-N-FD-001'));
    for (const d of [1, 2, 3, 4, 5]) fireEvent.click(screen.getByTestId(`rota-entry-2-day-${d}`));
    fireEvent.click(screen.getByTestId('rota-entry-2-day-6'));
    fireEvent.change(screen.getByTestId('rota-entry-2-start'), { target: { value: '09:00' } });
    fireEvent.change(screen.getByTestId('rota-entry-2-end'), { target: { value: '12:00' } });
    expect(screen.getByTestId('rota-preview').textContent).toContain('保存后按新值班表生成');
    await act(async () => fireEvent.click(screen.getByTestId('rota-save')));
    expect(saved).toMatchObject({ teamId: 'T001', entries: [expect.anything(), expect.anything(), { staffId: 'N-FD-001', days: [6], start: '09:00', end: '12:00' }] });
    expect(calls.filter((c) => c.method === 'PUT')).toHaveLength(1);
    expect(screen.getByTestId('rota-preview').textContent).not.toContain('保存后');
  });

  it('on leave: drawn struck through, not pickable for a holiday that day', async () => {
    const week = weekOf(new Date(), []);
    mockRequests((c) => {
      if (c.url.endsWith('/api/v1/workbench/teams')) return { status: 200, data: TEAMS };
      if (c.url.includes('/api/v1/workbench/rota'))
        return {
          status: 200,
          data: rota({
            leave: [{ staffId: 'D-FD-001', from: week[0].date, to: week[6].date, note: '年假' }],
            holidays: [{ date: week[2].date, name: '演练', cover: [{ staffId: 'N-FD-001', start: '09:00', end: '12:00' }] }],
          }),
        };
      return undefined;
    });
    render(<WorkbenchRota />);
    await screen.findByTestId('rota-grid');
    const doctor = screen.getAllByTestId('rota-block').filter((b) => b.getAttribute('data-staff') === 'D-FD-001');
    expect(doctor.length).toBeGreaterThan(0);
    expect(doctor.every((b) => b.getAttribute('data-leave') === '1' && b.textContent?.includes('请假'))).toBe(true);
    expect(screen.getByTestId('rota-holiday-0-0-staff-D-FD-001').getAttribute('aria-disabled')).toBe('true');
    fireEvent.click(screen.getByTestId('rota-holiday-0-0-staff-D-FD-001'));
    expect(screen.getByTestId('rota-holiday-0-0-staff-N-FD-001').className).toContain('hp-chip--active');
    expect(screen.getByText('本周请假 7 天，请假日不安排值班')).toBeTruthy();
  });

  const refusing = (editable: boolean) =>
    mockRequests((c) => {
      if (c.url.endsWith('/api/v1/workbench/teams')) return { status: 200, data: TEAMS };
      if (c.method === 'GET') return { status: 200, data: rota({ editable }) };
      if (c.method === 'PUT') return { status: 403, data: errorBody('ROTA_LEAD_ONLY', '值班表只能由团队长修改') };
      return undefined;
    });
  it('hides the controls when the BFF says the caller may not edit', async () => {
    refusing(false);
    render(<WorkbenchRota />);
    await screen.findByTestId('rota-readonly');
    expect(screen.queryByTestId('rota-editor')).toBeNull();
    expect(screen.queryByTestId('rota-save')).toBeNull();
  });

  it('shows the 403 message when a save is refused, and the controls go', async () => {
    refusing(true);
    render(<WorkbenchRota />);

    const save = await screen.findByTestId('rota-save');
    await act(async () => fireEvent.click(save));
    expect(screen.getByTestId('rota-error').textContent).toBe('值班表只能由团队长修改');
    expect(screen.queryByTestId('rota-save')).toBeNull();
    expect(screen.getByTestId('rota-readonly')).toBeTruthy();
  });
});
