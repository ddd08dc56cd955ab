import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import type { StockAlertList } from '@healthpocket/shared-types';
import { useRequest } from '../../components/useRequest';
import { messageOf } from '../../services/api';
import { withQuery } from '../../services/routes';
import { VACCINE_PAGES } from '../api';
import { askStockSubscription, careApi } from '../care-api';
import { showToast } from '../../services/ui';
import { navigateTo } from '../../services/navigate';
import '../care.scss';

/**
 * 到苗提醒 on a self-paid vaccine a clinic has none of: one tap subscribes. The subscribe-message
 * request is the tap's first, synchronous call (WeChat refuses it after an await), with the
 * template loaded beforehand.
 */
export function StockAlertCard({ memberId, clinicId, vaccineCode, vaccineName }: { memberId: string; clinicId: string; vaccineCode: string; vaccineName: string }) {
  const alerts = useRequest<StockAlertList | undefined>(() => (memberId ? careApi.stockAlerts(memberId) : Promise.resolve(undefined)), [memberId]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const mine = alerts.data?.items.find((a) => a.clinicId === clinicId && a.vaccineCode === vaccineCode && a.status === 'waiting');

  const onTap = () => {
    const list = alerts.data;
    if (!list || busy) return;
    const asked = askStockSubscription(list.templateId, list.sandboxOpenid);
    setBusy(true);
    setError(null);
    void asked
      .then(() => careApi.subscribeStock(memberId, clinicId, vaccineCode))
      .then(() => {
        showToast({ title: '到苗后会通知您', icon: 'none' });
        return alerts.reload();
      })
      .catch((e: unknown) => setError(messageOf(e)))
      .finally(() => setBusy(false));
  };

  if (!alerts.data) return null;
  return (
    <View className='vx-card' data-testid='stock-alert-card'>
      <Text className='vx-name'>{vaccineName}暂无余量</Text>
      {mine ? (
        <Text className='vx-meta' data-testid='stock-alert-waiting'>
          已订阅到苗提醒，到苗后会通知您一次。
        </Text>
      ) : (
        <Text className='vx-meta'>订阅到苗提醒，这家门诊有苗后通知您一次，再来预约。</Text>
      )}
      {error && (
        <View className='hp-alert hp-alert--error' role='alert' data-testid='stock-alert-error'>
          <Text>{error}</Text>
        </View>
      )}
      <View className='vx-actions'>
        {!mine && (
          <View role='button' className={`hp-btn hp-btn--small ${busy ? 'hp-btn--busy' : ''}`} data-testid='stock-alert-subscribe' onClick={onTap}>
            <Text>到苗提醒</Text>
          </View>
        )}
        <View role='button' className='hp-btn hp-btn--small hp-btn--ghost' data-testid='stock-alert-mine' onClick={() => navigateTo({ url: withQuery(VACCINE_PAGES.alerts, { memberId }) })}>
          <Text>我的到苗提醒</Text>
        </View>
      </View>
    </View>
  );
}
