import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { PageShell } from '../../../components/PageShell';
import { useRequest } from '../../../components/useRequest';
import { withQuery } from '../../../services/routes';
import { recordsApi } from '../../api';
import { FreshnessNote, RecordGate } from '../../components/RecordGate';
import { CATEGORY_LABELS } from '../../format';
import { RECORD_PAGES } from '../../routes';
import { navigateTo } from '../../../services/navigate';
import '../../records.scss';

const KINDS = [
  { key: undefined, label: '全部' },
  { key: 'hypertension' as const, label: '高血压' },
  { key: 'diabetes' as const, label: '2型糖尿病' },
];

export default function FollowupsPage() {
  const member = useRouter().params?.member ?? '';
  const [kind, setKind] = useState<'hypertension' | 'diabetes' | undefined>(undefined);
  const req = useRequest(() => recordsApi.followups(member, kind), [member, kind]);
  const items = req.data?.items ?? [];
  return (
    <PageShell testId='records-followups'>
      <View className='rec-tabs'>
        {KINDS.map((k) => (
          <View role='button' aria-pressed={kind === k.key ? 'true' : 'false'} key={k.label} className={`hp-chip ${kind === k.key ? 'hp-chip--active' : ''}`} onClick={() => setKind(k.key)}>
            <Text>{k.label}</Text>
          </View>
        ))}
      </View>
      <RecordGate
        loading={req.loading && !req.data}
        error={req.error}
        onRetry={() => void req.reload()}
        onConsented={() => void req.reload()}
        empty={!!req.data && items.length === 0}
        emptyText='暂无慢病随访记录'
      >
        <FreshnessNote data={req.data} />
        {items.map((f) => {
          const cat = f.kind === 'diabetes' && f.glucoseCategory && f.glucoseCategory !== 'normal' ? f.glucoseCategory : f.bpCategory;
          return (
            <View role='button' key={f.id} className='rec-item' data-testid='followup-item' onClick={() => navigateTo({ url: withQuery(RECORD_PAGES.followup, { member, id: f.id }) })}>
              <View className='rec-item__main'>
                <Text className='rec-item__title'>
                  {f.date} {f.kindLabel}
                </Text>
                <Text className='rec-item__meta'>
                  血压 {f.sbp}/{f.dbp} mmHg{f.fastingGlucose !== null ? ` · 空腹血糖 ${f.fastingGlucose}` : ''} · {f.classification}
                </Text>
                {f.referral && (
                  <Text className='rec-item__meta rec-flag'>
                    已转诊：{f.referral.institution}
                    {f.referral.department}
                  </Text>
                )}
              </View>
              <Text className={`rec-tag rec-tag--${cat}`}>{CATEGORY_LABELS[cat]}</Text>
            </View>
          );
        })}
        <View className='rec-bottom' />
      </RecordGate>
    </PageShell>
  );
}
