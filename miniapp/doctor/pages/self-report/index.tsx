import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import type { FollowupKind, SelfReportView } from '@healthpocket/shared-types';
import { SELF_REPORT_READING_DAYS, selfReportProblem } from '@healthpocket/shared-types/src/followup-constants';
import { PageShell } from '../../../components/PageShell';
import { StatusView } from '../../../components/StatusView';
import { useRequest } from '../../../components/useRequest';
import { messageOf } from '../../../services/api';
import { doctorApi, shortTime, type SelfReportBody } from '../../../services/doctor-api';
import { ROUTES, withQuery } from '../../../services/routes';
import { SelfReportForm, bodyOf, initialValues, type SelfReportValues } from '../../components/SelfReportForm';
import { READING_CATEGORY, describeReading } from '../../../services/reading-text';
import { asyncHandler } from '../../../services/ui';
import { navigateTo } from '../../../services/navigate';
import '../../styles.scss';
import './index.scss';

const KIND: Record<FollowupKind, string> = { hypertension: '高血压随访', diabetes: '糖尿病随访' };

/**
 * 随访自报: before a due 随访 the resident tells the family doctor how they are (the national form's
 * own lines) and the last 14 days of home readings go with it. Sending again replaces it. The doctor
 * still sees the resident, classifies and signs the follow-up.
 */
export default function SelfReportPage() {
  const memberId = Taro.getCurrentInstance().router?.params.memberId ?? '';
  const req = useRequest(() => doctorApi.selfReport(memberId), [memberId]);
  const [kind, setKind] = useState<FollowupKind | null>(null);
  const [values, setValues] = useState<SelfReportValues>({ symptoms: [] });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState<SelfReportView | null>(null);

  const items = req.data?.items ?? [];
  const item = items.find((i) => i.kind === kind) ?? null;
  // The first follow-up that can be reported now, once the page has loaded.
  useEffect(() => {
    if (!req.data || kind) return;
    const first = req.data.items.find((i) => i.open) ?? req.data.items[0];
    if (first) {
      setKind(first.kind);
      setValues(initialValues(first.report?.answers ?? null));
    }
  }, [req.data, kind]);

  const choose = (k: FollowupKind) => {
    setKind(k);
    setError(null);
    setSent(null);
    setValues(initialValues(items.find((i) => i.kind === k)?.report?.answers ?? null));
  };

  const submit = async () => {
    if (!kind) return;
    setError(null);
    const body = bodyOf(kind, values);
    const problem = selfReportProblem(kind, body);
    if (problem) return setError(problem);
    setBusy(true);
    try {
      setSent(await doctorApi.sendSelfReport(memberId, body as SelfReportBody));
      void req.reload();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  const readings = req.data?.readings ?? [];
  return (
    <PageShell className='self-report' testId='self-report'>
      <StatusView loading={req.loading && !req.data} error={req.error} onRetry={() => void req.reload()}>
        {req.data && (
          <>
            <View className='dr-card'>
              <Text className='dr-card__title'>{req.data.memberName}的随访自报</Text>
              <Text className='dr-card__line'>随访前先告诉家庭医生近况，近{SELF_REPORT_READING_DAYS}天的家庭自测记录会一起发送。随访结果由医生评估。</Text>
            </View>
            {items.length > 1 && (
              <View className='hp-chips self-report__kinds'>
                {items.map((i) => (
                  <View
                    role='button'
                    aria-pressed={kind === i.kind ? 'true' : 'false'}
                    key={i.kind}
                    className={`hp-chip ${kind === i.kind ? 'hp-chip--active' : ''}`}
                    data-testid={`sr-kind-${i.kind}`}
                    onClick={() => choose(i.kind)}
                  >
                    {KIND[i.kind]}
                  </View>
                ))}
              </View>
            )}
            {item && (
              <View className={`hp-alert ${item.overdue ? 'hp-alert--warn' : 'hp-alert--info'}`} data-testid='sr-due'>
                {KIND[item.kind]}应于 {item.dueDate} 前完成{item.overdue ? '（已逾期，请尽快联系家庭医生）' : ''}。
                {item.report ? `已于 ${shortTime(item.report.submittedAt)} 发送自报，再次发送会替换上次内容。` : item.open ? '' : '到期前两周内可以提交自报。'}
              </View>
            )}
            {item?.open && kind && (
              <>
                <SelfReportForm kind={kind} values={values} onChange={setValues} />
                <Text className='hp-section-title'>
                  将一并发送：近{SELF_REPORT_READING_DAYS}天家庭自测 {readings.length} 条
                </Text>
                <View className='self-report__readings' data-testid='sr-readings'>
                  {readings.length === 0 ? (
                    <View className='hp-empty'>
                      近{SELF_REPORT_READING_DAYS}天没有家庭自测记录。
                      <Text role='button' className='self-report__link' onClick={() => navigateTo({ url: withQuery(ROUTES.doctorReadings, { memberId }) })}>
                        去记录血压血糖 ›
                      </Text>
                    </View>
                  ) : (
                    readings.map((r) => (
                      <View key={r.id} className='self-report__reading' data-testid='sr-reading'>
                        <Text>{describeReading(r)}</Text>
                        <Text className={`dr-badge dr-badge--${r.category}`}>{READING_CATEGORY[r.category]}</Text>
                        <Text className='self-report__time'>{shortTime(r.measuredAt)}</Text>
                      </View>
                    ))
                  )}
                </View>
                {/* Beside the button that was tapped, where the resident is looking. */}
                {sent && (
                  <View className='hp-alert hp-alert--info' role='status' data-testid='sr-sent'>
                    已发送给家庭医生（附近{SELF_REPORT_READING_DAYS}天自测 {sent.readings.length} 条），医生随访时会参考。
                  </View>
                )}
                {error && (
                  <View className='hp-alert hp-alert--error' role='alert' data-testid='sr-error'>
                    {error}
                  </View>
                )}
                <View className='hp-footer'>
                  <Button className={`hp-btn hp-btn--block ${busy ? 'hp-btn--busy' : ''}`} data-testid='sr-submit' disabled={busy} onClick={asyncHandler(submit)}>
                    {item.report ? '重新发送（替换上次）' : '发送给家庭医生'}
                  </Button>
                  <Text className='hp-field__hint'>自报不能代替随访。胸痛、呼吸困难、血压 ≥180/110 mmHg 等紧急情况请立即就医或拨打120。</Text>
                </View>
              </>
            )}
          </>
        )}
      </StatusView>
    </PageShell>
  );
}
