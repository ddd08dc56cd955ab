import { Text, View } from '@tarojs/components';
import { useDidShow, useRouter } from '@tarojs/taro';
import { useRef, useState } from 'react';
import { CANCEL_REASONS } from '@healthpocket/shared-types/src/booking-labels';
import { ActionButton } from '../../../components/ActionButton';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { PageShell } from '../../../components/PageShell';
import { StatusView } from '../../../components/StatusView';
import { usePollWhile } from '../../../components/usePollWhile';
import { useRequest } from '../../../components/useRequest';
import { messageOf } from '../../../services/api';
import { ROUTES, withQuery } from '../../../services/routes';
import { bookingApi, hhmm, visitTime, yuan, type CancelReason } from '../../api';
import { payBooking } from '../../pay';
import { asyncHandler, showToast } from '../../../services/ui';
import { redirectTo } from '../../../services/navigate';
import '../../common.scss';
import './index.scss';
import { Kv } from '../../components/Kv';
import { VisitDayPanel } from '../../components/VisitDayPanel';

const shortTime = (iso: string) => `${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日 ${hhmm(iso)}`;

/** One booking: status, registration number, cancel (with reason; refund when paid), or 继续支付 while held. */
export default function BookingDetailPage() {
  const { id = '' } = useRouter().params as { id?: string };
  const req = useRequest(() => bookingApi.get(id), [id]);
  const [reason, setReason] = useState<CancelReason>(CANCEL_REASONS[0]);
  const [choosing, setChoosing] = useState(false);
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const firstShow = useRef(true);
  useDidShow(() => {
    if (firstShow.current) firstShow.current = false;
    else void req.reload();
  });

  const b = req.data;
  // A paid booking cancelled: the refund's 已原路退回 appears when it completes.
  usePollWhile(b?.refund?.status !== undefined && b.refund.status !== 'refunded', req.reload);
  const onTheDay = !!b?.checkIn && (b.status === 'checked_in' || b.checkIn.open);

  const cancel = async () => {
    setBusy(true);
    setError(null);
    try {
      req.setData(await bookingApi.cancel(id, reason));
      showToast({ title: '已取消预约', icon: 'success' });
    } catch (e) {
      setError(messageOf(e));
      void req.reload();
    } finally {
      setBusy(false);
      setAsking(false);
      setChoosing(false);
    }
  };

  const pay = async () => {
    if (!b?.payment) return;
    setBusy(true);
    setError(null);
    try {
      if (await payBooking(b.payment.orderId)) redirectTo({ url: withQuery(ROUTES.bookingResult, { id }) });
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
      void req.reload();
    }
  };

  return (
    <PageShell
      className='bk-detail'
      testId='booking-detail'
      footer={
        b && (b.cancellable || b.payment) ? (
          <View className='bk-detail__bar'>
            {b.cancellable && (
              <ActionButton className='hp-btn hp-btn--danger bk-detail__btn' data-testid='booking-cancel' disabled={busy || undefined} onClick={() => (choosing ? setAsking(true) : setChoosing(true))}>
                {choosing ? '确认取消' : '取消预约'}
              </ActionButton>
            )}
            {b.payment && (
              <ActionButton className='hp-btn bk-detail__btn' data-testid='booking-pay' loading={busy} disabled={busy || undefined} onClick={asyncHandler(pay)}>
                {`继续支付 ${yuan(b.payment.amountFen)}`}
              </ActionButton>
            )}
          </View>
        ) : undefined
      }
    >
      <StatusView loading={req.loading && !b} error={req.error} onRetry={() => void req.reload()} keepChildren>
        {b && (
          <View>
            <View className='bk-detail__head' data-testid='booking-detail-status' data-status={b.status}>
              <Text className={`bk-detail__status bk-detail__status--${b.status}`}>{b.statusLabel}</Text>
              {b.holdExpiresAt && <Text className='bk-detail__hint'>号源保留至 {hhmm(b.holdExpiresAt)}，请在此之前完成支付，超时将自动取消</Text>}
              {b.status === 'confirmed' && <Text className='bk-detail__hint'>请携带身份证或医保卡，就诊当天在签到时间内签到</Text>}
              {b.status === 'no_show' && <Text className='bk-detail__hint'>未按时就诊，已记爽约1次。一年内爽约3次将暂停预约90天</Text>}
            </View>
            {error && (
              <View className='hp-alert hp-alert--error' data-testid='booking-detail-error' role='alert'>
                <Text>{error}</Text>
              </View>
            )}
            {/* On the day (签到 open, or in the queue) the visit-day panel is what the resident came for: first. */}
            {onTheDay && <VisitDayPanel booking={b} onChange={req.setData} />}
            <View className='bk-card'>
              {b.hisAppointmentId && <Kv k='挂号单号'>{b.hisAppointmentId}</Kv>}
              {b.visitNo !== null && <Kv k='就诊序号'>{b.visitNo}号</Kv>}
              <Kv k='就诊人'>{b.patientName}</Kv>
              <Kv k='就诊时间'>{visitTime(b)}</Kv>
              <Kv k='医院科室'>
                {b.hospital.name} {b.department.name}
              </Kv>
              <Kv k='就诊地点'>{b.department.location}</Kv>
              <Kv k='医生'>
                {b.doctor.name} {b.doctor.title}
              </Kv>
              <Kv k='挂号费'>{yuan(b.feeFen)}</Kv>
              {b.refund && (
                <Kv k='退款' testId='booking-refund'>
                  {yuan(b.refund.amountFen)} {b.refund.status === 'refunded' ? '已原路退回' : '退款处理中'}
                </Kv>
              )}
              {b.cancelReason && (
                <View className='bk-kv'>
                  <Text className='bk-kv__k'>{b.status === 'expired' ? '说明' : '取消原因'}</Text>
                  <Text className='bk-kv__v'>{b.cancelReason}</Text>
                </View>
              )}
            </View>
            {!onTheDay && <VisitDayPanel booking={b} onChange={req.setData} />}
            {(b.status === 'confirmed' || b.status === 'confirming') && (
              <View className={`hp-alert ${b.cancellable ? 'hp-alert--info' : 'hp-alert--warn'}`} data-testid='booking-cancel-rule'>
                <Text>{b.cancellable ? `${shortTime(b.cancelDeadline)} 前可取消，挂号费原路退回` : b.cancelBlockedReason}</Text>
              </View>
            )}
            {choosing && b.cancellable && (
              <View className='bk-card' data-testid='booking-cancel-reasons'>
                <Text className='bk-detail__reasons-title'>请选择取消原因</Text>
                <View className='hp-chips'>
                  {CANCEL_REASONS.map((r) => (
                    <View
                      role='button'
                      aria-pressed={reason === r ? 'true' : 'false'}
                      key={r}
                      className={`hp-chip ${reason === r ? 'hp-chip--active' : ''}`}
                      data-testid={`booking-reason-${r}`}
                      onClick={() => setReason(r)}
                    >
                      <Text>{r}</Text>
                    </View>
                  ))}
                </View>
              </View>
            )}
            {b.reminder !== 'none' && ['pending_payment', 'confirming', 'confirmed'].includes(b.status) && (
              <Text className='hp-section-title'>就诊提醒：{b.reminder === 'sent' ? '已发送' : b.reminder === 'refused' ? '未能发送（未授权订阅消息）' : '将于就诊前一天发送'}</Text>
            )}
          </View>
        )}
      </StatusView>

      <ConfirmDialog
        open={asking}
        title='取消预约'
        content={b ? `确定取消 ${visitTime(b)} ${b.doctor.name} 的预约吗？${b.status === 'pending_payment' ? '' : b.feeFen > 0 ? `挂号费 ${yuan(b.feeFen)} 将原路退回。` : ''}` : ''}
        confirmText='确定取消'
        cancelText='再想想'
        danger
        busy={busy}
        onConfirm={asyncHandler(cancel)}
        onCancel={() => setAsking(false)}
      />
    </PageShell>
  );
}
