import { Button, Text, View } from '@tarojs/components';
import { useDidShow, useRouter } from '@tarojs/taro';
import { useRef, useState } from 'react';
import type { BookingTab, BookingView, WaitlistEntryView } from '@healthpocket/shared-types';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { PageShell } from '../../../components/PageShell';
import { StatusView } from '../../../components/StatusView';
import { useRequest } from '../../../components/useRequest';
import { messageOf } from '../../../services/api';
import { ROUTES } from '../../../services/routes';
import { bookingApi } from '../../api';
import { BookingCard } from '../../components/BookingCard';
import { WaitlistCard } from '../../components/WaitlistCard';
import { asyncHandler } from '../../../services/ui';
import { redirectTo } from '../../../services/navigate';
import '../../common.scss';
import './index.scss';

type Tab = BookingTab | 'waitlist';
const TABS: Array<{ key: Tab; label: string; empty: string }> = [
  { key: 'upcoming', label: '待就诊', empty: '没有待就诊的预约' },
  { key: 'waitlist', label: '候补', empty: '没有候补。号源约满时，可在医生排班中选择「候补挂号」' },
  { key: 'past', label: '历史', empty: '还没有就诊记录' },
  { key: 'cancelled', label: '已取消', empty: '没有已取消的预约' },
];

/** 我的预约: upcoming bookings, 候补 (waitlist), past and cancelled, of every family member. */
export default function MyBookingsPage() {
  const initial = (useRouter().params as { tab?: string }).tab;
  const [tab, setTab] = useState<Tab>(TABS.some((t) => t.key === initial) ? (initial as Tab) : 'upcoming');
  const list = useRequest(() => (tab === 'waitlist' ? Promise.resolve(undefined) : bookingApi.list(tab)), [tab]);
  const waits = useRequest(() => (tab === 'waitlist' ? bookingApi.waitlist() : Promise.resolve(undefined)), [tab]);
  const [leaving, setLeaving] = useState<WaitlistEntryView | null>(null);
  const [leaveBusy, setLeaveBusy] = useState(false);
  const [leaveError, setLeaveError] = useState<string | null>(null);
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
      void (tab === 'waitlist' ? waits.reload() : list.reload());
    }
  });

  const leave = async () => {
    if (!leaving) return;
    setLeaveBusy(true);
    setLeaveError(null);
    try {
      await bookingApi.leaveWaitlist(leaving.id);
      setLeaving(null);
      void waits.reload();
    } catch (e) {
      setLeaving(null);
      setLeaveError(messageOf(e));
    } finally {
      setLeaveBusy(false);
    }
  };

  const switchTab = (t: Tab) => {
    setMore([]);
    setCursor(undefined);
    setTab(t);
  };
  const next = cursor === undefined ? list.data?.nextCursor : cursor;
  const items = [...(list.data?.items ?? []), ...more];
  const loadMore = async () => {
    if (!next || tab === 'waitlist') return;
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
            role='tab'
            key={t.key}
            className={`bk-mine__tab ${tab === t.key ? 'bk-mine__tab--active' : ''}`}
            data-testid={`booking-tab-${t.key}`}
            aria-selected={tab === t.key ? 'true' : 'false'}
            onClick={() => switchTab(t.key)}
          >
            <Text>{t.label}</Text>
          </View>
        ))}
      </View>
      {tab === 'waitlist' ? (
        <StatusView loading={waits.loading && !waits.data} error={waits.error} onRetry={() => void waits.reload()} empty={(waits.data?.items.length ?? 0) === 0} emptyText={current.empty}>
          {leaveError && (
            <View className='hp-alert hp-alert--error' role='alert' data-testid='waitlist-leave-error'>
              <Text>{leaveError}</Text>
            </View>
          )}
          <View data-testid='waitlist-list'>
            {(waits.data?.items ?? []).map((e) => (
              <WaitlistCard key={e.id} e={e} onLeave={setLeaving} />
            ))}
          </View>
        </StatusView>
      ) : (
        <StatusView
          loading={list.loading && !list.data}
          error={list.error}
          onRetry={() => void list.reload()}
          empty={items.length === 0}
          emptyText={current.empty}
          emptyAction={
            tab === 'upcoming' ? (
              <Button className='hp-btn hp-btn--ghost' onClick={() => redirectTo({ url: ROUTES.booking })}>
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
              <Button className='hp-btn hp-btn--ghost hp-btn--block' disabled={loadingMore || undefined} onClick={asyncHandler(loadMore)}>
                {loadingMore ? '加载中…' : '加载更多'}
              </Button>
            </View>
          )}
        </StatusView>
      )}
      <ConfirmDialog
        open={!!leaving}
        title='确认退出候补'
        content={
          leaving
            ? leaving.status === 'offered'
              ? `为「${leaving.patientName}」锁定的号源将被释放给下一位候补者，退出后不能恢复。`
              : `「${leaving.patientName}」将失去当前第 ${leaving.position ?? ''} 位的候补位置，重新候补需重新排队。`
            : ''
        }
        confirmText='退出候补'
        danger
        busy={leaveBusy}
        onConfirm={asyncHandler(leave)}
        onCancel={() => setLeaving(null)}
      />
    </PageShell>
  );
}
