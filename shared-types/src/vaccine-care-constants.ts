/**
 * After a dose: 留观 (observation), 到苗提醒 and reporting a suspected adverse reaction
 * (疑似预防接种异常反应, AEFI), as plain data without zod (the mini-program imports this file;
 * vaccine-care.ts builds the schemas from it).
 *
 * Sources:
 * - 留观 30 minutes: 《预防接种工作规范（2023年版）》(国家卫生健康委, 国卫办疾控发〔2023〕) — 接种后告知受种者
 *   或其监护人在接种现场留观30分钟; the 2016 edition said the same.
 * - AEFI fields and time limits: 《全国疑似预防接种异常反应监测方案》(原卫生部、国家食品药品监督管理局,
 *   卫办疾控发〔2010〕94号): 报告范围 by time after vaccination (24小时内 过敏性休克、过敏反应、晕厥…;
 *   5天内 发热腋温≥38.6℃、红肿/硬结直径>2.5cm…; 15天内 热性惊厥…); 个案报告卡 key items (受种者、
 *   疫苗名称/批号/生产企业、接种日期、反应发生日期、发现/就诊日期、就诊单位、主要临床经过、是否住院、报告人、
 *   联系电话); 责任报告单位和报告人发现AEFI后48小时内报告, 死亡、严重残疾、群体性 AEFI 2小时内.
 */

export const OBSERVATION_MINUTES = 30;
/** 留观结束 stays on screen this long after the 30 minutes, then the banner goes. */
export const OBSERVATION_SHOWN_AFTER_MINUTES = 120;

/** What to watch for during 留观 and the hours after (监测方案 报告范围, 24小时内 and 5天内). */
export const OBSERVATION_WATCH_FOR = ['呼吸困难、喉咙发紧、声音嘶哑', '全身皮疹、荨麻疹、嘴唇或眼睑肿胀', '面色苍白、出冷汗、头晕或晕倒', '抽搐、意识不清、持续哭闹不止'] as const;

export const OBSERVATION_ADVICE = '请在接种门诊留观30分钟，不要提前离开；出现以上任何情况，立即告诉接种医生';

/** Symptoms a resident may tick; `severe` ones put 拨打120 / 立即就医 first. */
export const AEFI_SYMPTOMS = [
  { code: 'breathing', label: '呼吸困难', severe: true },
  { code: 'convulsion', label: '抽搐', severe: true },
  { code: 'unconscious', label: '意识不清', severe: true },
  { code: 'anaphylaxis', label: '面色苍白、出冷汗、晕倒', severe: true },
  { code: 'swelling_face', label: '嘴唇、眼睑或喉咙肿胀', severe: true },
  { code: 'fever', label: '发热', severe: false },
  { code: 'local_redness', label: '接种部位红肿', severe: false },
  { code: 'local_induration', label: '接种部位硬结', severe: false },
  { code: 'rash', label: '皮疹', severe: false },
  { code: 'crying', label: '持续哭闹', severe: false },
  { code: 'vomiting', label: '呕吐、腹泻', severe: false },
  { code: 'other', label: '其他', severe: false },
] as const;
export type AefiSymptomCode = (typeof AEFI_SYMPTOMS)[number]['code'];
export const AEFI_SYMPTOM_CODES = AEFI_SYMPTOMS.map((s) => s.code) as [AefiSymptomCode, ...AefiSymptomCode[]];
export const AEFI_SEVERE_CODES: readonly AefiSymptomCode[] = AEFI_SYMPTOMS.filter((s) => s.severe).map((s) => s.code);
export const isSevere = (codes: readonly string[]) => codes.some((c) => (AEFI_SEVERE_CODES as readonly string[]).includes(c));

export const AEFI_EMERGENCY_ADVICE = '出现呼吸困难、抽搐、意识不清等情况，请立即拨打120或到最近的医院急诊就医，再补充报告';

/** 就诊情况 (个案报告卡: 发现/就诊日期、就诊单位、是否住院). */
export const AEFI_TREATMENT = ['not_seen', 'outpatient', 'inpatient'] as const;
export type AefiTreatment = (typeof AEFI_TREATMENT)[number];
export const AEFI_TREATMENT_LABELS: Record<AefiTreatment, string> = { not_seen: '未就诊', outpatient: '门诊就诊', inpatient: '住院' };

/** The report can go back 3 months (监测方案: 臂丛神经炎、无菌性脓肿 up to 3个月; 卡介苗 later, by the clinic). */
export const AEFI_MAX_DAYS_AFTER_DOSE = 92;
export const AEFI_DESCRIPTION_MAX = 500;

export const AEFI_STATUSES = ['submitted', 'accepted'] as const;
export type AefiStatus = (typeof AEFI_STATUSES)[number];
export const AEFI_STATUS_LABELS: Record<AefiStatus | 'sending', string> = { sending: '提交中', submitted: '已提交', accepted: '已受理' };
/** What happens next, shown with the status (监测方案: the clinic reports within 48 hours of learning of it). */
export const AEFI_NEXT_STEP: Record<AefiStatus | 'sending', string> = {
  sending: '报告正在发送给接种门诊，请稍候',
  submitted: '接种门诊会在48小时内联系您核实情况；症状加重请立即就医',
  accepted: '接种门诊已受理，将按规定上报并安排随访；如有疑问可致电接种门诊',
};

/** 到苗提醒 (self-paid vaccines out of stock at a clinic). */
export const STOCK_ALERT_LIMIT = 10;
export const STOCK_ALERT_STATUS_LABELS = { waiting: '等待到苗', notified: '已通知', cancelled: '已取消' } as const;
export type StockAlertStatus = keyof typeof STOCK_ALERT_STATUS_LABELS;
