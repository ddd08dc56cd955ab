import { Text, View } from '@tarojs/components';
import type { RotaEntry, RotaHoliday, RotaLeave } from '@healthpocket/shared-types';
import { hhmm, weekBlocks, type WeekDay } from './week-grid';

export interface WeekGridProps {
  week: WeekDay[];
  entries: RotaEntry[];
  leave: RotaLeave[];
  holidays: RotaHoliday[];
  names: Record<string, string>;
  /** Index of the column of today (a marker). */
  today: number;
}

const HOURS = [0, 3, 6, 9, 12, 15, 18, 21];

/** The team's week: a column per day, 00:00 at the top, one lane per person; overnight shifts run on into the next column. */
export function WeekGrid({ week, entries, leave, holidays, names, today }: WeekGridProps) {
  const blocks = weekBlocks(week, entries, leave, holidays);
  const lanes = Math.max(1, new Set(blocks.map((b) => b.lane)).size, ...blocks.map((b) => b.lane + 1));
  return (
    <View className='rota-grid' data-testid='rota-grid'>
      <View className='rota-grid__hours'>
        {HOURS.map((h) => (
          <Text key={h} className='rota-grid__hour' style={{ top: `${(h / 24) * 100}%` }}>
            {hhmm(h * 60)}
          </Text>
        ))}
      </View>
      {week.map((d, day) => (
        <View key={d.date} className={`rota-grid__day ${day === today ? 'rota-grid__day--today' : ''} ${d.holiday ? 'rota-grid__day--holiday' : ''}`} data-testid='rota-day'>
          <View className='rota-grid__head'>
            <Text className='rota-grid__label'>{d.label}</Text>
            <Text className='rota-grid__date'>{`${Number(d.date.slice(5, 7))}/${Number(d.date.slice(8, 10))}`}</Text>
            {d.holiday && <Text className='rota-grid__holiday'>{d.holiday}</Text>}
          </View>
          <View className='rota-grid__body'>
            {HOURS.map((h) => (
              <View key={h} className='rota-grid__line' style={{ top: `${(h / 24) * 100}%` }} />
            ))}
            {blocks
              .filter((b) => b.day === day)
              .map((b, i) => (
                <View
                  key={i}
                  className={`rota-grid__block rota-grid__block--lane${b.lane % 6} ${b.onLeave ? 'rota-grid__block--leave' : ''}`}
                  style={{ top: `${(b.from / 1440) * 100}%`, height: `${((b.to - b.from) / 1440) * 100}%`, left: `${(b.lane / lanes) * 100}%`, width: `${100 / lanes}%` }}
                  data-testid='rota-block'
                  data-staff={b.staffId}
                  data-leave={b.onLeave ? '1' : '0'}
                  data-continued={b.continued ? '1' : '0'}
                >
                  <Text className='rota-grid__who'>{names[b.staffId] ?? b.staffId}</Text>
                  <Text className='rota-grid__when'>{b.onLeave ? '请假' : b.continued ? `至 ${hhmm(b.to)}` : `${hhmm(b.from)}${b.to === 1440 ? ' 起' : `–${hhmm(b.to)}`}`}</Text>
                </View>
              ))}
          </View>
        </View>
      ))}
    </View>
  );
}
