import { Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import type { BookingView, QueueView } from '@healthpocket/shared-types';
import { ActionButton } from '../../components/ActionButton';
import { messageOf } from '../../services/api';
import { bookingApi, hhmm } from '../api';
import { requestReminder } from '../pay';
import { asyncHandler } from '../../services/ui';
import './VisitDayPanel.scss';

/** How often the queue is read while the page is open (the HIS is the source; no cache). */
export const QUEUE_POLL_MS = 15_000;

/**
 * 就诊当天: 签到 while the hospital's window is open, then the doctor's queue, read live from the
 * HIS every 15 s: how many ahead, 已叫号, 过号 (check in again to be re-queued), 已就诊.
 */
export function VisitDayPanel({ booking, onChange }: { booking: BookingView; onChange: (b: BookingView) => void }) {
  const [queue, setQueue] = useState<QueueView | null>(null);
  const [queueError, setQueueError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ci = booking.checkIn;
  const checkedIn = booking.status === 'checked_in';

  useEffect(() => {
    if (!checkedIn) return;
    let alive = true;
    const read = () =>
      bookingApi.queue(booking.id).then(
        (q) => alive && (setQueue(q), setQueueError(null)),
        (e) => alive && setQueueError(messageOf(e)),
      );
    void read();
    // read settles either way (both outcomes are handled), so the dropped promise cannot reject.
    const t = setInterval(() => void read(), QUEUE_POLL_MS);
    return () => {
      alive = false;
      clearInterval(t);
    };
  }, [booking.id, checkedIn]);

  if (!ci) return null;

  const checkIn = async () => {
    setBusy(true);
    setError(null);
    try {
      // Asked in the tap itself (WeChat requires it); H5 has no subscribe messages.
      const subscribe = booking.status === 'confirmed' ? await requestReminder(ci.queueTemplateId) : false;
      const b = await bookingApi.checkIn(booking.id, subscribe);
      onChange(b);
      setQueue(await bookingApi.queue(booking.id));
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className='bk-visit' data-testid='visit-day'>
      <Text className='hp-section-title'>就诊当天</Text>
      {error && (
        <View className='hp-alert hp-alert--error' role='alert' data-testid='visit-day-error'>
          <Text>{error}</Text>
        </View>
      )}
      {!checkedIn && (
        <View className='bk-card'>
          <Text className='bk-visit__line' data-testid='check-in-window'>
            签到时间：{hhmm(ci.opensAt)}–{hhmm(ci.closesAt)}（就诊当天）
          </Text>
          {ci.open ? (
            <ActionButton className='hp-btn bk-visit__btn' data-testid='check-in' loading={busy} disabled={busy || undefined} onClick={asyncHandler(checkIn)}>
              到院签到
            </ActionButton>
          ) : (
            <Text className='bk-visit__hint' data-testid='check-in-blocked'>
              {ci.blockedReason}
            </Text>
          )}
          <Text className='bk-visit__hint'>签到后可在这里查看候诊排队，前面还有3位时会提醒您</Text>
        </View>
      )}
      {checkedIn && (
        <View className='bk-card' data-testid='queue' data-state={queue?.state ?? 'loading'}>
          {!queue && !queueError && <Text className='bk-visit__hint'>正在读取排队情况…</Text>}
          {queueError && !queue && <Text className='bk-visit__hint'>{queueError}</Text>}
          {queue && (
            <View>
              <Text className={`bk-visit__state bk-visit__state--${queue.state}`}>{queue.stateLabel}</Text>
              {queue.state === 'waiting' && (
                <Text className='bk-visit__ahead' data-testid='queue-ahead'>
                  前面还有 {queue.ahead} 位
                </Text>
              )}
              <Text className='bk-visit__line' data-testid='queue-message'>
                {queue.message}
              </Text>
              <Text className='bk-visit__hint'>
                您的序号 {queue.visitNo ?? '—'}号 · 正在就诊 {queue.nowCalling ? `${queue.nowCalling}号` : '尚未开始叫号'}
                {queue.room ? ` · ${queue.room}` : ''}
              </Text>
              {queue.notice !== 'none' && <Text className='bk-visit__hint'>候诊提醒：{queue.notice === 'sent' ? '已发送' : queue.notice === 'refused' ? '未能发送' : '前面还有3位时提醒您'}</Text>}
              {queue.state === 'missed' && (
                <ActionButton className='hp-btn bk-visit__btn' data-testid='check-in-again' loading={busy} disabled={busy || undefined} onClick={asyncHandler(checkIn)}>
                  重新签到排队
                </ActionButton>
              )}
              <Text className='bk-visit__hint'>更新于 {hhmm(queue.asOf)}，每15秒自动刷新</Text>
            </View>
          )}
        </View>
      )}
    </View>
  );
}
