import { createHash } from 'node:crypto';
import type { HisAdmissionRecord, HisDeposit } from '@healthpocket/shared-types';
import type { SandboxContext } from '../context';
import { rng, between } from '../seed/rng';
import { PERSONA_RESIDENTS, worldOf, type World } from '../seed/world';
import { HisBillError, billsOf, type BillItem, type HisBills, type Patient } from './bills-state';

/**
 * The HIS's inpatient accounts (住院): admissions (住院登记) per patient, the deposit account
 * (预交金: deposits in, daily charges out, balance), the daily itemised list (住院日清单) and the
 * crediting of a deposit paid online (idempotent per trade number). Patients are the same HIS
 * patients as the outpatient bills (bills-state). Deterministic from the seed and the sandbox
 * clock; state per sandbox instance. Documented in ../API.md.
 */

/** A charged item as on an outpatient bill, with its fee category (床位费, 护理费 …). */
export type DailyCharge = BillItem & { category: string };

export type Deposit = HisDeposit;
export type Admission = HisAdmissionRecord;

type Priced = Omit<DailyCharge, 'quantity' | 'amountFen'>;

const FIXED: Priced[] = [
  { code: 'CW0001', category: '床位费', name: '普通病房床位费（三人间）', spec: null, unit: '日', unitPriceFen: 4500 },
  { code: 'HL0002', category: '护理费', name: '二级护理', spec: null, unit: '日', unitPriceFen: 2600 },
  { code: 'ZC0001', category: '诊查费', name: '住院诊查费', spec: null, unit: '日', unitPriceFen: 2000 },
];
const DRUGS: Priced[] = [
  { code: 'XY1001', category: '西药费', name: '苯磺酸氨氯地平片', spec: '5mg×7片', unit: '盒', unitPriceFen: 1050 },
  { code: 'XY1002', category: '西药费', name: '阿托伐他汀钙片', spec: '20mg×7片', unit: '盒', unitPriceFen: 2240 },
  { code: 'XY1003', category: '西药费', name: '0.9%氯化钠注射液', spec: '250ml', unit: '袋', unitPriceFen: 580 },
  { code: 'XY1004', category: '西药费', name: '注射用单硝酸异山梨酯', spec: '20mg', unit: '支', unitPriceFen: 3860 },
];
const FIRST_DAY: Priced[] = [
  { code: 'JY0001', category: '检验费', name: '血常规（五分类）', spec: null, unit: '次', unitPriceFen: 2500 },
  { code: 'JY0004', category: '检验费', name: '肝功能八项', spec: null, unit: '次', unitPriceFen: 5600 },
  { code: 'JC0002', category: '检查费', name: '常规心电图（十二导联）', spec: null, unit: '次', unitPriceFen: 2500 },
];
const SECOND_DAY: Priced[] = [{ code: 'JC0004', category: '检查费', name: '经胸心脏彩色多普勒超声', spec: null, unit: '次', unitPriceFen: 28000 }];
const INFUSION: Priced = { code: 'ZL0001', category: '治疗费', name: '静脉输液', spec: null, unit: '次', unitPriceFen: 1200 };

const RULES: Record<string, Admission['depositRule']> = {
  H001: { minFen: 10_000, maxFen: 5_000_000, reminderBalanceFen: 50_000 },
  H002: { minFen: 10_000, maxFen: 3_000_000, reminderBalanceFen: 30_000 },
  H003: { minFen: 5_000, maxFen: 1_000_000, reminderBalanceFen: 20_000 },
};

function hashSeed(seed: number, key: string): number {
  return createHash('sha256').update(`${seed}:${key}`).digest().readUInt32BE(0);
}

/** `YYYY-MM-DD` + n days. */
function addDays(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

const charge = (p: Priced, quantity: number): DailyCharge => ({ ...p, quantity, amountFen: p.unitPriceFen * quantity });

export class HisInpatient {
  readonly admissions = new Map<string, Admission>();
  readonly deposits: Deposit[] = [];
  private readonly seeded = new Set<string>();
  private seq = 0;
  private receiptSeq = 0;

  constructor(
    readonly world: World,
    readonly bills: HisBills,
    readonly seed: number,
    readonly now: () => number,
  ) {}

  private today(): string {
    return new Date(this.now() + 8 * 3600_000).toISOString().slice(0, 10);
  }

  private isoNow(): string {
    return `${new Date(this.now() + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
  }

  /** The patient (as the outpatient HIS finds them) with the personas' admissions seeded. */
  findPatient(q: { idNumber?: string; name?: string; birthDate?: string; guardianIdNumber?: string }): Patient | null {
    const p = this.bills.findPatient(q);
    if (p && !this.seeded.has(p.patientId)) {
      this.seeded.add(p.patientId);
      // 王秀英 is in hospital: admitted 3 days ago to 心血管内科, ¥1,500 paid at the window (the balance runs low).
      if (p.idNumber === PERSONA_RESIDENTS.mother.idNumber) {
        const a = this.admit(p, { hospitalId: 'H001', departmentName: '心血管内科', daysAgo: 3 });
        this.windowDeposit(a, 150_000, `${a.admittedAt.slice(0, 10)}T10:05:00+08:00`);
      }
    }
    return p;
  }

  ensurePatient(q: { idNumber?: string; name: string; birthDate?: string; guardianIdNumber?: string }): Patient {
    this.findPatient(q);
    return this.bills.ensurePatient(q);
  }

  /** 住院登记: a new admission `daysAgo` days before today (helper and personas). */
  admit(p: Patient, o: { hospitalId: string; departmentName: string; daysAgo: number }): Admission {
    const hospital = this.world.hospitals.get(o.hospitalId);
    if (!hospital) throw new HisBillError(404, 'NOT_FOUND', `医院 ${o.hospitalId} 不存在`);
    const dept =
      [...this.world.departments.values()].find((d) => d.hospitalId === o.hospitalId && d.name === o.departmentName) ??
      [...this.world.departments.values()].find((d) => d.hospitalId === o.hospitalId)!;
    const doctor = [...this.world.doctors.values()].filter((d) => d.departmentId === dept.id).sort((a, b) => a.id.localeCompare(b.id))[0];
    this.seq += 1;
    const date = addDays(this.today(), -o.daysAgo);
    const r = rng(hashSeed(this.seed, `adm:${p.patientId}:${this.seq}`));
    const a: Admission = {
      admissionNo: `ZY${o.hospitalId.slice(1)}${date.replace(/-/g, '')}${String(this.seq).padStart(4, '0')}`,
      patientId: p.patientId,
      patientName: p.name,
      hospitalId: o.hospitalId,
      hospitalName: hospital.name,
      departmentName: dept.name,
      wardName: `${dept.name}${between(r, 1, 3)}病区`,
      bedNo: `${between(r, 1, 4)}${String(between(r, 1, 30)).padStart(2, '0')}床`,
      attendingDoctorName: doctor?.name ?? '住院医师',
      admittedAt: `${date}T09:30:00+08:00`,
      dischargedAt: null,
      status: 'in_hospital',
      depositRule: RULES[o.hospitalId] ?? RULES.H001,
    };
    this.admissions.set(a.admissionNo, a);
    return a;
  }

  admissionsOf(patientId: string): Admission[] {
    return [...this.admissions.values()].filter((a) => a.patientId === patientId).sort((a, b) => b.admittedAt.localeCompare(a.admittedAt));
  }

  get(admissionNo: string): Admission {
    const a = this.admissions.get(admissionNo);
    if (!a) throw new HisBillError(404, 'ADMISSION_NOT_FOUND', `住院号 ${admissionNo} 不存在`);
    return a;
  }

  /** The days with charges: admission day to today (or the discharge day). */
  days(a: Admission): string[] {
    const first = a.admittedAt.slice(0, 10);
    const last = (a.dischargedAt ?? this.isoNow()).slice(0, 10);
    const out: string[] = [];
    for (let d = first; d <= last; d = addDays(d, 1)) out.push(d);
    return out;
  }

  /** 住院日清单 for one day: the same items for the same seed, admission and day. */
  chargesOn(a: Admission, date: string): DailyCharge[] {
    const days = this.days(a);
    const i = days.indexOf(date);
    if (i < 0) return [];
    const r = rng(hashSeed(this.seed, `day:${a.admissionNo}:${i}`));
    const items = FIXED.map((p) => charge(p, 1));
    if (i === 0) items.push(...FIRST_DAY.map((p) => charge(p, 1)));
    if (i === 1) items.push(...SECOND_DAY.map((p) => charge(p, 1)));
    items.push(charge(DRUGS[0], 1), charge(DRUGS[1], 1));
    if (i < 3) items.push(charge(DRUGS[2], 2), charge(DRUGS[3], between(r, 1, 2)), charge(INFUSION, 2));
    return items;
  }

  account(a: Admission) {
    const depositFen = this.deposits.filter((d) => d.admissionNo === a.admissionNo).reduce((n, d) => n + d.amountFen, 0);
    const costFen = this.days(a).reduce((n, d) => n + this.chargesOn(a, d).reduce((m, c) => m + c.amountFen, 0), 0);
    return { depositFen, costFen, balanceFen: depositFen - costFen };
  }

  depositsOf(admissionNo: string): Deposit[] {
    return this.deposits.filter((d) => d.admissionNo === admissionNo).sort((a, b) => b.paidAt.localeCompare(a.paidAt) || b.receiptNo.localeCompare(a.receiptNo));
  }

  /** 预交金收据号: YJ + the China date it was paid + a sequence. */
  private receipt(paidAt: string): string {
    this.receiptSeq += 1;
    return `YJ${paidAt.slice(0, 10).replace(/-/g, '')}${String(this.receiptSeq).padStart(6, '0')}`;
  }

  /** Paid at the 住院处 window (personas, helper). */
  windowDeposit(a: Admission, amountFen: number, paidAt = this.isoNow()): Deposit {
    const d: Deposit = { receiptNo: this.receipt(paidAt), admissionNo: a.admissionNo, amountFen, channel: 'window', tradeNo: null, transactionId: null, paidAt };
    this.deposits.push(d);
    return d;
  }

  /** 预交金充值 paid online: credited once per tradeNo (a repeat with the same content answers the same receipt). */
  credit(input: { admissionNo: string; tradeNo: string; transactionId: string | null; amountFen: number; paidAt: string }): Deposit {
    const prior = this.deposits.find((d) => d.tradeNo === input.tradeNo);
    if (prior) {
      if (prior.admissionNo !== input.admissionNo || prior.amountFen !== input.amountFen) throw new HisBillError(409, 'TRADE_NO_CONFLICT', '该支付流水号已用于其他预交金');
      return prior;
    }
    const a = this.get(input.admissionNo);
    if (a.status !== 'in_hospital') throw new HisBillError(409, 'ADMISSION_CLOSED', '患者已出院结算，不能再缴纳预交金');
    if (input.amountFen < a.depositRule.minFen || input.amountFen > a.depositRule.maxFen) {
      throw new HisBillError(400, 'AMOUNT_OUT_OF_RANGE', `单笔预交金应在 ${a.depositRule.minFen / 100} 元到 ${a.depositRule.maxFen / 100} 元之间`);
    }
    const d: Deposit = {
      receiptNo: this.receipt(this.isoNow()),
      admissionNo: a.admissionNo,
      amountFen: input.amountFen,
      channel: 'wechat',
      tradeNo: input.tradeNo,
      transactionId: input.transactionId,
      paidAt: input.paidAt,
    };
    this.deposits.push(d);
    return d;
  }

  /** 出院 (helper): the stay ends today; no deposit is accepted after it. */
  discharge(admissionNo: string): Admission {
    const a = this.get(admissionNo);
    if (a.status === 'discharged') return a;
    Object.assign(a, { status: 'discharged', dischargedAt: this.isoNow() });
    return a;
  }
}

const states = new WeakMap<SandboxContext, HisInpatient>();

export function inpatientOf(ctx: SandboxContext): HisInpatient {
  let s = states.get(ctx);
  if (!s) {
    s = new HisInpatient(worldOf(ctx), billsOf(ctx), ctx.seed, () => ctx.wechat.now());
    states.set(ctx, s);
  }
  return s;
}
