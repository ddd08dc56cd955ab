import { Input, Text, View } from '@tarojs/components';
import type { FollowupKind, SelfReportAnswers } from '@healthpocket/shared-types';
import { selfReportFields } from '@healthpocket/shared-types/src/followup-constants';
import { FieldChips } from '../../components/FieldChips';

export type SelfReportValues = Record<string, unknown>;

/** A fresh form, or the answers sent last time (sending again replaces them). */
export function initialValues(answers: SelfReportAnswers | null): SelfReportValues {
  if (!answers) return { symptoms: [] };
  const v: SelfReportValues = {};
  for (const [k, x] of Object.entries(answers)) if (x !== null) v[k] = typeof x === 'number' ? String(x) : x;
  return v;
}

/** The body the BFF takes: numbers as numbers, empty optional fields as null. */
export function bodyOf(kind: FollowupKind, values: SelfReportValues): Record<string, unknown> {
  const body: Record<string, unknown> = { kind };
  for (const f of selfReportFields(kind)) {
    const v = values[f.key];
    if (f.type === 'number') body[f.key] = v === undefined || v === '' ? (f.required ? undefined : null) : Number(v);
    else if (f.type === 'text') body[f.key] = typeof v === 'string' && v.trim() ? v.trim() : null;
    else body[f.key] = v;
  }
  return body;
}

/** The resident's lines of the national 随访 form (selfReportFields): the same options and ranges the doctor's form has. */
export function SelfReportForm({ kind, values, onChange }: { kind: FollowupKind; values: SelfReportValues; onChange: (v: SelfReportValues) => void }) {
  const set = (k: string, v: unknown) => onChange({ ...values, [k]: v });
  return (
    <View className='hp-form' data-testid='self-report-form'>
      {selfReportFields(kind).map((f) => (
        <View key={f.key} className='hp-field'>
          <Text className='hp-field__label'>
            {f.label}
            {f.unit ? `（${f.unit}）` : ''}
            {f.required ? '' : '（选填）'}
          </Text>
          {f.type === 'choice' || f.type === 'multi' ? (
            <FieldChips field={f} value={values[f.key]} testIdPrefix='sr' onChange={(v) => set(f.key, v)} />
          ) : (
            <Input
              className='hp-field__input'
              data-testid={`sr-${f.key}`}
              type={f.type === 'number' ? 'digit' : 'text'}
              maxlength={f.type === 'text' ? 100 : 6}
              value={String(values[f.key] ?? '')}
              placeholder={f.type === 'text' ? '没有可不填' : f.range ? `${f.range[0]}–${f.range[1]}` : ''}
              onInput={(e) => set(f.key, e.detail.value)}
            />
          )}
        </View>
      ))}
    </View>
  );
}
