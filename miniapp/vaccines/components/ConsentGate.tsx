import { Text, View } from '@tarojs/components';
import { useState, type ReactNode } from 'react';
import { ActionButton } from '../../components/ActionButton';
import { StatusView } from '../../components/StatusView';
import { ApiError, api, messageOf } from '../../services/api';
import { CONSENT_TEXTS } from '../../services/consent-texts';

export interface ConsentGateProps {
  loading: boolean;
  error: unknown;
  onRetry: () => void;
  /** After the resident agreed to the health-data text: reload. */
  onConsented: () => void;
  empty?: boolean;
  emptyText?: string;
  children?: ReactNode;
}

/**
 * Loading, the health-data consent (PIPL 单独同意) when the BFF answers CONSENT_REQUIRED,
 * other errors with 重试, empty, then the content.
 */
export function ConsentGate({ loading, error, onRetry, onConsented, empty, emptyText, children }: ConsentGateProps) {
  const [busy, setBusy] = useState(false);
  const [grantError, setGrantError] = useState<string | null>(null);
  if (error instanceof ApiError && error.code === 'CONSENT_REQUIRED') {
    const text = CONSENT_TEXTS.health_data;
    const agree = async () => {
      setBusy(true);
      setGrantError(null);
      try {
        await api.grantConsent('health_data', text.version);
        onConsented();
      } catch (e) {
        setGrantError(messageOf(e));
      } finally {
        setBusy(false);
      }
    };
    return (
      <View className='vx-consent' data-testid='vaccines-consent-gate'>
        <Text className='vx-consent__title'>{text.title}</Text>
        <Text className='vx-consent__text'>查看接种记录和预约疫苗需要使用您和家人的健康信息。{text.summary}</Text>
        <Text className='vx-consent__meta'>版本 {text.version}</Text>
        {grantError && (
          <View className='hp-alert hp-alert--error' role='alert'>
            <Text>{grantError}</Text>
          </View>
        )}
        <ActionButton className='hp-btn hp-btn--block' data-testid='vaccines-consent-agree' loading={busy} disabled={busy || undefined} onClick={agree}>
          {busy ? '正在提交…' : '我已阅读并单独同意'}
        </ActionButton>
      </View>
    );
  }
  return (
    <StatusView loading={loading} error={error} onRetry={onRetry} empty={empty} emptyText={emptyText}>
      {children}
    </StatusView>
  );
}
