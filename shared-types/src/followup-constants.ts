/**
 * 随访 forms and the patient panel's filters as plain data, without zod: the workbench imports this
 * file (zod must not ship in the mini-program). followup.ts builds the schemas from it.
 */
import type { FollowupKind } from './records';

export const FOLLOWUPS_PER_YEAR = 4;
/** Quarterly: a patient with no follow-up for this many days is overdue (365 / 4, rounded up). */
export const FOLLOWUP_INTERVAL_DAYS = 92;
/** 控制不满意 → review within 2 weeks (health-rules.md: "First uncontrolled → review within 2 weeks"). */
export const FOLLOWUP_UNCONTROLLED_REVIEW_DAYS = 14;
/** The due list shows what falls due within this many days. */
export const FOLLOWUP_DUE_WINDOW_DAYS = 14;

export const FOLLOWUP_METHODS = ['门诊', '家庭', '电话'] as const;
export const FOLLOWUP_CLASSIFICATIONS = ['控制满意', '控制不满意', '不良反应', '并发症'] as const;
export const FOLLOWUP_ADHERENCE = ['规律', '间断', '不服药'] as const;
export const SALT_LEVELS = ['轻', '中', '重'] as const;

/** One field of a national follow-up form. `range` is the plausible input range (values outside are refused as typos). */
export interface FollowupField {
  key: string;
  label: string;
  unit?: string;
  type: 'number' | 'choice' | 'multi' | 'text' | 'date';
  options?: readonly string[];
  range?: readonly [number, number];
  /** Decimal places allowed for numbers (0 = integer). */
  decimals?: number;
  required: boolean;
}

const HTN_SYMPTOMS = ['无症状', '头痛头晕', '恶心呕吐', '眼花耳鸣', '呼吸困难', '心悸胸闷', '鼻衄出血不止', '四肢发麻', '下肢水肿'] as const;
const DM_SYMPTOMS = ['无症状', '多饮', '多食', '多尿', '视力模糊', '感染', '手脚麻木', '下肢浮肿', '体重明显下降'] as const;

const common = (symptoms: readonly string[]): FollowupField[] => [
  { key: 'date', label: '随访日期', type: 'date', required: true },
  { key: 'method', label: '随访方式', type: 'choice', options: FOLLOWUP_METHODS, required: true },
  { key: 'symptoms', label: '症状', type: 'multi', options: symptoms, required: true },
  { key: 'sbp', label: '收缩压', unit: 'mmHg', type: 'number', range: [60, 260], decimals: 0, required: true },
  { key: 'dbp', label: '舒张压', unit: 'mmHg', type: 'number', range: [30, 160], decimals: 0, required: true },
  { key: 'weightKg', label: '体重', unit: 'kg', type: 'number', range: [20, 250], decimals: 1, required: true },
  { key: 'heightCm', label: '身高', unit: 'cm', type: 'number', range: [100, 230], decimals: 0, required: true },
];
const lifestyle: FollowupField[] = [
  { key: 'smokingPerDay', label: '日吸烟量', unit: '支', type: 'number', range: [0, 100], decimals: 0, required: true },
  { key: 'drinkingLiangPerDay', label: '日饮酒量', unit: '两', type: 'number', range: [0, 40], decimals: 1, required: true },
  { key: 'exerciseTimesPerWeek', label: '运动', unit: '次/周', type: 'number', range: [0, 21], decimals: 0, required: true },
  { key: 'exerciseMinutes', label: '每次运动', unit: '分钟', type: 'number', range: [0, 300], decimals: 0, required: true },
];
const tail: FollowupField[] = [
  { key: 'adherence', label: '服药依从性', type: 'choice', options: FOLLOWUP_ADHERENCE, required: true },
  { key: 'adverseReaction', label: '药物不良反应', type: 'text', required: false },
  { key: 'classification', label: '此次随访分类', type: 'choice', options: FOLLOWUP_CLASSIFICATIONS, required: true },
  { key: 'medications', label: '用药情况', type: 'text', required: false },
  { key: 'referral', label: '转诊', type: 'text', required: false },
  { key: 'advice', label: '指导意见', type: 'text', required: false },
  { key: 'nextVisitDate', label: '下次随访日期', type: 'date', required: true },
];

export const FOLLOWUP_FORMS: Record<FollowupKind, { title: string; fields: FollowupField[] }> = {
  hypertension: {
    title: '高血压患者随访服务记录表',
    fields: [
      ...common(HTN_SYMPTOMS),
      { key: 'heartRate', label: '心率', unit: '次/分钟', type: 'number', range: [30, 220], decimals: 0, required: true },
      ...lifestyle,
      { key: 'salt', label: '摄盐情况', type: 'choice', options: SALT_LEVELS, required: true },
      ...tail,
    ],
  },
  diabetes: {
    title: '2型糖尿病患者随访服务记录表',
    fields: [
      ...common(DM_SYMPTOMS),
      // The diabetes form has no heart-rate line; the 规范's assessment measures it, so it is asked but optional here.
      { key: 'heartRate', label: '心率', unit: '次/分钟', type: 'number', range: [30, 220], decimals: 0, required: false },
      ...lifestyle,
      { key: 'stapleGramsPerDay', label: '主食', unit: '克/天', type: 'number', range: [0, 2000], decimals: 0, required: false },
      { key: 'fastingGlucose', label: '空腹血糖', unit: 'mmol/L', type: 'number', range: [1, 40], decimals: 1, required: true },
      ...tail,
    ],
  },
};

export function followupField(kind: FollowupKind, key: string): FollowupField | undefined {
  return FOLLOWUP_FORMS[kind].fields.find((f) => f.key === key);
}

/** The first problem the form has, as the BFF would say it, or null (the BFF checks again). */
/**
 * A chip tapped on a form field: a choice takes the option; a multi-choice toggles it, where
 * 无症状 excludes every symptom and a symptom excludes 无症状 (the national form's rule).
 */
export function tappedOption(field: Pick<FollowupField, 'type'>, current: unknown, option: string): string | string[] {
  if (field.type !== 'multi') return option;
  const list = (Array.isArray(current) ? current : []) as string[];
  if (list.includes(option)) return list.filter((x) => x !== option);
  return option === '无症状' ? ['无症状'] : [...list.filter((x) => x !== '无症状'), option];
}

export function followupProblem(kind: FollowupKind, body: Record<string, unknown>): string | null {
  return fieldsProblem(FOLLOWUP_FORMS[kind].fields, body);
}

function fieldsProblem(fields: readonly FollowupField[], body: Record<string, unknown>): string | null {
  for (const f of fields) {
    const v = body[f.key];
    const empty = v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
    if (empty) {
      if (f.required) return f.type === 'choice' || f.type === 'multi' ? `请选择${f.label}` : `请填写${f.label}`;
      continue;
    }
    if (f.type === 'number') {
      const n = Number(v);
      const [lo, hi] = f.range ?? [-Infinity, Infinity];
      if (!Number.isFinite(n)) return `${f.label}应为数字`;
      if (n < lo || n > hi) return `${f.label}应在 ${lo}–${hi}${f.unit ?? ''} 之间`;
      if (f.decimals === 0 && !Number.isInteger(n)) return `${f.label}应为整数`;
      if (f.decimals === 1 && Math.round(n * 10) !== n * 10) return `${f.label}最多一位小数`;
    }
    if (f.type === 'date' && (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v))) return `${f.label}格式应为 YYYY-MM-DD`;
  }
  return null;
}

// ---- the patient panel ----------------------------------------------------------------------------

export const PANEL_FILTERS = ['hypertension', 'diabetes', 'elderly', 'pregnant', 'child', 'overdue', 'uncontrolled'] as const;
export type PanelFilter = (typeof PANEL_FILTERS)[number];
export const PANEL_FILTER_LABELS: Record<PanelFilter, string> = {
  hypertension: '高血压',
  diabetes: '2型糖尿病',
  elderly: '65岁及以上',
  pregnant: '孕产妇',
  child: '0–6岁儿童',
  overdue: '随访逾期',
  uncontrolled: '近7天血压/血糖未控制',
};
/** Age from which a resident is 老年人 (老年人健康管理服务规范: 65 岁及以上) and gets a yearly check-up. */
export const ELDERLY_FROM_AGE = 65;
/** 0–6 岁儿童健康管理: children under 7 (0–6 years of age). */
export const CHILD_UNTIL_AGE = 6;
export const UNCONTROLLED_LOOKBACK_DAYS = 7;

// ---- the resident's self-report (自报) before a 随访 -------------------------------------------------

/**
 * What a resident can tell about themselves before a follow-up: the national form's 症状 and 生活方式
 * lines, 服药依从性 and 药物不良反应 (the same fields, options and ranges as FOLLOWUP_FORMS). Everything
 * the doctor measures or decides (体征, 此次随访分类, 用药调整, 转诊, 下次随访日期) stays with the doctor.
 */
export const SELF_REPORT_KEYS = ['symptoms', 'smokingPerDay', 'drinkingLiangPerDay', 'exerciseTimesPerWeek', 'exerciseMinutes', 'salt', 'stapleGramsPerDay', 'adherence', 'adverseReaction'] as const;
export type SelfReportKey = (typeof SELF_REPORT_KEYS)[number];
/** Home readings of this many days are attached to a self-report. */
export const SELF_REPORT_READING_DAYS = 14;
/** At most this many readings are attached (the newest). */
export const SELF_REPORT_MAX_READINGS = 60;

/** The self-report's fields for a kind of follow-up, in the national form's order. */
export function selfReportFields(kind: FollowupKind): FollowupField[] {
  return FOLLOWUP_FORMS[kind].fields.filter((f) => (SELF_REPORT_KEYS as readonly string[]).includes(f.key));
}

/** The first problem of a self-report, as the BFF would say it, or null (the BFF checks again). */
export function selfReportProblem(kind: FollowupKind, body: Record<string, unknown>): string | null {
  return fieldsProblem(selfReportFields(kind), body);
}
