import { Switch, Text, View } from '@tarojs/components';
import './Notices.scss';

/** "Tell me …" with a switch: the subscribe message a booking or a 候补 asks for. */
export function SubscribeSwitch(p: { title: string; hint: string; checked: boolean; onChange: (v: boolean) => void; testId: string }) {
  return (
    <View className='bk-card'>
      <View className='bk-row'>
        <View>
          <Text className='bk-subscribe__title'>{p.title}</Text>
          <Text className='bk-meta'>{p.hint}</Text>
        </View>
        <Switch checked={p.checked} color='#0a7d5a' data-testid={p.testId} onChange={(e) => p.onChange(e.detail.value)} />
      </View>
    </View>
  );
}

/** 预约须知, 候补规则: the rules in words, one line each. */
export function NoticeList(p: { title: string; items: string[]; testId: string }) {
  return (
    <View className='bk-card bk-notice' data-testid={p.testId}>
      <Text className='bk-notice__title'>{p.title}</Text>
      {p.items.map((n) => (
        <Text key={n} className='bk-notice__item'>
          · {n}
        </Text>
      ))}
    </View>
  );
}
