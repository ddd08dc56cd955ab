import { Text, View } from '@tarojs/components';
import { useEffect, useRef, useState } from 'react';
import type { AlertView } from '@healthpocket/shared-types';
import { alertSound, playBeep } from './sound';
import './index.scss';

interface Props {
  /** The team's open (unacknowledged) alerts, newest first. */
  alerts: AlertView[];
  /** Tapping the banner: open that alert (its conversation). */
  onOpen: (alert: AlertView) => void;
}

const valueOf = (a: AlertView) => ('systolic' in a.values ? `血压 ${a.values.systolic}/${a.values.diastolic}` : `血糖 ${a.values.mmol}`);

/**
 * A banner that stays while any alert of the team is unacknowledged (not a toast), with a beep
 * for each alert not seen before; the mute switch is remembered on the device.
 */
export function AlertBanner({ alerts, onOpen }: Props) {
  const [muted, setMuted] = useState(alertSound.muted);
  const heard = useRef(new Set<string>());
  const open = alerts.filter((a) => a.status === 'open');

  useEffect(() => {
    const fresh = open.filter((a) => !heard.current.has(a.id));
    fresh.forEach((a) => heard.current.add(a.id));
    if (fresh.length > 0 && !alertSound.muted()) playBeep();
  }, [open.map((a) => a.id).join(',')]); // eslint-disable-line react-hooks/exhaustive-deps

  if (open.length === 0) return null;
  const first = open[0];
  const toggle = (e?: { stopPropagation?: () => void }) => {
    e?.stopPropagation?.();
    alertSound.setMuted(!muted);
    setMuted(!muted);
  };
  return (
    <View className='wb-alert-banner' role='alert' data-testid='wb-alert-banner' onClick={() => onOpen(first)}>
      <View className='wb-alert-banner__text'>
        <Text className='wb-alert-banner__title'>{open.length > 1 ? `${open.length} 条紧急预警未处理` : '紧急预警未处理'}</Text>
        <Text className='wb-alert-banner__detail' data-testid='wb-alert-banner-detail'>
          {first.memberName} · {valueOf(first)} · 点击查看并处理
        </Text>
      </View>
      <View className='wb-alert-banner__mute' role='button' aria-pressed={muted ? 'true' : 'false'} data-testid='wb-alert-mute' onClick={toggle}>
        {muted ? '已静音' : '提示音：开'}
      </View>
    </View>
  );
}
