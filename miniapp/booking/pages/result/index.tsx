import { Button, Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import type { BookingView } from '@healthpocket/shared-types';
import { PageShell } from '../../../components/PageShell';
import { StatusView } from '../../../components/StatusView';
import { messageOf } from '../../../services/api';
import { ROUTES, withQuery } from '../../../services/routes';
import { bookingApi, visitTime, yuan } from '../../api';
import { redirectTo } from '../../../services/navigate';
import '../../common.scss';
import './index.scss';
import { Kv } from '../../components/Kv';

/** After paying: waits (briefly) for the hospital's confirmation, then shows the registration. */
export default function ResultPage() {
  const { id = '' } = useRouter().params as { id?: string };
  const [b, setB] = useState<BookingView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [gaveUp, setGaveUp] = useState(false);
  const alive = useRef(true);

  useEffect(() => {
    alive.current = true;
    let tries = 0;
    const poll = async () => {
      try {
        const cur = await bookingApi.get(id);
        if (!alive.current) return;
        setB(cur);
        setError(null);
        // Payment is confirmed by WeChat's notice, then the HIS: a few seconds at most, normally.
        if ((cur.status === 'confirming' || cur.status === 'pending_payment') && ++tries < 20) setTimeout(() => void poll(), 1000);
        else if (cur.status === 'confirming' || cur.status === 'pending_payment') setGaveUp(true);
      } catch (e) {
        if (alive.current) setError(messageOf(e));
      }
    };
    void poll();
    return () => {
      alive.current = false;
    };
  }, [id]);

  const ok = b?.status === 'confirmed';
  const waiting = b && (b.status === 'confirming' || b.status === 'pending_payment') && !gaveUp;

  return (
    <PageShell className='bk-result' testId='booking-result'>
      <StatusView loading={!b && !error} error={error ? new Error(error) : undefined}>
        {b && (
          <View>
            <View className={`bk-result__hero ${ok ? 'bk-result__hero--ok' : ''}`} data-testid='booking-result-status' data-status={b.status}>
              <Text className='bk-result__icon'>{ok ? '✓' : waiting ? '…' : '!'}</Text>
              <Text className='bk-result__title'>{ok ? '预约成功' : waiting ? '正在向医院确认预约…' : b.status === 'cancelled' ? '预约未成功' : b.statusLabel}</Text>
              {ok && <Text className='bk-result__sub'>请于就诊当日携带身份证或医保卡，提前30分钟到院签到</Text>}
              {!ok && !waiting && b.cancelReason && <Text className='bk-result__sub'>{b.cancelReason}</Text>}
              {gaveUp && <Text className='bk-result__sub'>医院确认较慢，结果将显示在「我的预约」中</Text>}
            </View>
            <View className='bk-card'>
              {b.hisAppointmentId && (
                <Kv k='挂号单号' testId='booking-his-id'>
                  {b.hisAppointmentId}
                </Kv>
              )}
              {ok && b.visitNo !== null && <Kv k='就诊序号'>{b.visitNo}号</Kv>}
              <Kv k='就诊人'>{b.patientName}</Kv>
              <Kv k='就诊时间'>{visitTime(b)}</Kv>
              <Kv k='地点'>
                {b.hospital.name} {b.department.name} {b.department.location}
              </Kv>
              <Kv k='医生'>
                {b.doctor.name} {b.doctor.registrationLevel}
              </Kv>
              <Kv k='挂号费'>
                {yuan(b.feeFen)}
                {b.refund ? `（${b.refund.status === 'refunded' ? '已退回' : '退款中'}）` : ''}
              </Kv>
            </View>
            <View className='hp-footer bk-result__actions'>
              <Button className='hp-btn hp-btn--block' data-testid='booking-result-detail' onClick={() => redirectTo({ url: withQuery(ROUTES.bookingDetail, { id: b.id }) })}>
                查看预约详情
              </Button>
              <Button className='hp-btn hp-btn--ghost hp-btn--block' data-testid='booking-result-mine' onClick={() => redirectTo({ url: ROUTES.bookingMine })}>
                我的预约
              </Button>
            </View>
          </View>
        )}
      </StatusView>
    </PageShell>
  );
}
