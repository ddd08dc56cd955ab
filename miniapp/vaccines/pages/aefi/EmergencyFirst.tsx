import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { AEFI_EMERGENCY_ADVICE } from '@healthpocket/shared-types/src/vaccine-care-constants';

/** Severe signs: 拨打120 / 立即就医 come before any form. */
export function EmergencyFirst() {
  return (
    <View className='vc-emergency' data-testid='aefi-emergency' role='alert'>
      <Text className='vc-emergency__title'>请先拨打120或立即就医</Text>
      <Text className='vc-emergency__text'>{AEFI_EMERGENCY_ADVICE}</Text>
      <View role='button' className='vc-emergency__call' data-testid='aefi-call-120' onClick={() => void Taro.makePhoneCall({ phoneNumber: '120' }).catch(() => undefined)}>
        <Text>拨打 120</Text>
      </View>
    </View>
  );
}
