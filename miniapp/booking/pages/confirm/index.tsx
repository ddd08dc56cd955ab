import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useRef, useState } from 'react';
import { ActionButton } from '../../../components/ActionButton';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { MemberSwitcher } from '../../../components/MemberSwitcher';
import { PageShell } from '../../../components/PageShell';
import { StatusView } from '../../../components/StatusView';
import { useRequest } from '../../../components/useRequest';
import { ApiError, messageOf } from '../../../services/api';
import { ROUTES, withQuery } from '../../../services/routes';
import { bookingApi, hhmm, newIdempotencyKey, visitTime, yuan } from '../../api';
import { payBooking, requestReminder } from '../../pay';
import { asyncHandler } from '../../../services/ui';
import { redirectTo } from '../../../services/navigate';
import '../../common.scss';
import './index.scss';
import { Kv } from '../../components/Kv';
import { NoticeList, SubscribeSwitch } from '../../components/Notices';

/** Confirm member, fee and rules → HIS hold (15 min) → pay → result. Nothing is charged before the dialog is confirmed. */
export default function ConfirmPage() {
  const { slotId = '' } = useRouter().params as { slotId?: string };
  // An account without 本人 yet (not verified): the switcher says what to do; nothing waits for a member.
  const [noMember, setNoMember] = useState(false);
  const [memberId, setMemberId] = useState<string | undefined>(undefined);
  const quote = useRequest(() => (memberId ? bookingApi.quote(slotId, memberId) : Promise.resolve(undefined)), [slotId, memberId]);
  const [remind, setRemind] = useState(true);
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // One key per attempt (slot + member): a retry after a network error cannot book twice.
  const key = useRef<{ for: string; value: string } | null>(null);

  const q = quote.data;
  const blocked = !q || !!q.refusal;

  const submit = async () => {
    if (!q || !memberId) return;
    setBusy(true);
    setError(null);
    const attempt = `${slotId}|${memberId}`;
    if (key.current?.for !== attempt) key.current = { for: attempt, value: newIdempotencyKey() };
    try {
      const subscribeReminder = remind ? await requestReminder(q.reminderTemplateId) : false;
      const booking = await bookingApi.create({ slotId, memberId, subscribeReminder }, key.current.value);
      key.current = null;
      setAsking(false);
      if (booking.status === 'pending_payment' && booking.payment) {
        const paid = await payBooking(booking.payment.orderId);
        // Closing the payment sheet keeps the hold: the detail page offers 继续支付 until it runs out.
        redirectTo({ url: withQuery(paid ? ROUTES.bookingResult : ROUTES.bookingDetail, { id: booking.id }) });
      } else {
        redirectTo({ url: withQuery(ROUTES.bookingResult, { id: booking.id }) });
      }
    } catch (e) {
      setAsking(false);
      setError(messageOf(e));
      // A refusal is final for this attempt; a network failure keeps the key for the retry.
      if (e instanceof ApiError && e.status > 0 && e.code !== 'IDEMPOTENCY_CONFLICT') key.current = null;
      void quote.reload();
    } finally {
      setBusy(false);
    }
  };

  const feeText = q ? (q.feeFen > 0 ? `支付 ${yuan(q.feeFen)}` : '免挂号费') : '';

  return (
    <PageShell
      className='bk-confirm'
      testId='booking-confirm'
      footer={
        <View className='bk-confirm__bar'>
          {q && (
            <Text className='bk-confirm__total'>
              挂号费{' '}
              <Text className='bk-fee' data-testid='booking-fee'>
                {yuan(q.feeFen)}
              </Text>
            </Text>
          )}
          <ActionButton
            className={`hp-btn bk-confirm__go ${blocked ? 'hp-btn--disabled' : ''}`}
            data-testid='booking-submit'
            disabled={blocked || busy || undefined}
            loading={busy}
            onClick={() => !blocked && setAsking(true)}
          >
            {/* One string: Taro's H5 button reorders several text children. */}
            {`确认预约${feeText ? ` · ${feeText}` : ''}`}
          </ActionButton>
        </View>
      }
    >
      <Text className='hp-section-title'>就诊人</Text>
      <MemberSwitcher value={memberId} onChange={(m) => setMemberId(m.id)} onNone={() => setNoMember(true)} />
      {!noMember && (
        <StatusView loading={quote.loading && !q} error={quote.error} onRetry={() => void quote.reload()} keepChildren>
          {q && (
            <View>
              {q.refusal && (
                <View className='hp-alert hp-alert--error' data-testid='booking-refusal' role='alert'>
                  <Text>{q.refusal.message}</Text>
                </View>
              )}
              {error && (
                <View className='hp-alert hp-alert--error' data-testid='booking-error' role='alert'>
                  <Text>{error}</Text>
                </View>
              )}
              <View className='bk-card' data-testid='booking-summary'>
                <Kv k='就诊人' testId='booking-patient'>
                  {q.patientName}
                </Kv>
                <Kv k='医院'>{q.hospital.name}</Kv>
                <Kv k='科室'>
                  {q.department.name}（{q.department.location}）
                </Kv>
                <Kv k='医生'>
                  {q.doctor.name} {q.doctor.registrationLevel}
                </Kv>
                <Kv k='就诊时间' testId='booking-time'>
                  {visitTime({ ...q.slot })}
                </Kv>
                <View className='bk-kv'>
                  <Text className='bk-kv__k'>挂号费</Text>
                  <Text className='bk-kv__v bk-fee'>{yuan(q.feeFen)}</Text>
                </View>
              </View>
              <View className={`hp-alert ${q.cancellableAfterBooking ? 'hp-alert--info' : 'hp-alert--warn'}`} data-testid='booking-cancel-note'>
                <Text>
                  {q.cancellableAfterBooking
                    ? `${q.cancelDeadline.slice(5, 10).replace('-', '月')}日 ${hhmm(q.cancelDeadline)} 前可取消并退回挂号费`
                    : '已过退号截止时间：预约成功后不能取消，未就诊将记为爽约'}
                </Text>
              </View>
              <SubscribeSwitch title='就诊前一天提醒我' hint='通过微信服务通知发送' checked={remind} onChange={setRemind} testId='booking-remind' />
              <NoticeList title='预约须知' items={q.notice} testId='booking-rules' />
            </View>
          )}
        </StatusView>
      )}

      <ConfirmDialog
        open={asking && !!q}
        title={q && q.feeFen > 0 ? `支付挂号费 ${yuan(q.feeFen)}` : '确认预约'}
        content={
          q
            ? `为「${q.patientName}」预约 ${visitTime({ ...q.slot })} ${q.doctor.name}（${q.department.name}）。${q.feeFen > 0 ? `号源将为您保留${q.holdMinutes}分钟，请在此时间内完成支付。` : ''}`
            : ''
        }
        confirmText={q && q.feeFen > 0 ? '确认并支付' : '确认预约'}
        busy={busy}
        onConfirm={asyncHandler(submit)}
        onCancel={() => setAsking(false)}
      />
    </PageShell>
  );
}
