import { Text, View } from '@tarojs/components';
import { useState, type ReactNode } from 'react';
import { ActionButton } from '../ActionButton';
import { StatusView } from '../StatusView';
import { ApiError, api, messageOf } from '../../services/api';
import { CONSENT_TEXTS } from '../../services/consent-texts';
import { asyncHandler } from '../../services/ui';
import './index.scss';

export interface HealthConsentGateProps {
  loading: boolean;
  error: unknown;
  onRetry: () => void;
  /** Called after the resident agreed to the health-data text; the page reloads. */
  onConsented: () => void;
  empty?: boolean;
  emptyText?: string;
  /** What this feature uses the health data for, shown before the consent text. */
  intro?: string;
  /** Prefix of the data-testids: `<prefix>-consent-gate`, `<prefix>-consent-agree`. */
  testIdPrefix: string;
  children?: ReactNode;
}

/**
 * The states of any page that reads health data: loading, the separate health-data consent
 * (PIPL 单独同意) when the BFF answers CONSENT_REQUIRED, other errors with 重试, empty, content.
 */
export function HealthConsentGate({ loading, error, onRetry, onConsented, empty, emptyText, intro, testIdPrefix, children }: HealthConsentGateProps) {
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
      <View className='hp-consent-gate' data-testid={`${testIdPrefix}-consent-gate`}>
        <Text className='hp-consent-gate__title'>{text.title}</Text>
        <Text className='hp-consent-gate__text'>
          {intro ?? ''}
          {text.summary}
        </Text>
        <Text className='hp-consent-gate__meta'>版本 {text.version}</Text>
        {grantError && (
          <View className='hp-alert hp-alert--error hp-consent-gate__error' role='alert'>
            <Text>{grantError}</Text>
          </View>
        )}
        <ActionButton className='hp-btn hp-btn--block' data-testid={`${testIdPrefix}-consent-agree`} loading={busy} disabled={busy || undefined} onClick={asyncHandler(agree)}>
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
