import { Button, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { REPORT_STATUS_LABELS } from '@healthpocket/shared-types/src/report-constants';
import { PageShell } from '../../../components/PageShell';
import { useRequest } from '../../../components/useRequest';
import { withQuery } from '../../../services/routes';
import { recordsApi } from '../../api';
import { FreshnessNote, RecordGate } from '../../components/RecordGate';
import { RECORD_PAGES } from '../../routes';
import { navigateTo } from '../../../services/navigate';
import '../../records.scss';

const FILTERS = [
  { key: 'all', label: '全部' },
  { key: 'lab', label: '检验' },
  { key: 'imaging', label: '检查' },
  { key: 'abnormal', label: '有异常' },
] as const;

/** 待出报告, 危急值, N 项异常 or 正常 — in words, not colour alone. */
function reportTag(r: { status: 'registered' | 'final'; abnormalCount: number; criticalCount: number }): string {
  if (r.status === 'registered') return REPORT_STATUS_LABELS.registered;
  if (r.criticalCount) return `${r.abnormalCount} 项异常 · 含危急值`;
  return r.abnormalCount ? `${r.abnormalCount} 项异常` : '正常';
}

export default function ReportsPage() {
  const member = useRouter().params?.member ?? '';
  const [filter, setFilter] = useState<(typeof FILTERS)[number]['key']>('all');
  const req = useRequest(() => recordsApi.reports(member), [member]);
  const pending = (req.data?.items ?? []).some((r) => r.status === 'registered');
  // WeChat: asked in the tap itself (awaiting anything first makes WeChat refuse); one acceptance, one message.
  const askToBeTold = () => {
    Taro.requestSubscribeMessage({ tmplIds: req.data?.subscribeTemplateIds ?? [], entityIds: [] } as never)
      .then(() => Taro.showToast({ title: '出报告时将提醒您', icon: 'none' }))
      .catch(() => undefined);
  };
  const items = (req.data?.items ?? []).filter((r) => filter === 'all' || (filter === 'abnormal' ? r.abnormalCount > 0 : r.kind === filter));
  return (
    <PageShell testId='records-reports'>
      <View className='rec-tabs'>
        {FILTERS.map((f) => (
          <View
            role='button'
            aria-pressed={filter === f.key ? 'true' : 'false'}
            key={f.key}
            className={`hp-chip ${filter === f.key ? 'hp-chip--active' : ''}`}
            data-testid={`reports-filter-${f.key}`}
            onClick={() => setFilter(f.key)}
          >
            <Text>{f.label}</Text>
          </View>
        ))}
      </View>
      <RecordGate
        loading={req.loading && !req.data}
        error={req.error}
        onRetry={() => void req.reload()}
        onConsented={() => void req.reload()}
        empty={!!req.data && items.length === 0}
        emptyText='暂无报告'
      >
        <FreshnessNote data={req.data} />
        {pending && process.env.TARO_ENV === 'weapp' && (
          <Button className='hp-btn hp-btn--ghost' data-testid='reports-subscribe' onClick={askToBeTold}>
            出报告时提醒我
          </Button>
        )}
        {items.map((r) => (
          <View role='button' key={r.id} className='rec-item' data-testid='report-item' onClick={() => navigateTo({ url: withQuery(RECORD_PAGES.report, { member, id: r.id }) })}>
            <View className='rec-item__main'>
              <Text className='rec-item__title'>
                {r.title}
                {r.isNew && (
                  <Text className='rec-new' data-testid='report-new' aria-label='新报告，未查看'>
                    新
                  </Text>
                )}
              </Text>
              <Text className='rec-item__meta'>
                {r.date} · {r.institution} · {r.kind === 'lab' ? '检验' : '检查'}
              </Text>
            </View>
            <Text className={`rec-tag ${r.criticalCount ? 'rec-tag--urgent' : r.abnormalCount ? 'rec-tag--abnormal' : ''}`} data-testid='report-tag'>
              {reportTag(r)}
            </Text>
          </View>
        ))}
        <View className='rec-bottom' />
      </RecordGate>
    </PageShell>
  );
}
