import { Button, Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import type { FollowupForm, FollowupKind, FollowupView } from '@healthpocket/shared-types';
import { FOLLOWUP_FORMS, followupProblem } from '@healthpocket/shared-types/src/followup-constants';
import { messageOf } from '../../../services/api';
import { followupApi } from '../../../services/followup-api';

const chinaToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const SKIP = new Set(['medications', 'referral']);

/** The national 随访 form, rendered from FOLLOWUP_FORMS (shared-types): every field the form has, nothing invented. */
export function FollowupFormPane(props: { recordNumber: string; kind: FollowupKind; onDone: (f: FollowupView) => void }) {
  const form = FOLLOWUP_FORMS[props.kind];
  const [values, setValues] = useState<Record<string, unknown>>(() => ({ date: chinaToday(), nextVisitDate: addDays(chinaToday(), 90), symptoms: ['无症状'], method: '门诊' }));
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
      props.onDone(await followupApi.record(body as FollowupForm));
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className='wbp-form' data-testid='wbp-form'>
      <Text className='hp-section-title'>{form.title}</Text>
      <View className='wbp-form__grid'>
        {form.fields.filter((f) => !SKIP.has(f.key)).map((f) => (
          <View key={f.key} className={`hp-field wbp-form__field ${f.type === 'multi' || f.type === 'text' ? 'wbp-form__field--wide' : ''}`}>
            <Text className='hp-field__label'>
              {f.label}
              {f.unit ? `（${f.unit}）` : ''}
              {f.required ? ' *' : ''}
            </Text>
            {f.type === 'choice' || f.type === 'multi' ? (
              <View className='hp-chips'>
                {f.options!.map((o) => {
                  const cur = values[f.key];
                  const on = f.type === 'multi' ? Array.isArray(cur) && cur.includes(o) : cur === o;
                  const toggle = () => {
                    if (f.type === 'choice') return set(f.key, o);
                    const list = (Array.isArray(cur) ? cur : []) as string[];
                    const next = on ? list.filter((x) => x !== o) : o === '无症状' ? ['无症状'] : [...list.filter((x) => x !== '无症状'), o];
                    set(f.key, next);
                  };
                  return (
                    <View key={o} className={`hp-chip ${on ? 'hp-chip--active' : ''}`} data-testid={`wbp-${f.key}-${o}`} onClick={toggle}>
                      {o}
                    </View>
                  );
                })}
              </View>
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
      <Button className={`hp-btn ${busy ? 'hp-btn--busy' : ''}`} data-testid='wbp-submit' onClick={submit}>
        提交随访并回传平台
      </Button>
    </View>
  );
}
