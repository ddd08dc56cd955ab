import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { HealthConsentGate, type HealthConsentGateProps } from '../../../components/HealthConsentGate';
import { ApiError } from '../../../services/api';
import { FamilyAuthGate } from '../FamilyAuthGate';
import { freshnessText } from '../../format';
import './index.scss';

/**
 * Loading, the health-data consent gate, the family authorization an adult member's record needs
 * (家人授权), errors with 重试, empty, then the record content. `memberId` defaults to ?member=.
 */
export function RecordGate({ memberId, ...props }: Omit<HealthConsentGateProps, 'testIdPrefix' | 'intro'> & { memberId?: string }) {
  const { params } = useRouter();
  if (props.error instanceof ApiError && props.error.code === 'FAMILY_AUTHORIZATION_REQUIRED') {
    return <FamilyAuthGate memberId={memberId ?? params?.member} message={props.error.message} onRetry={props.onRetry} />;
  }
  return <HealthConsentGate {...props} testIdPrefix='records' />;
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
