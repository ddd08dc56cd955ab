import Taro from '@tarojs/taro';
import { act, fireEvent, render, screen } from '@testing-library/react';
import type { AlertView } from '@healthpocket/shared-types';
import { AlertBanner } from './AlertBanner';
import { AlertAck } from './AlertAck';
import { errorBody, mockRequests, signIn, testUser } from '../../test/helpers';
import { audioContexts } from '../../test/taro';

const alert = (id: string, over: Partial<AlertView> = {}): AlertView => ({
  id,
  memberId: 'm1',
  memberName: '王秀英',
  conversationId: `conv-${id}`,
  readingId: `r-${id}`,
  kind: 'bp',
  values: { systolic: 186, diastolic: 112 },
  reason: '血压 186/112 mmHg 达到紧急转诊标准（≥180/110）',
  status: 'open',
  measuredAt: '2026-12-02T09:10:00.000+08:00',
  createdAt: '2026-12-02T09:10:05.000+08:00',
  acknowledgedAt: null,
  outcome: null,
  note: null,
  acknowledgedByName: null,
  escalationLevel: 0,
  notified: [],
  ...over,
});

let play: jest.SpyInstance;
beforeEach(() => {
  signIn(testUser({ roles: ['doctor'], doctorId: 'D-FD-001' }));
  delete (process.env as Record<string, string | undefined>).TARO_ENV;
  play = jest.spyOn(window.HTMLMediaElement.prototype, 'play').mockImplementation(() => Promise.resolve());
});
afterEach(() => play.mockRestore());

describe('AlertBanner', () => {
  it('stays while an alert is open, beeps once per new alert, and a tap opens the newest', () => {
    const onOpen = jest.fn();
    const { rerender } = render(<AlertBanner alerts={[]} onOpen={onOpen} />);
    expect(screen.queryByTestId('wb-alert-banner')).toBeNull();
    expect(play).not.toHaveBeenCalled();

    rerender(<AlertBanner alerts={[alert('a1')]} onOpen={onOpen} />);
    expect(screen.getByTestId('wb-alert-banner').textContent).toContain('紧急预警未处理');
    expect(screen.getByTestId('wb-alert-banner-detail').textContent).toBe('王秀英 · 血压 186/112 · 点击查看并处理');
    expect(play).toHaveBeenCalledTimes(1);
    // The same alert again (a reload): no second beep; it is still there (not a toast).
    rerender(<AlertBanner alerts={[alert('a1')]} onOpen={onOpen} />);
    expect(play).toHaveBeenCalledTimes(1);

    rerender(<AlertBanner alerts={[alert('a2', { memberName: '张伟' }), alert('a1')]} onOpen={onOpen} />);
    expect(play).toHaveBeenCalledTimes(2);
    expect(screen.getByTestId('wb-alert-banner').textContent).toContain('2 条紧急预警未处理');
    fireEvent.click(screen.getByTestId('wb-alert-banner'));
    expect(onOpen).toHaveBeenCalledWith(expect.objectContaining({ id: 'a2' }));

    // Acknowledged: the banner goes.
    rerender(<AlertBanner alerts={[alert('a2', { status: 'acknowledged' })]} onOpen={onOpen} />);
    expect(screen.queryByTestId('wb-alert-banner')).toBeNull();
  });

  it('mutes on request and remembers it on the device', () => {
    const onOpen = jest.fn();
    const first = render(<AlertBanner alerts={[alert('a1')]} onOpen={onOpen} />);
    expect(play).toHaveBeenCalledTimes(1);
    fireEvent.click(screen.getByTestId('wb-alert-mute'));
    expect(onOpen).not.toHaveBeenCalled();
    expect(screen.getByTestId('wb-alert-mute').textContent).toContain('已静音');
    first.rerender(<AlertBanner alerts={[alert('a2'), alert('a1')]} onOpen={onOpen} />);
    expect(play).toHaveBeenCalledTimes(1);
    first.unmount();

    render(<AlertBanner alerts={[alert('a3')]} onOpen={onOpen} />);
    expect(screen.getByTestId('wb-alert-mute').getAttribute('aria-pressed')).toBe('true');
    expect(play).toHaveBeenCalledTimes(1);
    fireEvent.click(screen.getByTestId('wb-alert-mute'));
    expect(Taro.getStorageSync('hp_alert_sound_muted')).toBe(false);
  });

  it('plays through InnerAudioContext in the mini-program', () => {
    process.env.TARO_ENV = 'weapp';
    render(<AlertBanner alerts={[alert('a1')]} onOpen={jest.fn()} />);
    expect(Taro.createInnerAudioContext).toHaveBeenCalledTimes(1);
    expect(audioContexts[0].src).toBe('/assets/test-file');
    expect(audioContexts[0].play).toHaveBeenCalled();
    expect(play).not.toHaveBeenCalled();
  });
});

describe('AlertAck', () => {
  it('needs an outcome, then posts it with the note', async () => {
    const calls = mockRequests((c) =>
      c.url.endsWith('/api/v1/workbench/alerts/a1/ack') ? { status: 200, data: alert('a1', { status: 'acknowledged', outcome: 'advised_visit', note: '嘱今日复测' }) } : undefined,
    );
    const onDone = jest.fn();
    render(<AlertAck alert={alert('a1')} onDone={onDone} />);
    fireEvent.click(screen.getByTestId('wb-alert-ack'));
    const labels = ['phoned', 'advised_visit', 'referred_120', 'device_error'].map((o) => screen.getByTestId(`wb-alert-outcome-${o}`).textContent);
    expect(labels).toEqual(['已电话联系', '建议就诊', '已转120', '设备误报']);
    expect((screen.getByTestId('wb-alert-ack-confirm') as HTMLButtonElement).disabled).toBe(true);

    fireEvent.click(screen.getByTestId('wb-alert-outcome-advised_visit'));
    expect(screen.getByTestId('wb-alert-outcome-advised_visit').getAttribute('aria-checked')).toBe('true');
    fireEvent.change(screen.getByTestId('wb-alert-note'), { target: { value: '  嘱今日复测 ' } });
    await act(async () => fireEvent.click(screen.getByTestId('wb-alert-ack-confirm')));

    expect(calls).toHaveLength(1);
    expect(calls[0].method).toBe('POST');
    expect(calls[0].data).toEqual({ outcome: 'advised_visit', note: '嘱今日复测' });
    expect(onDone).toHaveBeenCalledWith(expect.objectContaining({ outcome: 'advised_visit' }));
  });

  it('tells the doctor when a colleague handled it first', async () => {
    mockRequests(() => ({ status: 409, data: errorBody('ALERT_ALREADY_ACKNOWLEDGED', '该预警已由团队成员处理，请刷新后查看处理结果') }));
    const onDone = jest.fn();
    render(<AlertAck alert={alert('a1')} onDone={onDone} />);
    fireEvent.click(screen.getByTestId('wb-alert-ack'));
    fireEvent.click(screen.getByTestId('wb-alert-outcome-phoned'));
    await act(async () => fireEvent.click(screen.getByTestId('wb-alert-ack-confirm')));
    expect(screen.getByTestId('wb-alert-ack-error').textContent).toBe('该预警已由团队成员处理，请刷新后查看处理结果');
    expect(onDone).toHaveBeenCalledWith(null);
  });
});
