/**
 * What the HIS's inpatient API answers (bff/sandbox/API.md, "HIS inpatient accounts"): one
 * contract for the sandbox that produces it and the BFF's client that reads it. Types only.
 */

export interface HisDepositRule {
  minFen: number;
  maxFen: number;
  reminderBalanceFen: number;
}

/** 住院登记 as the HIS keeps it. */
export interface HisAdmissionRecord {
  admissionNo: string;
  patientId: string;
  patientName: string;
  hospitalId: string;
  hospitalName: string;
  departmentName: string;
  wardName: string;
  bedNo: string;
  attendingDoctorName: string;
  admittedAt: string;
  dischargedAt: string | null;
  status: 'in_hospital' | 'discharged';
  /** The hospital's rules for an online deposit (住院处 sets them). */
  depositRule: HisDepositRule;
}

/** An admission as the HIS answers it: with its deposit account and the days so far. */
export interface HisAdmission extends HisAdmissionRecord {
  depositFen: number;
  costFen: number;
  balanceFen: number;
  days: number;
}

/** 预交金收据 */
export interface HisDeposit {
  receiptNo: string;
  admissionNo: string;
  amountFen: number;
  /** wechat: paid online (tradeNo set); window: at the 住院处 cashier. */
  channel: 'wechat' | 'window';
  tradeNo: string | null;
  transactionId: string | null;
  paidAt: string;
}
