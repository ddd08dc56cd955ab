import { Text, View } from '@tarojs/components';
import type { AefiReportView } from '@healthpocket/shared-types';

/** The member's reports with the clinic's status and what happens next. */
export function ReportList({ items }: { items: AefiReportView[] }) {
  return (
    <View data-testid='aefi-reports'>
      {items.map((r) => (
        <View key={r.id} className='vx-card' data-testid={`aefi-report-${r.id}`} data-status={r.status}>
          <View className='vx-row'>
            <Text className='vx-name'>{r.vaccineName}</Text>
            <Text className={`vx-tag vc-status--${r.status}`} data-testid='aefi-report-status'>
              {r.statusLabel}
            </Text>
          </View>
          <Text className='vx-meta'>
            接种 {r.vaccinatedOn} · 反应 {r.onsetDate} · 批号 {r.batchNo}
          </Text>
          <Text className='vx-meta'>{r.symptomLabels.join('、')}</Text>
          {r.platformReportNo && <Text className='vx-meta'>报告编号 {r.platformReportNo}</Text>}
          <Text className='vx-reason'>{r.nextStep}</Text>
        </View>
      ))}
    </View>
  );
}
