import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { PageShell } from '../../../components/PageShell';
import { useRequest } from '../../../components/useRequest';
import { recordsApi } from '../../api';
import { ExamRows } from '../../components/ExamRows';
import { FreshnessNote, RecordGate } from '../../components/RecordGate';
import '../../records.scss';

export default function ReportPage() {
  const { params } = useRouter();
  const req = useRequest(() => recordsApi.report(params?.member ?? '', params?.id ?? ''), [params?.member, params?.id]);
  const r = req.data;
  return (
    <PageShell testId='records-report'>
      <RecordGate loading={req.loading && !r} error={req.error} onRetry={req.reload} onConsented={req.reload}>
        {r && (
          <View>
            <FreshnessNote data={r} />
            <View className='rec-card'>
              <Text className='rec-card__title'>{r.title}</Text>
              <Text className='rec-card__sub'>
                {r.date} · {r.institution} {r.department}
              </Text>
              <Text className='rec-card__sub'>
                申请医生 {r.orderedBy}{r.specimen ? ` · 标本 ${r.specimen}` : ''} · 报告 {r.reportedBy} · 审核 {r.reviewedBy}
              </Text>
              {r.abnormalCount > 0 && (
                <View className='hp-alert hp-alert--error' style={{ margin: '24px 0 0' }} data-testid='report-abnormal-note'>
                  <Text>有 {r.abnormalCount} 项结果异常，请结合临床或咨询您的家庭医生</Text>
                </View>
              )}
            </View>
            {r.items.length > 0 && (
              <View className='rec-card'>
                <ExamRows items={r.items} />
              </View>
            )}
            {r.imaging && (
              <View className='rec-card' data-testid='report-imaging'>
                <Text className='rec-label'>检查方法 / 部位</Text>
                <Text className='rec-text'>
                  {r.imaging.method} · {r.imaging.bodyPart}
                </Text>
                <Text className='rec-label'>检查所见</Text>
                <Text className='rec-text'>{r.imaging.findings}</Text>
                <Text className='rec-label'>诊断意见</Text>
                <Text className={`rec-text ${r.imaging.abnormal ? 'rec-flag' : ''}`}>{r.imaging.impression}</Text>
              </View>
            )}
            <View className='rec-bottom' />
          </View>
        )}
      </RecordGate>
    </PageShell>
  );
}
