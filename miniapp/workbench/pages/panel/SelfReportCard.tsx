import { Button, Text, View } from '@tarojs/components';
import type { SelfReportView } from '@healthpocket/shared-types';
import { READING_CATEGORY, describeReading } from '../../../services/reading-text';

const KIND = { hypertension: '高血压随访', diabetes: '糖尿病随访' } as const;

/** A resident's self-report for the follow-up now due: their answers and the home readings sent with it. */
export function SelfReportCard({ report, onStart }: { report: SelfReportView; onStart: () => void }) {
  const a = report.answers;
  const lines = [
    `症状：${a.symptoms.join('、')}`,
    `吸烟 ${a.smokingPerDay} 支/日 · 饮酒 ${a.drinkingLiangPerDay} 两/日 · 运动 ${a.exerciseTimesPerWeek} 次/周 × ${a.exerciseMinutes} 分钟`,
    [a.salt ? `摄盐 ${a.salt}` : null, a.stapleGramsPerDay !== null ? `主食 ${a.stapleGramsPerDay} 克/天` : null, `服药 ${a.adherence}`].filter(Boolean).join(' · '),
    `药物不良反应：${a.adverseReaction ?? '无'}`,
  ];
  return (
    <View className='wb-item wbp__report' data-testid={`wbp-self-report-${report.kind}`}>
      <View className='wb-item__line'>
        <Text className='wb-item__name'>居民自报 · {KIND[report.kind]}</Text>
        <Text className='wb-item__sub'>{report.submittedAt.slice(0, 16).replace('T', ' ')} 提交</Text>
      </View>
      {lines.map((l) => (
        <Text key={l} className='wbp__report-line'>
          {l}
        </Text>
      ))}
      <Text className='wb-item__sub'>近14天家庭自测 {report.readings.length} 条</Text>
      {report.readings.slice(0, 8).map((r) => (
        <Text key={r.id} className={`wbp__report-line ${r.category !== 'normal' ? 'wbp__tag--warn' : ''}`}>
          {r.measuredAt.slice(5, 16).replace('T', ' ')} {describeReading(r)} · {READING_CATEGORY[r.category]}
        </Text>
      ))}
      <Button className='hp-btn hp-btn--small wbp__report-go' data-testid={`wbp-start-from-report-${report.kind}`} onClick={onStart}>
        按自报填写随访
      </Button>
    </View>
  );
}
