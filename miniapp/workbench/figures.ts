import type { WorkloadFigures, WorkloadView } from '@healthpocket/shared-types';
import { chinaToday } from '../services/shared';

/** Periods of the 考核 figures page, China days; CSV and sorting of its table (zod-free, testable). */

export type PeriodKey = 'month' | 'lastMonth' | 'quarter' | 'custom';
export const PERIOD_LABELS: Record<PeriodKey, string> = { month: '本月', lastMonth: '上月', quarter: '本季度', custom: '自定义' };
const MAX_PERIOD_DAYS = 366;

const DAY = 86_400_000;
const ymd = (y: number, m: number, d: number) => new Date(Date.UTC(y, m, d)).toISOString().slice(0, 10);
const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY);

export function presetPeriod(key: Exclude<PeriodKey, 'custom'>, now: Date): { from: string; to: string } {
  const today = chinaToday(now);
  const [y, m] = [Number(today.slice(0, 4)), Number(today.slice(5, 7)) - 1];
  if (key === 'month') return { from: ymd(y, m, 1), to: today };
  if (key === 'lastMonth') return { from: ymd(y, m - 1, 1), to: ymd(y, m, 0) };
  return { from: ymd(y, m - (m % 3), 1), to: today };
}

/** What is wrong with a custom range, in words a doctor can act on; null when it is fine. */
export function periodProblem(from: string, to: string, now: Date): string | null {
  const day = /^\d{4}-\d{2}-\d{2}$/;
  if (!day.test(from) || !day.test(to) || Number.isNaN(Date.parse(from)) || Number.isNaN(Date.parse(to))) return '请按 2026-11-01 的格式填写开始和结束日期';
  if (from > to) return '开始日期不能晚于结束日期';
  if (to > chinaToday(now)) return '结束日期不能晚于今天';
  if (daysBetween(from, to) + 1 > MAX_PERIOD_DAYS) return `统计区间最长 ${MAX_PERIOD_DAYS} 天`;
  return null;
}

export type Row = WorkloadFigures & { key: string; name: string; role: string; total: boolean };
export type SortKey = 'name' | 'frMedian' | 'frP90' | 'perDay' | 'fuHtn' | 'fuDm' | 'ackMedian' | 'ackP90';

export const COLUMNS: Array<{ key: SortKey; label: string }> = [
  { key: 'name', label: '成员' },
  { key: 'frMedian', label: '首次响应 中位数' },
  { key: 'frP90', label: '首次响应 P90' },
  { key: 'perDay', label: '日均咨询' },
  { key: 'fuHtn', label: '高血压随访完成率' },
  { key: 'fuDm', label: '糖尿病随访完成率' },
  { key: 'ackMedian', label: '告警确认 中位数' },
  { key: 'ackP90', label: '告警确认 P90' },
];

const value = (r: Row, k: SortKey): number | string | null => {
  switch (k) {
    case 'name':
      return r.name;
    case 'frMedian':
      return r.firstResponse.medianMinutes;
    case 'frP90':
      return r.firstResponse.p90Minutes;
    case 'perDay':
      return r.consultations.perDay;
    case 'fuHtn':
      return r.followUp.hypertension.rate;
    case 'fuDm':
      return r.followUp.diabetes.rate;
    case 'ackMedian':
      return r.alertAck.medianMinutes;
    case 'ackP90':
      return r.alertAck.p90Minutes;
  }
};

export function rowsOf(v: WorkloadView): Row[] {
  return [{ ...v.team, key: 'team', name: '团队合计', role: v.teamName, total: true }, ...v.staff.map((s) => ({ ...s, key: s.staffId, total: false }))];
}

/** The team total stays first; members sort by the column, with no figure (—) always last. */
export function sortRows(rows: Row[], key: SortKey, dir: 'asc' | 'desc'): Row[] {
  const [total, members] = [rows.filter((r) => r.total), rows.filter((r) => !r.total)];
  const sorted = [...members].sort((a, b) => {
    const [x, y] = [value(a, key), value(b, key)];
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    const c = typeof x === 'string' ? x.localeCompare(String(y), 'zh-CN') : x - (y as number);
    return dir === 'asc' ? c : -c;
  });
  return [...total, ...sorted];
}

export const minutes = (m: number | null) => (m === null ? '—' : m < 60 ? `${m} 分钟` : `${(m / 60).toFixed(1)} 小时`);
export const percent = (f: { due: number; done: number; rate: number | null }) => (f.rate === null ? '—' : `${Math.round((f.done / f.due) * 100)}%（${f.done}/${f.due}）`);

const cell = (x: string | number | null) => {
  const s = x === null ? '' : String(x);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The table as CSV (UTF-8 with BOM, so Excel opens the Chinese columns), raw numbers in minutes. */
export function toCsv(v: WorkloadView, rows: Row[]): string {
  const head = [
    '成员',
    '角色',
    '统计开始',
    '统计结束',
    '首次响应次数',
    '首次响应中位数(分钟)',
    '首次响应P90(分钟)',
    '咨询量',
    '日均咨询',
    '高血压随访应随访',
    '高血压随访已完成',
    '糖尿病随访应随访',
    '糖尿病随访已完成',
    '告警确认次数',
    '告警确认中位数(分钟)',
    '告警确认P90(分钟)',
  ];
  const lines = rows.map((r) =>
    [
      r.name,
      r.role,
      v.from,
      v.to,
      r.firstResponse.count,
      r.firstResponse.medianMinutes,
      r.firstResponse.p90Minutes,
      r.consultations.total,
      r.consultations.perDay,
      r.followUp.hypertension.due,
      r.followUp.hypertension.done,
      r.followUp.diabetes.due,
      r.followUp.diabetes.done,
      r.alertAck.count,
      r.alertAck.medianMinutes,
      r.alertAck.p90Minutes,
    ]
      .map(cell)
      .join(','),
  );
  return `\uFEFF${[head.join(','), ...lines].join('\r\n')}\r\n`;
}
