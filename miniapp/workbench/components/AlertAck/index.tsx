import { Button, Text, Textarea, View } from '@tarojs/components';
import { useState } from 'react';
import type { AlertView } from '@healthpocket/shared-types';
import { ALERT_NOTE_MAX, ALERT_OUTCOMES, ALERT_OUTCOME_LABELS, type AlertOutcome } from '@healthpocket/shared-types/src/alert-constants';
import { messageOf } from '../../../services/api';
import { doctorApi } from '../../../services/doctor-api';
import './index.scss';

interface Props {
  alert: AlertView;
  /** After the acknowledgement was kept (or someone else had already handled it). */
  onDone: (alert: AlertView | null) => void;
}

/** 处理预警: the doctor picks what was done (已电话联系 / 建议就诊 / 已转120 / 设备误报) and may add a note. */
export function AlertAck({ alert, onDone }: Props) {
  const [opened, setOpened] = useState(false);
  const [outcome, setOutcome] = useState<AlertOutcome | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (!opened) {
    return (
      <Button className='hp-btn hp-btn--small' data-testid='wb-alert-ack' onClick={() => setOpened(true)}>
        处理预警
      </Button>
    );
  }

  const submit = async () => {
    if (!outcome) return setError('请选择处理结果');
    setBusy(true);
    setError(null);
    try {
      onDone(await doctorApi.ackAlert(alert.id, { outcome, ...(note.trim() ? { note: note.trim() } : {}) }));
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'ALERT_ALREADY_ACKNOWLEDGED') onDone(null);
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className='wb-alert-ack' data-testid='wb-alert-ack-form'>
      <Text className='wb-alert-ack__label'>处理结果</Text>
      <View className='hp-chips' role='radiogroup'>
        {ALERT_OUTCOMES.map((o) => (
          <View
            key={o}
            className={`hp-chip ${outcome === o ? 'hp-chip--active' : ''}`}
            role='radio'
            aria-checked={outcome === o ? 'true' : 'false'}
            data-testid={`wb-alert-outcome-${o}`}
            onClick={() => setOutcome(o)}
          >
            {ALERT_OUTCOME_LABELS[o]}
          </View>
        ))}
      </View>
      <Textarea
        className='hp-field__input wb-alert-ack__note'
        data-testid='wb-alert-note'
        maxlength={ALERT_NOTE_MAX}
        placeholder='备注（选填）：如电话沟通情况、复测结果'
        value={note}
        onInput={(e) => setNote(e.detail.value)}
      />
      {error && (
        <View className='hp-alert hp-alert--error' role='alert' data-testid='wb-alert-ack-error'>
          {error}
        </View>
      )}
      <View className='wb-item__actions'>
        <Button className={`hp-btn hp-btn--small ${busy ? 'hp-btn--busy' : ''}`} disabled={!outcome || busy} data-testid='wb-alert-ack-confirm' onClick={() => void submit()}>
          确认处理
        </Button>
        <Button className='hp-btn hp-btn--ghost hp-btn--small' onClick={() => setOpened(false)}>
          取消
        </Button>
      </View>
    </View>
  );
}
