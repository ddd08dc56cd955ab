/**
 * The immunization information system's reference data: vaccination clinics (接种门诊) with their
 * weekly sessions and per-session capacity per vaccine, and the self-paid vaccine products with
 * price, label eligibility and stock batches. Fixed for every seed; dates roll with the sandbox clock.
 */
import { addDays } from '../seed/world';

type Period = 'am' | 'pm';

export interface Clinic {
  id: string;
  name: string;
  hospitalId: string;
  address: string;
  phone: string;
  /** children: the national programme and children's self-paid vaccines; adult: HPV, flu, zoster, rabies. */
  type: 'children' | 'adult';
  /** Whom it vaccinates, by age in whole years (minYears inclusive, maxYears exclusive; null: no bound). See SERVES. */
  serves: { minYears: number | null; maxYears: number | null; label: string };
  /** ISO weekday (1 = Monday) and period of each weekly session. */
  weekly: Array<{ weekday: number; period: Period }>;
  hours: string;
  intro: string;
  /** vaccine code → doses per session */
  capacity: Record<string, number>;
}

/** Calendar age as the schedule writes it. */
interface Age {
  years?: number;
  months?: number;
  days?: number;
}

export interface Product {
  id: string;
  code: string;
  name: string;
  shortName: string;
  manufacturer: string;
  priceFen: number;
  live: boolean;
  route: 'intramuscular' | 'subcutaneous' | 'oral' | 'intradermal';
  /** Label eligibility: the upper age bound is exclusive; intervals are between consecutive doses; seasonal: doses count per flu season (from September). */
  eligibility: { sex?: 'female' | 'male'; minAge: Age; maxAge?: Age; doses: number; minIntervalDays: number[]; seasonal?: boolean };
  note: string;
}

export interface StockBatch {
  id: string;
  clinicId: string;
  productId: string;
  batchNo: string;
  quantity: number;
  /** When the batch opens for booking (ISO, +08:00). */
  releaseAt: string;
}

/** Codes of the national programme (free) the children's clinics give, with the platform's names. */
export const PROGRAMME_NAMES: Record<string, string> = {
  HepB: '乙肝疫苗',
  BCG: '卡介苗',
  IPV: '脊灰灭活疫苗',
  bOPV: '脊灰减毒活疫苗',
  DTaP: '百白破疫苗',
  DT: '白破疫苗',
  MMR: '麻腮风疫苗',
  'JE-L': '乙脑减毒活疫苗',
  'JE-I': '乙脑灭活疫苗',
  'MPSV-A': 'A群流脑多糖疫苗',
  'MPSV-AC': 'A群C群流脑多糖疫苗',
  'HepA-L': '甲肝减毒活疫苗',
  'HepA-I': '甲肝灭活疫苗',
  HPV2: '双价HPV疫苗',
};
const PROGRAMME_GIVEN = Object.keys(PROGRAMME_NAMES).filter((c) => c !== 'DT'); // DT left the programme in 2025

export const PRODUCTS: Product[] = [
  {
    id: 'P-HPV9',
    code: 'HPV9',
    name: '九价人乳头瘤病毒疫苗（酿酒酵母）',
    shortName: '九价HPV疫苗',
    manufacturer: '默沙东',
    priceFen: 131800,
    live: false,
    route: 'intramuscular',
    eligibility: { sex: 'female', minAge: { years: 9 }, maxAge: { years: 46 }, doses: 3, minIntervalDays: [30, 90] },
    note: '适用于9—45岁女性，按0、2、6月接种3剂；名额按批次定时放号',
  },
  {
    id: 'P-HPV4',
    code: 'HPV4',
    name: '四价人乳头瘤病毒疫苗（酿酒酵母）',
    shortName: '四价HPV疫苗',
    manufacturer: '默沙东',
    priceFen: 80800,
    live: false,
    route: 'intramuscular',
    eligibility: { sex: 'female', minAge: { years: 9 }, maxAge: { years: 46 }, doses: 3, minIntervalDays: [30, 90] },
    note: '适用于9—45岁女性，按0、2、6月接种3剂',
  },
  {
    id: 'P-FLU',
    code: 'Flu',
    name: '四价流感病毒裂解疫苗',
    shortName: '流感疫苗',
    manufacturer: '华兰生物',
    priceFen: 12800,
    live: false,
    route: 'intramuscular',
    eligibility: { minAge: { months: 6 }, doses: 2, minIntervalDays: [28], seasonal: true },
    note: '6月龄以上；6月龄至8岁首次接种需2剂，间隔4周，以后每季1剂',
  },
  {
    id: 'P-PCV13',
    code: 'PCV13',
    name: '13价肺炎球菌多糖结合疫苗',
    shortName: '13价肺炎疫苗',
    manufacturer: '辉瑞',
    priceFen: 69800,
    live: false,
    route: 'intramuscular',
    eligibility: { minAge: { days: 42 }, maxAge: { months: 72 }, doses: 4, minIntervalDays: [28, 28, 56] },
    note: '6周龄起，2、4、6月龄各1剂，12—15月龄加强1剂（距第3剂至少8周）',
  },
  {
    id: 'P-HIB',
    code: 'Hib',
    name: 'b型流感嗜血杆菌结合疫苗',
    shortName: 'Hib疫苗',
    manufacturer: '智飞绿竹',
    priceFen: 9500,
    live: false,
    route: 'intramuscular',
    eligibility: { minAge: { months: 2 }, maxAge: { months: 60 }, doses: 4, minIntervalDays: [28, 28, 28] },
    note: '2—5月龄开始，3剂间隔至少28天，18月龄加强1剂',
  },
  {
    id: 'P-EV71',
    code: 'EV71',
    name: '肠道病毒71型灭活疫苗（Vero细胞）',
    shortName: '手足口疫苗（EV71）',
    manufacturer: '武汉生物',
    priceFen: 19800,
    live: false,
    route: 'intramuscular',
    eligibility: { minAge: { months: 6 }, maxAge: { months: 72 }, doses: 2, minIntervalDays: [30] },
    note: '6—71月龄，2剂间隔1个月',
  },
  {
    id: 'P-VAR',
    code: 'VAR',
    name: '水痘减毒活疫苗',
    shortName: '水痘疫苗',
    manufacturer: '长春百克',
    priceFen: 15800,
    live: true,
    route: 'subcutaneous',
    eligibility: { minAge: { months: 12 }, doses: 2, minIntervalDays: [28] },
    note: '12月龄起2剂（12月龄及3—4岁）；13岁以上2剂间隔4—8周',
  },
  {
    id: 'P-RABIES',
    code: 'Rabies',
    name: '冻干人用狂犬病疫苗（Vero细胞）',
    shortName: '狂犬病疫苗',
    manufacturer: '成大生物',
    priceFen: 6500,
    live: false,
    route: 'intramuscular',
    eligibility: { minAge: { months: 0 }, doses: 5, minIntervalDays: [3, 4, 7, 14] },
    note: '暴露后第0、3、7、14、28天各1剂；迟种顺延，不重新开始',
  },
  {
    id: 'P-HZ',
    code: 'HZ',
    name: '重组带状疱疹疫苗（CHO细胞）',
    shortName: '带状疱疹疫苗',
    manufacturer: '葛兰素史克',
    priceFen: 160000,
    live: false,
    route: 'intramuscular',
    eligibility: { minAge: { years: 50 }, doses: 2, minIntervalDays: [60] },
    note: '50岁及以上，2剂间隔2—6个月',
  },
];

/**
 * Age bands of the clinic kinds (服务对象). Sources of the two boundaries, not invented here:
 * - children: the national programme gives catch-up doses to children under 18
 *   (shared/domain/immunization-schedule.json, rules.catchUpForChildrenUnderYears = 18), so a
 *   children's clinic (儿童预防接种门诊) serves 0 to under 18;
 * - adults: 成年人 is 18 and over (《中华人民共和国民法典》第十七条: 十八周岁以上的自然人为成年人), so an adult
 *   clinic (成人预防接种门诊) serves 18 and over.
 * The 妇幼保健院 clinic serves children and women of any age (its intro); sex is the vaccines' label rule, not the clinic's.
 */
const SERVES = {
  children: { minYears: null, maxYears: 18, label: '18岁以下儿童' },
  adult: { minYears: 18, maxYears: null, label: '18岁及以上成人' },
  childrenAndWomen: { minYears: null, maxYears: null, label: '儿童及女性' },
} as const;

export const CLINICS: Clinic[] = [
  {
    id: 'VC001',
    name: '东华街道社区卫生服务中心预防接种门诊',
    hospitalId: 'H003',
    address: '东华街道花园路21号 中心2层',
    phone: '010-65090820',
    type: 'children',
    serves: SERVES.children,
    weekly: [
      { weekday: 2, period: 'am' },
      { weekday: 4, period: 'am' },
    ],
    hours: '每周二、周四 上午08:00—11:30',
    intro: '承担东华街道花园、新华、和平社区适龄儿童的免疫规划疫苗接种及儿童非免疫规划疫苗接种。',
    capacity: { ...Object.fromEntries(PROGRAMME_GIVEN.map((c) => [c, 20])), Flu: 20, PCV13: 10, Hib: 10, EV71: 10, VAR: 10 },
  },
  {
    id: 'VC002',
    name: '市妇幼保健院预防接种门诊',
    hospitalId: 'H002',
    address: '健康路16号 门诊楼1层东侧',
    phone: '010-65280166',
    type: 'children',
    serves: SERVES.childrenAndWomen,
    weekly: [
      { weekday: 1, period: 'am' },
      { weekday: 3, period: 'am' },
      { weekday: 3, period: 'pm' },
      { weekday: 5, period: 'am' },
    ],
    hours: '每周一、三、五 上午08:00—11:30；周三下午14:00—16:30',
    intro: '儿童免疫规划疫苗、儿童及女性非免疫规划疫苗接种。',
    capacity: { ...Object.fromEntries(PROGRAMME_GIVEN.map((c) => [c, 15])), HPV9: 30, HPV4: 20, Flu: 20, PCV13: 10, EV71: 10, VAR: 10 },
  },
  {
    id: 'VC003',
    name: '市第一人民医院成人预防接种门诊',
    hospitalId: 'H001',
    address: '人民中路88号 门诊楼3层',
    phone: '010-65280133',
    type: 'adult',
    serves: SERVES.adult,
    weekly: [1, 2, 3, 4, 5].flatMap((weekday) => [
      { weekday, period: 'am' as const },
      { weekday, period: 'pm' as const },
    ]),
    hours: '周一至周五 上午08:00—11:30 下午14:00—16:30',
    intro: '成人疫苗接种：HPV疫苗、流感疫苗、带状疱疹疫苗、狂犬病暴露后处置。',
    capacity: { HPV9: 200, HPV4: 30, Flu: 40, Rabies: 40, HZ: 10 },
  },
];

const PERIODS: Record<Period, { label: '上午' | '下午'; start: string; end: string }> = {
  am: { label: '上午', start: '08:00', end: '11:30' },
  pm: { label: '下午', start: '14:00', end: '16:30' },
};

/** ISO weekday (1 = Monday … 7 = Sunday) of a date. */
export function weekdayOf(date: string): number {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

export interface Session {
  id: string;
  clinicId: string;
  date: string;
  period: Period;
  periodLabel: string;
  start: string;
  end: string;
  quotas: Array<{ vaccineCode: string; capacity: number }>;
}

export const SESSION_DAYS = 14;

/** A clinic's sessions from `from` to `to` (inclusive); ids depend only on clinic, date and period. */
export function sessionsOf(clinic: Clinic, from: string, to: string): Session[] {
  const out: Session[] = [];
  for (let date = from; date <= to; date = addDays(date, 1)) {
    for (const w of clinic.weekly) {
      if (w.weekday !== weekdayOf(date)) continue;
      const p = PERIODS[w.period];
      out.push({
        id: `${clinic.id}-${date.replaceAll('-', '')}-${w.period}`,
        clinicId: clinic.id,
        date,
        period: w.period,
        periodLabel: p.label,
        start: `${date}T${p.start}:00+08:00`,
        end: `${date}T${p.end}:00+08:00`,
        quotas: Object.entries(clinic.capacity).map(([vaccineCode, capacity]) => ({ vaccineCode, capacity })),
      });
    }
  }
  return out.sort((a, b) => (a.start < b.start ? -1 : 1));
}

/**
 * Stock allocated to each clinic: one batch per product released on the 1st of the month, and for
 * the scarce nine-valent HPV vaccine a small batch every Tuesday at 10:00 (this week's and next week's).
 */
export function baseBatches(today: string): StockBatch[] {
  const monthStart = `${today.slice(0, 8)}01`;
  const out: StockBatch[] = [];
  const plain: Array<[string, string, number]> = [
    ['VC001', 'P-FLU', 60],
    ['VC001', 'P-PCV13', 20],
    ['VC001', 'P-HIB', 20],
    ['VC001', 'P-EV71', 30],
    ['VC001', 'P-VAR', 30],
    ['VC002', 'P-HPV4', 15],
    ['VC002', 'P-FLU', 40],
    ['VC002', 'P-PCV13', 20],
    ['VC002', 'P-EV71', 20],
    ['VC002', 'P-VAR', 20],
    ['VC003', 'P-HPV4', 20],
    ['VC003', 'P-FLU', 80],
    ['VC003', 'P-RABIES', 50],
    ['VC003', 'P-HZ', 10],
  ];
  for (const [clinicId, productId, quantity] of plain) {
    const ymd = monthStart.replaceAll('-', '');
    out.push({ id: `B-${clinicId}-${productId}-${ymd}`, clinicId, productId, batchNo: `${productId.slice(2)}${ymd}`, quantity, releaseAt: `${monthStart}T00:00:00+08:00` });
  }
  const tuesday = addDays(today, 2 - weekdayOf(today)); // this week's Tuesday (may be past)
  for (const date of [tuesday, addDays(tuesday, 7)]) {
    for (const clinicId of ['VC002', 'VC003']) {
      const ymd = date.replaceAll('-', '');
      out.push({ id: `B-${clinicId}-P-HPV9-${ymd}`, clinicId, productId: 'P-HPV9', batchNo: `HPV9${ymd}`, quantity: clinicId === 'VC003' ? 20 : 10, releaseAt: `${date}T10:00:00+08:00` });
    }
  }
  return out;
}
