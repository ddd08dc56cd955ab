import { ScrollView, Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { useState } from 'react';
import type { MessageCategory, NoticeView } from '@healthpocket/shared-types';
import { ActionButton } from '../../../components/ActionButton';
import { PageShell } from '../../../components/PageShell';
import { StatusView } from '../../../components/StatusView';
import { useRequest } from '../../../components/useRequest';
import { messageOf } from '../../../services/api';
import { openRoute } from '../../../services/navigate';
import { MESSAGE_CATEGORIES, MESSAGE_CATEGORY_LABELS, messageTime, messagesApi } from '../../api';
import { asyncHandler, showToast } from '../../../services/ui';
import './index.scss';

const PAGE = 20;

/** 消息中心: every notification the app sent, by category; read state is kept on the server (the same on every device). */
export default function MessagesPage() {
  const [category, setCategory] = useState<MessageCategory | undefined>(undefined);
  const [more, setMore] = useState<NoticeView[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  /** Read here since the page loaded (the server already agreed). */
  const [readHere, setReadHere] = useState<Set<string>>(new Set());
  const [unread, setUnread] = useState(0);
  const [marking, setMarking] = useState(false);

  const list = useRequest(async () => {
    const r = await messagesApi.list({ category, limit: PAGE });
    setMore([]);
    setCursor(r.nextCursor);
    setUnread(r.unread);
    setReadHere(new Set());
    return r;
  }, [category]);

  usePullDownRefresh(() => {
    void list.reload().finally(() => Taro.stopPullDownRefresh());
  });

  const items = [...(list.data?.items ?? []), ...more].map((m) => (readHere.has(m.id) ? { ...m, read: true } : m));
  const unreadShown = items.filter((m) => !m.read);

  const markRead = (ids: string[], left: number) => {
    setReadHere((s) => new Set([...s, ...ids]));
    setUnread(left);
  };

  const loadMore = async () => {
    if (!cursor || loadingMore) return;
    setLoadingMore(true);
    try {
      const r = await messagesApi.list({ category, cursor, limit: PAGE });
      setMore((m) => [...m, ...r.items]);
      setCursor(r.nextCursor);
    } catch (e) {
      showToast({ title: messageOf(e), icon: 'none' });
    } finally {
      setLoadingMore(false);
    }
  };

  const open = async (m: NoticeView) => {
    if (!m.read) {
      try {
        markRead([m.id], (await messagesApi.read({ ids: [m.id] })).unread);
      } catch (e) {
        // The message still opens; it stays unread and is marked on the next tap.
        if (!m.link) showToast({ title: messageOf(e), icon: 'none' });
      }
    }
    if (m.link) openRoute(`/${m.link.replace(/^\//, '')}`);
  };

  /** 全部已读: everything up to the newest message on screen (one that arrives meanwhile stays unread); in a category, the ones shown. */
  const readAll = async () => {
    if (!unreadShown.length || marking) return;
    setMarking(true);
    try {
      const r = category ? await messagesApi.read({ ids: unreadShown.slice(0, 50).map((m) => m.id) }) : await messagesApi.read({ all: true, upTo: items[0].id });
      markRead(category ? unreadShown.slice(0, 50).map((m) => m.id) : items.map((m) => m.id), r.unread);
      showToast({ title: '已全部标为已读', icon: 'none' });
    } catch (e) {
      showToast({ title: messageOf(e), icon: 'none' });
    } finally {
      setMarking(false);
    }
  };

  return (
    <PageShell className='msg' testId='messages-page'>
      <ScrollView scrollX className='msg__tabs' data-testid='messages-tabs'>
        <View className='msg__tabs-row'>
          <View
            role='button'
            aria-pressed={!category ? 'true' : 'false'}
            className={`hp-chip ${!category ? 'hp-chip--active' : ''}`}
            data-testid='messages-tab-all'
            onClick={() => setCategory(undefined)}
          >
            全部
          </View>
          {MESSAGE_CATEGORIES.map((c) => (
            <View
              role='button'
              aria-pressed={category === c ? 'true' : 'false'}
              key={c}
              className={`hp-chip ${category === c ? 'hp-chip--active' : ''}`}
              data-testid={`messages-tab-${c}`}
              onClick={() => setCategory(c)}
            >
              {MESSAGE_CATEGORY_LABELS[c]}
            </View>
          ))}
        </View>
      </ScrollView>

      <View className='msg__bar'>
        <Text className='msg__count' data-testid='messages-unread'>
          {unread > 0 ? `${unread}条未读` : '没有未读消息'}
        </Text>
        {/* Disabled as a class: Taro's H5 button keeps disabled="false", which its own styles grey out. */}
        <ActionButton
          className={`hp-btn hp-btn--ghost hp-btn--small ${unreadShown.length ? '' : 'hp-btn--disabled'}`}
          data-testid='messages-read-all'
          loading={marking}
          onClick={asyncHandler(readAll)}
        >
          全部已读
        </ActionButton>
      </View>

      <StatusView
        loading={list.loading}
        error={list.error}
        onRetry={() => void list.reload()}
        empty={!items.length}
        emptyText={category ? `还没有${MESSAGE_CATEGORY_LABELS[category]}消息` : '还没有消息。挂号、缴费、家人授权、医生回复等通知都会保存在这里'}
      >
        <View data-testid='messages-list'>
          {items.map((m) => (
            <View role='button' key={m.id} className={`msg__item ${m.read ? '' : 'msg__item--unread'}`} data-testid={`message-${m.id}`} onClick={() => void open(m)}>
              <View className='msg__head'>
                {!m.read && <View className='msg__dot' data-testid='message-unread-dot' aria-label='未读' />}
                <Text className='msg__tag'>{MESSAGE_CATEGORY_LABELS[m.category]}</Text>
                <Text className='msg__time'>{messageTime(m.createdAt)}</Text>
              </View>
              <Text className='msg__title'>{m.title}</Text>
              <Text className='msg__body'>{m.body}</Text>
              {m.link && <Text className='msg__more'>查看详情 ›</Text>}
            </View>
          ))}
        </View>
        {cursor && (
          <View className='hp-footer'>
            <ActionButton className='hp-btn hp-btn--ghost hp-btn--block' data-testid='messages-more' loading={loadingMore} onClick={asyncHandler(loadMore)}>
              加载更多
            </ActionButton>
          </View>
        )}
      </StatusView>
    </PageShell>
  );
}
