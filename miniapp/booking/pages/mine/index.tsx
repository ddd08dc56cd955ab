import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useRef, useState } from 'react';
import type { BookingTab, BookingView } from '@healthpocket/shared-types';
import { PageShell } from '../../../components/PageShell';
import { StatusView } from '../../../components/StatusView';
import { useRequest } from '../../../components/useRequest';
import { messageOf } from '../../../services/api';
import { ROUTES } from '../../../services/routes';
import { bookingApi } from '../../api';
import { BookingCard } from '../../components/BookingCard';
import '../../common.scss';
import './index.scss';

const TABS: Array<{ key: BookingTab; label: string; empty: string }> = [
  { key: 'upcoming', label: '待就诊', empty: '没有待就诊的预约' },
  { key: 'past', label: '历史', empty: '还没有就诊记录' },
  { key: 'cancelled', label: '已取消', empty: '没有已取消的预约' },
];

/** 我的预约: upcoming, past and cancelled bookings of every family member. */
export default function MyBookingsPage() {
  const [tab, setTab] = useState<BookingTab>('upcoming');
  const list = useRequest(() => bookingApi.list(tab), [tab]);
  const [more, setMore] = useState<BookingView[]>([]);
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<string | null>(null);
  const firstShow = useRef(true);

  useDidShow(() => {
    if (firstShow.current) firstShow.current = false;
    else {
      setMore([]);
      setCursor(undefined);
      void list.reload();
    }
  });

  const switchTab = (t: BookingTab) => {
    setMore([]);
    setCursor(undefined);
    setTab(t);
  };
  const next = cursor === undefined ? list.data?.nextCursor : cursor;
  const items = [...(list.data?.items ?? []), ...more];
  const loadMore = async () => {
    if (!next) return;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const page = await bookingApi.list(tab, next);
      setMore([...more, ...page.items]);
      setCursor(page.nextCursor);
    } catch (e) {
      setMoreError(messageOf(e));
    } finally {
      setLoadingMore(false);
    }
  };
  const current = TABS.find((t) => t.key === tab)!;

  return (
    <PageShell className='bk-mine' testId='booking-mine'>
      <View className='bk-mine__tabs' role='tablist'>
        {TABS.map((t) => (
          <View
            key={t.key}
            className={`bk-mine__tab ${tab === t.key ? 'bk-mine__tab--active' : ''}`}
            data-testid={`booking-tab-${t.key}`}
            aria-selected={tab === t.key}
            onClick={() => switchTab(t.key)}
          >
            <Text>{t.label}</Text>
          </View>
        ))}
      </View>
      <StatusView
        loading={list.loading && !list.data}
        error={list.error}
        onRetry={list.reload}
        empty={items.length === 0}
        emptyText={current.empty}
        emptyAction={
          tab === 'upcoming' ? (
            <Button className='hp-btn hp-btn--ghost' onClick={() => Taro.redirectTo({ url: ROUTES.booking })}>
              去预约挂号
            </Button>
          ) : undefined
        }
      >
        <View data-testid='booking-list'>
          {items.map((b) => (
            <BookingCard key={b.id} b={b} />
          ))}
        </View>
        {moreError && (
          <View className='hp-alert hp-alert--error'>
            <Text>{moreError}</Text>
          </View>
        )}
        {next && (
          <View className='hp-footer'>
            <Button className='hp-btn hp-btn--ghost hp-btn--block' disabled={loadingMore || undefined} onClick={loadMore}>
              {loadingMore ? '加载中…' : '加载更多'}
            </Button>
          </View>
        )}
      </StatusView>
    </PageShell>
  );
}
