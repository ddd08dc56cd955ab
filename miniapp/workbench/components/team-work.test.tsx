import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { MessageView } from '@healthpocket/shared-types';
import { ChatThread } from '../../components/ChatThread';
import { ChatSearch, highlightParts } from './ChatSearch';
import { Handover } from './Handover';
import { TeamQuickReplies } from '../pages/settings/TeamQuickReplies';
import { errorBody, mockRequests, signIn, testUser } from '../../test/helpers';

const MEMBERS = [
  { id: 'D-FD-001', name: '李明', role: '全科医生', isLeader: true },
  { id: 'N-FD-001', name: '王丽', role: '社区护士', isLeader: false },
  { id: 'P-FD-001', name: '赵强', role: '公卫医师', isLeader: false },
];
const TEAMS = { staffId: 'D-FD-001', items: [{ id: 'T001', name: '李明家庭医生团队', members: MEMBERS }] };

beforeEach(() => signIn(testUser({ roles: ['doctor'], doctorId: 'D-FD-001' })));

describe('Handover (转交)', () => {
  it('offers the team except me and the holder, wants a note, and hands over with it', async () => {
    const onDone = jest.fn();
    const calls = mockRequests((c) => {
      if (c.url.endsWith('/api/v1/workbench/teams')) return { status: 200, data: TEAMS };
      if (c.url.endsWith('/conversations/conv-1/assign'))
        return {
          status: 200,
          data: {
            assignedTo: { staffId: 'N-FD-001', name: '王丽' },
            handover: { id: 'h1', fromStaffId: 'D-FD-001', fromName: '李明', toStaffId: 'N-FD-001', toName: '王丽', note: c.data.note, at: '2026-12-02T10:00:00+08:00' },
          },
        };
      return undefined;
    });
    render(<Handover conversationId='conv-1' teamId='T001' holderId='P-FD-001' onDone={onDone} onCancel={jest.fn()} />);
    await screen.findByTestId('wbc-handover-to-N-FD-001');
    expect(screen.queryByTestId('wbc-handover-to-D-FD-001')).toBeNull();
    expect(screen.queryByTestId('wbc-handover-to-P-FD-001')).toBeNull();
    fireEvent.click(screen.getByTestId('wbc-handover-to-N-FD-001'));
    await act(async () => fireEvent.click(screen.getByTestId('wbc-handover-confirm')));
    expect(screen.getByTestId('wbc-handover-error').textContent).toContain('请填写交接说明');
    fireEvent.change(screen.getByTestId('wbc-handover-note'), { target: { value: '血压偏高，请电话随访' } });
    await act(async () => fireEvent.click(screen.getByTestId('wbc-handover-confirm')));
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.data)).toEqual([{ staffId: 'N-FD-001', note: '血压偏高，请电话随访' }]);
    expect(onDone).toHaveBeenCalledWith(expect.objectContaining({ assignedTo: { staffId: 'N-FD-001', name: '王丽' } }));
  });

  it('shows the BFF refusal (not a team member) and keeps the form', async () => {
    mockRequests((c) => {
      if (c.url.endsWith('/api/v1/workbench/teams')) return { status: 200, data: TEAMS };
      if (c.method === 'POST') return { status: 400, data: errorBody('ASSIGNEE_NOT_TEAM_MEMBER', '只能转交给本团队的成员') };
      return undefined;
    });
    const onDone = jest.fn();
    const onCancel = jest.fn();
    render(<Handover conversationId='conv-1' teamId='T001' holderId={null} onDone={onDone} onCancel={onCancel} />);
    fireEvent.click(await screen.findByTestId('wbc-handover-to-P-FD-001'));
    fireEvent.change(screen.getByTestId('wbc-handover-note'), { target: { value: '请随访' } });
    await act(async () => fireEvent.click(screen.getByTestId('wbc-handover-confirm')));
    expect(screen.getByTestId('wbc-handover-error').textContent).toBe('只能转交给本团队的成员');
    expect(screen.getByTestId('wbc-handover-form')).toBeTruthy();
    expect(onDone).not.toHaveBeenCalled();
    fireEvent.click(screen.getByTestId('wbc-handover-cancel'));
    expect(onCancel).toHaveBeenCalled();
  });
});

const msg = (seq: number, text: string, role: MessageView['senderRole'] = 'resident'): MessageView =>
  ({
    id: `m${seq}`,
    conversationId: 'conv-1',
    seq,
    senderRole: role,
    senderName: role === 'resident' ? '张伟' : '李明',
    kind: 'text',
    text,
    image: null,
    clientId: `c${seq}`,
    createdAt: '2026-12-02T10:00:00+08:00',
  }) as MessageView;
const fakeChat = (over: Record<string, unknown> = {}) =>
  ({
    items: [msg(1, '医生您好')],
    peerReadSeq: 0,
    socket: 'open',
    error: undefined,
    loading: false,
    reload: jest.fn(),
    sendText: jest.fn(async () => undefined),
    sendImage: jest.fn(),
    retry: jest.fn(),
    loadOlder: jest.fn(),
    hasOlder: false,
    ...over,
  }) as never;
const REPLIES = [
  { id: 'q1', title: '复测提醒', text: '{称呼}您好，请明早起床后再测一次血压' },
  { id: 'q2', title: '来院复查', text: '{姓名}，建议本周来中心复查' },
];
const fill = (t: string) => t.replace('{称呼}', '张先生').replace('{姓名}', '张伟');
const key = (k: string) => act(() => void window.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true })));

describe('team quick replies in the chat input', () => {
  it('"/" opens the picker, arrows choose, Enter inserts the filled text, which the doctor edits and sends', async () => {
    const chat = fakeChat();
    render(<ChatThread chat={chat} mySide='doctor' teamReplies={REPLIES} fillReply={fill} testId='wbchat' />);
    const input = screen.getByTestId('wbchat-input');
    fireEvent.change(input, { target: { value: '/' } });
    expect(screen.getAllByTestId('wbchat-picker-item').map((e) => e.getAttribute('aria-selected'))).toEqual(['true', 'false']);
    expect(screen.getAllByTestId('wbchat-picker-item')[0].textContent).toContain('张先生您好，请明早起床后再测一次血压');
    key('ArrowDown');
    expect(screen.getAllByTestId('wbchat-picker-item')[1].getAttribute('aria-selected')).toBe('true');
    key('Enter');
    expect(screen.queryByTestId('wbchat-picker')).toBeNull();
    expect((input as HTMLInputElement).value).toBe('张伟，建议本周来中心复查');
    fireEvent.change(input, { target: { value: '张伟，建议本周四上午来中心复查' } });
    await act(async () => fireEvent.click(screen.getByTestId('wbchat-send')));
    expect((chat as unknown as { sendText: jest.Mock }).sendText).toHaveBeenCalledWith('张伟，建议本周四上午来中心复查');
  });

  it('filters by what follows "/", Esc closes without sending, and the button opens it too', () => {
    const chat = fakeChat();
    render(<ChatThread chat={chat} mySide='doctor' teamReplies={REPLIES} fillReply={fill} testId='wbchat' />);
    fireEvent.change(screen.getByTestId('wbchat-input'), { target: { value: '/复查' } });
    expect(screen.getAllByTestId('wbchat-picker-item').map((e) => e.textContent)).toEqual([expect.stringContaining('来院复查')]);
    key('Escape');
    expect(screen.queryByTestId('wbchat-picker')).toBeNull();
    expect((screen.getByTestId('wbchat-input') as HTMLInputElement).value).toBe('');
    fireEvent.click(screen.getByTestId('wbchat-qr-btn'));
    fireEvent.click(screen.getAllByTestId('wbchat-picker-item')[0]);
    expect((screen.getByTestId('wbchat-input') as HTMLInputElement).value).toBe('张先生您好，请明早起床后再测一次血压');
    expect((chat as unknown as { sendText: jest.Mock }).sendText).not.toHaveBeenCalled();
  });

  it('opened from a search hit, loads older pages until the message is there and marks it', async () => {
    const loadOlder = jest.fn();
    const props = { mySide: 'doctor' as const, testId: 'wbchat', focusSeq: 3 };
    const { rerender } = render(<ChatThread chat={fakeChat({ items: [msg(40, '新消息')], hasOlder: true, loadOlder })} {...props} />);
    await waitFor(() => expect(loadOlder).toHaveBeenCalledTimes(1));
    rerender(<ChatThread chat={fakeChat({ items: [msg(3, '阿司匹林要停吗'), msg(40, '新消息')], hasOlder: true, loadOlder })} {...props} />);
    const rows = screen.getAllByTestId('wbchat-msg');
    expect(rows[0].className).toContain('chat__row--found');
    expect(rows[1].className).not.toContain('chat__row--found');
    expect(loadOlder).toHaveBeenCalledTimes(1);
  });
});

describe('ChatSearch over the inbox', () => {
  it('marks every occurrence of the query, case-insensitive', () => {
    expect(highlightParts('血压高，BP 160，血压药', '血压')).toEqual([
      { text: '血压', hit: true },
      { text: '高，BP 160，', hit: false },
      { text: '血压', hit: true },
      { text: '药', hit: false },
    ]);
    expect(highlightParts('Metformin', 'metf')).toEqual([
      { text: 'Metf', hit: true },
      { text: 'ormin', hit: false },
    ]);
  });

  it('searches, shows hits with the match marked and opens one; one character is refused before asking', async () => {
    const onOpen = jest.fn();
    const onActive = jest.fn();
    const hit = {
      conversationId: 'conv-1',
      memberName: '张伟',
      teamId: 'T001',
      messageId: 'm3',
      seq: 3,
      senderRole: 'resident',
      senderName: '张伟',
      snippet: '今天早上空腹血糖7.8，需要调整二甲双胍吗',
      at: '2026-12-02T08:00:00+08:00',
    };
    const calls = mockRequests((c) => (c.url.includes('/api/v1/workbench/search?q=') ? { status: 200, data: { items: [hit], truncated: false } } : undefined));
    render(<ChatSearch onOpen={onOpen} onActive={onActive} />);
    fireEvent.change(screen.getByTestId('wb-search-input'), { target: { value: '胍' } });
    await act(async () => fireEvent.click(screen.getByTestId('wb-search-go')));
    expect(screen.getByTestId('wb-search-error').textContent).toBe('请至少输入 2 个字');
    expect(calls).toHaveLength(0);
    fireEvent.change(screen.getByTestId('wb-search-input'), { target: { value: '二甲双胍' } });
    await act(async () => fireEvent.click(screen.getByTestId('wb-search-go')));
    expect(calls[0].url).toContain(`q=${encodeURIComponent('二甲双胍')}`);
    expect(screen.getAllByTestId('wb-search-mark').map((m) => m.textContent)).toEqual(['二甲双胍']);
    expect(onActive).toHaveBeenLastCalledWith(true);
    fireEvent.click(screen.getByTestId('wb-search-hit'));
    expect(onOpen).toHaveBeenCalledWith(hit);
    fireEvent.click(screen.getByTestId('wb-search-clear'));
    expect(onActive).toHaveBeenLastCalledWith(false);
    expect(screen.queryByTestId('wb-search-results')).toBeNull();
  });
});

describe('TeamQuickReplies (settings)', () => {
  it('adds, edits and deletes the team’s replies; an unknown variable is named before sending', async () => {
    let items = [{ id: 'q1', teamId: 'T001', title: '复测提醒', text: '{称呼}您好，请明早再测一次', updatedByName: '王丽', updatedAt: '2026-12-01T09:00:00+08:00' }];
    const calls = mockRequests((c) => {
      if (c.url.endsWith('/api/v1/workbench/teams')) return { status: 200, data: TEAMS };
      if (c.method === 'GET') return { status: 200, data: { items, variables: ['姓名', '称呼', '医生', '团队'] } };
      if (c.method === 'POST') {
        items = [...items, { ...items[0], id: 'q2', ...c.data }];
        return { status: 201, data: items[1] };
      }
      if (c.method === 'PUT') {
        items = items.map((i) => (c.url.endsWith(i.id) ? { ...i, ...c.data } : i));
        return { status: 200, data: items[0] };
      }
      if (c.method === 'DELETE') {
        items = items.filter((i) => !c.url.endsWith(i.id));
        return { status: 204 };
      }
      return undefined;
    });
    render(<TeamQuickReplies />);
    await screen.findByTestId('wbs-qr-item');
    fireEvent.click(screen.getByTestId('wbs-qr-add'));
    fireEvent.change(screen.getByTestId('wbs-qr-title'), { target: { value: '来院复查' } });
    fireEvent.change(screen.getByTestId('wbs-qr-text'), { target: { value: '{名字}，建议来中心复查' } });
    await act(async () => fireEvent.click(screen.getByTestId('wbs-qr-save')));
    expect(screen.getByTestId('wbs-qr-error').textContent).toBe('无法识别的变量：{名字}');
    fireEvent.change(screen.getByTestId('wbs-qr-text'), { target: { value: '' } });
    fireEvent.click(screen.getByTestId('wbs-qr-var-姓名'));
    fireEvent.change(screen.getByTestId('wbs-qr-text'), { target: { value: '{姓名}，建议来中心复查' } });
    await act(async () => fireEvent.click(screen.getByTestId('wbs-qr-save')));
    await waitFor(() => expect(screen.getAllByTestId('wbs-qr-item')).toHaveLength(2));
    expect(calls.find((c) => c.method === 'POST')?.data).toEqual({ teamId: 'T001', title: '来院复查', text: '{姓名}，建议来中心复查' });
    fireEvent.click(screen.getAllByTestId('wbs-qr-edit')[0]);
    fireEvent.change(screen.getByTestId('wbs-qr-title'), { target: { value: '明早复测' } });
    await act(async () => fireEvent.click(screen.getByTestId('wbs-qr-save')));
    await waitFor(() => expect(screen.getAllByTestId('wbs-qr-item')[0].textContent).toContain('明早复测'));
    await act(async () => fireEvent.click(screen.getAllByTestId('wbs-qr-delete')[1]));
    await waitFor(() => expect(screen.getAllByTestId('wbs-qr-item')).toHaveLength(1));
    expect(calls.filter((c) => c.method === 'DELETE').map((c) => c.url)).toEqual([expect.stringMatching(/quick-replies\/q2$/)]);
  });
});
