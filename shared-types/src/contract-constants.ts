/**
 * 家庭医生签约 paperwork as plain data, without zod (the mini-program imports this file): the
 * service packages (服务包) and the versioned agreement (签约服务协议书) a resident signs.
 *
 * Sources (national policy; a city's own catalogue and prices replace the examples below):
 * - 《关于推进家庭医生签约服务的指导意见》（国医改办发〔2016〕1号）: 签约服务分基础性签约服务和个性化签约服务;
 *   签约周期原则上为一年，期满后居民可续约或选择其他家庭医生团队签约。
 * - 《关于规范家庭医生签约服务管理的指导意见》（国卫基层发〔2018〕35号）第三条: 基础性签约服务包括基本医疗服务和
 *   基本公共卫生服务；个性化签约服务是在基础性签约服务之外，根据居民差异化的健康需求制定的针对性服务；
 *   签约双方签订签约服务协议，明确服务内容、方式、期限和双方的责任、权利、义务。
 * - 《国家基本公共卫生服务规范（第三版）》（国卫基层发〔2017〕13号）: the frequencies in the package items
 *   (高血压、2型糖尿病每年至少4次面对面随访; 65岁及以上老年人每年1次健康管理; 0—6岁儿童健康管理;
 *   孕产妇孕期5次、产后访视和42天健康检查).
 */

/** 签约周期原则上为一年 (国医改办发〔2016〕1号). */
export const CONTRACT_TERM_MONTHS = 12;
/** 续约 opens this many days before the contract year ends. */
export const RENEWAL_WINDOW_DAYS = 30;
/** Renewal reminders go out this many days before the contract year ends (once each). */
export const RENEWAL_REMINDER_DAYS = [30, 7] as const;
export const BASIC_PACKAGE_ID = 'PKG-BASIC';

export interface ServicePackageSpec {
  id: string;
  name: string;
  kind: 'basic' | 'personalised';
  /** Who the package is for, in a resident's words. */
  forWhom: string;
  priceFen: number;
  items: readonly string[];
  source: string;
}

/** 个性化服务包 offered across the city's teams (each team lists which it offers). */
export const PERSONALISED_PACKAGES: readonly ServicePackageSpec[] = [
  {
    id: 'PKG-HTN',
    name: '高血压个性化服务包',
    kind: 'personalised',
    forWhom: '已确诊的原发性高血压患者',
    priceFen: 6000,
    items: ['每年至少4次面对面随访（血压、体重、心率、用药情况）', '每年1次血常规、尿常规、血脂、肾功能检查', '家庭血压监测指导', '个体化用药与限盐指导'],
    source: '《国家基本公共卫生服务规范（第三版）》高血压患者健康管理服务规范',
  },
  {
    id: 'PKG-DM',
    name: '糖尿病个性化服务包',
    kind: 'personalised',
    forWhom: '已确诊的2型糖尿病患者',
    priceFen: 8000,
    items: ['每年至少4次面对面随访（空腹血糖、血压、体重）', '每年1次糖化血红蛋白检测', '每年1次足背动脉检查', '饮食运动与胰岛素使用指导'],
    source: '《国家基本公共卫生服务规范（第三版）》2型糖尿病患者健康管理服务规范',
  },
  {
    id: 'PKG-ELDER',
    name: '老年人个性化服务包',
    kind: 'personalised',
    forWhom: '65岁及以上常住居民',
    priceFen: 5000,
    items: ['每年1次健康体检（含生活方式和健康状况评估）', '生活自理能力评估', '中医体质辨识', '跌倒预防与用药安全指导'],
    source: '《国家基本公共卫生服务规范（第三版）》老年人健康管理服务规范',
  },
  {
    id: 'PKG-CHILD',
    name: '儿童个性化服务包',
    kind: 'personalised',
    forWhom: '0—6岁儿童',
    priceFen: 4000,
    items: ['新生儿家庭访视1次', '1岁内4次、1—2岁每年2次、3—6岁每年1次健康检查', '生长发育与心理行为发育评估', '预防接种提醒与喂养指导'],
    source: '《国家基本公共卫生服务规范（第三版）》0～6岁儿童健康管理服务规范',
  },
  {
    id: 'PKG-MATERNAL',
    name: '孕产妇个性化服务包',
    kind: 'personalised',
    forWhom: '孕妇和产妇',
    priceFen: 6000,
    items: ['孕13周前建立《母子健康手册》', '孕期5次健康管理（孕早期1次、孕中期2次、孕晚期2次）', '产后3—7天内家庭访视', '产后42天健康检查'],
    source: '《国家基本公共卫生服务规范（第三版）》孕产妇健康管理服务规范',
  },
];

export interface AgreementVersion {
  /** Kept with the contract; a new version needs re-signing at renewal. */
  version: string;
  /** China day from which new signatures use this version. */
  effectiveFrom: string;
  title: string;
  clauses: readonly string[];
}

const COMMON_CLAUSES = [
  '甲方（家庭医生团队）依法依约为乙方（签约居民）提供基础性签约服务（基本医疗服务和基本公共卫生服务），以及乙方选择的个性化服务包所列服务。',
  '签约周期为一年，自签约生效之日起计算。期满前30天内乙方可申请续约；期满未续约的，签约关系终止，乙方可另选家庭医生团队签约。',
  '乙方应如实提供健康信息，配合甲方完成健康档案更新、随访和健康体检；乙方变更居住地或联系方式的，应及时告知甲方。',
  '甲方应保护乙方的个人信息和健康信息，仅在提供签约服务所需范围内使用。',
  '个性化服务包的收费按所在地物价和医保部门规定执行；基础性签约服务中的基本公共卫生服务免费。',
  '乙方可在签约周期内向签约机构提出解约；甲方不得无正当理由单方解约。',
];

/** Oldest first. `currentAgreement` picks the one in force on a day. */
export const AGREEMENT_VERSIONS: readonly AgreementVersion[] = [
  { version: '2025.1', effectiveFrom: '2025-01-01', title: '家庭医生签约服务协议书', clauses: COMMON_CLAUSES },
  {
    version: '2026.1',
    effectiveFrom: '2026-07-01',
    title: '家庭医生签约服务协议书',
    clauses: [...COMMON_CLAUSES, '甲方可通过本小程序提供在线咨询、随访提醒和续约提醒；乙方通过线上方式勾选并签署本协议，与书面签署具有同等效力。'],
  },
];

export function currentAgreement(today: string, versions: readonly AgreementVersion[] = AGREEMENT_VERSIONS): AgreementVersion {
  const inForce = versions.filter((v) => v.effectiveFrom <= today);
  return inForce[inForce.length - 1] ?? versions[0];
}
