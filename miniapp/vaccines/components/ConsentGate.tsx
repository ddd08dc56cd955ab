import { HealthConsentGate, type HealthConsentGateProps } from '../../components/HealthConsentGate';

/** The shared health-data consent gate, saying what vaccination uses the data for. */
export function ConsentGate(props: Omit<HealthConsentGateProps, 'testIdPrefix' | 'intro'>) {
  return <HealthConsentGate {...props} testIdPrefix='vaccines' intro='查看接种记录和预约疫苗需要使用您和家人的健康信息。' />;
}
