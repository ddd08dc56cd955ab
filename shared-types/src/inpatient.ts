import { z } from 'zod';
import { EntityId, IsoDate } from './common';
import { BillItem } from './bills';
import { PaymentOrderView } from './payments';

/** 住院服务: a member's admissions, the deposit account (预交金), top-ups and the daily list (住院日清单). */

export const AdmissionStatus = z.enum(['in_hospital', 'discharged']);
export type AdmissionStatus = z.infer<typeof AdmissionStatus>;

export const ADMISSION_STATUS_LABELS: Record<AdmissionStatus, string> = { in_hospital: '在院', discharged: '已出院' };

import { DEPOSIT_ABSOLUTE_MAX_FEN } from './inpatient-constants';

export { DEPOSIT_ABSOLUTE_MAX_FEN, DEPOSIT_AMOUNT_CHIPS_FEN } from './inpatient-constants';

export const AdmissionView = z.object({
  admissionNo: z.string(),
  hospitalId: z.string(),
  hospitalName: z.string(),
  departmentName: z.string(),
  wardName: z.string(),
  bedNo: z.string(),
  attendingDoctorName: z.string(),
  admittedAt: z.string(),
  dischargedAt: z.string().nullable(),
  status: AdmissionStatus,
  statusLabel: z.string(),
  /** Days in hospital so far (the admission day counts). */
  days: z.number().int(),
  /** 预交金合计, 已发生费用, 余额 as the hospital keeps them (balance < 0: 欠费). */
  depositFen: z.number().int(),
  costFen: z.number().int(),
  balanceFen: z.number().int(),
  /** Paid in this app, not yet credited by the hospital (医院入账中). */
  creditingFen: z.number().int(),
  /** The balance is below the hospital's reminder line (请及时补缴). */
  lowBalance: z.boolean(),
  canTopUp: z.boolean(),
  depositRule: z.object({ minFen: z.number().int(), maxFen: z.number().int() }),
});
export type AdmissionView = z.infer<typeof AdmissionView>;

export const AdmissionListQuery = z.object({ memberId: EntityId });
export const AdmissionList = z.object({ memberId: z.string(), memberName: z.string(), items: z.array(AdmissionView) });
export type AdmissionList = z.infer<typeof AdmissionList>;

/** paying: an open order here; crediting: paid, the hospital has not credited it yet; credited: in the account. */
export const DepositStatus = z.enum(['paying', 'crediting', 'credited', 'refunding', 'refunded']);
export type DepositStatus = z.infer<typeof DepositStatus>;
export const DEPOSIT_STATUS_LABELS: Record<DepositStatus, string> = {
  paying: '待支付',
  crediting: '医院入账中',
  credited: '已入账',
  refunding: '退款中',
  refunded: '已退回',
};

export const DepositView = z.object({
  /** 预交金收据号 once credited. */
  receiptNo: z.string().nullable(),
  amountFen: z.number().int(),
  channel: z.enum(['wechat', 'window']),
  channelLabel: z.string(),
  status: DepositStatus,
  statusLabel: z.string(),
  paidAt: z.string().nullable(),
  createdAt: z.string(),
  orderId: z.string().nullable(),
});
export type DepositView = z.infer<typeof DepositView>;

export const AdmissionNoParam = z.object({ admissionNo: EntityId.max(40) });
export const AdmissionDetail = z.object({ memberId: z.string(), memberName: z.string(), admission: AdmissionView, deposits: z.array(DepositView) });
export type AdmissionDetail = z.infer<typeof AdmissionDetail>;

export const DailyListQuery = z.object({ memberId: EntityId, date: IsoDate.optional() });
/** One line of the daily list: a charged item (as on an outpatient bill) with its fee category. */
export const DailyCharge = BillItem.extend({ category: z.string() });
export type DailyCharge = z.infer<typeof DailyCharge>;
export const DailyList = z.object({
  admissionNo: z.string(),
  /** Every day of the stay with its total, newest first. */
  days: z.array(z.object({ date: z.string(), totalFen: z.number().int() })),
  /** The day shown (the newest when none was asked for); null before the first charge. */
  date: z.string().nullable(),
  items: z.array(DailyCharge),
  categories: z.array(z.object({ category: z.string(), amountFen: z.number().int() })),
  totalFen: z.number().int(),
});
export type DailyList = z.infer<typeof DailyList>;

export const TopUpRequest = z.object({
  memberId: EntityId,
  admissionNo: EntityId.max(40),
  amountFen: z
    .number({ error: '请输入缴纳金额' })
    .int('金额应精确到分')
    .positive('缴纳金额应大于0')
    .max(DEPOSIT_ABSOLUTE_MAX_FEN, `单笔预交金不能超过${DEPOSIT_ABSOLUTE_MAX_FEN / 100}元`),
});
export type TopUpRequest = z.infer<typeof TopUpRequest>;
export const TopUpResponse = z.object({ order: PaymentOrderView, deposit: DepositView });
export type TopUpResponse = z.infer<typeof TopUpResponse>;
