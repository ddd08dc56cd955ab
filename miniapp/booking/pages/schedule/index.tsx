import { Button, ScrollView, Text, View } from '@tarojs/components';
import { useDidShow, useRouter } from '@tarojs/taro';
import { useMemo, useRef, useState } from 'react';
import type { SessionView } from '@healthpocket/shared-types';
import { PageShell } from '../../../components/PageShell';
import { StatusView } from '../../../components/StatusView';
import { useRequest } from '../../../components/useRequest';
import { ROUTES, withQuery } from '../../../services/routes';
import { isLoggedIn } from '../../../services/session';
import { bookingApi, hhmm, weekdayOf, yuan } from '../../api';
import { navigateTo } from '../../../services/navigate';
import '../../common.scss';
import './index.scss';

function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); d.toISOString().slice(0, 10) <= to; d.setUTCDate(d.getUTCDate() + 1)) out.push(d.toISOString().slice(0, 10));
  return out;
}

/** A doctor's sessions across the booking window (上午/下午 × date, with remaining counts), then the time slots. */
export default function SchedulePage() {
  const { doctorId = '' } = useRouter().params as { doctorId?: string };
  const req = useRequest(() => bookingApi.schedule(doctorId), [doctorId]);
  const [chosen, setChosen] = useState<string | null>(null);
  const [showIntro, setShowIntro] = useState(false);
  const firstShow = useRef(true);
  // Back from the confirm page: counts may have changed.
  useDidShow(() => {
    if (firstShow.current) firstShow.current = false;
    else void req.reload();
  });

  const data = req.data;
  const dates = useMemo(() => (data ? datesBetween(data.from, data.to) : []), [data]);
  const byKey = useMemo(() => new Map((data?.items ?? []).map((s) => [`${s.date}-${s.session}`, s])), [data]);
  const selected: SessionView | undefined = (data?.items ?? []).find((s) => s.id === chosen) ?? (data?.items ?? []).find((s) => s.bookable);

  const pick = (slotId: string) => {
    const url = withQuery(ROUTES.bookingConfirm, { slotId, doctorId });
    navigateTo({ url: isLoggedIn() ? url : ROUTES.login });
  };

  const waitFor = (sessionId: string) => {
    const url = withQuery(ROUTES.bookingWaitlist, { sessionId, doctorId });
    navigateTo({ url: isLoggedIn() ? url : ROUTES.login });
  };

  const cell = (date: string, code: 'am' | 'pm') => {
    const s = byKey.get(`${date}-${code}`);
    if (!s)
      return (
        <View key={`${date}-${code}`} className='bk-grid__cell bk-grid__cell--none'>
          <Text>—</Text>
        </View>
      );
    const active = selected?.id === s.id;
    return (
      <View
        role='button'
        key={s.id}
        className={`bk-grid__cell bk-grid__cell--${s.status} ${active ? 'bk-grid__cell--active' : ''}`}
        data-testid={`booking-cell-${s.id}`}
        onClick={() => setChosen(s.id)}
      >
        <Text>{s.statusText}</Text>
      </View>
    );
  };

  return (
    <PageShell className='bk-sched' testId='booking-schedule'>
      <StatusView loading={req.loading && !data} error={req.error} onRetry={() => void req.reload()}>
        {data && (
          <View>
            <View className='bk-card bk-sched__doctor'>
              <View className='bk-row'>
                <Text className='bk-title'>{data.doctor.name}</Text>
                <Text className='bk-fee'>挂号费 {yuan(data.doctor.feeFen)}</Text>
              </View>
              <Text className='bk-meta'>
                {data.doctor.hospitalName} · {data.doctor.departmentName} · {data.doctor.title}
                {data.doctor.registrationLevel === '知名专家' ? ' · 知名专家' : ''}
              </Text>
              <Text className='bk-meta'>擅长：{data.doctor.specialty}</Text>
              {showIntro && <Text className='bk-meta'>{data.doctor.intro}</Text>}
              <View role='button' className='bk-sched__more' onClick={() => setShowIntro(!showIntro)}>
                <Text>{showIntro ? '收起简介' : '医生简介'}</Text>
              </View>
            </View>

            {data.stale && (
              <View className='hp-alert hp-alert--warn' data-testid='booking-stale'>
                <Text>医院系统暂时无法访问，以下为稍早前的号源信息，预约时以医院实时号源为准</Text>
              </View>
            )}

            <Text className='hp-section-title'>出诊安排（可预约 {dates.length} 天内的号源）</Text>
            <View className='bk-grid'>
              <View className='bk-grid__labels'>
                <View className='bk-grid__head' />
                <View className='bk-grid__label'>
                  <Text>上午</Text>
                </View>
                <View className='bk-grid__label'>
                  <Text>下午</Text>
                </View>
              </View>
              <ScrollView scrollX className='bk-grid__scroll' enhanced showScrollbar={false}>
                <View className='bk-grid__cols'>
                  {dates.map((d) => (
                    <View key={d} className='bk-grid__col'>
                      <View className='bk-grid__head'>
                        <Text className='bk-grid__wd'>{weekdayOf(d)}</Text>
                        <Text className='bk-grid__date'>{`${Number(d.slice(5, 7))}/${Number(d.slice(8, 10))}`}</Text>
                      </View>
                      {cell(d, 'am')}
                      {cell(d, 'pm')}
                    </View>
                  ))}
                </View>
              </ScrollView>
            </View>

            {selected ? (
              <View className='bk-card bk-sched__slots' data-testid='booking-slots'>
                <Text className='bk-title'>{`${Number(selected.date.slice(5, 7))}月${Number(selected.date.slice(8, 10))}日 ${weekdayOf(selected.date)} ${selected.sessionLabel}`}</Text>
                <Text className='bk-meta'>{selected.bookable ? `共余 ${selected.remaining} 个号，请选择就诊时段` : selected.statusText}</Text>
                <View className='bk-sched__slot-grid'>
                  {selected.slots.map((x) => (
                    <View
                      role='button'
                      key={x.id}
                      className={`bk-slot ${x.bookable ? '' : 'bk-slot--off'}`}
                      data-testid={`booking-slot-${x.id}`}
                      aria-disabled={!x.bookable ? 'true' : 'false'}
                      onClick={() => x.bookable && pick(x.id)}
                    >
                      <Text className='bk-slot__time'>{`${hhmm(x.start)}-${hhmm(x.end)}`}</Text>
                      <Text className='bk-slot__left'>{x.remaining > 0 ? `余${x.remaining}` : '约满'}</Text>
                    </View>
                  ))}
                </View>
                {selected.status === 'full' && (
                  <View className='bk-sched__wait' data-testid='booking-waitlist'>
                    <Text className='bk-meta'>该时段已约满。加入候补后，有人退号、未支付释放或医院加号时，将按候补顺序自动为您锁号并通知您支付。</Text>
                    <Button className='hp-btn hp-btn--block' data-testid='booking-waitlist-join' onClick={() => waitFor(selected.id)}>
                      候补挂号
                    </Button>
                  </View>
                )}
              </View>
            ) : (
              <View className='hp-alert hp-alert--info'>
                <Text>当前暂无可预约的号源{data.doctor.nextAvailableDate ? '' : '，请关注放号时间或选择其他医生'}</Text>
              </View>
            )}
          </View>
        )}
      </StatusView>
    </PageShell>
  );
}
