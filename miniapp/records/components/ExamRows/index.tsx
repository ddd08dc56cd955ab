import { Text, View } from '@tarojs/components';
import { REPORT_FLAG_MARKS, REPORT_FLAG_SPOKEN, isCriticalFlag, type ReportFlag, type ReportFlagSource } from '@healthpocket/shared-types/src/report-constants';
import './index.scss';

export interface ExamRow {
  name: string;
  value: string;
  unit: string;
  referenceRange: string;
  flag: ReportFlag;
  /** Reports say where the flag came from; check-up exams do not (always the laboratory's). */
  flagSource?: ReportFlagSource;
}

/**
 * Lab/exam items with reference ranges. An abnormal value is marked three ways, so colour is never
 * the only sign: the row's colour, an arrow with a word (↑ 偏高, ↑↑ 危急值), and a sentence for
 * screen readers ("血钾 5.62 mmol/L，高于参考范围"). A 危急值 row stands out further.
 */
export function ExamRows({ items }: { items: ExamRow[] }) {
  return (
    <View className='er' data-testid='exam-rows'>
      {items.map((i) => {
        const abnormal = i.flag !== 'normal';
        const critical = isCriticalFlag(i.flag);
        const unit = i.unit ? ` ${i.unit}` : '';
        const spoken = `${i.name} ${i.value}${unit}，${REPORT_FLAG_SPOKEN[i.flag]}，参考范围 ${i.referenceRange}${unit}`;
        return (
          <View
            key={i.name}
            className={`er__row ${abnormal ? 'er__row--abnormal' : ''} ${critical ? 'er__row--critical' : ''}`}
            data-testid={critical ? 'exam-critical' : abnormal ? 'exam-abnormal' : 'exam-normal'}
            data-flag={i.flag}
          >
            <Text className='er__sr' data-testid='exam-spoken'>
              {spoken}
            </Text>
            <View className='er__main' aria-hidden>
              <Text className='er__name'>{i.name}</Text>
              <Text className='er__range'>
                参考 {i.referenceRange}
                {unit}
              </Text>
              {abnormal && i.flagSource === 'range' && (
                <Text className='er__source' data-testid='exam-flag-by-range'>
                  按参考范围判断
                </Text>
              )}
            </View>
            <View className='er__value' aria-hidden>
              <Text className='er__num'>
                {i.value}
                {i.unit && i.value.length < 8 ? ` ${i.unit}` : ''}
              </Text>
              {abnormal && (
                <Text className={`er__flag ${critical ? 'er__flag--critical' : ''}`} data-testid='exam-flag'>
                  {REPORT_FLAG_MARKS[i.flag]}
                </Text>
              )}
            </View>
          </View>
        );
      })}
    </View>
  );
}
