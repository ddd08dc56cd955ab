import { Text, View } from '@tarojs/components';
import { HealthConsentGate, type HealthConsentGateProps } from '../../../components/HealthConsentGate';
import { freshnessText } from '../../format';
import './index.scss';

/** Loading, the health-data consent gate, errors with 重试, empty, then the record content. */
export function RecordGate(props: Omit<HealthConsentGateProps, 'testIdPrefix' | 'intro'>) {
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
