import { z } from 'zod';
import { ReadingView } from './doctor';
import { FollowupKind, TrendCategory } from './records';
import { FOLLOWUP_ADHERENCE, FOLLOWUP_CLASSIFICATIONS, FOLLOWUP_FORMS, FOLLOWUP_METHODS, PANEL_FILTERS, SALT_LEVELS, followupField, type PanelFilter } from './followup-constants';

export * from './followup-constants';

/**
 * 随访 (follow-up) of hypertension and type 2 diabetes patients, and the doctor's patient panel.
 *
 * The forms are data: FOLLOWUP_FORMS lists each national form's fields, their options and plausible
 * ranges, and both the BFF (validation) and the workbench (rendering) read them.
 * Source: 国家基本公共卫生服务规范（第三版）, 2017 — 高血压患者健康管理服务规范 附件 高血压患者随访服务记录表,
 * 2型糖尿病患者健康管理服务规范 附件 2型糖尿病患者随访服务记录表, with their 填表说明 (日吸烟量 支/日, 日饮酒量
 * 两白酒/日, 运动 次/周 × 分钟/次, 摄盐 轻/中/重, 服药依从性 规律/间断/不服药, 此次随访分类 控制满意/控制不满意/
 * 不良反应/并发症, 转诊 原因 + 机构及科别, 下次随访日期). "每年要提供至少4次面对面的随访": shared/domain/health-rules.md.
 */

const DateStr = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const numOf = (kind: FollowupKind, key: string) => {
  const f = followupField(kind, key)!;
  const [lo, hi] = f.range!;
  const n = z
    .number({ message: `${f.label}应为数字` })
    .min(lo, `${f.label}应在 ${lo}–${hi}${f.unit ?? ''} 之间`)
    .max(hi, `${f.label}应在 ${lo}–${hi}${f.unit ?? ''} 之间`);
  return f.decimals === 0 ? n.int(`${f.label}应为整数`) : n.multipleOf(0.1, `${f.label}最多一位小数`);
};
/** A required number of the form. */
const num = (kind: FollowupKind, key: string) => numOf(kind, key);
/** An optional number (null when not asked). */
const optNum = (kind: FollowupKind, key: string) => numOf(kind, key).nullable().default(null);
const choice = <T extends readonly [string, ...string[]]>(values: T, label: string) => z.enum(values, { message: `请选择${label}` });
const Text = (max: number, label: string) => z.string().trim().max(max, `${label}最多 ${max} 个字`).nullable().default(null);

const formBase = (kind: FollowupKind) =>
  z.object({
    recordNumber: z.string().regex(/^\d{17}$/, '档案号应为17位数字'),
    date: DateStr,
    method: choice(FOLLOWUP_METHODS, '随访方式'),
    symptoms: z
      .array(z.enum(FOLLOWUP_FORMS[kind].fields.find((f) => f.key === 'symptoms')!.options as unknown as [string, ...string[]], { message: '症状不在随访表的选项中' }))
      .min(1, '请选择症状（无症状也请选择）')
      .max(9),
    sbp: num(kind, 'sbp'),
    dbp: num(kind, 'dbp'),
    weightKg: num(kind, 'weightKg'),
    heightCm: num(kind, 'heightCm'),
    smokingPerDay: num(kind, 'smokingPerDay'),
    drinkingLiangPerDay: num(kind, 'drinkingLiangPerDay'),
    exerciseTimesPerWeek: num(kind, 'exerciseTimesPerWeek'),
    exerciseMinutes: num(kind, 'exerciseMinutes'),
    adherence: choice(FOLLOWUP_ADHERENCE, '服药依从性'),
    adverseReaction: Text(100, '药物不良反应'),
    classification: choice(FOLLOWUP_CLASSIFICATIONS, '此次随访分类'),
    medications: z
      .array(z.object({ name: z.string().trim().min(1).max(40), usage: z.string().trim().max(40) }))
      .max(10)
      .default([]),
    referral: z
      .object({ reason: z.string().trim().min(1, '请填写转诊原因').max(100), institution: z.string().trim().min(1, '请填写转诊机构').max(60), department: z.string().trim().max(30) })
      .nullable()
      .default(null),
    advice: Text(300, '指导意见'),
    nextVisitDate: DateStr,
    /** Client-generated: a retried submit finds the stored follow-up instead of adding a second one. */
    clientId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'clientId 格式不正确'),
  });

export const HypertensionFollowupForm = formBase('hypertension')
  .extend({ kind: z.literal('hypertension'), heartRate: num('hypertension', 'heartRate'), salt: choice(SALT_LEVELS, '摄盐情况') })
  .strict();
export const DiabetesFollowupForm = formBase('diabetes')
  .extend({ kind: z.literal('diabetes'), heartRate: optNum('diabetes', 'heartRate'), fastingGlucose: num('diabetes', 'fastingGlucose'), stapleGramsPerDay: optNum('diabetes', 'stapleGramsPerDay') })
  .strict();
export const FollowupForm = z.discriminatedUnion('kind', [HypertensionFollowupForm, DiabetesFollowupForm]);
export type FollowupForm = z.infer<typeof FollowupForm>;

export const FollowupWriteback = z.enum(['pending', 'written', 'failed']);

/** A follow-up recorded in the workbench. */
export const FollowupView = z.object({
  id: z.string(),
  recordNumber: z.string(),
  residentName: z.string(),
  kind: FollowupKind,
  date: z.string(),
  classification: z.enum(FOLLOWUP_CLASSIFICATIONS),
  bmi: z.number(),
  sbp: z.number(),
  dbp: z.number(),
  bpCategory: TrendCategory,
  fastingGlucose: z.number().nullable(),
  nextVisitDate: z.string(),
  doctorId: z.string(),
  doctorName: z.string(),
  /** Written back to the regional platform (through the outbox): pending until the platform confirmed. */
  writeback: FollowupWriteback,
  platformId: z.string().nullable(),
  createdAt: z.string(),
});
export type FollowupView = z.infer<typeof FollowupView>;

export const PanelQuery = z.object({
  q: z.string().trim().max(32, '搜索最多 32 个字').optional(),
  /** Comma-separated filters, all must hold (e.g. `hypertension,overdue`). */
  filters: z
    .string()
    .max(200)
    .optional()
    .transform((s, ctx) => {
      const list = s
        ? s
            .split(',')
            .map((x) => x.trim())
            .filter(Boolean)
        : [];
      for (const f of list) if (!(PANEL_FILTERS as readonly string[]).includes(f)) ctx.addIssue({ code: 'custom', message: `不支持的筛选条件：${f.slice(0, 20)}` });
      return [...new Set(list)] as PanelFilter[];
    }),
  cursor: z
    .string()
    .regex(/^\d{17}$/, '分页游标格式不正确')
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
export type PanelQuery = z.input<typeof PanelQuery>;

export const PanelResident = z.object({
  recordNumber: z.string(),
  name: z.string(),
  sex: z.enum(['男', '女']),
  age: z.number(),
  community: z.string(),
  conditions: z.array(z.string()),
  tags: z.array(z.enum(PANEL_FILTERS)),
  doctorId: z.string(),
  doctorName: z.string(),
  /** Per managed disease: last follow-up date and when the next one is due. */
  followups: z.array(z.object({ kind: FollowupKind, lastDate: z.string().nullable(), dueDate: z.string(), overdue: z.boolean() })),
  /** Worst home reading of the last 7 days, when one was uncontrolled or urgent. */
  uncontrolledReading: z.object({ text: z.string(), category: TrendCategory, measuredAt: z.string() }).nullable(),
});
export type PanelResident = z.infer<typeof PanelResident>;
export const PanelPage = z.object({ items: z.array(PanelResident), nextCursor: z.string().nullable(), total: z.number() });
export type PanelPage = z.infer<typeof PanelPage>;

export const DueQuery = z.object({
  /** `mine`: residents whose contract names me; `team`: everyone of my teams. */
  scope: z.enum(['mine', 'team']).default('mine'),
});
export const DueItem = z.object({
  recordNumber: z.string(),
  name: z.string(),
  age: z.number(),
  kind: FollowupKind,
  dueDate: z.string(),
  overdueDays: z.number(),
  doctorId: z.string(),
  doctorName: z.string(),
});
export type DueItem = z.infer<typeof DueItem>;
export const DueList = z.object({ overdue: z.array(DueItem), due: z.array(DueItem), today: z.string() });
export type DueList = z.infer<typeof DueList>;

// ---- the resident's self-report (自报) before a 随访 ----

const selfReportPick = { symptoms: true, smokingPerDay: true, drinkingLiangPerDay: true, exerciseTimesPerWeek: true, exerciseMinutes: true, adherence: true, adverseReaction: true } as const;
/** The resident's answers: the national form's own fields (SELF_REPORT_KEYS), validated as the form validates them. */
export const SelfReportRequest = z.discriminatedUnion('kind', [
  formBase('hypertension')
    .pick(selfReportPick)
    .extend({ kind: z.literal('hypertension'), salt: choice(SALT_LEVELS, '摄盐情况') })
    .strict(),
  formBase('diabetes')
    .pick(selfReportPick)
    .extend({ kind: z.literal('diabetes'), stapleGramsPerDay: optNum('diabetes', 'stapleGramsPerDay') })
    .strict(),
]);
export type SelfReportRequest = z.infer<typeof SelfReportRequest>;

export const SelfReportAnswers = z.object({
  symptoms: z.array(z.string()),
  smokingPerDay: z.number(),
  drinkingLiangPerDay: z.number(),
  exerciseTimesPerWeek: z.number(),
  exerciseMinutes: z.number(),
  salt: z.enum(SALT_LEVELS).nullable(),
  stapleGramsPerDay: z.number().nullable(),
  adherence: z.enum(FOLLOWUP_ADHERENCE),
  adverseReaction: z.string().nullable(),
});
export type SelfReportAnswers = z.infer<typeof SelfReportAnswers>;

/** A self-report sent for one due follow-up, with the home readings attached when it was sent. */
export const SelfReportView = z.object({
  id: z.string(),
  recordNumber: z.string(),
  kind: FollowupKind,
  /** The due date of the follow-up it is for: one self-report per due follow-up. */
  dueDate: z.string(),
  memberName: z.string(),
  answers: SelfReportAnswers,
  readings: z.array(ReadingView),
  submittedAt: z.string(),
});
export type SelfReportView = z.infer<typeof SelfReportView>;

/** The resident's self-report page for a member: each managed follow-up, whether it can be reported now, and the readings that would be attached. */
export const SelfReportPage = z.object({
  memberId: z.string(),
  memberName: z.string(),
  items: z.array(
    z.object({
      kind: FollowupKind,
      dueDate: z.string(),
      overdue: z.boolean(),
      /** Within the due window (14 days before the due date) or overdue. */
      open: z.boolean(),
      report: SelfReportView.nullable(),
    }),
  ),
  /** The home readings of the last 14 days (newest first), attached automatically on sending. */
  readings: z.array(ReadingView),
  today: z.string(),
});
export type SelfReportPage = z.infer<typeof SelfReportPage>;

export const RecordNumberParam = z.object({ recordNumber: z.string().regex(/^\d{17}$/, '档案号应为17位数字') });
/** `selfReports`: the resident's self-reports for the follow-ups now due (the doctor's form starts from them). */
export const PanelResidentDetail = z.object({ resident: PanelResident, followups: z.array(FollowupView), selfReports: z.array(SelfReportView) });
export type PanelResidentDetail = z.infer<typeof PanelResidentDetail>;
