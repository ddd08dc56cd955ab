import type { ReadingView } from '@healthpocket/shared-types';
import type { GlucoseValues } from './doctor-api';

export const READING_CATEGORY = { normal: '正常', uncontrolled: '未达标', urgent: '紧急' } as const;
export const GLUCOSE_CONTEXT: Record<GlucoseValues['context'], string> = { fasting: '空腹', postprandial: '餐后2小时', random: '随机' };

/** One home reading in words: 血压 142/88 mmHg · 心率 72, or 空腹血糖 6.1 mmol/L. */
export function describeReading(r: ReadingView): string {
  if (r.kind === 'bp') {
    const v = r.values as { systolic: number; diastolic: number; pulse?: number };
    return `血压 ${v.systolic}/${v.diastolic} mmHg${v.pulse ? ` · 心率 ${v.pulse}` : ''}`;
  }
  const v = r.values as GlucoseValues;
  return `${GLUCOSE_CONTEXT[v.context]}血糖 ${v.mmol} mmol/L`;
}
