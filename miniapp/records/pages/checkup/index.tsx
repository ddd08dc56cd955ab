import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { PageShell } from '../../../components/PageShell';
import { useRequest } from '../../../components/useRequest';
import { recordsApi } from '../../api';
import { ExamRows } from '../../components/ExamRows';
import { FreshnessNote, RecordGate } from '../../components/RecordGate';
import '../../records.scss';

const Row = ({ label, value, flag }: { label: string; value: string; flag?: boolean }) => (
  <View className='rec-row'>
    <Text className='rec-row__label'>{label}</Text>
    <Text className={`rec-row__value ${flag ? 'rec-flag' : ''}`}>{value}</Text>
  </View>
);

export default function CheckupPage() {
  const { params } = useRouter();
  const req = useRequest(() => recordsApi.checkup(params?.member ?? '', params?.id ?? ''), [params?.member, params?.id]);
  const c = req.data;
  return (
    <PageShell testId='records-checkup'>
      <RecordGate loading={req.loading && !c} error={req.error} onRetry={() => void req.reload()} onConsented={() => void req.reload()}>
        {c && (
          <View>
            <FreshnessNote data={c} />
            <View className='rec-card'>
              <Text className='rec-card__title'>{c.date} 健康体检</Text>
              <Text className='rec-card__sub'>
                {c.institution} · 责任医生 {c.doctorName}
              </Text>
              <Row label='健康评价' value={c.assessment} flag={c.abnormalities.length > 0} />
              {c.abnormalities.length > 0 && <Row label='异常' value={c.abnormalities.join('\n')} flag />}
              <Row label='健康指导' value={c.guidance.join('\n')} />
            </View>
            <View className='rec-card'>
              <Text className='rec-card__title'>一般状况</Text>
              <Row label='体温' value={`${c.vitals.temperature} ℃`} />
              <Row label='脉率 / 呼吸' value={`${c.vitals.pulse} 次/分 / ${c.vitals.respiration} 次/分`} />
              <Row label='血压 左侧' value={`${c.vitals.bpLeft.sbp}/${c.vitals.bpLeft.dbp} mmHg`} flag={c.bpCategory !== 'normal'} />
              <Row label='血压 右侧' value={`${c.vitals.bpRight.sbp}/${c.vitals.bpRight.dbp} mmHg`} />
              <Row label='身高 / 体重' value={`${c.vitals.heightCm} cm / ${c.vitals.weightKg} kg`} />
              <Row label='腰围 / BMI' value={`${c.vitals.waistCm} cm / ${c.vitals.bmi}`} flag={c.vitals.bmi >= 24} />
            </View>
            <View className='rec-card'>
              <Text className='rec-card__title'>生活方式与脏器功能</Text>
              <Row label='体育锻炼' value={c.lifestyle.exercise} />
              <Row label='饮食习惯' value={c.lifestyle.diet} />
              <Row label='吸烟 / 饮酒' value={`${c.lifestyle.smoking} / ${c.lifestyle.drinking}`} />
              <Row label='口腔' value={c.organs.oral} />
              <Row label='视力' value={c.organs.vision} />
              <Row label='听力' value={c.organs.hearing} />
              <Row label='运动功能' value={c.organs.motor} />
            </View>
            <View className='rec-card'>
              <Text className='rec-card__title'>辅助检查</Text>
              <ExamRows items={c.exams} />
            </View>
            <View className='rec-bottom' />
          </View>
        )}
      </RecordGate>
    </PageShell>
  );
}
