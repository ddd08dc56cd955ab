import { Button, Input, Text, View } from '@tarojs/components';
import type { RotaEntry, RotaHoliday, RotaLeave } from '@healthpocket/shared-types';
import { WEEKDAYS, onLeaveOn } from './week-grid';

export interface RotaDraft {
  entries: RotaEntry[];
  leave: RotaLeave[];
  holidays: RotaHoliday[];
}
interface RotaMemberOption {
  id: string;
  name: string;
  role: string;
}
export interface RotaEditorProps {
  draft: RotaDraft;
  members: RotaMemberOption[];
  onChange: (d: RotaDraft) => void;
  /** The week shown (YYYY-MM-DD … ), to say who is on leave in it. */
  weekDates: string[];
}

const replace = <T,>(list: T[], i: number, v: T) => list.map((x, j) => (j === i ? v : x));
const removeAt = <T,>(list: T[], i: number) => list.filter((_, j) => j !== i);

function StaffChips({ members, value, onPick, disabled = [], testId }: { members: RotaMemberOption[]; value: string; onPick: (id: string) => void; disabled?: string[]; testId: string }) {
  return (
    <View className='hp-chips rota-ed__staff'>
      {members.map((m) => {
        const off = disabled.includes(m.id);
        return (
          <View
            role='button'
            key={m.id}
            className={`hp-chip ${value === m.id ? 'hp-chip--active' : ''} ${off ? 'hp-chip--disabled' : ''}`}
            data-testid={`${testId}-${m.id}`}
            aria-disabled={off ? 'true' : 'false'}
            onClick={() => !off && onPick(m.id)}
          >
            {m.name}
            <Text className='rota-ed__role'>{off ? '请假' : m.role}</Text>
          </View>
        );
      })}
    </View>
  );
}

function TimeRange({ start, end, onChange, testId }: { start: string; end: string; onChange: (start: string, end: string) => void; testId: string }) {
  const overnight = end <= start;
  return (
    <View className='rota-ed__times'>
      <Input className='hp-field__input rota-ed__time' data-testid={`${testId}-start`} value={start} maxlength={5} placeholder='08:00' onInput={(e) => onChange(e.detail.value, end)} />
      <Text>至</Text>
      <Input className='hp-field__input rota-ed__time' data-testid={`${testId}-end`} value={end} maxlength={5} placeholder='17:30' onInput={(e) => onChange(start, e.detail.value)} />
      {overnight && <Text className='rota-ed__night'>跨夜，至次日 {end}</Text>}
    </View>
  );
}

/** The lead's controls: shifts (who, which weekdays, hours), leave, holidays with their own cover. */
export function RotaEditor({ draft, members, onChange, weekDates }: RotaEditorProps) {
  const { entries, leave, holidays } = draft;
  const set = (patch: Partial<RotaDraft>) => onChange({ ...draft, ...patch });
  const first = members[0]?.id ?? '';
  const leaveThisWeek = (staffId: string) => weekDates.filter((d) => onLeaveOn(leave, staffId, d)).length;
  return (
    <View className='rota-ed' data-testid='rota-editor'>
      <Text className='hp-section-title'>班次</Text>
      {entries.map((e, i) => (
        <View key={i} className='wb-item rota-ed__row' data-testid='rota-entry'>
          <StaffChips members={members} value={e.staffId} testId={`rota-entry-${i}-staff`} onPick={(id) => set({ entries: replace(entries, i, { ...e, staffId: id }) })} />
          <View className='hp-chips'>
            {WEEKDAYS.map((label, d) => {
              const on = e.days.includes(d + 1);
              return (
                <View
                  role='button'
                  key={label}
                  className={`hp-chip hp-chip--small ${on ? 'hp-chip--active' : ''}`}
                  data-testid={`rota-entry-${i}-day-${d + 1}`}
                  onClick={() => set({ entries: replace(entries, i, { ...e, days: on ? e.days.filter((x) => x !== d + 1) : [...e.days, d + 1].sort() }) })}
                >
                  {label}
                </View>
              );
            })}
          </View>
          <TimeRange start={e.start} end={e.end} testId={`rota-entry-${i}`} onChange={(start, end) => set({ entries: replace(entries, i, { ...e, start, end }) })} />
          <View className='rota-ed__foot'>
            {leaveThisWeek(e.staffId) > 0 && <Text className='rota-ed__leave-tag'>本周请假 {leaveThisWeek(e.staffId)} 天，请假日不安排值班</Text>}
            <Button className='hp-btn hp-btn--ghost hp-btn--small' data-testid={`rota-entry-${i}-remove`} onClick={() => set({ entries: removeAt(entries, i) })}>
              删除班次
            </Button>
          </View>
        </View>
      ))}
      <Button
        className='hp-btn hp-btn--plain hp-btn--small'
        data-testid='rota-add-entry'
        onClick={() => set({ entries: [...entries, { staffId: first, days: [1, 2, 3, 4, 5], start: '08:00', end: '17:30' }] })}
      >
        添加班次
      </Button>

      <Text className='hp-section-title'>请假</Text>
      {leave.map((l, i) => (
        <View key={i} className='wb-item rota-ed__row' data-testid='rota-leave'>
          <StaffChips members={members} value={l.staffId} testId={`rota-leave-${i}-staff`} onPick={(id) => set({ leave: replace(leave, i, { ...l, staffId: id }) })} />
          <View className='rota-ed__times'>
            <Input
              className='hp-field__input rota-ed__date'
              data-testid={`rota-leave-${i}-from`}
              value={l.from}
              maxlength={10}
              placeholder='2026-12-01'
              onInput={(e) => set({ leave: replace(leave, i, { ...l, from: e.detail.value }) })}
            />
            <Text>至</Text>
            <Input
              className='hp-field__input rota-ed__date'
              data-testid={`rota-leave-${i}-to`}
              value={l.to}
              maxlength={10}
              placeholder='2026-12-03'
              onInput={(e) => set({ leave: replace(leave, i, { ...l, to: e.detail.value }) })}
            />
          </View>
          <View className='rota-ed__foot'>
            <Input
              className='hp-field__input'
              value={l.note ?? ''}
              maxlength={60}
              placeholder='备注（如 年假、培训）'
              onInput={(e) => set({ leave: replace(leave, i, { ...l, note: e.detail.value }) })}
            />
            <Button className='hp-btn hp-btn--ghost hp-btn--small' data-testid={`rota-leave-${i}-remove`} onClick={() => set({ leave: removeAt(leave, i) })}>
              删除
            </Button>
          </View>
        </View>
      ))}
      <Button className='hp-btn hp-btn--plain hp-btn--small' data-testid='rota-add-leave' onClick={() => set({ leave: [...leave, { staffId: first, from: weekDates[0], to: weekDates[0] }] })}>
        登记请假
      </Button>

      <Text className='hp-section-title'>节假日值班</Text>
      {holidays.map((h, i) => (
        <View key={i} className='wb-item rota-ed__row' data-testid='rota-holiday'>
          <View className='rota-ed__times'>
            <Input
              className='hp-field__input rota-ed__date'
              data-testid={`rota-holiday-${i}-date`}
              value={h.date}
              maxlength={10}
              placeholder='2027-01-01'
              onInput={(e) => set({ holidays: replace(holidays, i, { ...h, date: e.detail.value }) })}
            />
            <Input
              className='hp-field__input'
              data-testid={`rota-holiday-${i}-name`}
              value={h.name}
              maxlength={20}
              placeholder='节日名称，如 元旦'
              onInput={(e) => set({ holidays: replace(holidays, i, { ...h, name: e.detail.value }) })}
            />
          </View>
          {h.cover.map((c, j) => (
            <View key={j} className='rota-ed__cover'>
              <StaffChips
                members={members}
                value={c.staffId}
                disabled={members.filter((m) => onLeaveOn(leave, m.id, h.date)).map((m) => m.id)}
                testId={`rota-holiday-${i}-${j}-staff`}
                onPick={(id) => set({ holidays: replace(holidays, i, { ...h, cover: replace(h.cover, j, { ...c, staffId: id }) }) })}
              />
              <TimeRange
                start={c.start}
                end={c.end}
                testId={`rota-holiday-${i}-${j}`}
                onChange={(start, end) => set({ holidays: replace(holidays, i, { ...h, cover: replace(h.cover, j, { ...c, start, end }) }) })}
              />
            </View>
          ))}
          <View className='rota-ed__foot'>
            <Button
              className='hp-btn hp-btn--plain hp-btn--small'
              onClick={() => set({ holidays: replace(holidays, i, { ...h, cover: [...h.cover, { staffId: first, start: '08:00', end: '12:00' }] }) })}
            >
              加一人值班
            </Button>
            <Button className='hp-btn hp-btn--ghost hp-btn--small' data-testid={`rota-holiday-${i}-remove`} onClick={() => set({ holidays: removeAt(holidays, i) })}>
              删除节假日
            </Button>
          </View>
        </View>
      ))}
      <Button
        className='hp-btn hp-btn--plain hp-btn--small'
        data-testid='rota-add-holiday'
        onClick={() => set({ holidays: [...holidays, { date: weekDates[0], name: '', cover: [{ staffId: first, start: '08:00', end: '12:00' }] }] })}
      >
        添加节假日
      </Button>
    </View>
  );
}
