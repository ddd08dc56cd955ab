import type { RotaEntry, RotaHoliday, RotaLeave } from '@healthpocket/shared-types';

/** The rota's week drawn as blocks per day (pure, so the page and its test share it). */

export const WEEKDAYS = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'] as const;
const DAY_MS = 24 * 3600_000;
const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export interface WeekDay {
  /** YYYY-MM-DD (China calendar). */
  date: string;
  label: string;
  holiday: string | null;
}
export interface ShiftBlock {
  /** 0 = Monday … 6 = Sunday: the column it is drawn in. */
  day: number;
  staffId: string;
  /** Minutes of that day, 0–1440. */
  from: number;
  to: number;
  /** The part after midnight of a shift that started the day before. */
  continued: boolean;
  /** The person is on leave that day: drawn struck through, not on duty. */
  onLeave: boolean;
  /** The lane (one per person of the rota) inside the column. */
  lane: number;
}

/** Monday … Sunday of the China week that holds `now`. */
export function weekOf(now: Date, holidays: RotaHoliday[]): WeekDay[] {
  const local = new Date(now.getTime() + 8 * 3600_000);
  const monday = Date.parse(`${local.toISOString().slice(0, 10)}T00:00:00Z`) - ((local.getUTCDay() || 7) - 1) * DAY_MS;
  return WEEKDAYS.map((label, i) => {
    const date = new Date(monday + i * DAY_MS).toISOString().slice(0, 10);
    return { date, label, holiday: holidays.find((h) => h.date === date)?.name ?? null };
  });
}

export const onLeaveOn = (leave: RotaLeave[], staffId: string, date: string) => leave.some((l) => l.staffId === staffId && l.from <= date && date <= l.to);

/**
 * The blocks of the week: on a holiday its own cover, else each entry on its weekdays; a shift
 * whose end is not after its start runs past midnight and is drawn on into the next column (the
 * Sunday night shift continues into Monday's column, as it does from the week before).
 */
export function weekBlocks(week: WeekDay[], entries: RotaEntry[], leave: RotaLeave[], holidays: RotaHoliday[]): ShiftBlock[] {
  const lanes = [...new Set([...entries.map((e) => e.staffId), ...holidays.flatMap((h) => h.cover.map((c) => c.staffId))])];
  const blocks: ShiftBlock[] = [];
  const shiftsStarting = (dayIndex: number) => {
    const d = week[dayIndex];
    const holiday = holidays.find((h) => h.date === d.date);
    if (holiday) return holiday.cover;
    return entries.filter((e) => e.days.includes(dayIndex + 1));
  };
  week.forEach((d, day) => {
    for (const s of shiftsStarting(day)) {
      const from = minutes(s.start);
      const to = minutes(s.end);
      const onLeave = onLeaveOn(leave, s.staffId, d.date);
      const lane = lanes.indexOf(s.staffId);
      blocks.push({ day, staffId: s.staffId, from, to: to > from ? to : 1440, continued: false, onLeave, lane });
      if (to <= from && to > 0) blocks.push({ day: (day + 1) % 7, staffId: s.staffId, from: 0, to, continued: true, onLeave, lane });
    }
  });
  return blocks;
}

export const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
