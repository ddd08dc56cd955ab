import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import type { RecordBpTrend, RecordGlucoseTrend } from '@healthpocket/shared-types';
import { PageShell } from '../../../components/PageShell';
import { useRequest } from '../../../components/useRequest';
import { recordsApi } from '../../api';
import { FreshnessNote, RecordGate } from '../../components/RecordGate';
import { TrendChart, type ChartLine, type ChartPoint } from '../../components/TrendChart';
import { CATEGORY_LABELS, formatDate } from '../../format';
import '../../records.scss';
import './index.scss';

const RANGES = [
  { months: 12, label: '近1年' },
  { months: 36, label: '近3年' },
];

function bpChart(t: RecordBpTrend) {
  const points: ChartPoint[] = t.points.map((p, i) => ({ key: `${p.at}-${i}`, x: Date.parse(p.at), high: p.sbp, low: p.dbp, category: p.category, home: p.source === 'home' }));
  const u = t.thresholds.uncontrolled;
  const lines: ChartLine[] = [
    { value: t.thresholds.urgent.sbp, label: `紧急转诊 收缩压≥${t.thresholds.urgent.sbp}`, tone: 'danger' },
    { value: t.thresholds.urgent.dbp, label: `紧急转诊 舒张压≥${t.thresholds.urgent.dbp}`, tone: 'danger' },
    { value: u.sbp, label: `控制目标 收缩压<${u.sbp}`, tone: 'warn' },
    { value: u.dbp, label: `控制目标 舒张压<${u.dbp}`, tone: 'warn' },
  ];
  if (t.points.some((p) => p.source === 'home')) {
    lines.push({ value: t.thresholds.home.sbp, label: `家庭自测 ${t.thresholds.home.sbp}`, tone: 'home' }, { value: t.thresholds.home.dbp, label: `家庭自测 ${t.thresholds.home.dbp}`, tone: 'home' });
  }
  const max = Math.max(200, ...t.points.map((p) => p.sbp + 10));
  return { points, lines, yMin: 40, yMax: max, ticks: [60, 90, 120, 150, 180].filter((x) => x < max) };
}

function glucoseChart(t: RecordGlucoseTrend) {
  const points: ChartPoint[] = t.points.map((p, i) => ({ key: `${p.at}-${i}`, x: Date.parse(p.at), high: p.value, category: p.category, home: p.source === 'home' }));
  const lines: ChartLine[] = [
    { value: t.thresholds.urgentHigh, label: `紧急转诊 ≥${t.thresholds.urgentHigh}`, tone: 'danger' },
    { value: t.thresholds.uncontrolled, label: `空腹控制目标 <${t.thresholds.uncontrolled}`, tone: 'warn' },
    { value: t.thresholds.urgentLow, label: `低血糖 ≤${t.thresholds.urgentLow}`, tone: 'danger' },
  ];
  const max = Math.max(20, ...t.points.map((p) => p.value + 2));
  return { points, lines, yMin: 0, yMax: max, ticks: [3, 6, 9, 12, 15, 18].filter((x) => x < max) };
}

export default function TrendPage() {
  const { params } = useRouter();
  const member = params?.member ?? '';
  const metric = params?.metric === 'glucose' ? 'glucose' : 'bp';
  const [months, setMonths] = useState(36);
  const req = useRequest<RecordBpTrend | RecordGlucoseTrend>(() => (metric === 'bp' ? recordsApi.bpTrend(member, months) : recordsApi.glucoseTrend(member, months)), [member, metric, months]);

  useEffect(() => {
    Taro.setNavigationBarTitle({ title: metric === 'bp' ? '血压趋势' : '血糖趋势' }).catch(() => undefined);
  }, [metric]);

  const t = req.data;
  const chart = t ? (t.metric === 'bp' ? bpChart(t) : glucoseChart(t)) : null;
  const rows = t
    ? [
        ...(t.metric === 'bp'
          ? t.points.map((p) => ({ at: p.at, text: `${p.sbp}/${p.dbp}`, unit: 'mmHg', source: p.sourceLabel, category: p.category }))
          : t.points.map((p) => ({ at: p.at, text: String(p.value), unit: 'mmol/L', source: p.sourceLabel + (p.fasting ? '·空腹' : ''), category: p.category }))),
      ].reverse()
    : [];
  const counts = rows.reduce((c, r) => ({ ...c, [r.category]: (c[r.category] ?? 0) + 1 }), {} as Record<string, number>);

  return (
    <PageShell className='rt' testId={`records-trend-${metric}`}>
      <View className='rec-tabs'>
        {RANGES.map((r) => (
          <View
            role='button'
            aria-pressed={months === r.months ? 'true' : 'false'}
            key={r.months}
            className={`hp-chip ${months === r.months ? 'hp-chip--active' : ''}`}
            data-testid={`trend-range-${r.months}`}
            onClick={() => setMonths(r.months)}
          >
            <Text>{r.label}</Text>
          </View>
        ))}
      </View>
      <RecordGate
        loading={req.loading && !t}
        error={req.error}
        onRetry={() => void req.reload()}
        onConsented={() => void req.reload()}
        empty={!!t && t.points.length === 0}
        emptyText={metric === 'bp' ? '暂无血压记录' : '暂无血糖记录'}
      >
        {t && chart && (
          <View>
            <FreshnessNote data={t} />
            <View className='rec-card rt__chart'>
              <Text className='rec-card__title'>{metric === 'bp' ? '血压（mmHg）' : '空腹血糖（mmol/L）'}</Text>
              <TrendChart
                testId={`trend-chart-${metric}`}
                points={chart.points}
                lines={chart.lines}
                yMin={chart.yMin}
                yMax={chart.yMax}
                ticks={chart.ticks}
                summary={`共 ${rows.length} 次测量，达标 ${counts.normal ?? 0} 次，未达标 ${counts.uncontrolled ?? 0} 次，需紧急转诊 ${counts.urgent ?? 0} 次`}
              />
              <View className='rt__legend'>
                <View className='rt__key'>
                  <View className='rt__swatch rt__swatch--normal' />
                  <Text>达标 {counts.normal ?? 0}</Text>
                </View>
                <View className='rt__key'>
                  <View className='rt__swatch rt__swatch--uncontrolled' />
                  <Text>未达标 {counts.uncontrolled ?? 0}</Text>
                </View>
                <View className='rt__key'>
                  <View className='rt__swatch rt__swatch--urgent' />
                  <Text>需紧急转诊 {counts.urgent ?? 0}</Text>
                </View>
              </View>
              <Text className='rt__note'>
                {metric === 'bp'
                  ? `${t.age >= 65 ? '65岁及以上控制目标 <150/90 mmHg' : '控制目标 <140/90 mmHg'}；收缩压≥180 或舒张压≥110 需紧急转诊。${t.points.some((p) => p.source === 'home') ? '家庭自测（空心）按 135/85 判断。' : ''}柱形为一次测量的舒张压到收缩压。`
                  : '空腹血糖 ≥7.0 mmol/L 为控制不满意；≥16.7 或 ≤3.9 mmol/L 需紧急转诊。'}
              </Text>
            </View>
            <Text className='hp-section-title'>测量记录（{rows.length}）</Text>
            <View className='rec-card' data-testid='trend-readings'>
              {rows.map((r, i) => (
                <View key={`${r.at}-${i}`} className='rec-row'>
                  <View className='rt__when'>
                    <Text>{formatDate(r.at)}</Text>
                    <Text className='rt__source'>{r.source}</Text>
                  </View>
                  <View className='rt__val'>
                    <Text className='rt__num'>{r.text}</Text>
                    <Text className='rt__unit'>{r.unit}</Text>
                    <Text className={`rec-tag rec-tag--${r.category}`}>{CATEGORY_LABELS[r.category]}</Text>
                  </View>
                </View>
              ))}
            </View>
            <View className='rec-bottom' />
          </View>
        )}
      </RecordGate>
    </PageShell>
  );
}
