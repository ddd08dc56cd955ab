import { Text, View } from '@tarojs/components';
import type { RecordExamItem } from '@healthpocket/shared-types';
import { FLAG_LABELS } from '../../format';
import './index.scss';

/** Lab/exam items with reference ranges; values outside the range are highlighted and marked ↑/↓. */
export function ExamRows({ items }: { items: RecordExamItem[] }) {
  return (
    <View className='er' data-testid='exam-rows'>
      {items.map((i) => {
        const abnormal = i.flag !== 'normal';
        return (
          <View key={i.name} className={`er__row ${abnormal ? 'er__row--abnormal' : ''}`} data-testid={abnormal ? 'exam-abnormal' : 'exam-normal'}>
            <View className='er__main'>
              <Text className='er__name'>{i.name}</Text>
              <Text className='er__range'>参考 {i.referenceRange}{i.unit ? ` ${i.unit}` : ''}</Text>
            </View>
            <View className='er__value'>
              <Text className='er__num'>
                {i.value}
                {i.unit && i.value.length < 8 ? ` ${i.unit}` : ''}
              </Text>
              {abnormal && <Text className='er__flag'>{FLAG_LABELS[i.flag]}</Text>}
            </View>
          </View>
        );
      })}
    </View>
  );
}

export default ExamRows;
