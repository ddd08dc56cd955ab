import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { PageShell } from '../../../components/PageShell';
import { useRequest } from '../../../components/useRequest';
import { recordsApi } from '../../api';
import { FreshnessNote, RecordGate } from '../../components/RecordGate';
import '../../records.scss';

export default function ImmunizationsPage() {
  const member = useRouter().params?.member ?? '';
  const req = useRequest(() => recordsApi.immunizations(member), [member]);
  const items = req.data?.items ?? [];
  return (
    <PageShell testId='records-immunizations'>
      <RecordGate
        loading={req.loading && !req.data}
        error={req.error}
        onRetry={() => void req.reload()}
        onConsented={() => void req.reload()}
        empty={!!req.data && items.length === 0}
        emptyText='暂无预防接种记录'
      >
        <FreshnessNote data={req.data} />
        {req.data?.certNo && (
          <View className='rec-card'>
            <Text className='rec-card__sub'>预防接种证 {req.data.certNo}</Text>
          </View>
        )}
        {items.map((i) => (
          <View key={`${i.vaccineCode}-${i.dose}`} className='rec-item'>
            <View className='rec-item__main'>
              <Text className='rec-item__title'>
                {i.vaccineName} 第{i.dose}剂
              </Text>
              <Text className='rec-item__meta'>
                {i.date} · {i.institution} · {i.site} · 批号 {i.batchNo}
              </Text>
            </View>
          </View>
        ))}
        <View className='rec-bottom' />
      </RecordGate>
    </PageShell>
  );
}
