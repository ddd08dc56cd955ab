import { Button, Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import type { TriageAdvice } from '@healthpocket/shared-types';
import { PageShell } from '../../../components/PageShell';
import { StatusView } from '../../../components/StatusView';
import { useRequest } from '../../../components/useRequest';
import { messageOf } from '../../../services/api';
import { ROUTES, withQuery } from '../../../services/routes';
import { bookingApi } from '../../api';
import { navigateTo } from '../../../services/navigate';
import '../../common.scss';
import './index.scss';

const call120 = () => void Taro.makePhoneCall({ phoneNumber: '120' }).catch(() => undefined);

/** 智能导诊: pick where it hurts and what you feel (or describe it) → which department to book. Guidance, not diagnosis. */
export default function TriagePage() {
  const cat = useRequest(() => bookingApi.triage(), []);
  const [part, setPart] = useState<string | null>(null);
  const [chosen, setChosen] = useState<string[]>([]);
  const [text, setText] = useState('');
  const [advice, setAdvice] = useState<TriageAdvice | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const c = cat.data;
  const bodyPart = c?.bodyParts.find((p) => p.id === (part ?? c.bodyParts[0]?.id));

  const toggle = (id: string) => setChosen((xs) => (xs.includes(id) ? xs.filter((x) => x !== id) : [...xs, id]));

  const ask = async () => {
    if (chosen.length === 0 && !text.trim()) return setError('请选择症状，或描述您的不适');
    setBusy(true);
    setError(null);
    try {
      setAdvice(await bookingApi.triageAdvice({ symptoms: chosen, text: text.trim() }));
      // The answer is below the picker: bring it into view (a red flag first of all).
      setTimeout(() => void Promise.resolve(Taro.pageScrollTo?.({ selector: '#triage-advice', duration: 200 })).catch(() => undefined), 50);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <PageShell className='bk-triage' testId='booking-triage'>
      <StatusView loading={cat.loading && !c} error={cat.error} onRetry={() => void cat.reload()} keepChildren>
        {c && (
          <View>
            <View className='hp-alert hp-alert--warn bk-triage__emergency' data-testid='triage-emergency'>
              <Text className='bk-triage__emergency-text'>{c.emergency.text}</Text>
              <Button className='hp-btn hp-btn--danger hp-btn--small bk-triage__call' data-testid='call-120' onClick={call120}>
                拨打120
              </Button>
            </View>
            <Text className='hp-section-title'>哪里不舒服？</Text>
            <View className='hp-chips'>
              {c.bodyParts.map((p) => (
                <View
                  role='button'
                  aria-pressed={bodyPart?.id === p.id ? 'true' : 'false'}
                  key={p.id}
                  className={`hp-chip ${bodyPart?.id === p.id ? 'hp-chip--active' : ''}`}
                  data-testid={`triage-part-${p.id}`}
                  onClick={() => setPart(p.id)}
                >
                  <Text>{p.label}</Text>
                </View>
              ))}
            </View>
            {bodyPart && (
              <View className='hp-chips bk-triage__part'>
                {bodyPart.symptoms.map((s) => (
                  <View
                    role='button'
                    aria-pressed={chosen.includes(s.id) ? 'true' : 'false'}
                    key={s.id}
                    className={`hp-chip ${chosen.includes(s.id) ? 'hp-chip--active' : ''}`}
                    data-testid={`triage-symptom-${s.id}`}
                    onClick={() => toggle(s.id)}
                  >
                    <Text>{s.label}</Text>
                  </View>
                ))}
              </View>
            )}
            <Text className='hp-section-title'>或描述一下</Text>
            <View className='bk-row'>
              <Input className='bk-triage__input' data-testid='triage-text' value={text} maxlength={100} placeholder='如：这两天咳嗽、有点发烧' onInput={(e) => setText(e.detail.value)} />
            </View>
            {error && (
              <View className='hp-alert hp-alert--error' role='alert' data-testid='triage-error'>
                <Text>{error}</Text>
              </View>
            )}
            <Button className='hp-btn bk-triage__go' data-testid='triage-go' loading={busy} disabled={busy || undefined} onClick={() => void ask()}>
              推荐科室
            </Button>
            {advice && (
              <View id='triage-advice' data-testid='triage-advice' data-emergency={String(advice.emergency)}>
                {advice.emergency && (
                  <View className='hp-alert hp-alert--error bk-triage__emergency' data-testid='triage-red-flag' role='alert'>
                    <Text className='bk-triage__emergency-text'>{advice.emergencyText}</Text>
                    <Button className='hp-btn hp-btn--danger hp-btn--small bk-triage__call' data-testid='call-120-now' onClick={call120}>
                      拨打120
                    </Button>
                  </View>
                )}
                {advice.suggestions.length === 0 && <Text className='bk-meta'>没有找到对应的科室，请到医院导诊台咨询，或搜索医生擅长的疾病。</Text>}
                {advice.suggestions.map((s) => (
                  <View key={s.department} className='bk-card' data-testid={`triage-dept-${s.department}`}>
                    <Text className='bk-title'>{advice.emergency ? `病情稳定后：${s.department}` : s.department}</Text>
                    <Text className='bk-triage__why'>{s.why}</Text>
                    {s.departments.length === 0 && <Text className='bk-meta'>本院未单独开设该科室，请咨询导诊台</Text>}
                    {s.departments.map((d) => (
                      <View role='button' key={d.id} className='bk-row' onClick={() => navigateTo({ url: withQuery(ROUTES.bookingDoctors, { departmentId: d.id, name: d.name }) })}>
                        <Text className='bk-meta'>
                          去预约 {d.name} · {d.location}
                        </Text>
                        <Text className='bk-arrow'>›</Text>
                      </View>
                    ))}
                    <Text className='bk-triage__src'>依据：{s.sourceIds.map((id) => c.sources.find((x) => x.id === id)?.title ?? id).join('；')}</Text>
                  </View>
                ))}
                <Text className='bk-triage__src' data-testid='triage-notice'>
                  {advice.notice}
                </Text>
              </View>
            )}
            {!advice && <Text className='bk-triage__src'>{c.notice}</Text>}
          </View>
        )}
      </StatusView>
    </PageShell>
  );
}
