import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { PageShell } from '../../../components/PageShell';
import { useRequest } from '../../../components/useRequest';
import { recordsApi } from '../../api';
import { FreshnessNote, RecordGate } from '../../components/RecordGate';
import { CATEGORY_LABELS } from '../../format';
import '../../records.scss';

const Row = ({ label, value, flag }: { label: string; value: string; flag?: boolean }) => (
  <View className='rec-row'>
    <Text className='rec-row__label'>{label}</Text>
    <Text className={`rec-row__value ${flag ? 'rec-flag' : ''}`}>{value}</Text>
  </View>
);

export default function FollowupPage() {
  const { params } = useRouter();
  const req = useRequest(() => recordsApi.followup(params?.member ?? '', params?.id ?? ''), [params?.member, params?.id]);
  const f = req.data;
  return (
    <PageShell testId='records-followup'>
      <RecordGate loading={req.loading && !f} error={req.error} onRetry={() => void req.reload()} onConsented={() => void req.reload()}>
        {f && (
          <View>
            <FreshnessNote data={f} />
            <View className='rec-card'>
              <Text className='rec-card__title'>{f.kindLabel}</Text>
              <Text className='rec-card__sub'>
                {f.date} · {f.method}随访 · {f.institution} {f.doctorName}
              </Text>
              <Row label='症状' value={f.symptoms.join('、')} />
              <Row label='血压' value={`${f.sbp}/${f.dbp} mmHg（${CATEGORY_LABELS[f.bpCategory]}）`} flag={f.bpCategory !== 'normal'} />
              {f.fastingGlucose !== null && f.glucoseCategory && (
                <Row label='空腹血糖' value={`${f.fastingGlucose} mmol/L（${CATEGORY_LABELS[f.glucoseCategory]}）`} flag={f.glucoseCategory !== 'normal'} />
              )}
              <Row label='心率' value={`${f.heartRate} 次/分`} />
              <Row label='体重 / BMI' value={`${f.weightKg} kg / ${f.bmi}`} />
              <Row label='服药依从性' value={f.adherence} flag={f.adherence !== '规律'} />
              <Row label='药物不良反应' value={f.adverseReaction ?? '无'} flag={!!f.adverseReaction} />
              <Row label='此次随访分类' value={f.classification} flag={f.classification !== '控制满意'} />
              <Row label='用药情况' value={f.medications.map((m) => `${m.name} ${m.usage}`).join('\n')} />
              {f.referral && <Row label='转诊' value={`${f.referral.institution}${f.referral.department}：${f.referral.reason}`} flag />}
              <Row label='医生建议' value={f.advice} />
              <Row label='下次随访' value={f.nextVisitDate ?? '—'} />
            </View>
          </View>
        )}
      </RecordGate>
    </PageShell>
  );
}
