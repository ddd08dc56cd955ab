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

export default function VisitsPage() {
  const member = useRouter().params?.member ?? '';
  const req = useRequest(() => recordsApi.visits(member), [member]);
  const items = req.data?.items ?? [];
  return (
    <PageShell testId='records-visits'>
      <RecordGate
        loading={req.loading && !req.data}
        error={req.error}
        onRetry={() => void req.reload()}
        onConsented={() => void req.reload()}
        empty={!!req.data && items.length === 0}
        emptyText='暂无就诊记录'
      >
        <FreshnessNote data={req.data} />
        {items.map((v) => (
          <View role='button' key={v.id} className='rec-item' data-testid='visit-item' onClick={() => navigateTo({ url: withQuery(RECORD_PAGES.visit, { member, id: v.id }) })}>
            <View className='rec-item__main'>
              <Text className='rec-item__title'>
                {v.date} {v.assessment}
              </Text>
              <Text className='rec-item__meta'>
                {v.institution} · {v.department} · {v.doctorName}
              </Text>
            </View>
            <Text className={`rec-tag ${v.type === 'referral' ? 'rec-tag--abnormal' : ''}`}>{v.typeLabel}</Text>
          </View>
        ))}
        <View className='rec-bottom' />
      </RecordGate>
    </PageShell>
  );
}
