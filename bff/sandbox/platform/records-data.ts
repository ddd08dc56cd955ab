/**
 * The platform's clinical record sections for every resident of the world: yearly check-ups,
 * hypertension / type 2 diabetes follow-ups, SOAP visit records, lab and imaging reports
 * (children's immunizations come from the vaccines stand-in, platform/immunizations.ts).
 * Derived only from (seed, record number, today), so the same seed answers the same records; 王秀英's follow-ups are fixed so demos and tests can rely on an urgent
 * and an uncontrolled reading. Values follow ../shared/domain/health-rules.md.
 */
import { ageOn } from '@healthpocket/shared-types';
import type { SandboxContext } from '../context';
import { addDays, PERSONA_RESIDENTS, worldOf, type Resident, type World } from '../seed/world';
import { between, pick, rng } from '../seed/rng';

export interface Followup {
  id: string;
  kind: 'hypertension' | 'diabetes';
  date: string;
  method: '门诊' | '家庭' | '电话';
  institution: string;
  doctorName: string;
  symptoms: string[];
  sbp: number;
  dbp: number;
  heartRate: number;
  weightKg: number;
  bmi: number;
  fastingGlucose: number | null;
  adherence: '规律' | '间断' | '不服药';
  adverseReaction: string | null;
  classification: '控制满意' | '控制不满意' | '不良反应' | '并发症';
  medications: Array<{ name: string; usage: string }>;
  referral: { reason: string; institution: string; department: string } | null;
  advice: string;
  nextVisitDate: string | null;
}

export interface LabItem {
  name: string;
  value: string;
  unit: string;
  referenceRange: string;
  flag: 'normal' | 'high' | 'low' | 'critical_high' | 'critical_low' | 'abnormal';
}

interface Checkup {
  id: string;
  date: string;
  institution: string;
  doctorName: string;
  symptoms: string[];
  vitals: {
    temperature: number;
    pulse: number;
    respiration: number;
    bpLeft: { sbp: number; dbp: number };
    bpRight: { sbp: number; dbp: number };
    heightCm: number;
    weightKg: number;
    waistCm: number;
    bmi: number;
  };
  lifestyle: { exercise: string; diet: string; smoking: string; drinking: string };
  organs: { oral: string; vision: string; hearing: string; motor: string };
  exams: LabItem[];
  abnormalities: string[];
  assessment: string;
  guidance: string[];
}

interface Visit {
  id: string;
  type: 'outpatient' | 'referral' | 'consultation';
  date: string;
  institution: string;
  department: string;
  doctorName: string;
  subjective: string;
  objective: string;
  assessment: string;
  plan: string;
  diagnoses: Array<{ code: string; name: string }>;
}

/**
 * 报告状态 (FHIR DiagnosticReport.status, HL7 v2 OBR-25): `registered` — ordered, specimen taken,
 * nothing to read yet (待出报告); `final` — verified and published (已出报告). reportedAt is the
 * publication time (null while registered).
 */
type ReportStatus = 'registered' | 'final';

export interface Report {
  id: string;
  kind: 'lab' | 'imaging';
  title: string;
  date: string;
  status: ReportStatus;
  reportedAt: string | null;
  institution: string;
  department: string;
  specimen: string | null;
  orderedBy: string;
  reportedBy: string;
  reviewedBy: string;
  /** A LIS may leave the abnormal flag (HL7 OBX-8) empty: then flag is null and readers compare with the range. */
  items: Array<Omit<LabItem, 'flag'> & { flag: LabItem['flag'] | null }>;
  imaging: { method: string; bodyPart: string; findings: string; impression: string; abnormal: boolean } | null;
}

/** 个人基本信息表 fields the resident index does not carry. */
interface BasicSupplement {
  pastHistory: {
    diseases: Array<{ code: string; name: string; diagnosedOn: string | null }>;
    surgeries: Array<{ name: string; date: string }>;
    injuries: Array<{ name: string; date: string }>;
    transfusions: Array<{ reason: string; date: string }>;
  };
  familyHistory: Array<{ relation: string; conditions: string[] }>;
  disability: string;
  insurancePaymentType: string;
}

export interface ResidentRecords {
  basic: BasicSupplement;
  followups: Followup[];
  checkups: Checkup[];
  visits: Visit[];
  reports: Report[];
}

const CENTRE = '东华街道社区卫生服务中心';
const HOSPITAL = '市第一人民医院';
const MCH = '市妇幼保健院';

const HTN_DRUGS = [
  { name: '硝苯地平控释片', usage: '30mg 每日1次 口服' },
  { name: '厄贝沙坦片', usage: '150mg 每日1次 口服' },
  { name: '苯磺酸氨氯地平片', usage: '5mg 每日1次 口服' },
  { name: '缬沙坦胶囊', usage: '80mg 每日1次 口服' },
];
const DM_DRUGS = [
  { name: '盐酸二甲双胍片', usage: '0.5g 每日3次 餐中口服' },
  { name: '阿卡波糖片', usage: '50mg 每日3次 随第一口饭嚼服' },
  { name: '格列美脲片', usage: '2mg 每日1次 早餐前口服' },
];

function rngFor(seed: number, key: string): () => number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return rng(h >>> 0);
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const ymd = (d: string) => d.replaceAll('-', '');

/** Doctor and institution of the resident's family-doctor team, or the centre's duty doctor. */
function careTeam(world: World, r: Resident): { doctorName: string; institution: string } {
  const team = r.contractedTeamId ? world.teams.get(r.contractedTeamId) : null;
  const leader = team ? team.members.find((m) => m.isLeader) : null;
  return { doctorName: leader?.name ?? '周海燕', institution: CENTRE };
}

// ---- lab panels ---------------------------------------------------------------------------------

export interface Analyte {
  name: string;
  unit: string;
  low: number | null;
  high: number | null;
  decimals: number;
  criticalLow?: number;
  criticalHigh?: number;
}

export function labItem(a: Analyte, value: number): LabItem {
  const v = Number(value.toFixed(a.decimals));
  let flag: LabItem['flag'] = 'normal';
  if (a.criticalHigh !== undefined && v >= a.criticalHigh) flag = 'critical_high';
  else if (a.criticalLow !== undefined && v <= a.criticalLow) flag = 'critical_low';
  else if (a.high !== null && v > a.high) flag = 'high';
  else if (a.low !== null && v < a.low) flag = 'low';
  const range =
    a.low !== null && a.high !== null ? `${a.low.toFixed(a.decimals)}–${a.high.toFixed(a.decimals)}` : a.high !== null ? `<${a.high.toFixed(a.decimals)}` : `>${a.low!.toFixed(a.decimals)}`;
  return { name: a.name, value: v.toFixed(a.decimals), unit: a.unit, referenceRange: range, flag };
}

function textItem(name: string, value: string, normal: string): LabItem {
  return { name, value, unit: '', referenceRange: normal, flag: value === normal ? 'normal' : 'abnormal' };
}

interface Person {
  male: boolean;
  age: number;
  htn: boolean;
  dm: boolean;
  lipids: boolean;
  /** Typical fasting glucose of this person. */
  glucose: number;
}

function bloodRoutine(r: () => number, p: Person, feverish = false): LabItem[] {
  const child = p.age < 14;
  return [
    labItem({ name: '白细胞计数(WBC)', unit: '×10^9/L', low: child ? 4.0 : 3.5, high: child ? 12.0 : 9.5, decimals: 2 }, feverish ? 9 + r() * 6 : 4.2 + r() * 5),
    labItem({ name: '中性粒细胞百分比(NEUT%)', unit: '%', low: 40, high: 75, decimals: 1 }, feverish ? 70 + r() * 14 : 48 + r() * 24),
    labItem({ name: '淋巴细胞百分比(LYMPH%)', unit: '%', low: 20, high: 50, decimals: 1 }, feverish ? 12 + r() * 12 : 22 + r() * 24),
    labItem({ name: '红细胞计数(RBC)', unit: '×10^12/L', low: p.male ? 4.3 : 3.8, high: p.male ? 5.8 : 5.1, decimals: 2 }, (p.male ? 4.4 : 3.7) + r() * 1.2),
    labItem({ name: '血红蛋白(HGB)', unit: 'g/L', low: p.male ? 130 : 115, high: p.male ? 175 : 150, decimals: 0 }, (p.male ? 132 : 110) + r() * 34),
    labItem({ name: '血小板计数(PLT)', unit: '×10^9/L', low: 125, high: 350, decimals: 0 }, 140 + r() * 200),
  ];
}

function biochemistry(r: () => number, p: Person, glucose: number): LabItem[] {
  return [
    labItem({ name: '空腹血糖(GLU)', unit: 'mmol/L', low: 3.9, high: 6.1, decimals: 1, criticalHigh: 16.7, criticalLow: 2.8 }, glucose),
    labItem({ name: '谷丙转氨酶(ALT)', unit: 'U/L', low: p.male ? 9 : 7, high: p.male ? 50 : 40, decimals: 0 }, 12 + r() * (r() < 0.15 ? 60 : 30)),
    labItem({ name: '谷草转氨酶(AST)', unit: 'U/L', low: 15, high: 40, decimals: 0 }, 16 + r() * 26),
    labItem({ name: '血清肌酐(CREA)', unit: 'μmol/L', low: p.male ? 57 : 41, high: p.male ? 111 : 81, decimals: 0 }, (p.male ? 60 : 45) + r() * (p.age >= 65 ? 50 : 35)),
    labItem({ name: '尿酸(UA)', unit: 'μmol/L', low: p.male ? 208 : 155, high: p.male ? 428 : 357, decimals: 0 }, (p.male ? 250 : 180) + r() * 220),
    labItem({ name: '血钾(K)', unit: 'mmol/L', low: 3.5, high: 5.3, decimals: 2 }, 3.6 + r() * 1.5),
    labItem({ name: '总胆固醇(TC)', unit: 'mmol/L', low: null, high: 5.2, decimals: 2 }, (p.lipids ? 5.0 : 3.6) + r() * 1.8),
    labItem({ name: '甘油三酯(TG)', unit: 'mmol/L', low: null, high: 1.7, decimals: 2 }, (p.lipids ? 1.5 : 0.7) + r() * 1.3),
    labItem({ name: '低密度脂蛋白胆固醇(LDL-C)', unit: 'mmol/L', low: null, high: 3.4, decimals: 2 }, (p.lipids ? 3.1 : 1.9) + r() * 1.4),
    labItem({ name: '高密度脂蛋白胆固醇(HDL-C)', unit: 'mmol/L', low: 1.04, high: null, decimals: 2 }, 0.95 + r() * 0.8),
  ];
}

function urineRoutine(r: () => number, p: Person, glucose: number): LabItem[] {
  return [
    textItem('尿蛋白(PRO)', p.dm && r() < 0.25 ? '+' : '阴性', '阴性'),
    textItem('尿糖(GLU)', glucose >= 11 ? '++' : glucose >= 9 ? '+' : '阴性', '阴性'),
    textItem('尿酮体(KET)', '阴性', '阴性'),
    textItem('尿潜血(BLD)', r() < 0.08 ? '+' : '阴性', '阴性'),
    labItem({ name: '尿比重(SG)', unit: '', low: 1.003, high: 1.03, decimals: 3 }, 1.008 + r() * 0.02),
  ];
}

// ---- follow-ups ---------------------------------------------------------------------------------

interface VisitVitals {
  date: string;
  sbp: number;
  dbp: number;
  heartRate: number;
  glucose: number;
  weightKg: number;
}

/** 王秀英 (I10 + E11, 76): newest first. Index 0 uncontrolled (≥150 at 65+), index 2 an urgent 184/112, index 4 a 17.2 mmol/L glucose. */
const MOTHER_SERIES: Array<Partial<VisitVitals>> = [
  { sbp: 156, dbp: 88, glucose: 7.8 },
  { sbp: 146, dbp: 84, glucose: 6.6 },
  { sbp: 184, dbp: 112, glucose: 8.4 },
  { sbp: 142, dbp: 82, glucose: 6.9 },
  { sbp: 148, dbp: 86, glucose: 17.2 },
  { sbp: 138, dbp: 80, glucose: 6.4 },
  { sbp: 152, dbp: 92, glucose: 7.3 },
  { sbp: 136, dbp: 78, glucose: 6.2 },
];

function followupDates(r: () => number, today: string, since: string, years = 3): string[] {
  const dates: string[] = [];
  const from = addDays(today, -365 * years);
  const start = since > from ? since : from;
  let d = addDays(today, -between(r, 6, 30));
  while (d >= start) {
    dates.push(d);
    d = addDays(d, -between(r, 80, 95));
  }
  return dates;
}

function buildFollowups(world: World, r: Resident, p: Person, heightCm: number, baseWeight: number): { followups: Followup[]; vitals: VisitVitals[] } {
  const conds = r.chronicConditions.filter((c) => c.code === 'I10' || c.code === 'E11');
  if (!conds.length) return { followups: [], vitals: [] };
  const rr = rngFor(world.seed, `followups:${r.recordNumber}`);
  const since = conds.map((c) => c.diagnosedOn).sort()[0];
  const dates = followupDates(rr, world.today, since);
  const baseSbp = p.htn ? between(rr, 128, 142) : between(rr, 116, 128);
  const baseDbp = p.htn ? between(rr, 78, 88) : between(rr, 70, 80);
  const isMother = r.recordNumber === PERSONA_RESIDENTS.mother.recordNumber;
  const vitals: VisitVitals[] = dates.map((date, i) => {
    const spike = rr();
    const fixed = isMother ? (MOTHER_SERIES[i] ?? {}) : {};
    const urgent = !isMother && p.htn && spike < 0.04;
    const high = !isMother && spike < 0.3;
    return {
      date,
      sbp: fixed.sbp ?? (urgent ? between(rr, 180, 192) : baseSbp + (high ? between(rr, 10, 22) : between(rr, -8, 6))),
      dbp: fixed.dbp ?? (urgent ? between(rr, 104, 114) : baseDbp + (high ? between(rr, 4, 10) : between(rr, -6, 4))),
      heartRate: between(rr, 64, 92),
      glucose: fixed.glucose ?? round1(p.glucose + (rr() < 0.03 ? 10 : (rr() - 0.4) * 2.2)),
      weightKg: round1(baseWeight + (rr() - 0.5) * 3),
    };
  });
  const team = careTeam(world, r);
  const followups: Followup[] = [];
  const htnDrugs = [pick(rr, HTN_DRUGS)];
  const dmDrugs = [DM_DRUGS[0], ...(rr() < 0.5 ? [pick(rr, DM_DRUGS.slice(1))] : [])];
  for (const v of vitals) {
    for (const c of conds) {
      const kind = c.code === 'I10' ? 'hypertension' : 'diabetes';
      const limitSbp = p.age >= 65 ? 150 : 140;
      const bpUrgent = v.sbp >= 180 || v.dbp >= 110;
      const bpHigh = v.sbp >= limitSbp || v.dbp >= 90;
      const gUrgent = kind === 'diabetes' && (v.glucose >= 16.7 || v.glucose <= 3.9);
      const gHigh = kind === 'diabetes' && v.glucose >= 7.0;
      const urgent = bpUrgent || gUrgent;
      const uncontrolled = urgent || (kind === 'hypertension' ? bpHigh : gHigh || bpHigh);
      const adverse = !uncontrolled && rr() < 0.06;
      const symptoms = bpUrgent ? ['头痛', '头晕', '视物模糊'] : gUrgent ? ['多饮', '多尿', '乏力'] : uncontrolled && rr() < 0.5 ? ['头晕'] : ['无症状'];
      followups.push({
        id: `FU${kind === 'hypertension' ? 'H' : 'D'}-${r.recordNumber}-${ymd(v.date)}`,
        kind,
        date: v.date,
        method: rr() < 0.75 ? '门诊' : rr() < 0.7 ? '家庭' : '电话',
        institution: team.institution,
        doctorName: team.doctorName,
        symptoms,
        sbp: v.sbp,
        dbp: v.dbp,
        heartRate: v.heartRate,
        weightKg: v.weightKg,
        bmi: round1(v.weightKg / (heightCm / 100) ** 2),
        fastingGlucose: kind === 'diabetes' ? v.glucose : null,
        adherence: uncontrolled && rr() < 0.4 ? '间断' : '规律',
        adverseReaction: adverse ? (kind === 'hypertension' ? '服药后偶有干咳' : '偶有胃肠不适') : null,
        classification: adverse ? '不良反应' : uncontrolled ? '控制不满意' : '控制满意',
        medications: kind === 'hypertension' ? htnDrugs : dmDrugs,
        referral: urgent
          ? {
              reason: bpUrgent ? `血压 ${v.sbp}/${v.dbp} mmHg，达到紧急转诊标准` : `空腹血糖 ${v.glucose} mmol/L，达到紧急转诊标准`,
              institution: HOSPITAL,
              department: bpUrgent ? '心血管内科' : '内分泌科',
            }
          : null,
        advice: urgent ? '已紧急转诊上级医院，2周内随访了解转诊结果' : uncontrolled ? '血压/血糖控制不满意，调整用药，低盐低脂饮食，2周内复查' : '继续规律服药，低盐低脂饮食，适量运动，3个月后随访',
        nextVisitDate: addDays(v.date, uncontrolled ? 14 : 90) > world.today ? addDays(v.date, uncontrolled ? 14 : 90) : null,
      });
    }
  }
  return { followups, vitals };
}

// ---- check-ups ----------------------------------------------------------------------------------

function buildCheckups(world: World, r: Resident, p: Person, heightCm: number, baseWeight: number, reports: Report[]): Checkup[] {
  if (p.age < 18) return [];
  const rr = rngFor(world.seed, `checkups:${r.recordNumber}`);
  const team = careTeam(world, r);
  const out: Checkup[] = [];
  const years = Math.min(5, Math.max(1, Number(world.today.slice(0, 4)) - Number(r.createdOn.slice(0, 4))));
  const isMother = r.recordNumber === PERSONA_RESIDENTS.mother.recordNumber;
  for (let k = 0; k < years; k++) {
    const date = addDays(world.today, -(365 * k + between(rr, 20, 120)));
    if (date < r.createdOn) break;
    const sbp = (p.htn ? between(rr, 132, 152) : between(rr, 108, 132)) + (isMother && k === 0 ? 8 : 0);
    const dbp = p.htn ? between(rr, 78, 92) : between(rr, 66, 84);
    const weightKg = round1(baseWeight + (rr() - 0.5) * 4);
    const bmi = round1(weightKg / (heightCm / 100) ** 2);
    const glucose = round1(p.glucose + (rr() - 0.4) * 1.6);
    const abnormalEcg = (p.htn || p.age >= 65) && rr() < 0.35;
    const fattyLiver = bmi >= 26 && rr() < 0.6;
    const exams: LabItem[] = [
      ...biochemistry(rr, p, glucose).slice(0, 1),
      bloodRoutine(rr, p)[4],
      urineRoutine(rr, p, glucose)[0],
      ...biochemistry(rr, p, glucose)
        .slice(1, 9)
        .filter((_, i) => [0, 2, 5, 6, 7].includes(i)),
      textItem('心电图', abnormalEcg ? '窦性心律，ST-T改变' : '窦性心律，正常心电图', '窦性心律，正常心电图'),
      textItem('腹部B超', fattyLiver ? '轻度脂肪肝' : '肝胆胰脾未见明显异常', '肝胆胰脾未见明显异常'),
    ];
    const abnormalities = [
      ...(sbp >= 140 || dbp >= 90 ? [`血压偏高（${sbp}/${dbp} mmHg）`] : []),
      ...(bmi >= 28 ? ['肥胖'] : bmi >= 24 ? ['超重'] : []),
      ...exams.filter((e) => e.flag !== 'normal').map((e) => `${e.name.replace(/\(.*\)/, '')}${e.flag === 'abnormal' ? `：${e.value}` : e.flag.endsWith('high') ? '偏高' : '偏低'}`),
    ];
    const checkup: Checkup = {
      id: `HC-${r.recordNumber}-${ymd(date)}`,
      date,
      institution: team.institution,
      doctorName: team.doctorName,
      symptoms: p.age >= 65 && rr() < 0.4 ? ['关节疼痛'] : ['无症状'],
      vitals: {
        temperature: round1(36.2 + rr() * 0.6),
        pulse: between(rr, 62, 90),
        respiration: between(rr, 16, 20),
        bpLeft: { sbp, dbp },
        bpRight: { sbp: sbp + between(rr, -6, 4), dbp: dbp + between(rr, -4, 3) },
        heightCm,
        weightKg,
        waistCm: Math.round(weightKg * 0.9 + between(rr, 15, 25)),
        bmi,
      },
      lifestyle: {
        exercise: pick(rr, ['每天', '每周1次以上', '偶尔', '不锻炼']),
        diet: pick(rr, ['荤素均衡', '荤素均衡', '嗜盐', '嗜油', '素食为主']),
        smoking: p.male ? pick(rr, ['从不吸烟', '已戒烟', '吸烟']) : '从不吸烟',
        drinking: p.male ? pick(rr, ['从不', '偶尔', '经常']) : '从不',
      },
      organs: {
        oral: p.age >= 60 ? '缺齿' : '正常',
        vision: `左眼 ${(4.6 + rr() * 0.5).toFixed(1)} 右眼 ${(4.6 + rr() * 0.5).toFixed(1)}`,
        hearing: p.age >= 75 && rr() < 0.4 ? '听不清或无法听见' : '听见',
        motor: p.age >= 75 && rr() < 0.3 ? '无法独立完成其中任何一个动作' : '可顺利完成',
      },
      exams,
      abnormalities,
      assessment: abnormalities.length ? '体检有异常' : '体检无异常',
      guidance: [...(p.htn || p.dm ? ['纳入慢性病患者健康管理'] : []), ...(abnormalities.length ? ['建议复查异常项目'] : ['定期体检']), '戒烟限酒，低盐饮食，适量运动'],
    };
    out.push(checkup);
    // The check-up's labs are also reports from the centre's laboratory.
    const rrl = rngFor(world.seed, `checkup-labs:${checkup.id}`);
    reports.push(
      labReport(`LIS-${r.recordNumber}-${ymd(date)}-01`, '血常规', date, CENTRE, '检验科', '静脉血', team.doctorName, bloodRoutine(rrl, p)),
      labReport(`LIS-${r.recordNumber}-${ymd(date)}-02`, '生化全项', date, CENTRE, '检验科', '静脉血', team.doctorName, biochemistry(rrl, p, glucose)),
      labReport(`LIS-${r.recordNumber}-${ymd(date)}-03`, '尿常规', date, CENTRE, '检验科', '尿液', team.doctorName, urineRoutine(rrl, p, glucose)),
      imagingReport(`PACS-${r.recordNumber}-${ymd(date)}-01`, '心电图', date, CENTRE, '功能检查科', team.doctorName, {
        method: '十二导联心电图',
        bodyPart: '心脏',
        findings: abnormalEcg ? '窦性心律，心率72次/分，V4–V6导联ST段压低约0.05mV，T波低平。' : '窦性心律，心率70次/分，各导联P-QRS-T波形态正常。',
        impression: abnormalEcg ? '窦性心律；ST-T改变' : '窦性心律；正常心电图',
        abnormal: abnormalEcg,
      }),
      imagingReport(`PACS-${r.recordNumber}-${ymd(date)}-02`, '腹部彩超', date, CENTRE, '超声科', team.doctorName, {
        method: '彩色多普勒超声',
        bodyPart: '肝、胆、胰、脾',
        findings: fattyLiver
          ? '肝脏形态大小正常，实质回声细密增强，远场回声衰减，肝内血管显示欠清。胆囊、胰腺、脾脏未见明显异常。'
          : '肝脏形态大小正常，实质回声均匀，肝内管道结构清晰。胆囊、胰腺、脾脏未见明显异常。',
        impression: fattyLiver ? '轻度脂肪肝' : '肝胆胰脾未见明显异常',
        abnormal: fattyLiver,
      }),
    );
  }
  return out;
}

function labReport(id: string, title: string, date: string, institution: string, department: string, specimen: string, orderedBy: string, items: LabItem[]): Report {
  return {
    id,
    kind: 'lab',
    title,
    date,
    status: 'final',
    reportedAt: publishedOn(date),
    institution,
    department,
    specimen,
    orderedBy,
    reportedBy: '检验师 何雨',
    reviewedBy: '主管检验师 陈立',
    items,
    imaging: null,
  };
}

/** Seeded reports were published the afternoon of the day the specimen was taken or the exam done. */
function publishedOn(date: string): string {
  return `${date}T16:30:00+08:00`;
}

function imagingReport(id: string, title: string, date: string, institution: string, department: string, orderedBy: string, imaging: NonNullable<Report['imaging']>): Report {
  return {
    id,
    kind: 'imaging',
    title,
    date,
    status: 'final',
    reportedAt: publishedOn(date),
    institution,
    department,
    specimen: null,
    orderedBy,
    reportedBy: '医师 宋佳',
    reviewedBy: '副主任医师 林涛',
    items: [],
    imaging,
  };
}

// ---- visits (SOAP) --------------------------------------------------------------------------

const ACUTE = [
  {
    code: 'J06.9',
    name: '急性上呼吸道感染',
    s: '咽痛、流涕2天，发热，最高体温37.8℃。',
    o: 'T 37.6℃，咽部充血，双侧扁桃体无肿大，双肺呼吸音清，未闻及干湿啰音。',
    p: '多饮水，注意休息；对乙酰氨基酚片 0.5g 发热时口服；3天不缓解或高热不退及时复诊。',
    fever: true,
  },
  {
    code: 'K52.9',
    name: '急性胃肠炎',
    s: '腹泻4次伴轻度腹痛1天，无发热，无便血。',
    o: 'T 36.8℃，腹软，脐周轻压痛，无反跳痛，肠鸣音活跃。',
    p: '口服补液盐散，清淡饮食；蒙脱石散 3g 每日3次；症状加重及时复诊。',
    fever: false,
  },
  {
    code: 'M54.5',
    name: '腰痛',
    s: '久坐后腰痛1周，无下肢放射痛。',
    o: '腰椎生理曲度存在，L4–L5椎旁压痛，直腿抬高试验阴性。',
    p: '避免久坐，局部热敷；双氯芬酸钠缓释片 75mg 每日1次 饭后口服，疗程5天。',
    fever: false,
  },
];
const CHILD_ACUTE = [
  {
    code: 'J20.9',
    name: '急性支气管炎',
    s: '咳嗽3天，有痰，低热，精神食欲可。',
    o: 'T 37.9℃，咽红，双肺呼吸音粗，可闻及少许痰鸣音。',
    p: '多饮水，雾化吸入布地奈德混悬液；监测体温，如高热、气促及时就诊。',
    fever: true,
  },
  {
    code: 'A09',
    name: '感染性腹泻',
    s: '腹泻稀水样便每日5–6次，2天，尿量尚可。',
    o: 'T 37.3℃，精神可，前囟平，皮肤弹性可，腹软。',
    p: '口服补液盐Ⅲ，继续喂养；蒙脱石散；出现少尿、精神差立即就诊。',
    fever: false,
  },
];

function buildVisits(world: World, r: Resident, p: Person, vitals: VisitVitals[], followups: Followup[], reports: Report[]): Visit[] {
  const rr = rngFor(world.seed, `visits:${r.recordNumber}`);
  const team = careTeam(world, r);
  const visits: Visit[] = [];
  const child = p.age < 14;
  const born = r.birthDate;
  const count = child ? Math.min(3, Math.max(1, Math.floor(p.age / 2) + 1)) : between(rr, 1, 3);
  for (let i = 0; i < count; i++) {
    const t = pick(rr, child ? CHILD_ACUTE : ACUTE);
    let date = addDays(world.today, -between(rr, 20, 900));
    if (date <= born) date = addDays(born, between(rr, 30, 60));
    if (date >= world.today) continue;
    const id = `JZ-${r.recordNumber}-${ymd(date)}-${i + 1}`;
    const institution = child ? MCH : team.institution;
    visits.push({
      id,
      type: 'outpatient',
      date,
      institution,
      department: child ? '小儿内科' : '全科医疗科',
      doctorName: child ? '郑晓梅' : team.doctorName,
      subjective: t.s,
      objective: t.o,
      assessment: t.name,
      plan: t.p,
      diagnoses: [{ code: t.code, name: t.name }],
    });
    if (t.fever) {
      const rrl = rngFor(world.seed, `visit-lab:${id}`);
      reports.push(
        labReport(`LIS-${r.recordNumber}-${ymd(date)}-V${i + 1}`, '血常规', date, institution, '检验科', child ? '末梢血' : '静脉血', child ? '郑晓梅' : team.doctorName, bloodRoutine(rrl, p, true)),
      );
    }
  }
  // Chronic care: a prescription-renewal visit at a follow-up, and each urgent follow-up's referral.
  for (const v of vitals.slice(0, 2)) {
    const conds = r.chronicConditions.filter((c) => c.code === 'I10' || c.code === 'E11');
    visits.push({
      id: `JZ-${r.recordNumber}-${ymd(v.date)}-M`,
      type: 'outpatient',
      date: v.date,
      institution: team.institution,
      department: '全科医疗科',
      doctorName: team.doctorName,
      subjective: `${conds.map((c) => c.name).join('、')}病史，规律服药，要求续开药物。`,
      objective: `BP ${v.sbp}/${v.dbp} mmHg，心率 ${v.heartRate} 次/分，律齐，双下肢无水肿。${p.dm ? `指尖空腹血糖 ${v.glucose} mmol/L。` : ''}`,
      assessment: conds.map((c) => (c.code === 'I10' ? '原发性高血压' : '2型糖尿病')).join('；'),
      plan: '续开原方药物1个月量；低盐低脂糖尿病饮食，监测血压血糖，按期随访。',
      diagnoses: conds.map((c) => (c.code === 'I10' ? { code: 'I10', name: '原发性高血压' } : { code: 'E11.9', name: '2型糖尿病不伴并发症' })),
    });
  }
  for (const f of followups.filter((x) => x.referral)) {
    if (visits.some((v) => v.type === 'referral' && v.date === f.date)) continue;
    visits.push({
      id: `ZZ-${r.recordNumber}-${ymd(f.date)}`,
      type: 'referral',
      date: f.date,
      institution: team.institution,
      department: '全科医疗科',
      doctorName: team.doctorName,
      subjective: `随访时诉${f.symptoms.join('、')}。`,
      objective: `BP ${f.sbp}/${f.dbp} mmHg，心率 ${f.heartRate} 次/分${f.fastingGlucose !== null ? `，空腹血糖 ${f.fastingGlucose} mmol/L` : ''}。`,
      assessment: f.referral!.reason,
      plan: `双向转诊（转出）：转至${f.referral!.institution}${f.referral!.department}进一步诊治，已电话联系接诊科室；2周内随访转诊结果。`,
      diagnoses: [f.kind === 'hypertension' ? { code: 'I10', name: '原发性高血压' } : { code: 'E11.9', name: '2型糖尿病' }],
    });
    const seen = addDays(f.date, 1);
    if (seen < world.today) {
      visits.push({
        id: `JZ-${r.recordNumber}-${ymd(seen)}-H`,
        type: 'outpatient',
        date: seen,
        institution: HOSPITAL,
        department: f.referral!.department,
        doctorName: f.referral!.department === '心血管内科' ? '高建华' : '宋雅琴',
        subjective: `社区转诊，${f.referral!.reason}。`,
        objective:
          f.kind === 'hypertension' ? `BP ${f.sbp - 14}/${f.dbp - 10} mmHg，神清，心肺听诊无异常，神经系统查体阴性。` : `随机血糖 ${round1((f.fastingGlucose ?? 12) - 3)} mmol/L，尿酮体阴性。`,
        assessment: f.kind === 'hypertension' ? '原发性高血压3级（很高危）' : '2型糖尿病血糖控制不佳',
        plan: f.kind === 'hypertension' ? '调整降压方案：加用氢氯噻嗪片 12.5mg 每日1次；1周后社区复测血压。' : '加用甘精胰岛素注射液 10U 睡前皮下注射，社区随访调整剂量。',
        diagnoses: f.kind === 'hypertension' ? [{ code: 'I10', name: '原发性高血压' }] : [{ code: 'E11.6', name: '2型糖尿病伴血糖控制不佳' }],
      });
      if (f.kind === 'hypertension' && r.recordNumber === PERSONA_RESIDENTS.mother.recordNumber) {
        reports.push(
          imagingReport(`PACS-${r.recordNumber}-${ymd(seen)}-C`, '颈动脉彩超', seen, HOSPITAL, '超声医学科', '高建华', {
            method: '彩色多普勒超声',
            bodyPart: '双侧颈动脉',
            findings: '双侧颈动脉内中膜增厚，左侧颈总动脉分叉处后壁见大小约 8.2mm×2.1mm 低回声斑块，管腔未见明显狭窄。',
            impression: '双侧颈动脉内中膜增厚；左侧颈动脉斑块形成',
            abnormal: true,
          }),
        );
      }
    }
  }
  // Diabetics: HbA1c twice a year from the centre's lab.
  if (p.dm) {
    vitals
      .filter((_, i) => i % 2 === 0)
      .forEach((v) => {
        const a1c = Math.min(11, Math.max(5.6, 4.2 + v.glucose * 0.42));
        reports.push(
          labReport(`LIS-${r.recordNumber}-${ymd(v.date)}-A`, '糖化血红蛋白', v.date, CENTRE, '检验科', '静脉血', team.doctorName, [
            labItem({ name: '糖化血红蛋白(HbA1c)', unit: '%', low: 4.0, high: 6.0, decimals: 1 }, a1c),
          ]),
        );
      });
  }
  return visits.sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : a.id < b.id ? 1 : -1));
}

// ---- basic-info supplement ------------------------------------------------------------------

function buildBasic(world: World, r: Resident, p: Person): BasicSupplement {
  const rr = rngFor(world.seed, `basic:${r.recordNumber}`);
  const adult = p.age >= 18;
  return {
    pastHistory: {
      diseases: r.chronicConditions.map((c) => ({ code: c.code, name: c.name, diagnosedOn: c.diagnosedOn })),
      surgeries:
        adult && rr() < 0.25 ? [{ name: pick(rr, ['阑尾切除术', '胆囊切除术', '剖宫产术', '白内障摘除术']), date: `${between(rr, 1990, 2022)}-${String(between(rr, 1, 12)).padStart(2, '0')}` }] : [],
      injuries: adult && rr() < 0.1 ? [{ name: '右桡骨远端骨折', date: `${between(rr, 1995, 2022)}-${String(between(rr, 1, 12)).padStart(2, '0')}` }] : [],
      transfusions: [],
    },
    familyHistory:
      p.age >= 14
        ? [
            { relation: '父亲', conditions: rr() < 0.4 ? ['高血压'] : [] },
            { relation: '母亲', conditions: rr() < 0.25 ? ['糖尿病'] : [] },
          ].filter((x) => x.conditions.length)
        : [],
    disability: '无残疾',
    insurancePaymentType: p.age < 18 ? '城乡居民基本医疗保险' : p.age >= 60 && rr() < 0.5 ? '城乡居民基本医疗保险' : '城镇职工基本医疗保险',
  };
}

// ---- entry point ----------------------------------------------------------------------------

function buildRecords(world: World, r: Resident): ResidentRecords {
  const rr = rngFor(world.seed, `person:${r.recordNumber}`);
  const age = ageOn(r.birthDate, world.today);
  const codes = r.chronicConditions.map((c) => c.code);
  const p: Person = {
    male: r.sex === 'male',
    age,
    htn: codes.includes('I10'),
    dm: codes.includes('E11'),
    lipids: codes.includes('E78'),
    glucose: codes.includes('E11') ? round1(6.4 + rr() * 1.2) : round1(4.6 + rr() * 1.0),
  };
  const heightCm = age < 14 ? 0 : r.sex === 'male' ? between(rr, 165, 180) : between(rr, 153, 167);
  const baseWeight = age < 14 ? 0 : round1((heightCm / 100) ** 2 * (21 + rr() * 6 + (p.htn || p.dm ? 2 : 0)));
  const reports: Report[] = [];
  // A closed record (the resident died or moved away) keeps its index entry, not its clinical history.
  if (r.status === 'closed') return { basic: buildBasic(world, r, p), followups: [], checkups: [], visits: [], reports };
  const { followups, vitals } = age >= 18 ? buildFollowups(world, r, p, heightCm, baseWeight) : { followups: [], vitals: [] };
  const checkups = buildCheckups(world, r, p, heightCm, baseWeight, reports);
  const visits = buildVisits(world, r, p, vitals, followups, reports);
  reports.sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : a.id < b.id ? -1 : 1));
  return { basic: buildBasic(world, r, p), followups, checkups, visits, reports };
}

const cache = new WeakMap<SandboxContext, { today: string; byRecord: Map<string, ResidentRecords> }>();

/** One resident's record sections, built on first use and kept until the sandbox's date changes. */
export function recordsOf(ctx: SandboxContext, recordNumber: string): ResidentRecords | null {
  const world = worldOf(ctx);
  const resident = world.residents.get(recordNumber);
  if (!resident) return null;
  let c = cache.get(ctx);
  if (!c || c.today !== world.today) {
    c = { today: world.today, byRecord: new Map() };
    cache.set(ctx, c);
  }
  let rec = c.byRecord.get(recordNumber);
  if (!rec) {
    rec = buildRecords(world, resident);
    c.byRecord.set(recordNumber, rec);
  }
  return rec;
}
