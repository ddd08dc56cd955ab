import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import { ROUTES, withQuery } from '../../../services/routes';
import { ActionButton } from '../../../components/ActionButton';
import { useRequest } from '../../../components/useRequest';
import { messageOf } from '../../../services/api';
import { familyAccessApi } from '../../../services/family-access';
import { asyncHandler } from '../../../services/ui';
import { navigateTo } from '../../../services/navigate';
import '../../../components/HealthConsentGate/index.scss';

const STATUS_TEXT: Record<string, string> = {
  pending: '已发起授权请求，正在等待家人同意。家人在健康口袋「我的 - 家人授权」中同意后，点「刷新」即可查看。',
  declined: '家人拒绝了上一次授权请求，如有需要可以再次发起。',
  revoked: '家人已撤销授权，如有需要可以再次发起。',
};

/**
 * An adult family member's record needs their own authorization (家人授权): says so, shows where
 * the request stands, and lets the resident ask (or ask again) and refresh after the approval.
 */
export function FamilyAuthGate({ memberId, message, onRetry }: { memberId?: string; message: string; onRetry: () => void }) {
  const latest = useRequest(() => (memberId ? familyAccessApi.latest(memberId) : Promise.resolve(null)), [memberId]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const status = latest.data?.status ?? 'none';

  const ask = async () => {
    if (!memberId) return;
    setBusy(true);
    setError(null);
    try {
      const r = await familyAccessApi.request(memberId);
      if (r.status === 'approved') onRetry();
      else await latest.reload();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className='hp-consent-gate' data-testid='records-auth-gate'>
      <Text className='hp-consent-gate__title'>需要家人授权</Text>
      <Text className='hp-consent-gate__text'>{message}</Text>
      {STATUS_TEXT[status] && (
        <Text className='hp-consent-gate__meta' data-testid={`records-auth-${status}`}>
          {STATUS_TEXT[status]}
        </Text>
      )}
      {error && (
        <View className='hp-alert hp-alert--error hp-consent-gate__error' role='alert' data-testid='records-auth-error'>
          <Text>{error}</Text>
        </View>
      )}
      {status === 'pending' ? (
        <View>
          <ActionButton className='hp-btn hp-btn--block' data-testid='records-auth-invite' onClick={() => memberId && navigateTo({ url: withQuery(ROUTES.memberAccess, { memberId }) })}>
            发送邀请给家人
          </ActionButton>
          <ActionButton className='hp-btn hp-btn--ghost hp-btn--block' data-testid='records-auth-refresh' onClick={onRetry}>
            刷新
          </ActionButton>
        </View>
      ) : (
        <ActionButton className='hp-btn hp-btn--block' data-testid='records-auth-request' loading={busy} disabled={busy || !memberId || undefined} onClick={asyncHandler(ask)}>
          {busy ? '正在发起…' : status === 'none' ? '发起授权请求' : '再次发起授权请求'}
        </ActionButton>
      )}
    </View>
  );
}
