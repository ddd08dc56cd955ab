import { Text, View } from '@tarojs/components';
import type { Category } from '../../format';
import './index.scss';

export interface ChartPoint {
  key: string;
  /** Time in ms. */
  x: number;
  /** The value (glucose) or the top of a range (systolic BP). */
  high: number;
  /** The bottom of a range (diastolic BP); absent for a single value. */
  low?: number;
  category: Category;
  /** Marks a home (family) reading with a hollow marker. */
  home?: boolean;
}

export interface ChartLine {
  value: number;
  label: string;
  tone: 'warn' | 'danger' | 'home';
}

export interface TrendChartProps {
  points: ChartPoint[];
  lines: ChartLine[];
  yMin: number;
  yMax: number;
  ticks: number[];
  testId?: string;
  /** Spoken/alt summary of the chart for screen readers. */
  summary: string;
}

/**
 * A trend chart drawn with plain views positioned in percent, so it renders the same in the weapp
 * and in H5 (no canvas, no chart runtime in the subpackage): BP as a bar from diastolic to systolic
 * per reading, glucose as a dot, threshold lines across the plot.
 */
export function TrendChart({ points, lines, yMin, yMax, ticks, testId, summary }: TrendChartProps) {
  const top = (v: number) => `${(((yMax - Math.min(yMax, Math.max(yMin, v))) / (yMax - yMin)) * 100).toFixed(2)}%`;
  const xs = points.map((p) => p.x);
  const x0 = Math.min(...xs);
  const x1 = Math.max(...xs);
  const left = (x: number) => `${(x1 === x0 ? 50 : 3 + ((x - x0) / (x1 - x0)) * 94).toFixed(2)}%`;
  const day = (x: number) => new Date(x + 8 * 3600_000).toISOString().slice(0, 7);

  return (
    <View className='tc' data-testid={testId} aria-label={summary}>
      <View className='tc__plot'>
        {ticks.map((t) => (
          <View key={`tick-${t}`} className='tc__grid' style={{ top: top(t) }}>
            <Text className='tc__tick'>{t}</Text>
          </View>
        ))}
        <View className='tc__area'>
          {lines.map((l) => (
            <View key={`line-${l.tone}-${l.value}`} className={`tc__line tc__line--${l.tone}`} style={{ top: top(l.value) }} data-testid={`chart-line-${l.value}`}>
              <Text className='tc__line-label'>{l.value}</Text>
            </View>
          ))}
          {points.map((p) =>
            p.low !== undefined ? (
              <View
                key={p.key}
                className={`tc__bar tc__bar--${p.category} ${p.home ? 'tc__bar--home' : ''}`}
                style={{ left: left(p.x), top: top(p.high), height: `calc(${top(p.low)} - ${top(p.high)})` }}
                data-testid='chart-point'
                data-category={p.category}
              />
            ) : (
              <View
                key={p.key}
                className={`tc__dot tc__dot--${p.category} ${p.home ? 'tc__dot--home' : ''}`}
                style={{ left: left(p.x), top: top(p.high) }}
                data-testid='chart-point'
                data-category={p.category}
              />
            ),
          )}
        </View>
      </View>
      {points.length > 0 && (
        <View className='tc__axis'>
          <Text>{day(x0)}</Text>
          <Text>{day(x1)}</Text>
        </View>
      )}
      <View className='tc-keys' data-testid='chart-line-keys'>
        {lines.map((l) => (
          <View key={`key-${l.tone}-${l.value}`} className='tc-keys__key'>
            <View className={`tc-keys__dash tc-keys__dash--${l.tone}`} />
            <Text>{l.label}</Text>
          </View>
        ))}
      </View>
    </View>
  );
}
