import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { PageShell } from '../../../components/PageShell';
import { useRequest } from '../../../components/useRequest';
import { withQuery } from '../../../services/routes';
import { recordsApi } from '../../api';
import { FreshnessNote, RecordGate } from '../../components/RecordGate';
import { RECORD_PAGES } from '../../routes';
import { navigateTo } from '../../../services/navigate';
import '../../records.scss';

export default function CheckupsPage() {
  const member = useRouter().params?.member ?? '';
  const req = useRequest(() => recordsApi.checkups(member), [member]);
  const items = req.data?.items ?? [];
  return (
    <PageShell testId='records-checkups'>
      <RecordGate
        loading={req.loading && !req.data}
        error={req.error}
        onRetry={() => void req.reload()}
        onConsented={() => void req.reload()}
        empty={!!req.data && items.length === 0}
        emptyText='暂无健康体检记录'
      >
        <FreshnessNote data={req.data} />
        {items.map((c) => (
          <View role='button' key={c.id} className='rec-item' data-testid='checkup-item' onClick={() => navigateTo({ url: withQuery(RECORD_PAGES.checkup, { member, id: c.id }) })}>
            <View className='rec-item__main'>
              <Text className='rec-item__title'>{c.date} 健康体检</Text>
              <Text className='rec-item__meta'>
                血压 {c.vitals.bpLeft.sbp}/{c.vitals.bpLeft.dbp} · BMI {c.vitals.bmi} · {c.institution}
              </Text>
            </View>
            <Text className={`rec-tag ${c.abnormalities.length ? 'rec-tag--abnormal' : ''}`}>{c.abnormalities.length ? `${c.abnormalities.length} 项异常` : '无异常'}</Text>
          </View>
        ))}
        <View className='rec-bottom' />
      </RecordGate>
    </PageShell>
  );
}
