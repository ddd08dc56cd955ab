import { Button, Text, View } from '@tarojs/components';
import { useState, type ReactNode } from 'react';
import { StatusView } from '../../../components/StatusView';
import { ApiError, api, messageOf } from '../../../services/api';
import { CONSENT_TEXTS } from '../../../services/consent-texts';
import { freshnessText } from '../../format';
import './index.scss';

export interface RecordGateProps {
  loading: boolean;
  error: unknown;
  onRetry: () => void;
  /** Called after the resident agreed to the health-data text; the page reloads. */
  onConsented: () => void;
  empty?: boolean;
  emptyText?: string;
  children?: ReactNode;
}

/**
 * The states of any record page: loading, the health-data consent gate (PIPL 单独同意) when the
 * BFF answers CONSENT_REQUIRED, other errors with 重试, empty, then the content.
 */
export function RecordGate({ loading, error, onRetry, onConsented, empty, emptyText, children }: RecordGateProps) {
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
      <View className='rg-consent' data-testid='records-consent-gate'>
        <Text className='rg-consent__title'>{text.title}</Text>
        <Text className='rg-consent__text'>{text.summary}</Text>
        <Text className='rg-consent__meta'>版本 {text.version}</Text>
        {grantError && (
          <View className='hp-alert hp-alert--error rg-consent__error' role='alert'>
            <Text>{grantError}</Text>
          </View>
        )}
        <Button className={`hp-btn hp-btn--block ${busy ? 'hp-btn--busy' : ''}`} data-testid='records-consent-agree' disabled={busy || undefined} onClick={agree}>
          {busy ? '正在提交…' : '我已阅读并单独同意'}
        </Button>
      </View>
    );
  }
  return (
    <StatusView loading={loading} error={error} onRetry={onRetry} empty={empty} emptyText={emptyText}>
      {children}
    </StatusView>
  );
}

/** "数据更新于 …", or a warning that a cached copy is shown because the platform is unreachable. */
export function FreshnessNote({ data }: { data?: { stale: boolean; fetchedAt: string } }) {
  if (!data) return null;
  return (
    <View className={`rg-fresh ${data.stale ? 'rg-fresh--stale' : ''}`} data-testid={data.stale ? 'records-stale' : 'records-fresh'}>
      <Text>{freshnessText(data)}</Text>
    </View>
  );
}
