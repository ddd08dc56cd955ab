import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { PageShell } from '../../../components/PageShell';
import { useRequest } from '../../../components/useRequest';
import { recordsApi } from '../../api';
import { FreshnessNote, RecordGate } from '../../components/RecordGate';
import '../../records.scss';

/** 接诊记录 in SOAP form: 主观资料, 客观资料, 评估, 处置计划. */
export default function VisitPage() {
  const { params } = useRouter();
  const req = useRequest(() => recordsApi.visit(params?.member ?? '', params?.id ?? ''), [params?.member, params?.id]);
  const v = req.data;
  return (
    <PageShell testId='records-visit'>
      <RecordGate loading={req.loading && !v} error={req.error} onRetry={() => void req.reload()} onConsented={() => void req.reload()}>
        {v && (
          <View>
            <FreshnessNote data={v} />
            <View className='rec-card'>
              <Text className='rec-card__title'>{v.typeLabel}</Text>
              <Text className='rec-card__sub'>
                {v.date} · {v.institution} {v.department} · {v.doctorName}
              </Text>
              <Text className='rec-label'>S 主观资料</Text>
              <Text className='rec-text'>{v.subjective}</Text>
              <Text className='rec-label'>O 客观资料</Text>
              <Text className='rec-text'>{v.objective}</Text>
              <Text className='rec-label'>A 评估</Text>
              <Text className='rec-text'>{v.assessment}</Text>
              <Text className='rec-label'>P 处置计划</Text>
              <Text className='rec-text'>{v.plan}</Text>
              <Text className='rec-label'>诊断（ICD-10）</Text>
              <Text className='rec-text'>{v.diagnoses.map((d) => `${d.name} ${d.code}`).join('\n')}</Text>
            </View>
          </View>
        )}
      </RecordGate>
    </PageShell>
  );
}
