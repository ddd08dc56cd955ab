import { Button, Image, Input, ScrollView, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import { imageUrl, shortTime } from '../../services/doctor-api';
import type { useConversation } from '../../services/use-conversation';
import { StatusView } from '../StatusView';
import { ADVISES_120, DialEmergency } from './DialEmergency';
import { QuickReplyPicker, type PickerReply } from './QuickReplyPicker';
import { asyncHandler } from '../../services/ui';
import './index.scss';

type Conversation = ReturnType<typeof useConversation>;

export interface ChatThreadProps {
  chat: Conversation;
  mySide: 'resident' | 'doctor';
  /** The online-care notice (互联网诊疗), always visible above the messages. */
  notice?: string;
  hours?: string;
  quickReplies?: string[];
  /** Id prefix for data-testid (two threads can be on one desktop page). */
  testId?: string;
  /** The team's quick replies (workbench): a picker beside the input, "/" in an empty input opens it. */
  teamReplies?: PickerReply[];
  /** Fills a quick reply's variables ({姓名} …) for this conversation. */
  fillReply?: (text: string) => string;
  /** Open scrolled to this message (a search hit), loading older pages until it is there. */
  focusSeq?: number;
}

/** An image message's box, in design px: 320 wide, as tall as the image's ratio makes it, within 160–480 (aspectFit shows all of it). */
const IMAGE_BOX = { width: 320, minHeight: 160, maxHeight: 480 } as const;
export function imageBox(image: { width: number; height: number }): { width: number; height: number } {
  const { width, minHeight, maxHeight } = IMAGE_BOX;
  const ratio = image.width > 0 && image.height > 0 ? image.height / image.width : 1;
  return { width, height: Math.round(Math.min(maxHeight, Math.max(minHeight, width * ratio))) };
}

const boxStyle = (b: { width: number; height: number }) => ({ width: Taro.pxTransform(b.width), height: Taro.pxTransform(b.height) });

const SOCKET_LABEL = { open: '实时连接', connecting: '连接中…', offline: '连接已断开，正在重连（消息仍会送达）' } as const;

/** The message list and input shared by the resident's chat and the doctor's workbench. */
export function ChatThread({ chat, mySide, notice, hours, quickReplies, testId = 'chat', teamReplies, fillReply, focusSeq }: ChatThreadProps) {
  const [draft, setDraft] = useState('');
  const [sending, setSending] = useState(false);
  const [picking, setPicking] = useState(false);
  const lastId = chat.items[chat.items.length - 1]?.id;
  const [anchor, setAnchor] = useState('');
  // Until the searched message is shown, the thread does not jump to the newest one.
  const focusing = useRef(focusSeq !== undefined);
  const found = focusSeq !== undefined ? chat.items.find((m) => m.seq === focusSeq) : undefined;

  useEffect(() => {
    if (!focusing.current || chat.loading) return;
    if (found) {
      const t = setTimeout(() => setAnchor(`msg-${found.id}`), 0);
      focusing.current = false;
      return () => clearTimeout(t);
    }
    if (chat.hasOlder) void chat.loadOlder();
    else focusing.current = false;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [found?.id, chat.items.length, chat.loading, chat.hasOlder]);

  useEffect(() => {
    if (!lastId || focusing.current) return;
    // After the list has rendered: Taro's H5 scroll-view acts on a change of scrollIntoView, not
    // on the value it is created with, so a conversation opened with its history would stay at
    // the top, far from the newest message.
    const t = setTimeout(() => setAnchor(`msg-${lastId}`), 0);
    return () => clearTimeout(t);
  }, [lastId]);

  const pickerOpen = !!teamReplies && (picking || draft.startsWith('/'));
  const closePicker = () => {
    setPicking(false);
    if (draft.startsWith('/')) setDraft('');
  };
  const insert = (filled: string) => {
    setPicking(false);
    setDraft(filled);
  };

  const submit = async (text = draft) => {
    const t = text.trim();
    if (!t || sending || pickerOpen) return;
    setSending(true);
    setDraft('');
    try {
      await chat.sendText(t);
    } finally {
      setSending(false);
    }
  };

  const pickImage = async () => {
    try {
      const res = await Taro.chooseImage({ count: 1, sizeType: ['compressed'], sourceType: ['album', 'camera'] });
      const file = res.tempFilePaths[0];
      if (file) await chat.sendImage(file);
    } catch {
      /* cancelled */
    }
  };

  return (
    <View className='chat' data-testid={`${testId}-thread`}>
      {notice && (
        <View className='chat__notice' data-testid={`${testId}-notice`}>
          <Text>{notice}</Text>
          {hours && <Text className='chat__hours'>在线时间：{hours}</Text>}
        </View>
      )}
      <View className={`chat__socket chat__socket--${chat.socket}`} data-testid={`${testId}-socket`} data-state={chat.socket}>
        <Text>{SOCKET_LABEL[chat.socket]}</Text>
      </View>
      <StatusView loading={chat.loading} error={chat.error} onRetry={() => void chat.reload()} empty={!chat.loading && chat.items.length === 0} emptyText='还没有消息，向医生说明您的情况吧'>
        <ScrollView scrollY className='chat__list' scrollIntoView={anchor} scrollWithAnimation={false}>
          {chat.hasOlder && (
            <View role='button' className='chat__older' data-testid={`${testId}-older`} onClick={() => void chat.loadOlder()}>
              <Text>查看更早的消息</Text>
            </View>
          )}
          {chat.items.map((m) => {
            const mine = m.senderRole === mySide;
            const system = m.senderRole === 'system';
            return (
              <View
                key={m.id}
                id={`msg-${m.id}`}
                className={`chat__row ${system ? 'chat__row--system' : mine ? 'chat__row--mine' : 'chat__row--peer'} ${focusSeq === m.seq ? 'chat__row--found' : ''}`}
                data-testid={`${testId}-msg`}
                data-seq={m.seq}
                data-role={m.senderRole}
              >
                {!system && !mine && <Text className='chat__name'>{m.senderName}</Text>}
                <View
                  className={`chat__bubble ${m.pending === 'failed' ? 'chat__bubble--failed' : ''} ${system ? (m.text?.startsWith('【健康提醒】') ? 'chat__bubble--alert' : 'chat__bubble--system') : ''}`}
                >
                  {m.kind === 'image' && m.image ? (
                    <Image
                      className='chat__image'
                      src={imageUrl(m.image.thumbUrl)}
                      // The box comes from the image's own size, so nothing is left empty under it
                      // (widthFix alone starts from the component's default 240px height).
                      style={boxStyle(imageBox(m.image))}
                      mode='aspectFit'
                      role='button'
                      ariaLabel='聊天图片，点按查看大图'
                      aria-label='聊天图片，点按查看大图'
                      data-testid={`${testId}-image`}
                      onClick={asyncHandler(() => Taro.previewImage({ urls: [imageUrl(m.image!.url)] }))}
                    />
                  ) : (
                    <Text className='chat__text' userSelect>
                      {m.text}
                    </Text>
                  )}
                </View>
                {mySide === 'resident' && !mine && m.kind !== 'image' && ADVISES_120.test(m.text ?? '') && <DialEmergency testId={`${testId}-dial-120`} />}
                <View className='chat__meta'>
                  {m.pending === 'sending' && <Text>发送中…</Text>}
                  {m.pending === 'failed' && (
                    <Text role='button' className='chat__failed' data-testid={`${testId}-failed`} onClick={() => void chat.retry(m)}>
                      {m.error ?? '发送失败'}
                      {m.kind === 'text' && m.retryable !== false ? '，点击重发' : ''}
                    </Text>
                  )}
                  {!m.pending && <Text>{shortTime(m.createdAt)}</Text>}
                  {!m.pending && mine && (
                    <Text className='chat__read' data-testid={`${testId}-receipt`}>
                      {m.seq <= chat.peerReadSeq ? '已读' : '未读'}
                    </Text>
                  )}
                </View>
              </View>
            );
          })}
          <View id='chat-bottom' />
        </ScrollView>
      </StatusView>
      {quickReplies && quickReplies.length > 0 && !pickerOpen && (
        <ScrollView scrollX className='chat__quick' enhanced showScrollbar={false}>
          <View className='chat__quick-row'>
            {quickReplies.map((q, i) => (
              <View role='button' key={i} className='hp-chip chat__quick-chip' data-testid={`${testId}-quick-${i}`} onClick={() => setDraft(q)}>
                <Text>{q.length > 14 ? `${q.slice(0, 14)}…` : q}</Text>
              </View>
            ))}
          </View>
        </ScrollView>
      )}
      {pickerOpen && teamReplies && (
        <QuickReplyPicker items={teamReplies} query={draft.startsWith('/') ? draft.slice(1) : ''} fill={fillReply ?? ((t) => t)} onPick={insert} onClose={closePicker} testId={testId} />
      )}
      <View className='chat__input-bar' data-testid={`${testId}-input-bar`}>
        <Button className='hp-btn hp-btn--plain chat__image-btn' data-testid={`${testId}-image-btn`} onClick={asyncHandler(pickImage)} aria-label='发送图片'>
          图片
        </Button>
        {teamReplies && (
          <Button
            className={`hp-btn hp-btn--plain chat__qr-btn ${pickerOpen ? 'chat__qr-btn--on' : ''}`}
            data-testid={`${testId}-qr-btn`}
            aria-label='快捷回复（输入 / 打开）'
            onClick={() => (pickerOpen ? closePicker() : setPicking(true))}
          >
            快捷回复
          </Button>
        )}
        <Input
          className='chat__input'
          data-testid={`${testId}-input`}
          value={draft}
          maxlength={1000}
          confirmType='send'
          placeholder={mySide === 'resident' ? '描述您的症状或问题' : teamReplies ? '回复居民，输入 / 选快捷回复' : '回复居民'}
          onInput={(e) => setDraft(e.detail.value)}
          onConfirm={() => void submit()}
        />
        <Button className={`hp-btn chat__send ${!draft.trim() ? 'hp-btn--disabled' : ''}`} data-testid={`${testId}-send`} onClick={() => void submit()}>
          发送
        </Button>
      </View>
    </View>
  );
}
