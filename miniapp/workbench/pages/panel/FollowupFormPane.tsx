import { Button, Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import type { FollowupKind, FollowupView, SelfReportView } from '@healthpocket/shared-types';
import { FOLLOWUP_FORMS, SELF_REPORT_KEYS, followupProblem } from '@healthpocket/shared-types/src/followup-constants';
import { messageOf } from '../../../services/api';
import { followupApi, type FollowupFormBody } from '../../../services/followup-api';
import { FieldChips } from '../../../components/FieldChips';
import { asyncHandler } from '../../../services/ui';

const chinaToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const SKIP = new Set(['medications', 'referral']);

/** The national 随访 form, rendered from FOLLOWUP_FORMS (shared-types): every field the form has, nothing invented. */
/** The resident's own lines from their self-report (numbers as the inputs hold them); the doctor's lines stay empty. */
function fromSelfReport(r: SelfReportView | null | undefined): Record<string, unknown> {
  if (!r) return {};
  const out: Record<string, unknown> = {};
  for (const k of SELF_REPORT_KEYS) {
    const v = r.answers[k];
    if (v !== null && v !== undefined) out[k] = typeof v === 'number' ? String(v) : v;
  }
  return out;
}

export function FollowupFormPane(props: { recordNumber: string; kind: FollowupKind; selfReport?: SelfReportView | null; onDone: (f: FollowupView) => void }) {
  const form = FOLLOWUP_FORMS[props.kind];
  const [values, setValues] = useState<Record<string, unknown>>(() => ({
    date: chinaToday(),
    nextVisitDate: addDays(chinaToday(), 90),
    symptoms: ['无症状'],
    method: '门诊',
    ...fromSelfReport(props.selfReport),
  }));
  const [clientId] = useState(() => `fu${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: string, v: unknown) => setValues((x) => ({ ...x, [k]: v }));

  const submit = async () => {
    setError(null);
    const body: Record<string, unknown> = { kind: props.kind, recordNumber: props.recordNumber, clientId };
    for (const f of form.fields) {
      if (SKIP.has(f.key)) continue;
      const v = values[f.key];
      if (f.type === 'number') body[f.key] = v === undefined || v === '' ? (f.required ? undefined : null) : Number(v);
      else if (f.type === 'text') body[f.key] = typeof v === 'string' && v.trim() ? v.trim() : null;
      else body[f.key] = v;
    }
    // A first check here, from the form's data; the BFF validates again and has the last word.
    const problem = followupProblem(props.kind, body);
    if (problem) {
      setError(problem);
      return;
    }
    setBusy(true);
    try {
      props.onDone(await followupApi.record(body as FollowupFormBody));
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className='wbp-form' data-testid='wbp-form'>
      <Text className='hp-section-title'>{form.title}</Text>
      {props.selfReport && (
        <View className='hp-alert hp-alert--info' data-testid='wbp-prefilled'>
          已按居民 {props.selfReport.submittedAt.slice(5, 10).replace('-', '月')}日的自报预填症状、生活方式、服药依从性和不良反应，请与居民核实；体征、分类和下次随访由您填写。
        </View>
      )}
      <View className='wbp-form__grid'>
        {form.fields
          .filter((f) => !SKIP.has(f.key))
          .map((f) => (
            <View key={f.key} className={`hp-field wbp-form__field ${f.type === 'number' || f.type === 'date' ? '' : 'wbp-form__field--wide'}`}>
              <Text className='hp-field__label'>
                {f.label}
                {f.unit ? `（${f.unit}）` : ''}
                {f.required ? ' *' : ''}
              </Text>
              {f.type === 'choice' || f.type === 'multi' ? (
                <FieldChips field={f} value={values[f.key]} testIdPrefix='wbp' onChange={(v) => set(f.key, v)} />
              ) : (
                <Input
                  className='hp-field__input'
                  data-testid={`wbp-${f.key}`}
                  type={f.type === 'number' ? 'digit' : 'text'}
                  value={String(values[f.key] ?? '')}
                  placeholder={f.type === 'date' ? 'YYYY-MM-DD' : f.range ? `${f.range[0]}–${f.range[1]}` : ''}
                  onInput={(e) => set(f.key, e.detail.value)}
                />
              )}
            </View>
          ))}
      </View>
      {error && (
        <View className='hp-alert hp-alert--error' role='alert' data-testid='wbp-error'>
          {error}
        </View>
      )}
      <Button className={`hp-btn ${busy ? 'hp-btn--busy' : ''}`} data-testid='wbp-submit' onClick={asyncHandler(submit)}>
        提交随访并回传平台
      </Button>
    </View>
  );
}
