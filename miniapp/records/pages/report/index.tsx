import { Button, Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { REPORT_NEXT_STEPS, REPORT_STATUS_LABELS } from '@healthpocket/shared-types/src/report-constants';
import { PageShell } from '../../../components/PageShell';
import { useRequest } from '../../../components/useRequest';
import { ROUTES, withQuery } from '../../../services/routes';
import { recordsApi } from '../../api';
import { ExamRows } from '../../components/ExamRows';
import { FreshnessNote, RecordGate } from '../../components/RecordGate';
import { formatTime } from '../../format';
import { navigateTo } from '../../../services/navigate';
import '../../records.scss';

/** The summary line first: how many results are outside their range, and what to do about a 危急值. */
function ReportSummary({ abnormal, critical, member }: { abnormal: number; critical: number; member: string }) {
  if (abnormal === 0) {
    return (
      <View className='hp-alert hp-alert--info' data-testid='report-summary'>
        <Text>各项结果均在参考范围内</Text>
      </View>
    );
  }
  return (
    <View className={`hp-alert ${critical ? 'hp-alert--error' : 'hp-alert--warn'}`} data-testid='report-summary'>
      <Text className='rec-summary__count' data-testid='report-abnormal-note'>
        {abnormal} 项异常{critical ? `，其中 ${critical} 项危急值` : ''}
      </Text>
      <Text className='rec-summary__next' data-testid='report-next-step'>
        {critical ? REPORT_NEXT_STEPS.critical : REPORT_NEXT_STEPS.abnormal}
      </Text>
      <View className='rec-summary__actions'>
        <Button className='hp-btn hp-btn--ghost' data-testid='report-contact-doctor' onClick={() => navigateTo({ url: withQuery(ROUTES.doctor, { memberId: member }) })}>
          联系医生
        </Button>
        <Button className='hp-btn' data-testid='report-book-visit' onClick={() => navigateTo({ url: ROUTES.booking })}>
          就医挂号
        </Button>
      </View>
    </View>
  );
}

export default function ReportPage() {
  const { params } = useRouter();
  const member = params?.member ?? '';
  const req = useRequest(() => recordsApi.report(member, params?.id ?? ''), [member, params?.id]);
  const r = req.data;
  return (
    <PageShell testId='records-report'>
      <RecordGate loading={req.loading && !r} error={req.error} onRetry={() => void req.reload()} onConsented={() => void req.reload()}>
        {r && (
          <View>
            <FreshnessNote data={r} />
            {r.status === 'final' && <ReportSummary abnormal={r.abnormalCount} critical={r.criticalCount} member={member} />}
            <View className='rec-card'>
              <Text className='rec-card__title'>{r.title}</Text>
              <Text className='rec-card__sub'>
                {r.date} · {r.institution} {r.department} · {REPORT_STATUS_LABELS[r.status]}
                {r.reportedAt ? ` ${formatTime(r.reportedAt)}` : ''}
              </Text>
              {r.status === 'final' && (
                <Text className='rec-card__sub'>
                  申请医生 {r.orderedBy}
                  {r.specimen ? ` · 标本 ${r.specimen}` : ''} · 报告 {r.reportedBy} · 审核 {r.reviewedBy}
                </Text>
              )}
            </View>
            {r.status === 'registered' && (
              <View className='hp-alert hp-alert--info' data-testid='report-pending'>
                <Text>报告尚未发布，出报告后会通过订阅消息和消息中心告诉您</Text>
              </View>
            )}
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
