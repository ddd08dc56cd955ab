import { z } from 'zod';

export * from './report-constants';

/**
 * Health records (城乡居民健康档案, WS 365) as the BFF shows them: the sections of
 * ../shared/domain/health-rules.md, the BP/glucose thresholds of 公卫规范, and the audit list.
 * The classification functions are pure, so the miniapp can use them too.
 */

// ---- thresholds (health-rules.md: hypertension and type 2 diabetes management) -------------

export const BP_THRESHOLDS = {
  /** Clinic BP, uncontrolled: SBP ≥ 140 or DBP ≥ 90. */
  clinic: { sbp: 140, dbp: 90 },
  /** 65 and older: target < 150/90. */
  clinicElderly: { sbp: 150, dbp: 90 },
  elderlyFromAge: 65,
  /** Home (wearable) BP runs lower than clinic BP: ≥ 135/85. */
  home: { sbp: 135, dbp: 85 },
  /** Urgent referral: SBP ≥ 180 and/or DBP ≥ 110. */
  urgent: { sbp: 180, dbp: 110 },
} as const;

export const GLUCOSE_THRESHOLDS = {
  /** Fasting glucose ≥ 7.0 mmol/L: uncontrolled. */
  uncontrolled: 7.0,
  /** Urgent referral: ≥ 16.7 or ≤ 3.9 mmol/L. */
  urgentHigh: 16.7,
  urgentLow: 3.9,
} as const;

export const TrendCategory = z.enum(['normal', 'uncontrolled', 'urgent']);
export type TrendCategory = z.infer<typeof TrendCategory>;
export const TREND_CATEGORY_LABELS: Record<TrendCategory, string> = { normal: '达标', uncontrolled: '未达标', urgent: '需紧急转诊' };

export type TrendSource = 'followup' | 'checkup' | 'visit' | 'home';

/** The uncontrolled BP limit for a reading: home readings by the home threshold, clinic ones by age. */
export function bpLimitFor(source: TrendSource, age: number): { sbp: number; dbp: number } {
  if (source === 'home') return BP_THRESHOLDS.home;
  return age >= BP_THRESHOLDS.elderlyFromAge ? BP_THRESHOLDS.clinicElderly : BP_THRESHOLDS.clinic;
}

export function classifyBp(sbp: number, dbp: number, source: TrendSource, age: number): TrendCategory {
  if (sbp >= BP_THRESHOLDS.urgent.sbp || dbp >= BP_THRESHOLDS.urgent.dbp) return 'urgent';
  const limit = bpLimitFor(source, age);
  return sbp >= limit.sbp || dbp >= limit.dbp ? 'uncontrolled' : 'normal';
}

/** Fasting glucose decides "uncontrolled"; any glucose value can be urgent. */
export function classifyGlucose(mmol: number, fasting = true): TrendCategory {
  if (mmol >= GLUCOSE_THRESHOLDS.urgentHigh || mmol <= GLUCOSE_THRESHOLDS.urgentLow) return 'urgent';
  return fasting && mmol >= GLUCOSE_THRESHOLDS.uncontrolled ? 'uncontrolled' : 'normal';
}

// ---- request parameters -----------------------------------------------------------------------

/** A family member id (residents) or a 17-digit record number (family doctors). */
export const RecordRefParam = z.object({
  ref: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9-]+$/, '档案标识格式不正确'),
});
export const RecordItemParam = RecordRefParam.extend({
  id: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9-]+$/, '编号格式不正确'),
});

export const FollowupKind = z.enum(['hypertension', 'diabetes']);
export type FollowupKind = z.infer<typeof FollowupKind>;
export const FOLLOWUP_KIND_LABELS: Record<FollowupKind, string> = { hypertension: '高血压患者随访', diabetes: '2型糖尿病患者随访' };

export const RecordFollowupQuery = z.object({ kind: FollowupKind.optional() });
export const RecordTrendQuery = z.object({
  metric: z.enum(['bp', 'glucose'], { message: '指标只能是 bp（血压）或 glucose（血糖）' }),
  /** Months back from today (default 36). */
  months: z.coerce.number().int().min(1, '月数至少为1').max(120, '最多查看120个月').optional(),
});
export const RecordRevealRequest = z.object({
  field: z.enum(['idNumber', 'phone', 'address'], { message: '只能查看身份证号、手机号或住址' }),
});
export const RecordAuditQuery = z.object({
  cursor: z.string().max(128).optional(),
  limit: z.coerce.number().int().min(1).max(50).optional(),
});

// ---- responses ------------------------------------------------------------------------------

/** Every answer built from the platform says how fresh it is: `stale` when served from cache because the platform failed. */
const Freshness = {
  stale: z.boolean(),
  /** When the platform answered (ISO 8601, +08:00); the oldest part when several were combined. */
  fetchedAt: z.string(),
};

export const RecordAccess = z.enum(['self', 'family', 'contract']);
export type RecordAccess = z.infer<typeof RecordAccess>;

export const RecordCondition = z.object({ code: z.string(), name: z.string(), diagnosedOn: z.string().nullable() });

export const BpPoint = z.object({
  at: z.string(),
  sbp: z.number(),
  dbp: z.number(),
  heartRate: z.number().nullable(),
  source: z.enum(['followup', 'checkup', 'visit', 'home']),
  sourceLabel: z.string(),
  category: TrendCategory,
});
export type BpPoint = z.infer<typeof BpPoint>;

export const GlucosePoint = z.object({
  at: z.string(),
  value: z.number(),
  fasting: z.boolean(),
  source: z.enum(['followup', 'checkup', 'visit', 'home']),
  sourceLabel: z.string(),
  category: TrendCategory,
});
export type GlucosePoint = z.infer<typeof GlucosePoint>;

export const RecordBasicInfo = z.object({
  recordNumber: z.string(),
  name: z.string(),
  sex: z.enum(['male', 'female']),
  /** GB/T 2261.1 */
  sexCode: z.number().int(),
  sexLabel: z.string(),
  birthDate: z.string(),
  age: z.number().int(),
  idNumberMasked: z.string().nullable(),
  phoneMasked: z.string().nullable(),
  addressMasked: z.string(),
  township: z.string(),
  community: z.string(),
  /** ABO CV04.50.005 + Rh. */
  bloodType: z.object({ abo: z.number().int(), aboLabel: z.string(), rh: z.string(), rhLabel: z.string() }),
  allergies: z.array(z.string()),
  chronicConditions: z.array(RecordCondition),
  pastHistory: z.object({
    diseases: z.array(RecordCondition),
    surgeries: z.array(z.object({ name: z.string(), date: z.string() })),
    injuries: z.array(z.object({ name: z.string(), date: z.string() })),
    transfusions: z.array(z.object({ reason: z.string(), date: z.string() })),
  }),
  familyHistory: z.array(z.object({ relation: z.string(), conditions: z.array(z.string()) })),
  disability: z.string(),
  insurancePaymentType: z.string(),
  status: z.enum(['active', 'closed']),
  closedReason: z.string().nullable(),
  createdOn: z.string(),
});
export type RecordBasicInfo = z.infer<typeof RecordBasicInfo>;

export const RecordContractSummary = z.object({
  teamName: z.string(),
  doctorName: z.string(),
  phone: z.string(),
  signedOn: z.string(),
  validTo: z.string(),
  packages: z.array(z.string()),
});

export const RecordOverview = z.object({
  access: RecordAccess,
  /** The resident's own record or a child's: the viewer may see who read it. */
  canSeeAudit: z.boolean(),
  basic: RecordBasicInfo,
  contract: RecordContractSummary.nullable(),
  latest: z.object({ bp: BpPoint.nullable(), glucose: GlucosePoint.nullable() }),
  counts: z.object({ followups: z.number().int(), checkups: z.number().int(), visits: z.number().int(), reports: z.number().int(), abnormalReports: z.number().int() }),
  ...Freshness,
});
export type RecordOverview = z.infer<typeof RecordOverview>;

/** What a doctor sees beside a chat: basic info, conditions and the latest BP/glucose. */
export const RecordSummary = z.object({
  recordNumber: z.string(),
  name: z.string(),
  sex: z.enum(['male', 'female']),
  age: z.number().int(),
  allergies: z.array(z.string()),
  conditions: z.array(RecordCondition),
  latestBp: BpPoint.nullable(),
  latestGlucose: GlucosePoint.nullable(),
  ...Freshness,
});
export type RecordSummary = z.infer<typeof RecordSummary>;

export const RecordMedication = z.object({ name: z.string(), usage: z.string() });

export const RecordFollowup = z.object({
  id: z.string(),
  kind: FollowupKind,
  kindLabel: z.string(),
  date: z.string(),
  method: z.string(),
  institution: z.string(),
  doctorName: z.string(),
  symptoms: z.array(z.string()),
  sbp: z.number(),
  dbp: z.number(),
  heartRate: z.number(),
  weightKg: z.number(),
  bmi: z.number(),
  fastingGlucose: z.number().nullable(),
  adherence: z.enum(['规律', '间断', '不服药']),
  adverseReaction: z.string().nullable(),
  classification: z.enum(['控制满意', '控制不满意', '不良反应', '并发症']),
  medications: z.array(RecordMedication),
  referral: z.object({ reason: z.string(), institution: z.string(), department: z.string() }).nullable(),
  advice: z.string(),
  nextVisitDate: z.string().nullable(),
  bpCategory: TrendCategory,
  glucoseCategory: TrendCategory.nullable(),
});
export type RecordFollowup = z.infer<typeof RecordFollowup>;
export const RecordFollowupList = z.object({ items: z.array(RecordFollowup), ...Freshness });

export const RecordExamItem = z.object({
  name: z.string(),
  value: z.string(),
  unit: z.string(),
  referenceRange: z.string(),
  flag: z.enum(['normal', 'high', 'low', 'critical_high', 'critical_low', 'abnormal']),
});
export type RecordExamItem = z.infer<typeof RecordExamItem>;

export const RecordCheckup = z.object({
  id: z.string(),
  date: z.string(),
  institution: z.string(),
  doctorName: z.string(),
  symptoms: z.array(z.string()),
  vitals: z.object({
    temperature: z.number(),
    pulse: z.number(),
    respiration: z.number(),
    bpLeft: z.object({ sbp: z.number(), dbp: z.number() }),
    bpRight: z.object({ sbp: z.number(), dbp: z.number() }),
    heightCm: z.number(),
    weightKg: z.number(),
    waistCm: z.number(),
    bmi: z.number(),
  }),
  lifestyle: z.object({ exercise: z.string(), diet: z.string(), smoking: z.string(), drinking: z.string() }),
  organs: z.object({ oral: z.string(), vision: z.string(), hearing: z.string(), motor: z.string() }),
  exams: z.array(RecordExamItem),
  abnormalities: z.array(z.string()),
  assessment: z.string(),
  guidance: z.array(z.string()),
  bpCategory: TrendCategory,
});
export type RecordCheckup = z.infer<typeof RecordCheckup>;
export const RecordCheckupList = z.object({ items: z.array(RecordCheckup), ...Freshness });

export const RecordVisit = z.object({
  id: z.string(),
  type: z.enum(['outpatient', 'referral', 'consultation']),
  typeLabel: z.string(),
  date: z.string(),
  institution: z.string(),
  department: z.string(),
  doctorName: z.string(),
  /** SOAP */
  subjective: z.string(),
  objective: z.string(),
  assessment: z.string(),
  plan: z.string(),
  diagnoses: z.array(z.object({ code: z.string(), name: z.string() })),
});
export type RecordVisit = z.infer<typeof RecordVisit>;
export const RecordVisitList = z.object({ items: z.array(RecordVisit), ...Freshness });

export const RecordReportSummary = z.object({
  id: z.string(),
  kind: z.enum(['lab', 'imaging']),
  title: z.string(),
  date: z.string(),
  institution: z.string(),
  department: z.string(),
  /** registered: 待出报告 (no results yet); final: 已出报告 (report-constants.ts). */
  status: z.enum(['registered', 'final']),
  reportedAt: z.string().nullable(),
  /** Items outside their range (flagged by the laboratory, or by the range when it sent no flag). */
  abnormalCount: z.number().int(),
  criticalCount: z.number().int(),
  /** Published after the member was added and not opened by this user yet (新). */
  isNew: z.boolean(),
});
export type RecordReportSummary = z.infer<typeof RecordReportSummary>;
export const RecordReportList = z.object({
  items: z.array(RecordReportSummary),
  /** The 报告已出 subscribe-message template, for wx.requestSubscribeMessage in a tap (one acceptance, one message). */
  subscribeTemplateIds: z.array(z.string()),
  ...Freshness,
});
export type RecordReportList = z.infer<typeof RecordReportList>;

export const RecordReportItem = RecordExamItem.extend({
  /** report: the laboratory's flag; range: it sent none and the BFF compared the value with the range. */
  flagSource: z.enum(['report', 'range']),
});
export type RecordReportItem = z.infer<typeof RecordReportItem>;

export const RecordReport = RecordReportSummary.extend({
  specimen: z.string().nullable(),
  orderedBy: z.string(),
  reportedBy: z.string(),
  reviewedBy: z.string(),
  items: z.array(RecordReportItem),
  imaging: z.object({ method: z.string(), bodyPart: z.string(), findings: z.string(), impression: z.string(), abnormal: z.boolean() }).nullable(),
  ...Freshness,
});
export type RecordReport = z.infer<typeof RecordReport>;

export const RecordImmunization = z.object({
  vaccineCode: z.string(),
  vaccineName: z.string(),
  dose: z.number().int(),
  date: z.string(),
  site: z.string(),
  institution: z.string(),
  batchNo: z.string(),
});
export const RecordImmunizationList = z.object({ items: z.array(RecordImmunization), certNo: z.string().nullable(), ...Freshness });

export const RecordBpTrend = z.object({
  metric: z.literal('bp'),
  age: z.number().int(),
  points: z.array(BpPoint),
  thresholds: z.object({
    uncontrolled: z.object({ sbp: z.number(), dbp: z.number() }),
    home: z.object({ sbp: z.number(), dbp: z.number() }),
    urgent: z.object({ sbp: z.number(), dbp: z.number() }),
  }),
  ...Freshness,
});
export type RecordBpTrend = z.infer<typeof RecordBpTrend>;

export const RecordGlucoseTrend = z.object({
  metric: z.literal('glucose'),
  age: z.number().int(),
  points: z.array(GlucosePoint),
  thresholds: z.object({ uncontrolled: z.number(), urgentHigh: z.number(), urgentLow: z.number() }),
  ...Freshness,
});
export type RecordGlucoseTrend = z.infer<typeof RecordGlucoseTrend>;
export const RecordTrend = z.union([RecordBpTrend, RecordGlucoseTrend]);

export const RecordRevealResponse = z.object({ field: z.enum(['idNumber', 'phone', 'address']), value: z.string().nullable() });

export const RecordAuditEntry = z.object({
  id: z.string(),
  at: z.string(),
  /** 本人, 家人 张伟, 家庭医生 李明 … */
  viewer: z.string(),
  viewerRole: z.string(),
  action: z.enum(['read', 'reveal']),
  actionLabel: z.string(),
  sections: z.array(z.string()),
  requestId: z.string(),
});
export type RecordAuditEntry = z.infer<typeof RecordAuditEntry>;
export const RecordAuditList = z.object({ items: z.array(RecordAuditEntry), nextCursor: z.string().nullable() });

/** Section names used in audit rows, with the label a resident reads. */
export const RECORD_SECTION_LABELS: Record<string, string> = {
  overview: '档案首页',
  basic: '个人基本信息',
  summary: '档案摘要',
  followups: '慢病随访记录',
  checkups: '健康体检',
  visits: '接诊记录',
  reports: '检查检验报告',
  report: '报告详情',
  immunizations: '预防接种记录',
  trend_bp: '血压趋势',
  trend_glucose: '血糖趋势',
  idNumber: '完整身份证号',
  phone: '完整手机号',
  address: '完整住址',
};

export { toChinaIso } from './china-time';

export const RecordFollowupDetail = RecordFollowup.extend(Freshness);
export const RecordCheckupDetail = RecordCheckup.extend(Freshness);
export const RecordVisitDetail = RecordVisit.extend(Freshness);
