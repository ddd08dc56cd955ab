import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { PageShell } from '../../../components/PageShell';
import { useRequest } from '../../../components/useRequest';
import { withQuery } from '../../../services/routes';
import { recordsApi } from '../../api';
import { FreshnessNote, RecordGate } from '../../components/RecordGate';
import { RECORD_PAGES } from '../../routes';
import '../../records.scss';

const FILTERS = [
  { key: 'all', label: '全部' },
  { key: 'lab', label: '检验' },
  { key: 'imaging', label: '检查' },
  { key: 'abnormal', label: '有异常' },
] as const;

export default function ReportsPage() {
  const member = useRouter().params?.member ?? '';
  const [filter, setFilter] = useState<(typeof FILTERS)[number]['key']>('all');
  const req = useRequest(() => recordsApi.reports(member), [member]);
  const items = (req.data?.items ?? []).filter((r) => filter === 'all' || (filter === 'abnormal' ? r.abnormalCount > 0 : r.kind === filter));
  return (
    <PageShell testId='records-reports'>
      <View className='rec-tabs'>
        {FILTERS.map((f) => (
          <View key={f.key} className={`hp-chip ${filter === f.key ? 'hp-chip--active' : ''}`} data-testid={`reports-filter-${f.key}`} onClick={() => setFilter(f.key)}>
            <Text>{f.label}</Text>
          </View>
        ))}
      </View>
      <RecordGate loading={req.loading && !req.data} error={req.error} onRetry={req.reload} onConsented={req.reload} empty={!!req.data && items.length === 0} emptyText='暂无报告'>
        <FreshnessNote data={req.data} />
        {items.map((r) => (
          <View key={r.id} className='rec-item' data-testid='report-item' onClick={() => Taro.navigateTo({ url: withQuery(RECORD_PAGES.report, { member, id: r.id }) })}>
            <View className='rec-item__main'>
              <Text className='rec-item__title'>{r.title}</Text>
              <Text className='rec-item__meta'>
                {r.date} · {r.institution} · {r.kind === 'lab' ? '检验' : '检查'}
              </Text>
            </View>
            <Text className={`rec-tag ${r.abnormalCount ? 'rec-tag--urgent' : ''}`}>{r.abnormalCount ? `${r.abnormalCount} 项异常` : '正常'}</Text>
          </View>
        ))}
        <View className='rec-bottom' />
      </RecordGate>
    </PageShell>
  );
}
