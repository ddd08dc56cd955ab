import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { PageShell } from '../../../components/PageShell';
import { StatusView } from '../../../components/StatusView';
import { useRequest } from '../../../components/useRequest';
import { messageOf } from '../../../services/api';
import { withQuery } from '../../../services/routes';
import { ConsentGate } from '../../components/ConsentGate';
import { VACCINE_PAGES } from '../../api';
import { careApi } from '../../care-api';
import { showToast } from '../../../services/ui';
import { navigateTo, redirectTo } from '../../../services/navigate';
import '../../vaccines.scss';
import '../../care.scss';

/** 到苗提醒 of one member: waiting (cancel) and notified (book now). */
export default function StockAlertsPage() {
  const { memberId = '' } = useRouter().params as { memberId?: string };
  const req = useRequest(() => careApi.stockAlerts(memberId), [memberId]);
  const [error, setError] = useState<string | null>(null);
  const cancel = async (id: string) => {
    setError(null);
    try {
      await careApi.cancelStock(memberId, id);
      showToast({ title: '已取消提醒', icon: 'none' });
      void req.reload();
    } catch (e) {
      setError(messageOf(e));
    }
  };
  const list = req.data;
  return (
    <PageShell className='vc-alerts' testId='vaccines-alerts'>
      {error && (
        <View className='hp-alert hp-alert--error' role='alert'>
          <Text>{error}</Text>
        </View>
      )}
      <ConsentGate loading={req.loading && !list} error={req.error} onRetry={() => void req.reload()} onConsented={() => void req.reload()}>
        <StatusView
          empty={list?.items.length === 0}
          emptyText='还没有到苗提醒。自费疫苗约满、暂无余量时，可在预约页点「到苗提醒」，到苗后会通知您一次。'
          emptyAction={
            <View role='button' className='hp-btn hp-btn--small' data-testid='alerts-go-catalogue' onClick={() => redirectTo({ url: withQuery(VACCINE_PAGES.catalogue, { memberId }) })}>
              <Text>看看自费疫苗</Text>
            </View>
          }
        >
          {list && <Text className='hp-section-title'>等待中的提醒最多{list.limit}个</Text>}
          {list?.items.map((a) => (
            <View key={a.id} className='vx-card' data-testid={`stock-alert-${a.id}`} data-status={a.status}>
              <View className='vx-row'>
                <Text className='vx-name'>{a.vaccineName}</Text>
                <Text className={`vx-tag ${a.status === 'notified' ? 'vx-tag--due' : ''}`}>{a.statusLabel}</Text>
              </View>
              <Text className='vx-meta'>{a.clinicName}</Text>
              <View className='vx-actions'>
                {a.status === 'waiting' ? (
                  <View role='button' className='hp-btn hp-btn--small hp-btn--ghost' data-testid={`stock-alert-cancel-${a.id}`} onClick={() => void cancel(a.id)}>
                    <Text>取消提醒</Text>
                  </View>
                ) : (
                  <View
                    role='button'
                    className='hp-btn hp-btn--small'
                    data-testid={`stock-alert-book-${a.id}`}
                    onClick={() => navigateTo({ url: withQuery(VACCINE_PAGES.book, { memberId, code: a.vaccineCode, clinicId: a.clinicId }) })}
                  >
                    <Text>去预约</Text>
                  </View>
                )}
              </View>
            </View>
          ))}
        </StatusView>
      </ConsentGate>
    </PageShell>
  );
}
