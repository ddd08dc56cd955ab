import { Button, Input, Text, Textarea, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { PageShell } from '../../../components/PageShell';
import { StatusView } from '../../../components/StatusView';
import { useRequest } from '../../../components/useRequest';
import { messageOf } from '../../../services/api';
import { doctorApi } from '../../../services/doctor-api';
import { useDeskType } from '../../desk';
import { TeamQuickReplies } from './TeamQuickReplies';
import { asyncHandler, showToast } from '../../../services/ui';
import '../../styles.scss';
import './index.scss';

const DAYS = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'];

/** Working hours (an automatic reply answers outside them) and quick replies. */
export default function WorkbenchSettings() {
  useDeskType();
  const req = useRequest(() => doctorApi.settings(), []);
  const [days, setDays] = useState<number[]>([]);
  const [start, setStart] = useState('08:00');
  const [end, setEnd] = useState('17:30');
  const [autoReply, setAutoReply] = useState('');
  const [quick, setQuick] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!req.data) return;
    setDays(req.data.hours.days);
    setStart(req.data.hours.start);
    setEnd(req.data.hours.end);
    setAutoReply(req.data.autoReply);
    setQuick(req.data.quickReplies.join('\n'));
  }, [req.data]);

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await doctorApi.saveSettings({
        hours: { days, start, end },
        autoReply: autoReply.trim(),
        quickReplies: quick
          .split('\n')
          .map((q) => q.trim())
          .filter(Boolean)
          .slice(0, 20),
      });
      showToast({ title: '已保存', icon: 'success' });
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <PageShell
      className='wbs'
      testId='workbench-settings'
      footer={
        <Button className={`hp-btn hp-btn--block ${busy ? 'hp-btn--busy' : ''}`} data-testid='wbs-save' onClick={asyncHandler(save)}>
          保存
        </Button>
      }
    >
      {error && (
        <View className='hp-alert hp-alert--error' role='alert'>
          {error}
        </View>
      )}
      <StatusView loading={req.loading} error={req.error} onRetry={() => void req.reload()}>
        <Text className='hp-section-title'>在线工作时间（其余时间自动回复）</Text>
        <View className='hp-form'>
          <View className='hp-field'>
            <View className='hp-chips'>
              {DAYS.map((label, i) => {
                const d = i + 1;
                const on = days.includes(d);
                return (
                  <View
                    role='button'
                    aria-pressed={on ? 'true' : 'false'}
                    key={d}
                    className={`hp-chip ${on ? 'hp-chip--active' : ''}`}
                    onClick={() => setDays(on ? days.filter((x) => x !== d) : [...days, d].sort())}
                  >
                    {label}
                  </View>
                );
              })}
            </View>
          </View>
          <View className='hp-field hp-field__row'>
            <Input className='hp-field__input' value={start} maxlength={5} onInput={(e) => setStart(e.detail.value)} />
            <Text>至</Text>
            <Input className='hp-field__input' value={end} maxlength={5} onInput={(e) => setEnd(e.detail.value)} />
          </View>
        </View>
        <Text className='hp-section-title'>非工作时间自动回复</Text>
        <View className='hp-form'>
          <Textarea className='hp-field__input wbs__area' value={autoReply} maxlength={200} onInput={(e) => setAutoReply(e.detail.value)} />
        </View>
        <Text className='hp-section-title'>我的快捷回复（每行一条，只有自己可见）</Text>
        <View className='hp-form'>
          <Textarea className='hp-field__input wbs__area' value={quick} maxlength={2000} onInput={(e) => setQuick(e.detail.value)} />
        </View>
      </StatusView>
      <TeamQuickReplies />
    </PageShell>
  );
}
