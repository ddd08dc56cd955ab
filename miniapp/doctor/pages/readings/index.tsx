import { Button, Input, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useRef, useState } from 'react';
import type { ReadingView } from '@healthpocket/shared-types';
import { PageShell } from '../../../components/PageShell';
import { StatusView } from '../../../components/StatusView';
import { useRequest } from '../../../components/useRequest';
import { ApiError, fieldErrorsOf, messageOf } from '../../../services/api';
import { chinaNowIso, doctorApi, shortTime, type GlucoseValues } from '../../../services/doctor-api';
import { ROUTES } from '../../../services/routes';
import { GLUCOSE_CONTEXT as CONTEXT, READING_CATEGORY as CATEGORY, describeReading as describe } from '../../../services/reading-text';
import { asyncHandler } from '../../../services/ui';
import { navigateTo } from '../../../services/navigate';
import '../../styles.scss';
import './index.scss';

/** Home readings: add BP or glucose by hand; devices' readings show here too, labelled by the home threshold. */
export default function ReadingsPage() {
  const memberId = Taro.getCurrentInstance().router?.params.memberId ?? '';
  const list = useRequest(() => doctorApi.readings(memberId), [memberId]);
  const [kind, setKind] = useState<'bp' | 'glucose'>('bp');
  const [f, setF] = useState({ systolic: '', diastolic: '', pulse: '', mmol: '', context: 'fasting' as GlucoseValues['context'] });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [last, setLast] = useState<ReadingView | null>(null);
  const firstShow = useRef(true);

  // Back from the consent page: load again.
  useDidShow(() => {
    if (firstShow.current) firstShow.current = false;
    else void list.reload();
  });

  if (list.error instanceof ApiError && list.error.code === 'CONSENT_REQUIRED') {
    return (
      <PageShell className='readings' testId='doctor-readings'>
        <View className='dr-card' data-testid='readings-consent-gate'>
          <Text className='dr-card__title'>需要您的单独同意</Text>
          <Text className='dr-card__line'>{list.error.message}。同意后可记录血压血糖，紧急数值会提醒您的家庭医生。</Text>
          <Button className='hp-btn hp-btn--block' data-testid='readings-consent-open' onClick={() => navigateTo({ url: ROUTES.privacy })}>
            阅读并同意
          </Button>
        </View>
      </PageShell>
    );
  }

  const num = (s: string) => (s.trim() === '' ? NaN : Number(s));
  const submit = async () => {
    setError(null);
    setFieldErrors({});
    const values = kind === 'bp' ? { systolic: num(f.systolic), diastolic: num(f.diastolic), ...(f.pulse.trim() ? { pulse: num(f.pulse) } : {}) } : { mmol: num(f.mmol), context: f.context };
    if (Object.values(values).some((v) => typeof v === 'number' && Number.isNaN(v))) {
      setError(kind === 'bp' ? '请填写收缩压和舒张压' : '请填写血糖值');
      return;
    }
    setBusy(true);
    try {
      const saved = await doctorApi.addReading({ memberId, kind, values, measuredAt: chinaNowIso() } as never);
      setLast(saved);
      setF({ ...f, systolic: '', diastolic: '', pulse: '', mmol: '' });
      void list.reload();
    } catch (e) {
      setError(messageOf(e));
      setFieldErrors(fieldErrorsOf(e));
    } finally {
      setBusy(false);
    }
  };

  const field = (key: 'systolic' | 'diastolic' | 'pulse' | 'mmol', label: string, unit: string) => (
    <View className='hp-field'>
      <Text className='hp-field__label'>
        {label}（{unit}）
      </Text>
      <Input
        className={`hp-field__input ${fieldErrors[`values.${key}`] ? 'hp-field__input--error' : ''}`}
        type='digit'
        placeholder={`请输入${label}`}
        data-testid={`reading-${key}`}
        value={f[key]}
        onInput={(e) => setF({ ...f, [key]: e.detail.value })}
      />
      {fieldErrors[`values.${key}`] && <Text className='hp-field__error'>{fieldErrors[`values.${key}`]}</Text>}
    </View>
  );

  return (
    <PageShell className='readings' testId='doctor-readings'>
      {last?.category === 'urgent' && (
        <View className='hp-alert hp-alert--error' role='alert' data-testid='reading-urgent'>
          {last.reason}。请立即就医或拨打120，家庭医生已收到提醒。
        </View>
      )}
      {last && last.category !== 'urgent' && (
        <View className={`hp-alert ${last.category === 'normal' ? 'hp-alert--info' : 'hp-alert--warn'}`} data-testid='reading-saved'>
          已记录。{last.reason ?? '本次测量在正常范围。'}
        </View>
      )}
      {error && (
        <View className='hp-alert hp-alert--error' role='alert' data-testid='reading-error'>
          {error}
        </View>
      )}
      <View className='hp-chips readings__kinds'>
        <View role='button' aria-pressed={kind === 'bp' ? 'true' : 'false'} className={`hp-chip ${kind === 'bp' ? 'hp-chip--active' : ''}`} data-testid='reading-kind-bp' onClick={() => setKind('bp')}>
          血压
        </View>
        <View
          role='button'
          aria-pressed={kind === 'glucose' ? 'true' : 'false'}
          className={`hp-chip ${kind === 'glucose' ? 'hp-chip--active' : ''}`}
          data-testid='reading-kind-glucose'
          onClick={() => setKind('glucose')}
        >
          血糖
        </View>
      </View>
      <View className='hp-form'>
        {kind === 'bp' ? (
          <>
            {field('systolic', '收缩压（高压）', 'mmHg')}
            {field('diastolic', '舒张压（低压）', 'mmHg')}
            {field('pulse', '心率（选填）', '次/分')}
          </>
        ) : (
          <>
            {field('mmol', '血糖', 'mmol/L')}
            <View className='hp-field'>
              <Text className='hp-field__label'>测量时段</Text>
              <View className='hp-chips'>
                {(Object.keys(CONTEXT) as GlucoseValues['context'][]).map((c) => (
                  <View
                    role='button'
                    aria-pressed={f.context === c ? 'true' : 'false'}
                    key={c}
                    className={`hp-chip ${f.context === c ? 'hp-chip--active' : ''}`}
                    onClick={() => setF({ ...f, context: c })}
                  >
                    {CONTEXT[c]}
                  </View>
                ))}
              </View>
            </View>
          </>
        )}
      </View>
      <View className='hp-footer'>
        <Button className={`hp-btn hp-btn--block ${busy ? 'hp-btn--busy' : ''}`} data-testid='reading-submit' onClick={asyncHandler(submit)}>
          记录本次测量
        </Button>
        <Text className='hp-field__hint'>家庭自测血压 ≥135/85 mmHg 为未达标；≥180/110 mmHg 或血糖 ≥16.7、≤3.9 mmol/L 请立即就医。</Text>
      </View>
      <Text className='hp-section-title'>最近记录</Text>
      <StatusView loading={list.loading && !list.data} error={list.error} onRetry={() => void list.reload()} empty={list.data?.items.length === 0} emptyText='还没有测量记录'>
        <View className='readings__list'>
          {list.data?.items.map((r) => (
            <View key={r.id} className='readings__item' data-testid='reading-item'>
              <View className='readings__line'>
                <Text className='readings__value'>{describe(r)}</Text>
                <Text className={`dr-badge dr-badge--${r.category}`}>{CATEGORY[r.category]}</Text>
              </View>
              <Text className='readings__meta'>
                {shortTime(r.measuredAt)} · {r.source === 'device' ? `设备：${r.deviceName ?? '已绑定设备'}` : '手动记录'}
              </Text>
            </View>
          ))}
        </View>
      </StatusView>
      <View role='button' className='readings__more' onClick={() => navigateTo({ url: `${ROUTES.records}` })}>
        <Text>在健康档案中查看趋势图 ›</Text>
      </View>
    </PageShell>
  );
}
