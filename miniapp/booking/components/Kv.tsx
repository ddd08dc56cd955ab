import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';

/** One label–value row of a booking card (styles: .bk-kv in booking.scss). */
export function Kv({ k, testId, children }: { k: string; testId?: string; children: ReactNode }) {
  return (
    <View className='bk-kv'>
      <Text className='bk-kv__k'>{k}</Text>
      <Text className='bk-kv__v' data-testid={testId}>
        {children}
      </Text>
    </View>
  );
}
