import { Button, Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import type { WaitlistEntryView } from '@healthpocket/shared-types';
import { ActionButton } from '../../../components/ActionButton';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { MemberSwitcher } from '../../../components/MemberSwitcher';
import { PageShell } from '../../../components/PageShell';
import { StatusView } from '../../../components/StatusView';
import { useRequest } from '../../../components/useRequest';
import { messageOf } from '../../../services/api';
import { ROUTES, withQuery } from '../../../services/routes';
import { bookingApi, dateLabel, yuan } from '../../api';
import { Kv } from '../../components/Kv';
import { NoticeList, SubscribeSwitch } from '../../components/Notices';
import { requestReminder } from '../../pay';
import { asyncHandler } from '../../../services/ui';
import { navigateBack, redirectTo } from '../../../services/navigate';
import '../../common.scss';
import './index.scss';

/**
 * 候补挂号 on a full session: choose the member, read the rules, join. Nothing is paid here: when a
 * place frees it is held for the first in line and they are told to pay within N minutes.
 */
export default function WaitlistPage() {
  const { sessionId = '', doctorId = '' } = useRouter().params as { sessionId?: string; doctorId?: string };
  const quote = useRequest(() => bookingApi.waitlistQuote(sessionId), [sessionId]);
  const [noMember, setNoMember] = useState(false);
  const [member, setMember] = useState<{ id: string; name: string } | null>(null);
  const [notify, setNotify] = useState(true);
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [joined, setJoined] = useState<WaitlistEntryView | null>(null);
  const q = quote.data;
  const blocked = !q || !member || noMember;

  const submit = async () => {
    if (!q || !member) return;
    setBusy(true);
    setError(null);
    try {
      const subscribe = notify ? await requestReminder(q.templateId) : false;
      setJoined(await bookingApi.joinWaitlist({ sessionId, memberId: member.id, subscribe }));
    } catch (e) {
      setError(messageOf(e));
      void quote.reload();
    } finally {
      setAsking(false);
      setBusy(false);
    }
  };

  if (joined) {
    return (
      <PageShell className='bk-wait' testId='waitlist-joined'>
        <View className='bk-card bk-wait__done'>
          <Text className='bk-title'>已加入候补</Text>
          <Text className='bk-wait__place' data-testid='waitlist-position'>{`当前排在第 ${joined.position ?? 1} 位`}</Text>
          <Text className='bk-meta'>{`${joined.patientName} · ${dateLabel(joined.date)} ${joined.sessionLabel} · ${joined.doctor.name}`}</Text>
          <Text className='bk-meta'>有号源空出时将自动为您锁号，请留意微信服务通知并按时支付。</Text>
        </View>
        <View className='hp-footer bk-wait__next'>
          <Button className='hp-btn hp-btn--block' data-testid='waitlist-mine' onClick={() => redirectTo({ url: withQuery(ROUTES.bookingMine, { tab: 'waitlist' }) })}>
            查看我的候补
          </Button>
          <Button className='hp-btn hp-btn--ghost hp-btn--block' onClick={() => navigateBack()}>
            返回排班
          </Button>
        </View>
      </PageShell>
    );
  }

  return (
    <PageShell
      className='bk-wait'
      testId='waitlist-page'
      footer={
        <ActionButton
          className={`hp-btn hp-btn--block ${blocked ? 'hp-btn--disabled' : ''}`}
          data-testid='waitlist-submit'
          disabled={blocked || busy || undefined}
          loading={busy}
          onClick={() => !blocked && setAsking(true)}
        >
          加入候补（不需预先付费）
        </ActionButton>
      }
    >
      <Text className='hp-section-title'>就诊人</Text>
      <MemberSwitcher value={member?.id} onChange={(m) => setMember({ id: m.id, name: m.name })} onNone={() => setNoMember(true)} />
      <StatusView loading={quote.loading && !q} error={quote.error} onRetry={() => void quote.reload()} keepChildren>
        {q && (
          <View>
            {error && (
              <View className='hp-alert hp-alert--error' data-testid='waitlist-error' role='alert'>
                <Text>{error}</Text>
              </View>
            )}
            {q.remaining > 0 && q.waiting === 0 && (
              <View className='hp-alert hp-alert--info' data-testid='waitlist-has-places'>
                <Text>该时段现在有号源，无需候补，可直接预约。</Text>
                <Button className='hp-btn hp-btn--ghost' onClick={() => redirectTo({ url: withQuery(ROUTES.bookingSchedule, { doctorId: doctorId || q.doctor.id }) })}>
                  去预约
                </Button>
              </View>
            )}
            <View className='bk-card' data-testid='waitlist-summary'>
              <Kv k='医院'>{q.hospital.name}</Kv>
              <Kv k='科室'>{q.department.name}</Kv>
              <Kv k='医生'>{`${q.doctor.name} ${q.doctor.title}`}</Kv>
              <Kv k='就诊时间'>{`${dateLabel(q.date)} ${q.sessionLabel}`}</Kv>
              <Kv k='挂号费'>{yuan(q.feeFen)}</Kv>
              <Text className='bk-wait__count' data-testid='waitlist-waiting'>
                {q.waiting > 0 ? `已有 ${q.waiting} 人在候补，加入后排在第 ${q.waiting + 1} 位` : '目前无人候补，加入后排在第 1 位'}
              </Text>
            </View>
            <SubscribeSwitch title='候补成功时通知我' hint={`通过微信服务通知发送，请在${q.payMinutes}分钟内支付`} checked={notify} onChange={setNotify} testId='waitlist-notify' />
            <NoticeList title='候补规则' items={q.rules} testId='waitlist-rules' />
          </View>
        )}
      </StatusView>

      <ConfirmDialog
        open={asking && !!q && !!member}
        title='确认加入候补'
        content={
          q && member
            ? `为「${member.name}」候补 ${dateLabel(q.date)} ${q.sessionLabel} ${q.doctor.name}（${q.department.name}）。候补成功后将为您锁号，请在${q.payMinutes}分钟内支付挂号费 ${yuan(q.feeFen)}，逾期自动释放给下一位。`
            : ''
        }
        confirmText='确认候补'
        busy={busy}
        onConfirm={asyncHandler(submit)}
        onCancel={() => setAsking(false)}
      />
    </PageShell>
  );
}
