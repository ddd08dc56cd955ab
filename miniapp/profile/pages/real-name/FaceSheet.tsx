import { Button, Text, View } from '@tarojs/components';
import { useBackCloses } from '../../../components/useBackCloses';

export type FaceOutcome = 'pass' | 'fail' | 'cancel';

/** H5 only: stands for WeChat's face-verification screen (wx.requestFacialVerify does not exist there). */
export function FaceSheet({ name, onOutcome }: { name: string; onOutcome: (o: FaceOutcome) => void }) {
  // Mounted only while open; back is 取消.
  useBackCloses(true, () => onOutcome('cancel'));
  return (
    <View className='realname-face' data-testid='face-sheet' catchMove>
      <View className='realname-face__mask' />
      <View className='realname-face__sheet' role='dialog' aria-modal='true' aria-label='微信人脸核身（沙箱）'>
        <Text className='realname-face__brand'>微信人脸核身 · 沙箱</Text>
        <View className='realname-face__circle'>
          <Text>☺</Text>
        </View>
        <Text className='realname-face__who'>请 {name} 本人正对屏幕</Text>
        <Text className='realname-face__note'>演示环境：选择本次核身的结果。真实环境由微信比对公安权威数据，人脸信息不会传给健康口袋。</Text>
        <View className='realname-face__actions'>
          <Button className='hp-btn hp-btn--ghost realname-face__btn' data-testid='face-cancel' onClick={() => onOutcome('cancel')}>
            取消
          </Button>
          <Button className='hp-btn hp-btn--ghost realname-face__btn' data-testid='face-fail' onClick={() => onOutcome('fail')}>
            不通过
          </Button>
          <Button className='hp-btn realname-face__btn' data-testid='face-pass' onClick={() => onOutcome('pass')}>
            通过
          </Button>
        </View>
      </View>
    </View>
  );
}
