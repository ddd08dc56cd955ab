/**
 * The sandbox's deterministic world: hospitals, departments, doctors and 14 days of schedules for the
 * HIS stand-in; residents, family-doctor teams and contracts for the regional health platform.
 *
 * Everything comes from a numeric seed. Fixed parts (hospitals, department lists, teams and the
 * personas of shared/domain/health-rules.md) are the same for every seed; doctors, their
 * weekly plans, slots, booked counts and the extra residents vary with it. A session's slots depend
 * only on (seed, doctor, date), never on "now", so a slot id stays valid when the window rolls on.
 */
import type Koa from 'koa';
import { checkDigitFor, chinaToday } from '@healthpocket/shared-types';
import { PERSONALISED_PACKAGES } from '@healthpocket/shared-types';
import type { SandboxContext } from '../context';
import { between, pick, rng } from './rng';

// ---------------------------------------------------------------------------------------------
// Types (the JSON the routes answer with, plus the world's internal indexes)
// ---------------------------------------------------------------------------------------------

type HospitalLevel = '三级甲等' | '三级乙等' | '二级甲等' | '一级';
type HospitalType = '综合医院' | '妇幼保健院' | '社区卫生服务中心';
/** 职称 (professional title). */
type DoctorTitle = '主任医师' | '副主任医师' | '主治医师' | '住院医师';
/** 号别: the registration category the fee depends on; a 知名专家 is a 主任医师 with an expert clinic. */
type RegistrationLevel = '知名专家' | DoctorTitle;
export type SessionCode = 'am' | 'pm';
type Sex = 'male' | 'female';

interface Hospital {
  id: string;
  name: string;
  shortName: string;
  level: HospitalLevel;
  type: HospitalType;
  address: string;
  phone: string;
  outpatientHours: string;
  intro: string;
  /** Registration fee (fen) per 号别, as the hospital publishes it. */
  registrationFees: Record<RegistrationLevel, number>;
  /** Departments (by name) whose registration fee differs from the table, e.g. free 全科 at a community centre. */
  departmentFeeOverrides: Record<string, number>;
}

interface Department {
  id: string;
  hospitalId: string;
  name: string;
  /** Grouping for the department picker: 内科, 外科, 妇产科, 儿科, 五官科, 中医科, 保健科 … */
  group: string;
  intro: string;
  location: string;
}

export interface Doctor {
  id: string;
  hospitalId: string;
  departmentId: string;
  name: string;
  sex: Sex;
  title: DoctorTitle;
  registrationLevel: RegistrationLevel;
  /** Registration fee in fen (from the hospital's table). */
  feeFen: number;
  specialty: string;
  intro: string;
}

export interface Slot {
  id: string; // `${sessionId}-${HHmm}`
  sessionId: string;
  doctorId: string;
  date: string; // YYYY-MM-DD (China)
  start: string; // ISO 8601, +08:00
  end: string;
  capacity: number;
  /** Mutable: booking holds change it. */
  booked: number;
}

export interface ScheduleSession {
  id: string; // `${doctorId}-${YYYYMMDD}-${am|pm}`
  doctorId: string;
  hospitalId: string;
  departmentId: string;
  date: string;
  session: SessionCode;
  sessionLabel: '上午' | '下午';
  start: string;
  end: string;
  slotMinutes: 15 | 30;
  feeFen: number;
  slotIds: string[];
}

/** How a doctor works: which weekday sessions, slot length, and how sought-after (share booked). */
interface DoctorPlan {
  doctorId: string;
  /** `${weekday}-${am|pm}`, weekday 1 = Monday … 6 = Saturday. */
  weekly: string[];
  slotMinutes: 15 | 30;
  popularity: number;
}

interface ChronicCondition {
  /** ICD-10 category code. */
  code: string;
  name: string;
  diagnosedOn: string;
}

interface BloodType {
  /** CV04.50.005: 1 A, 2 B, 3 O, 4 AB, 5 unknown. */
  abo: 1 | 2 | 3 | 4 | 5;
  aboLabel: 'A' | 'B' | 'O' | 'AB' | '不详';
  rh: 'positive' | 'negative' | 'unknown';
}

interface Guardian {
  idNumber: string;
  name: string;
  relation: 'father' | 'mother' | 'grandparent' | 'other';
}

export interface Resident {
  /** 17 digits: county (6) + township (3) + village/community (3) + serial (5). */
  recordNumber: string;
  name: string;
  /** null for a child without an ID card. */
  idNumber: string | null;
  sex: Sex;
  /** GB/T 2261.1: 1 male, 2 female. */
  sexCode: 1 | 2;
  birthDate: string;
  phone: string | null;
  address: string;
  township: string;
  community: string;
  bloodType: BloodType;
  allergies: string[];
  chronicConditions: ChronicCondition[];
  /** Primary guardian of a child (the one on the 预防接种证); null for adults. */
  guardianIdNumber: string | null;
  guardians: Guardian[];
  /** 预防接种证 number, children only. */
  immunizationCertNo: string | null;
  contractedTeamId: string | null;
  /** 'closed': the record was closed (e.g. the resident died); kept for history. */
  status: 'active' | 'closed';
  closedReason: string | null;
  closedOn: string | null;
  createdOn: string;
}

export interface TeamMember {
  /** Physicians' ids are also HIS doctor ids (GET /his/doctors/:id); nurses and public-health staff have none there. */
  id: string;
  name: string;
  role: '全科医生' | '中医师' | '社区护士' | '公共卫生医师' | '专科医生';
  title: string;
  hospitalId: string;
  isLeader: boolean;
}

interface ServicePackage {
  id: string;
  name: string;
  priceFen: number;
  validMonths: number;
  items: string[];
}

export interface Team {
  id: string;
  name: string;
  centreId: string;
  centreName: string;
  phone: string;
  leaderId: string;
  members: TeamMember[];
  packages: ServicePackage[];
  area: { township: string; communities: string[] };
  intro: string;
}

interface Contract {
  id: string;
  recordNumber: string;
  teamId: string;
  /** The contracted doctor (the team leader). */
  doctorId: string;
  packageIds: string[];
  signedOn: string;
  validFrom: string;
  validTo: string;
  status: 'active';
}

export interface World {
  seed: number;
  /** China date the schedules start from; rolls forward with extendSchedules. */
  today: string;
  /** Last date that has schedules. */
  scheduledThrough: string;
  hospitals: Map<string, Hospital>;
  departments: Map<string, Department>;
  doctors: Map<string, Doctor>;
  plans: Map<string, DoctorPlan>;
  sessions: Map<string, ScheduleSession>;
  /** doctorId → session ids in date order */
  sessionIdsByDoctor: Map<string, string[]>;
  slots: Map<string, Slot>;
  /** by recordNumber */
  residents: Map<string, Resident>;
  /** ID number → recordNumber */
  recordNumberByIdNumber: Map<string, string>;
  teams: Map<string, Team>;
  /** by recordNumber */
  contracts: Map<string, Contract>;
}

export const SCHEDULE_DAYS = 14;
export const SESSION_TIMES: Record<SessionCode, { label: '上午' | '下午'; start: string; end: string }> = {
  am: { label: '上午', start: '08:00', end: '12:00' },
  pm: { label: '下午', start: '14:00', end: '17:30' },
};

// ---------------------------------------------------------------------------------------------
// Fixed data
// ---------------------------------------------------------------------------------------------

interface DeptSpec {
  group: string;
  intro: string;
  specialties: string[];
}

/** Department catalogue (诊疗科目 names as hospitals publish them). */
const DEPARTMENTS: Record<string, DeptSpec> = {
  心血管内科: {
    group: '内科',
    intro: '诊治高血压、冠心病、心律失常、心力衰竭等心血管疾病，开展冠脉介入、射频消融等技术。',
    specialties: ['高血压及难治性高血压', '冠心病', '冠脉介入治疗', '心律失常', '心力衰竭', '血脂异常', '心脏瓣膜病'],
  },
  呼吸内科: {
    group: '内科',
    intro: '诊治慢性阻塞性肺疾病、支气管哮喘、肺部感染及肺结节，设肺功能室和支气管镜室。',
    specialties: ['慢性阻塞性肺疾病', '支气管哮喘', '肺部感染', '肺结节诊治', '睡眠呼吸暂停', '间质性肺疾病'],
  },
  消化内科: {
    group: '内科',
    intro: '诊治胃肠、肝胆胰疾病，开展胃肠镜检查及内镜下微创治疗。',
    specialties: ['胃食管反流病', '慢性胃炎及幽门螺杆菌感染', '消化性溃疡', '炎症性肠病', '脂肪肝', '消化内镜诊疗'],
  },
  内分泌科: {
    group: '内科',
    intro: '诊治糖尿病、甲状腺疾病、骨质疏松等内分泌代谢疾病，开设糖尿病教育门诊。',
    specialties: ['2型糖尿病', '甲状腺疾病', '骨质疏松', '肥胖症', '痛风及高尿酸血症', '妊娠期糖尿病'],
  },
  神经内科: { group: '内科', intro: '诊治脑血管病、头痛、癫痫、帕金森病及认知障碍，设卒中绿色通道。', specialties: ['脑血管病', '头痛头晕', '癫痫', '帕金森病', '认知障碍', '周围神经病'] },
  肾内科: { group: '内科', intro: '诊治各类肾脏疾病，开展血液透析及腹膜透析。', specialties: ['慢性肾脏病', '肾小球肾炎', '糖尿病肾病', '高血压肾损害', '血液透析', '泌尿系感染'] },
  内科: { group: '内科', intro: '诊治内科常见病、多发病，承担高血压、糖尿病患者的规范管理。', specialties: ['内科常见病', '高血压', '2型糖尿病', '慢性支气管炎', '血脂异常'] },
  普通外科: {
    group: '外科',
    intro: '开展甲状腺、乳腺、胃肠、肝胆及疝的手术治疗，以腹腔镜微创手术为特色。',
    specialties: ['甲状腺结节', '腹股沟疝', '胆囊结石', '阑尾炎', '腹腔镜微创手术', '体表肿物'],
  },
  骨科: { group: '外科', intro: '诊治创伤骨折、脊柱及关节疾病，开展关节置换和关节镜手术。', specialties: ['颈腰椎病', '骨关节炎', '创伤骨折', '运动损伤', '关节置换', '骨质疏松性骨折'] },
  泌尿外科: {
    group: '外科',
    intro: '诊治泌尿系结石、前列腺疾病及泌尿系肿瘤，开展经皮肾镜、输尿管软镜手术。',
    specialties: ['泌尿系结石', '前列腺增生', '泌尿系肿瘤', '尿失禁', '男性不育', '腔镜微创手术'],
  },
  神经外科: { group: '外科', intro: '诊治颅脑损伤、脑肿瘤、脑出血及脊髓疾病。', specialties: ['颅脑损伤', '脑肿瘤', '脑出血微创治疗', '脊髓疾病', '三叉神经痛', '脑积水'] },
  乳腺外科: { group: '外科', intro: '诊治乳腺良恶性疾病，开展乳腺癌筛查与规范化综合治疗。', specialties: ['乳腺结节', '乳腺癌综合治疗', '乳腺炎', '哺乳期乳腺疾病', '乳腺微创旋切'] },
  小儿外科: { group: '外科', intro: '诊治小儿腹股沟疝、包茎、隐睾等小儿外科常见病及先天性畸形。', specialties: ['小儿疝气', '包茎', '隐睾', '小儿阑尾炎', '先天性畸形', '小儿骨折'] },
  外科: { group: '外科', intro: '处理外科常见病，开展清创缝合、换药及小手术。', specialties: ['清创缝合', '伤口换药', '体表小肿物', '软组织损伤'] },
  妇科: { group: '妇产科', intro: '诊治妇科炎症、肿瘤及内分泌疾病，开展宫腔镜、腹腔镜微创手术。', specialties: ['子宫肌瘤', '卵巢囊肿', '宫颈疾病', '月经失调', '盆腔炎', '妇科微创手术'] },
  产科: { group: '妇产科', intro: '提供孕期保健、高危妊娠管理和分娩服务，设孕妇学校。', specialties: ['孕期保健', '高危妊娠管理', '妊娠期高血压', '妊娠期糖尿病', '产后康复'] },
  计划生育科: { group: '妇产科', intro: '提供避孕节育咨询与技术服务、孕前咨询。', specialties: ['避孕咨询', '宫内节育器放取', '孕前咨询', '计划生育手术'] },
  生殖医学科: { group: '妇产科', intro: '诊治不孕不育及生殖内分泌疾病，提供辅助生殖技术咨询。', specialties: ['不孕不育', '多囊卵巢综合征', '复发性流产', '辅助生殖技术咨询'] },
  儿科: { group: '儿科', intro: '诊治儿童呼吸、消化等常见病及新生儿疾病，设儿童哮喘门诊。', specialties: ['小儿呼吸道感染', '小儿腹泻', '儿童哮喘', '小儿发热', '儿童生长发育', '新生儿黄疸'] },
  小儿内科: { group: '儿科', intro: '诊治儿童内科常见病、多发病，设小儿呼吸、消化、过敏专病门诊。', specialties: ['小儿呼吸道感染', '小儿腹泻', '儿童哮喘', '小儿过敏性疾病', '小儿发热', '儿童贫血'] },
  新生儿科: { group: '儿科', intro: '诊治新生儿疾病，开展早产儿随访及新生儿黄疸管理。', specialties: ['新生儿黄疸', '早产儿随访', '新生儿喂养', '新生儿感染'] },
  眼科: { group: '五官科', intro: '诊治白内障、青光眼、眼底病及屈光不正，开展儿童近视防控。', specialties: ['白内障', '青光眼', '屈光不正', '干眼症', '糖尿病视网膜病变', '儿童近视防控'] },
  耳鼻咽喉科: { group: '五官科', intro: '诊治耳、鼻、咽喉疾病，开展鼻内镜手术和听力检查。', specialties: ['慢性鼻窦炎', '过敏性鼻炎', '中耳炎', '听力下降', '咽喉炎', '睡眠打鼾'] },
  口腔科: { group: '五官科', intro: '提供牙体牙髓、牙周、修复及口腔预防保健服务。', specialties: ['龋齿', '牙周病', '根管治疗', '牙齿修复', '口腔种植', '儿童口腔保健'] },
  儿童口腔科: { group: '五官科', intro: '提供儿童龋病防治、窝沟封闭及早期矫治。', specialties: ['乳牙龋齿', '窝沟封闭', '涂氟防龋', '儿童牙颌畸形早期矫治'] },
  皮肤科: { group: '皮肤科', intro: '诊治湿疹、荨麻疹、痤疮、银屑病等皮肤病。', specialties: ['湿疹', '荨麻疹', '痤疮', '银屑病', '带状疱疹', '皮肤真菌感染'] },
  中医科: { group: '中医科', intro: '运用中药、针灸、推拿等方法诊治内科杂病及颈肩腰腿痛。', specialties: ['中医内科调理', '失眠', '脾胃病', '针灸推拿', '颈肩腰腿痛', '膏方调理'] },
  中医儿科: { group: '中医科', intro: '运用中药、小儿推拿诊治儿童常见病。', specialties: ['小儿厌食', '小儿反复呼吸道感染', '小儿推拿', '小儿积滞'] },
  中西医结合科: { group: '中医科', intro: '以中西医结合方法调理慢性病。', specialties: ['慢病中西医结合调理', '冠心病', '2型糖尿病', '亚健康调理'] },
  康复医学科: { group: '康复医学科', intro: '提供脑卒中、骨折术后及颈肩腰腿痛的康复评定与治疗。', specialties: ['脑卒中后康复', '骨折术后康复', '颈肩腰腿痛康复', '儿童运动发育康复'] },
  全科医疗科: {
    group: '全科医疗科',
    intro: '诊治常见病、多发病，提供慢病管理和家庭医生签约服务。',
    specialties: ['高血压、糖尿病等慢病管理', '常见病多发病诊治', '老年人健康管理', '健康咨询', '家庭医生签约服务'],
  },
  儿童保健科: {
    group: '保健科',
    intro: '提供0—6岁儿童健康检查、生长发育评估和喂养指导。',
    specialties: ['儿童生长发育评估', '营养与喂养指导', '儿童心理行为发育', '0—6岁儿童健康检查', '儿童视力筛查'],
  },
  妇女保健科: { group: '保健科', intro: '提供孕前保健、更年期保健及妇女常见病、两癌筛查。', specialties: ['孕前保健', '更年期保健', '妇女常见病筛查', '宫颈癌和乳腺癌筛查'] },
  预防保健科: { group: '保健科', intro: '提供健康体检、慢病筛查和健康教育咨询（预防接种另行预约）。', specialties: ['健康体检', '慢病筛查', '健康教育', '预防接种咨询'] },
};

interface HospitalSpec {
  hospital: Hospital;
  departments: string[];
  /** doctors per department, inclusive range */
  doctorsPerDepartment: [number, number];
  /** chance that a department's first doctor runs a 知名专家 clinic */
  expertChance: number;
  titles: DoctorTitle[];
  saturday: boolean;
  building: string[];
}

const HOSPITALS: HospitalSpec[] = [
  {
    hospital: {
      id: 'H001',
      name: '市第一人民医院',
      shortName: '市一院',
      level: '三级甲等',
      type: '综合医院',
      address: '人民中路88号',
      phone: '010-65280120',
      outpatientHours: '周一至周六 上午08:00–12:00 下午14:00–17:30；急诊24小时',
      intro: '始建于1952年，集医疗、教学、科研、预防于一体的三级甲等综合医院，开放床位1800张，设临床医技科室56个，是市胸痛中心、卒中中心和创伤中心。',
      registrationFees: { 知名专家: 10000, 主任医师: 5000, 副主任医师: 3000, 主治医师: 1500, 住院医师: 1000 },
      departmentFeeOverrides: {},
    },
    departments: [
      '心血管内科',
      '呼吸内科',
      '消化内科',
      '内分泌科',
      '神经内科',
      '肾内科',
      '普通外科',
      '骨科',
      '泌尿外科',
      '神经外科',
      '乳腺外科',
      '妇科',
      '产科',
      '儿科',
      '眼科',
      '耳鼻咽喉科',
      '口腔科',
      '皮肤科',
      '中医科',
      '康复医学科',
    ],
    doctorsPerDepartment: [3, 5],
    expertChance: 0.3,
    titles: ['主任医师', '副主任医师', '主治医师', '住院医师'],
    saturday: true,
    building: ['门诊楼1层', '门诊楼2层', '门诊楼3层', '门诊楼4层', '门诊楼5层', '医技楼2层'],
  },
  {
    hospital: {
      id: 'H002',
      name: '市妇幼保健院',
      shortName: '市妇幼',
      level: '三级乙等',
      type: '妇幼保健院',
      address: '健康路16号',
      phone: '010-65170366',
      outpatientHours: '周一至周六 上午08:00–12:00 下午14:00–17:30；儿科急诊24小时',
      intro: '全市妇幼保健业务指导中心，三级妇幼保健院，设孕产保健部、儿童保健部、妇女保健部和计划生育技术服务部，是市危重孕产妇和危重新生儿救治中心。',
      registrationFees: { 知名专家: 8000, 主任医师: 4000, 副主任医师: 2500, 主治医师: 1200, 住院医师: 800 },
      departmentFeeOverrides: {},
    },
    departments: ['妇科', '产科', '计划生育科', '生殖医学科', '乳腺外科', '妇女保健科', '小儿内科', '新生儿科', '小儿外科', '儿童保健科', '儿童口腔科', '中医儿科'],
    doctorsPerDepartment: [2, 4],
    expertChance: 0.2,
    titles: ['主任医师', '副主任医师', '主治医师', '住院医师'],
    saturday: true,
    building: ['门诊楼1层', '门诊楼2层', '门诊楼3层', '儿童保健楼1层', '儿童保健楼2层'],
  },
  {
    hospital: {
      id: 'H003',
      name: '东华街道社区卫生服务中心',
      shortName: '东华社区',
      level: '一级',
      type: '社区卫生服务中心',
      address: '东华街道花园路21号',
      phone: '010-65090812',
      outpatientHours: '周一至周六 上午08:00–12:00 下午14:00–17:30',
      intro: '政府举办的社区卫生服务中心，承担东华街道居民的基本医疗、基本公共卫生和家庭医生签约服务，下设3个社区卫生服务站。',
      registrationFees: { 知名专家: 2000, 主任医师: 1500, 副主任医师: 1000, 主治医师: 500, 住院医师: 300 },
      departmentFeeOverrides: { 全科医疗科: 0 },
    },
    departments: ['全科医疗科', '内科', '外科', '中医科', '中西医结合科', '口腔科', '康复医学科', '妇女保健科', '儿童保健科', '预防保健科'],
    doctorsPerDepartment: [2, 3],
    expertChance: 0,
    titles: ['副主任医师', '主治医师', '住院医师'],
    saturday: true,
    building: ['1层', '2层', '3层'],
  },
];

/** Region of the platform's records: county code (GB/T 2260) + townships and communities. */
const REGION = {
  countyCode: '110101',
  township: { code: '001', name: '东华街道' },
  communities: [
    { code: '001', name: '花园社区', streets: ['花园路', '花园东巷', '槐树胡同'] },
    { code: '002', name: '新华社区', streets: ['新华街', '新华北里', '育才路'] },
    { code: '003', name: '和平社区', streets: ['和平里', '和平西街', '光明巷'] },
  ],
} as const;

type CommunityName = (typeof REGION.communities)[number]['name'];

function recordNumberFor(community: CommunityName, serial: number): string {
  const c = REGION.communities.find((x) => x.name === community)!;
  return `${REGION.countyCode}${REGION.township.code}${c.code}${String(serial).padStart(5, '0')}`;
}

/** Fixed identities used by tests, docs and the H5 personas. */
export const PERSONA_RESIDENTS = {
  zhangWei: { name: '张伟', idNumber: '110101199003077838', recordNumber: recordNumberFor('花园社区', 102), phone: '13800138000' },
  wife: { name: '陈静', idNumber: '11010219840406970X', recordNumber: recordNumberFor('花园社区', 103), phone: '13800138001' },
  mother: { name: '王秀英', idNumber: '11010519491231002X', recordNumber: recordNumberFor('花园社区', 101), phone: '13701010088' },
  son: { name: '张小宝', recordNumber: recordNumberFor('花园社区', 105), ageMonths: 14 },
  daughter: { name: '张一诺', recordNumber: recordNumberFor('花园社区', 104), ageMonths: 72 },
  historical: { name: '陈德昌', idNumber: '440524188001010014', recordNumber: recordNumberFor('花园社区', 7) },
  zhouLei: { name: '周磊', idNumber: '310101198511170038', recordNumber: recordNumberFor('和平社区', 56), phone: '13611886203' },
  sunYue: { name: '孙悦', idNumber: idNumberFor('110105', '19950412', '342'), recordNumber: recordNumberFor('新华社区', 201), phone: '15810267731' },
  baby: { name: '陈沐阳', recordNumber: recordNumberFor('新华社区', 202), ageMonths: 2 },
} as const;

/** Family doctors: fixed, because teams and the doctor persona refer to them. They also work in the HIS. */
const FAMILY_DOCTORS: Array<{ id: string; name: string; sex: Sex; title: DoctorTitle; department: string; specialty: string; intro: string }> = [
  {
    id: 'D-FD-001',
    name: '李明',
    sex: 'male',
    title: '主治医师',
    department: '全科医疗科',
    specialty: '擅长高血压、2型糖尿病等慢病管理，老年人健康管理，常见病多发病诊治',
    intro: '全科医学硕士，从事社区全科医疗工作11年，家庭医生团队队长，市优秀家庭医生。',
  },
  {
    id: 'D-FD-002',
    name: '孙静',
    sex: 'female',
    title: '副主任医师',
    department: '全科医疗科',
    specialty: '擅长孕产妇及0—6岁儿童健康管理，社区常见病诊治，慢病管理',
    intro: '全科医学学士，从事社区全科医疗工作16年，家庭医生团队队长。',
  },
  {
    id: 'D-FD-003',
    name: '吴国华',
    sex: 'male',
    title: '副主任医师',
    department: '中医科',
    specialty: '擅长中医体质辨识与调理，失眠、脾胃病，针灸推拿治疗颈肩腰腿痛',
    intro: '中医学硕士，从事中医临床工作20年，中医特色家庭医生团队队长。',
  },
];

const TEAM_SPECS = [
  {
    id: 'T001',
    name: '李明家庭医生团队',
    phone: '010-65090815',
    leaderId: 'D-FD-001',
    leaderRole: '全科医生' as const,
    communities: ['花园社区'] as CommunityName[],
    staff: [
      { id: 'N-FD-001', name: '王丽', role: '社区护士' as const, title: '主管护师' },
      { id: 'P-FD-001', name: '赵强', role: '公共卫生医师' as const, title: '主治医师' },
    ],
    specialistDepartment: '心血管内科',
    intro: '服务花园社区居民，重点管理高血压、糖尿病患者和65岁以上老年人。',
    offers: ['PKG-HTN', 'PKG-DM', 'PKG-ELDER'],
    paid: {
      id: 'PKG-T001-CHRONIC',
      name: '慢病管理个性化服务包',
      priceFen: 12000,
      items: ['每季度1次上门或门诊面对面随访', '每年2次糖化血红蛋白检测', '每年1次眼底检查', '个体化用药指导', '上级医院专科号源优先预约'],
    },
  },
  {
    id: 'T002',
    name: '孙静家庭医生团队',
    phone: '010-65090816',
    leaderId: 'D-FD-002',
    leaderRole: '全科医生' as const,
    communities: ['新华社区'] as CommunityName[],
    staff: [
      { id: 'N-FD-002', name: '刘晓燕', role: '社区护士' as const, title: '护师' },
      { id: 'P-FD-002', name: '马俊', role: '公共卫生医师' as const, title: '医师' },
    ],
    specialistDepartment: '小儿内科',
    intro: '服务新华社区居民，重点做好孕产妇和0—6岁儿童健康管理。',
    offers: ['PKG-CHILD', 'PKG-MATERNAL'],
    paid: { id: 'PKG-T002-MATERNAL', name: '母婴健康服务包', priceFen: 9800, items: ['产后访视2次', '新生儿家庭访视1次', '儿童生长发育评估每季度1次', '母乳喂养与辅食添加指导'] },
  },
  {
    id: 'T003',
    name: '吴国华中医特色家庭医生团队',
    phone: '010-65090817',
    leaderId: 'D-FD-003',
    leaderRole: '中医师' as const,
    communities: ['和平社区'] as CommunityName[],
    staff: [
      { id: 'N-FD-003', name: '高雪', role: '社区护士' as const, title: '主管护师' },
      { id: 'P-FD-003', name: '郑宇', role: '公共卫生医师' as const, title: '医师' },
    ],
    specialistDepartment: '中医科',
    intro: '服务和平社区居民，提供中医体质辨识和中医药健康管理。',
    offers: ['PKG-ELDER', 'PKG-HTN'],
    paid: { id: 'PKG-T003-TCM', name: '中医调理服务包', priceFen: 15000, items: ['中医体质辨识每年2次', '艾灸4次', '推拿4次', '四季养生指导'] },
  },
];

const BASIC_PACKAGE_ITEMS = [
  '建立和管理居民健康档案',
  '健康教育与健康咨询',
  '预防接种服务',
  '0—6岁儿童健康管理',
  '孕产妇健康管理',
  '65岁及以上老年人每年1次健康体检',
  '高血压、2型糖尿病患者每年至少4次面对面随访',
  '中医药健康管理',
  '家庭医生在线咨询',
];

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴莫孔汤'.split(
    '',
  );
const GIVEN_MALE = [
  '建国',
  '志强',
  '海涛',
  '伟',
  '军',
  '勇',
  '磊',
  '涛',
  '斌',
  '鹏',
  '杰',
  '超',
  '亮',
  '刚',
  '强',
  '平',
  '辉',
  '宇',
  '浩',
  '文博',
  '晓东',
  '国栋',
  '振华',
  '永刚',
  '德明',
  '立新',
  '卫东',
  '俊杰',
  '建华',
  '学军',
  '云飞',
  '志刚',
  '少华',
  '天佑',
  '明轩',
  '家豪',
];
const GIVEN_FEMALE = [
  '静',
  '敏',
  '丽',
  '艳',
  '娟',
  '霞',
  '秀兰',
  '桂英',
  '玉兰',
  '婷',
  '雪',
  '慧',
  '颖',
  '琳',
  '晶',
  '洁',
  '倩',
  '红梅',
  '丽华',
  '淑芬',
  '晓燕',
  '海燕',
  '春梅',
  '思琪',
  '欣怡',
  '雅婷',
  '梦瑶',
  '佳怡',
  '文静',
  '芳',
  '丹',
  '玉珍',
  '凤英',
  '秀珍',
  '丽娟',
];
/** Real GB/T 2260 county codes for generated residents' places of registration. */
const BIRTH_AREAS = ['110101', '110102', '110105', '110106', '110108', '130102', '370102', '410105', '320102', '420106', '510104', '610113'];
const ABO: Array<{ abo: BloodType['abo']; label: BloodType['aboLabel']; weight: number }> = [
  { abo: 1, label: 'A', weight: 28 },
  { abo: 2, label: 'B', weight: 30 },
  { abo: 3, label: 'O', weight: 30 },
  { abo: 4, label: 'AB', weight: 9 },
  { abo: 5, label: '不详', weight: 3 },
];
/** Mobile number segments in use (China Mobile, Unicom, Telecom). */
const MOBILE_PREFIXES = [
  '134',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '157',
  '158',
  '159',
  '182',
  '187',
  '188',
  '130',
  '131',
  '132',
  '155',
  '156',
  '185',
  '186',
  '133',
  '153',
  '180',
  '189',
  '177',
  '199',
];
const ALLERGENS = ['青霉素', '头孢类', '磺胺类', '海鲜', '花粉', '尘螨'];

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/** GB 11643 number from area + YYYYMMDD + 3-digit sequence. */
function idNumberFor(area: string, birth: string, seq: string): string {
  const first17 = `${area}${birth}${seq}`;
  return first17 + checkDigitFor(first17);
}

/** A generator that depends only on the seed and a key, so one part of the world never shifts another. */
function rngFor(seed: number, key: string): () => number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return rng(h >>> 0);
}

function shuffled<T>(r: () => number, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Same day `months` earlier, clamped to the month's end (e.g. 03-31 minus 1 month → 02-28). */
function monthsBefore(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const total = y * 12 + (m - 1) - months;
  const ty = Math.floor(total / 12);
  const tm = (total % 12) + 1;
  const lastDay = new Date(Date.UTC(ty, tm, 0)).getUTCDate();
  return `${ty}-${String(tm).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

/** 1 = Monday … 7 = Sunday */
function weekdayOf(date: string): number {
  const w = new Date(`${date}T00:00:00Z`).getUTCDay();
  return w === 0 ? 7 : w;
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

const iso = (date: string, time: string) => `${date}T${time}:00+08:00`;

function bloodType(r: () => number): BloodType {
  let x = r() * 100;
  const pickAbo = ABO.find((a) => (x -= a.weight) < 0) ?? ABO[4];
  return { abo: pickAbo.abo, aboLabel: pickAbo.label, rh: pickAbo.abo === 5 ? 'unknown' : r() < 0.004 ? 'negative' : 'positive' };
}

const BLOOD = {
  A: { abo: 1, aboLabel: 'A', rh: 'positive' },
  B: { abo: 2, aboLabel: 'B', rh: 'positive' },
  O: { abo: 3, aboLabel: 'O', rh: 'positive' },
  AB: { abo: 4, aboLabel: 'AB', rh: 'positive' },
  unknown: { abo: 5, aboLabel: '不详', rh: 'unknown' },
} as const satisfies Record<string, BloodType>;

// ---------------------------------------------------------------------------------------------
// HIS
// ---------------------------------------------------------------------------------------------

function weeklyPlan(r: () => number, level: RegistrationLevel, spec: HospitalSpec): string[] {
  const pool: string[] = [];
  for (let w = 1; w <= 5; w++) pool.push(`${w}-am`, `${w}-pm`);
  if (spec.saturday) pool.push('6-am');
  const perWeek: Record<RegistrationLevel, [number, number]> =
    spec.hospital.type === '社区卫生服务中心'
      ? { 知名专家: [2, 3], 主任医师: [4, 6], 副主任医师: [5, 7], 主治医师: [6, 8], 住院医师: [6, 9] }
      : { 知名专家: [1, 2], 主任医师: [2, 3], 副主任医师: [3, 4], 主治医师: [4, 6], 住院医师: [5, 7] };
  const [min, max] = perWeek[level];
  return shuffled(r, pool)
    .slice(0, between(r, min, max))
    .sort();
}

const POPULARITY: Record<RegistrationLevel, number> = { 知名专家: 0.95, 主任医师: 0.75, 副主任医师: 0.55, 主治医师: 0.4, 住院医师: 0.3 };
const DEGREE: Record<DoctorTitle, string[]> = {
  主任医师: ['医学博士', '医学博士', '医学硕士'],
  副主任医师: ['医学博士', '医学硕士', '医学硕士'],
  主治医师: ['医学硕士', '医学学士'],
  住院医师: ['医学硕士', '医学学士'],
};
const YEARS: Record<DoctorTitle, [number, number]> = { 主任医师: [20, 35], 副主任医师: [12, 22], 主治医师: [6, 14], 住院医师: [1, 5] };

function titlesFor(r: () => number, spec: HospitalSpec, count: number): DoctorTitle[] {
  const ladder = spec.titles;
  const out: DoctorTitle[] = [];
  for (let i = 0; i < count; i++) out.push(i < ladder.length ? ladder[i] : pick(r, ladder.slice(1)));
  return out;
}

function buildHis(seed: number, world: World, usedNames: Set<string>) {
  const nameR = rngFor(seed, 'doctor-names');
  const doctorName = (sex: Sex): string => {
    for (;;) {
      const name = pick(nameR, SURNAMES) + pick(nameR, sex === 'male' ? GIVEN_MALE : GIVEN_FEMALE);
      if (!usedNames.has(name)) {
        usedNames.add(name);
        return name;
      }
    }
  };

  for (const spec of HOSPITALS) {
    const { hospital, departments: deptNames, doctorsPerDepartment, expertChance, building } = spec;
    world.hospitals.set(hospital.id, hospital);
    let serial = 0;
    deptNames.forEach((deptName, i) => {
      const cat = DEPARTMENTS[deptName];
      const r = rngFor(seed, `dept:${spec.hospital.id}:${deptName}`);
      const department: Department = {
        id: `${spec.hospital.id}-D${String(i + 1).padStart(2, '0')}`,
        hospitalId: spec.hospital.id,
        name: deptName,
        group: cat.group,
        intro: cat.intro,
        location: `${pick(r, building)}${pick(r, ['A', 'B', 'C'])}区`,
      };
      world.departments.set(department.id, department);

      const fixed = FAMILY_DOCTORS.filter((f) => spec.hospital.type === '社区卫生服务中心' && f.department === deptName);
      const count = Math.max(between(r, doctorsPerDepartment[0], doctorsPerDepartment[1]), fixed.length + 1);
      const titles = titlesFor(r, spec, count - fixed.length);
      const staff: Array<Omit<Doctor, 'hospitalId' | 'departmentId' | 'feeFen' | 'registrationLevel'> & { expert: boolean }> = fixed.map((f) => ({
        id: f.id,
        name: f.name,
        sex: f.sex,
        title: f.title,
        specialty: f.specialty,
        intro: f.intro,
        expert: false,
      }));
      titles.forEach((title, k) => {
        const sex: Sex = r() < 0.5 ? 'male' : 'female';
        const expert = k === 0 && title === '主任医师' && r() < expertChance;
        const focus = shuffled(r, cat.specialties).slice(0, between(r, 2, 3));
        const years = between(r, ...YEARS[title]);
        const extra = expert ? `兼任市医学会${deptName}专业委员会副主任委员。` : title === '主任医师' ? '硕士研究生导师。' : '';
        staff.push({
          id: `D${spec.hospital.id.slice(1)}${String(++serial).padStart(3, '0')}`,
          name: doctorName(sex),
          sex,
          title,
          specialty: `擅长${focus.join('、')}`,
          intro: `${pick(r, DEGREE[title])}，从事${deptName}临床工作${years}年。${extra}`,
          expert,
        });
      });
      for (const s of staff) {
        const registrationLevel: RegistrationLevel = s.expert ? '知名专家' : s.title;
        const { expert: _e, ...rest } = s;
        const doctor: Doctor = {
          ...rest,
          hospitalId: spec.hospital.id,
          departmentId: department.id,
          registrationLevel,
          feeFen: spec.hospital.departmentFeeOverrides[deptName] ?? spec.hospital.registrationFees[registrationLevel],
        };
        world.doctors.set(doctor.id, doctor);
        const pr = rngFor(seed, `plan:${doctor.id}`);
        world.plans.set(doctor.id, {
          doctorId: doctor.id,
          weekly: weeklyPlan(pr, registrationLevel, spec),
          slotMinutes: registrationLevel === '知名专家' || registrationLevel === '主任医师' || pr() < 0.3 ? 15 : 30,
          popularity: POPULARITY[registrationLevel],
        });
      }
    });
  }
}

/** Sessions and slots of one doctor on one date. Structure depends on (seed, doctor, date) only. */
function sessionsFor(world: World, doctor: Doctor, date: string): void {
  const plan = world.plans.get(doctor.id)!;
  const weekday = weekdayOf(date);
  const ymd = date.replaceAll('-', '');
  for (const code of ['am', 'pm'] as const) {
    if (!plan.weekly.includes(`${weekday}-${code}`)) continue;
    const sessionId = `${doctor.id}-${ymd}-${code}`;
    const r = rngFor(world.seed, `session:${sessionId}`);
    if (r() < 0.05) continue; // 停诊: the doctor is away this time (meeting, leave)
    const times = SESSION_TIMES[code];
    const slotIds: string[] = [];
    // How full it already is: sought-after doctors and near dates fill first.
    const ahead = daysBetween(world.today, date);
    const fill = plan.popularity * Math.max(0, 1 - ahead / (SCHEDULE_DAYS + 2)) * (0.6 + 0.8 * rngFor(world.seed, `fill:${sessionId}`)());
    const fillR = rngFor(world.seed, `booked:${sessionId}`);
    for (let t = minutesOf(times.start); t < minutesOf(times.end); t += plan.slotMinutes) {
      const capacity = plan.slotMinutes === 15 ? between(r, 1, 2) : between(r, 2, 3);
      let booked = 0;
      for (let k = 0; k < capacity; k++) if (fillR() < fill) booked++;
      const slot: Slot = {
        id: `${sessionId}-${hhmm(t).replace(':', '')}`,
        sessionId,
        doctorId: doctor.id,
        date,
        start: iso(date, hhmm(t)),
        end: iso(date, hhmm(t + plan.slotMinutes)),
        capacity,
        booked,
      };
      world.slots.set(slot.id, slot);
      slotIds.push(slot.id);
    }
    world.sessions.set(sessionId, {
      id: sessionId,
      doctorId: doctor.id,
      hospitalId: doctor.hospitalId,
      departmentId: doctor.departmentId,
      date,
      session: code,
      sessionLabel: times.label,
      start: iso(date, times.start),
      end: iso(date, times.end),
      slotMinutes: plan.slotMinutes,
      feeFen: doctor.feeFen,
      slotIds,
    });
    const list = world.sessionIdsByDoctor.get(doctor.id) ?? [];
    list.push(sessionId);
    world.sessionIdsByDoctor.set(doctor.id, list);
  }
}

/**
 * Rolls the schedule window forward to [today, today + 13] for `now`. Earlier sessions stay (with
 * their booked counts), so a long-running sandbox keeps its state across midnight.
 */
export function extendSchedules(world: World, now: number = Date.now()): void {
  const today = chinaToday(new Date(now));
  if (today < world.today) return;
  world.today = today;
  const last = addDays(today, SCHEDULE_DAYS - 1);
  let date = world.scheduledThrough && world.scheduledThrough >= today ? addDays(world.scheduledThrough, 1) : today;
  for (; date <= last; date = addDays(date, 1)) {
    for (const doctor of world.doctors.values()) sessionsFor(world, doctor, date);
    world.scheduledThrough = date;
  }
}

// ---------------------------------------------------------------------------------------------
// Platform
// ---------------------------------------------------------------------------------------------

function addressIn(r: () => number, community: CommunityName): string {
  const c = REGION.communities.find((x) => x.name === community)!;
  return `${REGION.township.name}${c.name}${pick(r, c.streets)}${between(r, 1, 60)}号院${between(r, 1, 12)}号楼${between(r, 1, 4)}单元${between(r, 1, 18)}0${between(r, 1, 4)}室`;
}

function resident(base: Partial<Resident> & Pick<Resident, 'recordNumber' | 'name' | 'sex' | 'birthDate' | 'address' | 'community' | 'createdOn'>): Resident {
  return {
    idNumber: null,
    sexCode: base.sex === 'male' ? 1 : 2,
    phone: null,
    township: REGION.township.name,
    bloodType: BLOOD.unknown,
    allergies: [],
    chronicConditions: [],
    guardianIdNumber: null,
    guardians: [],
    immunizationCertNo: null,
    contractedTeamId: null,
    status: 'active',
    closedReason: null,
    closedOn: null,
    ...base,
  };
}

function buildPlatform(seed: number, world: World, usedNames: Set<string>, today: string) {
  const P = PERSONA_RESIDENTS;
  const home = '东华街道花园社区花园路12号院3号楼2单元501室';
  const sonBirth = monthsBefore(today, P.son.ageMonths);
  const daughterBirth = monthsBefore(today, P.daughter.ageMonths);
  const babyBirth = monthsBefore(today, P.baby.ageMonths);
  const zw = { idNumber: P.zhangWei.idNumber, name: P.zhangWei.name, relation: 'father' as const };
  const cj = { idNumber: P.wife.idNumber, name: P.wife.name, relation: 'mother' as const };

  const fixed: Resident[] = [
    resident({
      recordNumber: P.mother.recordNumber,
      name: P.mother.name,
      idNumber: P.mother.idNumber,
      sex: 'female',
      birthDate: '1949-12-31',
      phone: P.mother.phone,
      address: home,
      community: '花园社区',
      bloodType: BLOOD.B,
      allergies: ['磺胺类'],
      chronicConditions: [
        { code: 'I10', name: '高血压', diagnosedOn: '2008-05-12' },
        { code: 'E11', name: '2型糖尿病', diagnosedOn: '2015-09-03' },
      ],
      createdOn: '2010-03-15',
    }),
    resident({
      recordNumber: P.zhangWei.recordNumber,
      name: P.zhangWei.name,
      idNumber: P.zhangWei.idNumber,
      sex: 'male',
      birthDate: '1990-03-07',
      phone: P.zhangWei.phone,
      address: home,
      community: '花园社区',
      bloodType: BLOOD.A,
      allergies: ['青霉素'],
      createdOn: '2016-06-20',
    }),
    resident({
      recordNumber: P.wife.recordNumber,
      name: P.wife.name,
      idNumber: P.wife.idNumber,
      sex: 'female',
      birthDate: '1984-04-06',
      phone: P.wife.phone,
      address: home,
      community: '花园社区',
      bloodType: BLOOD.O,
      createdOn: '2016-06-20',
    }),
    resident({
      recordNumber: P.daughter.recordNumber,
      name: P.daughter.name,
      sex: 'female',
      birthDate: daughterBirth,
      address: home,
      community: '花园社区',
      bloodType: BLOOD.A,
      guardianIdNumber: zw.idNumber,
      guardians: [zw, cj],
      immunizationCertNo: `110101${daughterBirth.replaceAll('-', '')}0104`,
      createdOn: daughterBirth,
    }),
    resident({
      recordNumber: P.son.recordNumber,
      name: P.son.name,
      sex: 'male',
      birthDate: sonBirth,
      address: home,
      community: '花园社区',
      allergies: ['鸡蛋'],
      guardianIdNumber: zw.idNumber,
      guardians: [zw, cj],
      immunizationCertNo: `110101${sonBirth.replaceAll('-', '')}0105`,
      createdOn: sonBirth,
    }),
    resident({
      recordNumber: P.historical.recordNumber,
      name: P.historical.name,
      idNumber: P.historical.idNumber,
      sex: 'male',
      birthDate: '1880-01-01',
      address: '东华街道花园社区槐树胡同8号',
      community: '花园社区',
      status: 'closed',
      closedReason: '死亡',
      closedOn: '2009-12-01',
      createdOn: '2009-12-01',
    }),
    resident({
      recordNumber: P.zhouLei.recordNumber,
      name: P.zhouLei.name,
      idNumber: P.zhouLei.idNumber,
      sex: 'male',
      birthDate: '1985-11-17',
      phone: P.zhouLei.phone,
      address: '东华街道和平社区和平西街5号院2号楼1单元302室',
      community: '和平社区',
      bloodType: BLOOD.AB,
      chronicConditions: [{ code: 'I10', name: '高血压', diagnosedOn: '2021-03-18' }],
      createdOn: '2018-04-02',
    }),
    resident({
      recordNumber: P.sunYue.recordNumber,
      name: P.sunYue.name,
      idNumber: P.sunYue.idNumber,
      sex: 'female',
      birthDate: '1995-04-12',
      phone: P.sunYue.phone,
      address: '东华街道新华社区新华北里17号楼3单元602室',
      community: '新华社区',
      bloodType: BLOOD.O,
      createdOn: '2021-09-10',
    }),
    resident({
      recordNumber: P.baby.recordNumber,
      name: P.baby.name,
      sex: 'male',
      birthDate: babyBirth,
      address: '东华街道新华社区新华北里17号楼3单元602室',
      community: '新华社区',
      guardianIdNumber: P.sunYue.idNumber,
      guardians: [{ idNumber: P.sunYue.idNumber, name: P.sunYue.name, relation: 'mother' }],
      immunizationCertNo: `110101${babyBirth.replaceAll('-', '')}0202`,
      createdOn: babyBirth,
    }),
  ];
  const teamOf: Record<string, string | null> = {
    [P.mother.recordNumber]: 'T001',
    [P.zhangWei.recordNumber]: 'T001',
    [P.wife.recordNumber]: 'T001',
    [P.daughter.recordNumber]: 'T001',
    [P.son.recordNumber]: 'T001',
    [P.sunYue.recordNumber]: 'T002',
    [P.baby.recordNumber]: 'T002',
  };
  for (const r of fixed) {
    r.contractedTeamId = teamOf[r.recordNumber] ?? null;
    usedNames.add(r.name);
  }

  // Generated adults: seed-dependent names, IDs (valid check digits), conditions and contracts.
  const gr = rngFor(seed, 'residents');
  const usedPhones = new Set(fixed.map((r) => r.phone));
  const [ty] = today.split('-').map(Number);
  const generated: Resident[] = [];
  const serials: Record<string, number> = {};
  for (let i = 0; i < 16; i++) {
    const sex: Sex = gr() < 0.5 ? 'male' : 'female';
    let name: string;
    do name = pick(gr, SURNAMES) + pick(gr, sex === 'male' ? GIVEN_MALE : GIVEN_FEMALE);
    while (usedNames.has(name));
    usedNames.add(name);
    const year = between(gr, ty - 88, ty - 20);
    const month = between(gr, 1, 12);
    const day = between(gr, 1, 28);
    const birthDate = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    const seq = between(gr, 0, 99) * 10 + (sex === 'male' ? pick(gr, [1, 3, 5, 7, 9]) : pick(gr, [0, 2, 4, 6, 8]));
    const idNumber = idNumberFor(pick(gr, BIRTH_AREAS), birthDate.replaceAll('-', ''), String(seq).padStart(3, '0'));
    let phone: string;
    do phone = `${pick(gr, MOBILE_PREFIXES)}${String(between(gr, 0, 99_999_999)).padStart(8, '0')}`;
    while (usedPhones.has(phone));
    usedPhones.add(phone);
    const community = REGION.communities[i % REGION.communities.length].name;
    serials[community] = (serials[community] ?? 1000) + 1;
    const age = ty - year;
    const chronic: ChronicCondition[] = [];
    const diagnosed = () => `${between(gr, Math.max(ty - 20, year + 30), ty - 1)}-${String(between(gr, 1, 12)).padStart(2, '0')}-${String(between(gr, 1, 28)).padStart(2, '0')}`;
    if (age >= 35 && gr() < (age >= 60 ? 0.55 : 0.25)) chronic.push({ code: 'I10', name: '高血压', diagnosedOn: diagnosed() });
    if (age >= 35 && gr() < (age >= 60 ? 0.3 : 0.12)) chronic.push({ code: 'E11', name: '2型糖尿病', diagnosedOn: diagnosed() });
    if (age >= 50 && gr() < 0.08) chronic.push({ code: 'J44', name: '慢性阻塞性肺疾病', diagnosedOn: diagnosed() });
    if (age >= 40 && gr() < 0.12) chronic.push({ code: 'E78', name: '高脂血症', diagnosedOn: diagnosed() });
    const team = TEAM_SPECS.find((t) => t.communities.includes(community))!;
    generated.push(
      resident({
        recordNumber: recordNumberFor(community, serials[community]),
        name,
        idNumber,
        sex,
        birthDate,
        phone,
        address: addressIn(gr, community),
        community,
        bloodType: bloodType(gr),
        allergies: gr() < 0.15 ? [pick(gr, ALLERGENS)] : [],
        chronicConditions: chronic,
        // Most residents have signed; the rest have not.
        contractedTeamId: gr() < (chronic.length > 0 || age >= 65 ? 0.9 : 0.65) ? team.id : null,
        createdOn: `${between(gr, 2010, ty - 1)}-${String(between(gr, 1, 12)).padStart(2, '0')}-${String(between(gr, 1, 28)).padStart(2, '0')}`,
      }),
    );
  }

  for (const r of [...fixed, ...generated]) {
    world.residents.set(r.recordNumber, r);
    if (r.idNumber) world.recordNumberByIdNumber.set(r.idNumber, r.recordNumber);
  }

  // Teams: fixed members plus a specialist from the general hospital (seed-dependent).
  const centre = world.hospitals.get('H003')!;
  for (const spec of TEAM_SPECS) {
    const leader = world.doctors.get(spec.leaderId)!;
    const specialistDept = [...world.departments.values()].find((d) => d.name === spec.specialistDepartment && d.hospitalId !== 'H003')!;
    const specialist = [...world.doctors.values()].find((d) => d.departmentId === specialistDept.id)!;
    const team: Team = {
      id: spec.id,
      name: spec.name,
      centreId: centre.id,
      centreName: centre.name,
      phone: spec.phone,
      leaderId: leader.id,
      members: [
        { id: leader.id, name: leader.name, role: spec.leaderRole, title: leader.title, hospitalId: centre.id, isLeader: true },
        ...spec.staff.map((s) => ({ ...s, hospitalId: centre.id, isLeader: false })),
        { id: specialist.id, name: specialist.name, role: '专科医生' as const, title: specialist.title, hospitalId: specialist.hospitalId, isLeader: false },
      ],
      packages: [
        { id: 'PKG-BASIC', name: '基础服务包', priceFen: 0, validMonths: 12, items: BASIC_PACKAGE_ITEMS },
        { ...spec.paid, validMonths: 12 },
        // The city's 个性化服务包 catalogue (shared-types contract-constants.ts, with its sources) that the team offers.
        ...PERSONALISED_PACKAGES.filter((p) => spec.offers.includes(p.id)).map((p) => ({ id: p.id, name: p.name, priceFen: p.priceFen, validMonths: 12, items: [...p.items] })),
      ],
      area: { township: REGION.township.name, communities: [...spec.communities] },
      intro: spec.intro,
    };
    world.teams.set(team.id, team);
  }

  // Contracts run a year from signing; signed within the last ten months, never before the record existed.
  for (const r of world.residents.values()) {
    if (!r.contractedTeamId) continue;
    const team = world.teams.get(r.contractedTeamId)!;
    const cr = rngFor(seed, `contract:${r.recordNumber}`);
    const signedOn = addDays(today, -between(cr, 0, Math.min(300, daysBetween(r.createdOn, today))));
    const chronic = r.chronicConditions.length > 0;
    const paid = team.packages[1];
    const wantsPaid = team.id === 'T001' ? chronic : team.id === 'T002' ? r.guardians.length > 0 || r.recordNumber === P.sunYue.recordNumber : cr() < 0.4;
    world.contracts.set(r.recordNumber, {
      id: `QY${r.recordNumber.slice(-8)}${signedOn.slice(2, 4)}`,
      recordNumber: r.recordNumber,
      teamId: team.id,
      doctorId: team.leaderId,
      packageIds: wantsPaid ? ['PKG-BASIC', paid.id] : ['PKG-BASIC'],
      signedOn,
      validFrom: signedOn,
      validTo: addDays(monthsBefore(signedOn, -12), -1),
      status: 'active',
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Entry points
// ---------------------------------------------------------------------------------------------

/** Builds the whole world from `seed`; `now` (ms) fixes "today" (China time) for schedules and ages. */
export function buildWorld(seed: number, now: number = Date.now()): World {
  const world: World = {
    seed,
    today: chinaToday(new Date(now)),
    scheduledThrough: '',
    hospitals: new Map(),
    departments: new Map(),
    doctors: new Map(),
    plans: new Map(),
    sessions: new Map(),
    sessionIdsByDoctor: new Map(),
    slots: new Map(),
    residents: new Map(),
    recordNumberByIdNumber: new Map(),
    teams: new Map(),
    contracts: new Map(),
  };
  const usedNames = new Set<string>([...FAMILY_DOCTORS.map((d) => d.name), ...TEAM_SPECS.flatMap((t) => t.staff.map((s) => s.name)), ...Object.values(PERSONA_RESIDENTS).map((p) => p.name)]);
  buildHis(seed, world, usedNames);
  buildPlatform(seed, world, usedNames, world.today);
  extendSchedules(world, now);
  return world;
}

const worlds = new WeakMap<SandboxContext, World>();

/** The one world a sandbox instance's HIS and platform share (built on first use, rolled forward daily). */
export function worldOf(ctx: SandboxContext): World {
  const now = ctx.wechat.now();
  let world = worlds.get(ctx);
  if (!world) {
    world = buildWorld(ctx.seed, now);
    worlds.set(ctx, world);
  } else {
    extendSchedules(world, now);
  }
  return world;
}

/** The stand-ins' error body: `{code, message}` with a 4xx status. */
export function sendError(ctx: Koa.Context, status: number, code: string, message: string): void {
  ctx.status = status;
  ctx.body = { code, message };
}
