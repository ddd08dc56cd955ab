import { Input, Picker, Text, Textarea, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useRef, useState } from 'react';
import { AEFI_DESCRIPTION_MAX, AEFI_SYMPTOMS, AEFI_TREATMENT, AEFI_TREATMENT_LABELS, isSevere, type AefiSymptomCode, type AefiTreatment } from '@healthpocket/shared-types/src/vaccine-care-constants';
import { chinaToday } from '../../../services/shared';
import { ActionButton } from '../../../components/ActionButton';
import { PageShell } from '../../../components/PageShell';
import { StatusView } from '../../../components/StatusView';
import { useRequest } from '../../../components/useRequest';
import { ApiError, messageOf } from '../../../services/api';
import { withQuery } from '../../../services/routes';
import { VACCINE_PAGES, newIdempotencyKey, vaccinesApi } from '../../api';
import { careApi } from '../../care-api';
import { EmergencyFirst } from './EmergencyFirst';
import { ReportList } from './ReportList';
import { asyncHandler, showToast } from '../../../services/ui';
import { redirectTo } from '../../../services/navigate';
import '../../vaccines.scss';
import '../../care.scss';

/**
 * 疑似预防接种异常反应: report symptoms after one dose of the member's record (the 个案报告卡's
 * items; the dose's vaccine, batch and maker come from the record), and the reports sent so far.
 * Severe signs put 拨打120 / 立即就医 first.
 */
export default function AefiPage() {
  const { memberId = '', doseId = '' } = useRouter().params as { memberId?: string; doseId?: string };
  const record = useRequest(() => (doseId ? vaccinesApi.record(memberId) : Promise.resolve(undefined)), [memberId, doseId]);
  const reports = useRequest(() => careApi.reports(memberId), [memberId]);
  const dose = record.data?.items.find((i) => i.id === doseId);
  const [symptoms, setSymptoms] = useState<AefiSymptomCode[]>([]);
  const [onsetDate, setOnsetDate] = useState(chinaToday());
  const [temperature, setTemperature] = useState('');
  const [description, setDescription] = useState('');
  const [treatment, setTreatment] = useState<AefiTreatment>('not_seen');
  const [hospital, setHospital] = useState('');
  const [reporterName, setReporterName] = useState('');
  const [reporterPhone, setReporterPhone] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);
  const attemptKey = useRef<string | null>(null);
  const severe = isSevere(symptoms);

  const toggle = (c: AefiSymptomCode) => setSymptoms((s) => (s.includes(c) ? s.filter((x) => x !== c) : [...s, c]));

  const check = (): string | null => {
    if (symptoms.length === 0) return '请至少选择一项症状';
    if (description.trim().length < 2) return '请简单描述发生了什么（何时出现、持续多久、现在怎样）';
    if (symptoms.includes('fever') && temperature && !(Number(temperature) >= 35 && Number(temperature) <= 43)) return '体温请填写35—43之间的数字';
    if (!reporterName.trim()) return '请填写报告人姓名';
    if (!/^1[3-9]\d{9}$/.test(reporterPhone)) return '请填写正确的手机号，接种门诊会打这个电话联系您';
    return null;
  };

  const submit = async () => {
    const p = check();
    setProblem(p);
    if (p || !dose) return;
    setBusy(true);
    attemptKey.current ??= newIdempotencyKey();
    try {
      await careApi.report(
        memberId,
        {
          doseId: dose.id,
          onsetDate,
          symptoms,
          ...(symptoms.includes('fever') && temperature ? { temperatureC: Number(temperature) } : {}),
          description: description.trim(),
          treatment,
          ...(hospital.trim() ? { hospital: hospital.trim() } : {}),
          reporterName: reporterName.trim(),
          reporterPhone,
        },
        attemptKey.current,
      );
      attemptKey.current = null;
      setSent(true);
      showToast({ title: '已提交给接种门诊', icon: 'success' });
      // The reports with their status, without the form (a reload or 返回 does not offer it again).
      redirectTo({ url: withQuery(VACCINE_PAGES.aefi, { memberId }) });
    } catch (e) {
      if (e instanceof ApiError && e.status > 0) attemptKey.current = null;
      setProblem(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  const showForm = !!doseId && !sent;
  return (
    <PageShell
      className='vc-aefi'
      testId='vaccines-aefi'
      footer={
        showForm && dose ? (
          <ActionButton className='hp-btn hp-btn--block' data-testid='aefi-submit' loading={busy} disabled={busy || undefined} onClick={asyncHandler(submit)}>
            提交给接种门诊
          </ActionButton>
        ) : undefined
      }
    >
      {severe && <EmergencyFirst />}
      {showForm && (
        <StatusView
          loading={record.loading && !record.data}
          error={record.error}
          onRetry={() => void record.reload()}
          empty={!!record.data && !dose}
          emptyText='没有找到这一剂次，请从电子接种证中选择'
        >
          {dose && (
            <View data-testid='aefi-form'>
              <View className='vx-card' data-testid='aefi-dose'>
                <Text className='vx-name'>
                  {dose.vaccineName} 第{dose.dose}剂
                </Text>
                <Text className='vx-meta'>
                  接种日期 {dose.date} · {dose.institution}
                </Text>
                <Text className='vx-meta'>
                  批号 {dose.batchNo}
                  {dose.manufacturer ? ` · ${dose.manufacturer}` : ''}
                </Text>
              </View>
              <View className='vx-card'>
                <Text className='vx-name'>出现了哪些情况（可多选）</Text>
                <View className='vc-chips'>
                  {AEFI_SYMPTOMS.map((s) => (
                    <View
                      role='button'
                      key={s.code}
                      className={`vc-chip ${symptoms.includes(s.code) ? 'vc-chip--on' : ''} ${s.severe ? 'vc-chip--severe' : ''}`}
                      data-testid={`aefi-symptom-${s.code}`}
                      data-on={symptoms.includes(s.code) ? 'true' : 'false'}
                      onClick={() => toggle(s.code)}
                    >
                      <Text>{s.label}</Text>
                    </View>
                  ))}
                </View>
                {symptoms.includes('fever') && (
                  <View className='vc-field'>
                    <Text className='vc-field__label'>最高体温（腋温，℃）</Text>
                    <Input className='vc-field__input' type='digit' data-testid='aefi-temperature' value={temperature} placeholder='例如 38.5' onInput={(e) => setTemperature(e.detail.value)} />
                  </View>
                )}
                <View className='vc-field'>
                  <Text className='vc-field__label'>反应发生日期</Text>
                  <Picker mode='date' value={onsetDate} start={dose.date} end={chinaToday()} onChange={(e) => setOnsetDate(String(e.detail.value))}>
                    <View className='vc-field__input' data-testid='aefi-onset'>
                      <Text>{onsetDate}</Text>
                    </View>
                  </Picker>
                </View>
                <View className='vc-field'>
                  <Text className='vc-field__label'>主要经过</Text>
                  <Textarea
                    className='vc-field__area'
                    data-testid='aefi-description'
                    value={description}
                    maxlength={AEFI_DESCRIPTION_MAX}
                    placeholder='何时出现、持续多久、现在怎样'
                    onInput={(e) => setDescription(e.detail.value)}
                  />
                </View>
              </View>
              <View className='vx-card'>
                <Text className='vx-name'>就诊情况</Text>
                <View className='vc-chips'>
                  {AEFI_TREATMENT.map((t) => (
                    <View
                      role='button'
                      aria-pressed={treatment === t ? 'true' : 'false'}
                      key={t}
                      className={`vc-chip ${treatment === t ? 'vc-chip--on' : ''}`}
                      data-testid={`aefi-treatment-${t}`}
                      onClick={() => setTreatment(t)}
                    >
                      <Text>{AEFI_TREATMENT_LABELS[t]}</Text>
                    </View>
                  ))}
                </View>
                {treatment !== 'not_seen' && (
                  <View className='vc-field'>
                    <Text className='vc-field__label'>就诊医院</Text>
                    <Input className='vc-field__input' data-testid='aefi-hospital' value={hospital} maxlength={64} onInput={(e) => setHospital(e.detail.value)} />
                  </View>
                )}
              </View>
              <View className='vx-card'>
                <Text className='vx-name'>报告人</Text>
                <View className='vc-field'>
                  <Text className='vc-field__label'>姓名</Text>
                  <Input className='vc-field__input' data-testid='aefi-reporter-name' value={reporterName} maxlength={32} onInput={(e) => setReporterName(e.detail.value)} />
                </View>
                <View className='vc-field'>
                  <Text className='vc-field__label'>手机号</Text>
                  <Input className='vc-field__input' type='number' data-testid='aefi-reporter-phone' value={reporterPhone} maxlength={11} onInput={(e) => setReporterPhone(e.detail.value)} />
                  <Text className='vc-field__hint'>接种门诊会在48小时内打这个电话核实情况</Text>
                </View>
              </View>
              {problem && (
                <View className='hp-alert hp-alert--error' data-testid='aefi-problem' role='alert'>
                  <Text>{problem}</Text>
                </View>
              )}
            </View>
          )}
        </StatusView>
      )}
      <Text className='hp-section-title'>已提交的报告</Text>
      <StatusView
        loading={reports.loading && !reports.data}
        error={reports.error}
        onRetry={() => void reports.reload()}
        empty={reports.data?.items.length === 0}
        emptyText='还没有报告过疑似异常反应。如接种后身体不适，可从电子接种证中选择那一剂次报告。'
        emptyAction={
          !doseId ? (
            <View role='button' className='hp-btn hp-btn--small' data-testid='aefi-go-record' onClick={() => redirectTo({ url: withQuery(VACCINE_PAGES.record, { memberId }) })}>
              <Text>去电子接种证</Text>
            </View>
          ) : undefined
        }
      >
        {reports.data && <ReportList items={reports.data.items} />}
      </StatusView>
    </PageShell>
  );
}
