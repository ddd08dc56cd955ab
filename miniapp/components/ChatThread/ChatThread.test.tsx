import Taro from '@tarojs/taro';
import { fireEvent, render, screen } from '@testing-library/react';
import path from 'node:path';
import { compile } from 'sass';
import { ChatThread, imageBox } from './index';
import { signIn } from '../../test/helpers';

type Chat = Parameters<typeof ChatThread>[0]['chat'];

const msg = (id: string, senderRole: 'resident' | 'doctor' | 'system', text: string, seq: number) => ({
  id,
  seq,
  senderRole,
  senderName: senderRole === 'doctor' ? '李明' : senderRole === 'system' ? '系统消息' : '张伟',
  // As the BFF stores them: the urgent-reading alert and the automatic replies are kind 'system'.
  kind: senderRole === 'system' ? 'system' : 'text',
  text,
  createdAt: '2026-12-03T10:00:00.000+08:00',
});

function chatOf(items: ReturnType<typeof msg>[]): Chat {
  const noop = jest.fn();
  return { items, peerReadSeq: 0, socket: 'open', error: undefined, loading: false, reload: noop, sendText: noop, sendImage: noop, retry: noop, loadOlder: noop, hasOlder: false } as unknown as Chat;
}

const ITEMS = [
  msg('m1', 'system', '【健康提醒】王秀英 今天 08:00 测量：血压 186/112 mmHg。请立即就医或拨打120，家庭医生团队已收到提醒。', 1),
  msg('m2', 'resident', '要不要拨打120？', 2),
  msg('m3', 'doctor', '请按时服药，下周复查。', 3),
];

describe('ChatThread: advice to 拨打120 has a button that dials', () => {
  beforeEach(() => signIn());

  it('shows 拨打 120 under the advice for the resident, and the tap dials 120', () => {
    render(<ChatThread chat={chatOf(ITEMS)} mySide='resident' />);
    const buttons = screen.getAllByTestId('chat-dial-120');
    // Only under the advice: not under the resident's own question, not under ordinary replies.
    expect(buttons).toHaveLength(1);
    fireEvent.click(buttons[0]);
    expect(Taro.makePhoneCall).toHaveBeenCalledWith({ phoneNumber: '120' });
  });

  it('does not offer the doctor a button to dial 120 from the workbench', () => {
    render(<ChatThread chat={chatOf(ITEMS)} mySide='doctor' />);
    expect(screen.queryByTestId('chat-dial-120')).toBeNull();
  });
});

describe('ChatThread layout', () => {
  beforeEach(() => signIn());
  const image = (id: string, width: number, height: number, seq: number) => ({
    ...msg(id, 'resident', '', seq),
    kind: 'image',
    text: null,
    image: { id: `img-${id}`, url: `/uploads/${id}.jpg`, thumbUrl: `/uploads/${id}-thumb.jpg`, width, height },
  });

  it("sizes an image message's box from the image (320 wide, its ratio, within 160–480), shown whole with aspectFit", () => {
    const items = [image('wide', 1600, 1200, 1), image('tall', 600, 3000, 2), image('strip', 2000, 100, 3), image('unknown', 0, 0, 4)];
    render(<ChatThread chat={chatOf(items as never)} mySide='resident' />);
    const boxes = screen.getAllByTestId('chat-image').map((el) => [el.style.width, el.style.height, el.getAttribute('data-mode')]);
    // the Taro stand-in's pxTransform answers px (design px; rpx in the weapp)
    expect(boxes).toEqual([
      ['320px', '240px', 'aspectFit'], // 4:3
      ['320px', '480px', 'aspectFit'], // tall: capped
      ['320px', '160px', 'aspectFit'], // a strip: at least 160
      ['320px', '320px', 'aspectFit'], // no size known: square
    ]);
    expect(imageBox({ width: 1080, height: 1920 })).toEqual({ width: 320, height: 480 });
  });

  it('keeps the input bar the last part of the thread, after the messages or the empty state (margin-top: auto puts it at the bottom)', () => {
    const { unmount } = render(<ChatThread chat={chatOf([ITEMS[2]])} mySide='resident' />);
    const thread = screen.getByTestId('chat-thread');
    expect(thread.lastElementChild).toBe(screen.getByTestId('chat-input-bar'));
    unmount();
    render(<ChatThread chat={chatOf([])} mySide='resident' />);
    expect(screen.getByTestId('status-empty')).toBeTruthy();
    expect(screen.getByTestId('chat-thread').lastElementChild).toBe(screen.getByTestId('chat-input-bar'));
  });
});

describe('chat styles (compiled with sass)', () => {
  const css = (file: string) => compile(path.join(__dirname, file), { loadPaths: [path.join(__dirname, '../..')] }).css.replace(/\s+/g, ' ');
  const rule = (sheet: string, selector: string) => {
    const at = sheet.indexOf(`${selector} {`);
    expect(at).toBeGreaterThanOrEqual(0);
    return sheet.slice(at, sheet.indexOf('}', at));
  };

  it('the input bar is pushed to the bottom of the thread', () => {
    expect(rule(css('index.scss'), '.chat__input-bar')).toContain('margin-top: auto');
    expect(rule(css('index.scss'), '.chat')).toContain('flex-direction: column');
  });

  it('the resident chat page fills the viewport and the message list takes the space left, so the bar sits at the bottom of the screen', () => {
    const page = css('../../doctor/pages/chat/index.scss');
    expect(rule(page, '.hp-page.resident-chat')).toMatch(/display: flex; flex-direction: column; height: 100vh;/);
    expect(rule(page, '.hp-page.resident-chat .chat')).toContain('flex: 1');
    expect(rule(page, '.hp-page.resident-chat .chat__list')).toMatch(/flex: 1; height: 0;/);
    expect(rule(page, '.hp-page.resident-chat .chat__input-bar')).toContain('env(safe-area-inset-bottom)');
  });
});
