import { createHash } from 'node:crypto';
import type Koa from 'koa';
import { parseIdNumber } from '@healthpocket/shared-types';
import type { SandboxContext } from '../context';
import { rng, pick, between } from '../seed/rng';
import { PERSONA_RESIDENTS, worldOf, type World } from '../seed/world';

/**
 * The HIS's outpatient charges (诊间支付): unpaid bills per patient, settlement by a payment's
 * trade number (idempotent), e-invoices (医疗收费电子票据), refunds that void the invoice.
 * Deterministic from the seed: the personas always have the same bills; other residents of the
 * world get 0–2 bills derived from (seed, record number). State is per sandbox instance.
 */

export class HisBillError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** A route handler over one HIS state, answering a HisBillError as the HIS does: `{code, message, …}` with its status. */
export function hisHandler<S>(state: () => S) {
  return (fn: (ctx: Koa.Context, h: S) => void) => (ctx: Koa.Context) => {
    try {
      fn(ctx, state());
    } catch (e) {
      if (!(e instanceof HisBillError)) throw e;
      ctx.status = e.status;
      ctx.body = { code: e.code, message: e.message, ...e.extra };
    }
  };
}

export interface BillItem {
  code: string;
  name: string;
  spec: string | null;
  unit: string;
  quantity: number;
  unitPriceFen: number;
  amountFen: number;
}

export interface Invoice {
  /** 票据代码 (8 digits) */
  code: string;
  /** 票据号码 (10 digits) */
  number: string;
  checkCode: string;
  issuedAt: string;
  status: 'issued' | 'voided';
}

export interface Bill {
  billNo: string;
  patientId: string;
  patientName: string;
  hospitalId: string;
  hospitalName: string;
  departmentId: string;
  departmentName: string;
  doctorId: string;
  doctorName: string;
  category: string;
  visitDate: string;
  createdAt: string;
  items: BillItem[];
  totalFen: number;
  status: 'unpaid' | 'paid' | 'refunded';
  paidAt: string | null;
  tradeNo: string | null;
  /** Paid at the hospital's window instead of online. */
  paidAtWindow: boolean;
  invoice: Invoice | null;
  refund: { refundNo: string; amountFen: number; refundedAt: string; reason: string } | null;
}

export interface Patient {
  patientId: string;
  name: string;
  idNumber: string | null;
  birthDate: string | null;
  guardianIdNumber: string | null;
}

export interface Settlement {
  settlementNo: string;
  tradeNo: string;
  transactionId: string | null;
  patientId: string;
  billNos: string[];
  amountFen: number;
  paidAt: string;
  invoice: Invoice;
}

type CatalogueItem = Omit<BillItem, 'quantity' | 'amountFen'> & { maxQty: number };

const CATALOGUE: Record<string, CatalogueItem[]> = {
  西药费: [
    { code: 'XY0001', name: '阿莫西林胶囊', spec: '0.25g×24粒', unit: '盒', unitPriceFen: 1280, maxQty: 2 },
    { code: 'XY0002', name: '布洛芬缓释胶囊', spec: '0.3g×20粒', unit: '盒', unitPriceFen: 1850, maxQty: 1 },
    { code: 'XY0003', name: '盐酸氨溴索口服溶液', spec: '100ml', unit: '瓶', unitPriceFen: 2600, maxQty: 2 },
    { code: 'XY0004', name: '苯磺酸氨氯地平片', spec: '5mg×28片', unit: '盒', unitPriceFen: 2940, maxQty: 3 },
    { code: 'XY0005', name: '盐酸二甲双胍缓释片', spec: '0.5g×30片', unit: '盒', unitPriceFen: 1560, maxQty: 3 },
    { code: 'XY0006', name: '蒙脱石散', spec: '3g×10袋', unit: '盒', unitPriceFen: 1980, maxQty: 2 },
  ],
  中成药费: [
    { code: 'ZC0001', name: '小儿豉翘清热颗粒', spec: '2g×6袋', unit: '盒', unitPriceFen: 3200, maxQty: 2 },
    { code: 'ZC0002', name: '连花清瘟胶囊', spec: '0.35g×24粒', unit: '盒', unitPriceFen: 2480, maxQty: 2 },
  ],
  检验费: [
    { code: 'JY0001', name: '血常规（五分类）', spec: null, unit: '次', unitPriceFen: 2500, maxQty: 1 },
    { code: 'JY0002', name: 'C反应蛋白测定', spec: null, unit: '次', unitPriceFen: 3000, maxQty: 1 },
    { code: 'JY0003', name: '糖化血红蛋白测定', spec: null, unit: '次', unitPriceFen: 6500, maxQty: 1 },
    { code: 'JY0004', name: '肝功能八项', spec: null, unit: '次', unitPriceFen: 5600, maxQty: 1 },
    { code: 'JY0005', name: '尿常规', spec: null, unit: '次', unitPriceFen: 1200, maxQty: 1 },
  ],
  检查费: [
    { code: 'JC0001', name: '胸部正侧位X线摄影', spec: null, unit: '次', unitPriceFen: 9000, maxQty: 1 },
    { code: 'JC0002', name: '常规心电图（十二导联）', spec: null, unit: '次', unitPriceFen: 2500, maxQty: 1 },
    { code: 'JC0003', name: '腹部彩色多普勒超声', spec: null, unit: '次', unitPriceFen: 18000, maxQty: 1 },
  ],
  治疗费: [
    { code: 'ZL0001', name: '静脉输液', spec: null, unit: '次', unitPriceFen: 1200, maxQty: 3 },
    { code: 'ZL0002', name: '雾化吸入', spec: null, unit: '次', unitPriceFen: 1800, maxQty: 3 },
  ],
};

/** The personas' bills, fixed so tests, docs and the browser test can rely on them. */
const PERSONA_BILLS: Array<{ who: keyof typeof PERSONA_RESIDENTS; hospitalId: string; department: string; category: string; items: Array<[string, number]> }> = [
  {
    who: 'zhangWei',
    hospitalId: 'H001',
    department: '呼吸内科',
    category: '西药费',
    items: [
      ['XY0001', 2],
      ['XY0003', 1],
    ],
  },
  {
    who: 'zhangWei',
    hospitalId: 'H001',
    department: '呼吸内科',
    category: '检验费',
    items: [
      ['JY0001', 1],
      ['JY0002', 1],
    ],
  },
  {
    who: 'mother',
    hospitalId: 'H001',
    department: '心血管内科',
    category: '西药费',
    items: [
      ['XY0004', 2],
      ['XY0005', 2],
    ],
  },
  { who: 'mother', hospitalId: 'H001', department: '心血管内科', category: '检验费', items: [['JY0003', 1]] },
  { who: 'daughter', hospitalId: 'H002', department: '小儿内科', category: '中成药费', items: [['ZC0001', 1]] },
];

function item(c: CatalogueItem, quantity: number): BillItem {
  const { maxQty: _m, ...rest } = c;
  return { ...rest, quantity, amountFen: c.unitPriceFen * quantity };
}

function findCatalogue(code: string): CatalogueItem {
  for (const list of Object.values(CATALOGUE)) {
    const c = list.find((x) => x.code === code);
    if (c) return c;
  }
  throw new Error(`unknown catalogue item ${code}`);
}

function hashSeed(seed: number, key: string): number {
  return createHash('sha256').update(`${seed}:${key}`).digest().readUInt32BE(0);
}

export class HisBills {
  readonly patients = new Map<string, Patient>();
  readonly bills = new Map<string, Bill>();
  readonly settlements = new Map<string, Settlement>();
  private seq = 0;
  private invoiceSeq = 0;
  private readonly seeded = new Set<string>();

  constructor(
    readonly world: World,
    readonly seed: number,
    readonly now: () => number,
  ) {}

  private isoNow(): string {
    return `${new Date(this.now() + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
  }

  private patientIdFor(key: string): string {
    return `P${String(hashSeed(this.seed, key) % 100_000_000).padStart(8, '0')}`;
  }

  /** The patient by ID number, or a child without one by name + birth date + guardian ID; null if unknown. */
  findPatient(q: { idNumber?: string; name?: string; birthDate?: string; guardianIdNumber?: string }): Patient | null {
    if (q.idNumber) {
      const id = q.idNumber.toUpperCase();
      const known = [...this.patients.values()].find((p) => p.idNumber === id);
      if (known) return known;
      const rn = this.world.recordNumberByIdNumber.get(id);
      if (!rn) return null;
      const r = this.world.residents.get(rn)!;
      return this.addPatient({ name: r.name, idNumber: id, birthDate: r.birthDate, guardianIdNumber: null }, rn);
    }
    if (q.name && q.birthDate && q.guardianIdNumber) {
      const g = q.guardianIdNumber.toUpperCase();
      const known = [...this.patients.values()].find((p) => !p.idNumber && p.name === q.name && p.birthDate === q.birthDate && p.guardianIdNumber === g);
      if (known) return known;
      const r = [...this.world.residents.values()].find((x) => !x.idNumber && x.name === q.name && x.birthDate === q.birthDate && x.guardians.some((gd) => gd.idNumber === g));
      if (!r) return null;
      return this.addPatient({ name: r.name, idNumber: null, birthDate: r.birthDate, guardianIdNumber: g }, r.recordNumber);
    }
    return null;
  }

  /** Opens a patient card (建档) for a person the world does not know (tests, new residents). */
  ensurePatient(q: { idNumber?: string; name: string; birthDate?: string; guardianIdNumber?: string }): Patient {
    const found = this.findPatient(q);
    if (found) return found;
    const idNumber = q.idNumber?.toUpperCase() ?? null;
    const parsed = idNumber ? parseIdNumber(idNumber) : null;
    const birthDate = parsed?.ok ? parsed.value.birthDate : (q.birthDate ?? null);
    return this.addPatient(
      { name: q.name, idNumber, birthDate, guardianIdNumber: q.guardianIdNumber?.toUpperCase() ?? null },
      `${idNumber ?? ''}|${q.name}|${q.birthDate ?? ''}|${q.guardianIdNumber ?? ''}`,
    );
  }

  private addPatient(p: Omit<Patient, 'patientId'>, key: string): Patient {
    const patient: Patient = { ...p, patientId: this.patientIdFor(key) };
    this.patients.set(patient.patientId, patient);
    this.seedBillsFor(patient, key);
    return patient;
  }

  private seedBillsFor(p: Patient, key: string): void {
    if (this.seeded.has(p.patientId)) return;
    this.seeded.add(p.patientId);
    const persona = Object.entries(PERSONA_RESIDENTS).find(([, v]) => v.recordNumber === key)?.[0];
    if (persona) {
      for (const spec of PERSONA_BILLS.filter((b) => b.who === persona)) {
        this.addBill(
          p,
          spec.hospitalId,
          spec.department,
          spec.category,
          spec.items.map(([code, qty]) => item(findCatalogue(code), qty)),
        );
      }
      return;
    }
    if (!this.world.residents.has(key)) return;
    // Other residents of the world: 0–2 bills, the same for the same seed.
    const r = rng(hashSeed(this.seed, `bills:${key}`));
    const count = between(r, 0, 2);
    for (let i = 0; i < count; i++) {
      const category = pick(r, Object.keys(CATALOGUE));
      const options = CATALOGUE[category];
      const picked = new Set<CatalogueItem>();
      for (let k = between(r, 1, Math.min(3, options.length)); k > 0; k--) picked.add(pick(r, options));
      const hospitalId = pick(r, ['H001', 'H002', 'H003']);
      const depts = [...this.world.departments.values()].filter((d) => d.hospitalId === hospitalId);
      this.addBill(
        p,
        hospitalId,
        pick(r, depts).name,
        category,
        [...picked].map((c) => item(c, between(r, 1, c.maxQty))),
      );
    }
  }

  /** A new unpaid bill for the patient at a department of the hospital (its doctors: first by id). */
  addBill(p: Patient, hospitalId: string, departmentName: string, category: string, items: BillItem[]): Bill {
    const hospital = this.world.hospitals.get(hospitalId);
    if (!hospital) throw new HisBillError(404, 'NOT_FOUND', `医院 ${hospitalId} 不存在`);
    const dept =
      [...this.world.departments.values()].find((d) => d.hospitalId === hospitalId && d.name === departmentName) ?? [...this.world.departments.values()].find((d) => d.hospitalId === hospitalId)!;
    const doctor = [...this.world.doctors.values()].filter((d) => d.departmentId === dept.id).sort((a, b) => a.id.localeCompare(b.id))[0];
    this.seq += 1;
    const date = this.world.today.replace(/-/g, '');
    const bill: Bill = {
      billNo: `MZ${hospitalId.slice(1)}${date}${String(this.seq).padStart(5, '0')}`,
      patientId: p.patientId,
      patientName: p.name,
      hospitalId,
      hospitalName: hospital.name,
      departmentId: dept.id,
      departmentName: dept.name,
      doctorId: doctor?.id ?? 'D000000',
      doctorName: doctor?.name ?? '门诊医生',
      category,
      visitDate: this.world.today,
      createdAt: `${this.world.today}T09:${String(10 + (this.seq % 50)).padStart(2, '0')}:00+08:00`,
      items,
      totalFen: items.reduce((n, i) => n + i.amountFen, 0),
      status: 'unpaid',
      paidAt: null,
      tradeNo: null,
      paidAtWindow: false,
      invoice: null,
      refund: null,
    };
    this.bills.set(bill.billNo, bill);
    return bill;
  }

  billsOf(patientId: string, status: 'unpaid' | 'paid' | 'all'): Bill[] {
    return [...this.bills.values()]
      .filter((b) => b.patientId === patientId && (status === 'all' || (status === 'unpaid' ? b.status === 'unpaid' : b.status !== 'unpaid')))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.billNo.localeCompare(a.billNo));
  }

  private newInvoice(): Invoice {
    this.invoiceSeq += 1;
    const number = String(hashSeed(this.seed, `inv:${this.invoiceSeq}`) % 10_000_000_000).padStart(10, '0');
    return {
      code: `11${this.world.today.slice(2, 4)}0122`,
      number,
      checkCode: createHash('sha256').update(`${this.seed}:${number}`).digest('hex').slice(0, 6).toUpperCase(),
      issuedAt: this.isoNow(),
      status: 'issued',
    };
  }

  /** Records an online payment of several bills; idempotent per tradeNo. */
  settle(input: { tradeNo: string; transactionId: string | null; billNos: string[]; amountFen: number; paidAt: string }): Settlement {
    const prior = this.settlements.get(input.tradeNo);
    if (prior) {
      const same = prior.billNos.length === input.billNos.length && prior.billNos.every((b) => input.billNos.includes(b)) && prior.amountFen === input.amountFen;
      if (!same) throw new HisBillError(409, 'TRADE_NO_CONFLICT', '该支付流水号已用于其他账单');
      return prior;
    }
    const bills = input.billNos.map((no) => {
      const b = this.bills.get(no);
      if (!b) throw new HisBillError(404, 'BILL_NOT_FOUND', `账单 ${no} 不存在`, { billNo: no });
      return b;
    });
    for (const b of bills) if (b.status !== 'unpaid') throw new HisBillError(409, 'BILL_ALREADY_PAID', `账单 ${b.billNo} 已缴费`, { billNo: b.billNo });
    if (new Set(bills.map((b) => b.patientId)).size !== 1) throw new HisBillError(400, 'BAD_REQUEST', '一次结算的账单须属于同一患者');
    const total = bills.reduce((n, b) => n + b.totalFen, 0);
    if (total !== input.amountFen) throw new HisBillError(409, 'AMOUNT_MISMATCH', `结算金额 ${input.amountFen} 分与账单合计 ${total} 分不符`);
    const invoice = this.newInvoice();
    for (const b of bills) Object.assign(b, { status: 'paid', paidAt: input.paidAt, tradeNo: input.tradeNo, invoice });
    const settlement: Settlement = {
      settlementNo: `JS${this.world.today.replace(/-/g, '')}${String(this.settlements.size + 1).padStart(6, '0')}`,
      tradeNo: input.tradeNo,
      transactionId: input.transactionId,
      patientId: bills[0].patientId,
      billNos: bills.map((b) => b.billNo),
      amountFen: total,
      paidAt: input.paidAt,
      invoice,
    };
    this.settlements.set(input.tradeNo, settlement);
    return settlement;
  }

  /** A bill paid online is refunded: the invoice is voided (红冲). Idempotent per refundNo. */
  refund(billNo: string, input: { tradeNo: string; refundNo: string; amountFen: number; reason: string }): Bill {
    const b = this.bills.get(billNo);
    if (!b) throw new HisBillError(404, 'BILL_NOT_FOUND', `账单 ${billNo} 不存在`);
    if (b.refund) {
      if (b.refund.refundNo !== input.refundNo) throw new HisBillError(409, 'ALREADY_REFUNDED', `账单 ${billNo} 已退费`);
      return b;
    }
    if (b.status !== 'paid' || b.tradeNo !== input.tradeNo) throw new HisBillError(409, 'NOT_PAID_BY_TRADE', `账单 ${billNo} 不是由该支付流水缴费的`);
    if (input.amountFen !== b.totalFen) throw new HisBillError(409, 'AMOUNT_MISMATCH', '退费金额须等于账单金额');
    b.status = 'refunded';
    b.refund = { refundNo: input.refundNo, amountFen: input.amountFen, refundedAt: this.isoNow(), reason: input.reason };
    if (b.invoice) b.invoice = { ...b.invoice, status: 'voided' };
    return b;
  }

  /** The patient paid at the hospital's window (a test of the "paid elsewhere meanwhile" case). */
  payAtWindow(billNo: string): Bill {
    const b = this.bills.get(billNo);
    if (!b) throw new HisBillError(404, 'BILL_NOT_FOUND', `账单 ${billNo} 不存在`);
    if (b.status !== 'unpaid') throw new HisBillError(409, 'BILL_ALREADY_PAID', `账单 ${billNo} 已缴费`);
    Object.assign(b, { status: 'paid', paidAt: this.isoNow(), paidAtWindow: true, invoice: this.newInvoice() });
    return b;
  }

  invoiceByNumber(number: string): { invoice: Invoice; bills: Bill[] } | null {
    const bills = [...this.bills.values()].filter((b) => b.invoice?.number === number);
    return bills.length ? { invoice: bills[0].invoice!, bills } : null;
  }

  catalogue(code: string): CatalogueItem {
    try {
      return findCatalogue(code);
    } catch {
      throw new HisBillError(400, 'BAD_REQUEST', `收费项目 ${code} 不存在`);
    }
  }
}

const states = new WeakMap<SandboxContext, HisBills>();

export function billsOf(ctx: SandboxContext): HisBills {
  let s = states.get(ctx);
  if (!s) {
    s = new HisBills(worldOf(ctx), ctx.seed, () => ctx.wechat.now());
    states.set(ctx, s);
  }
  return s;
}
