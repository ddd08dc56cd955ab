import { ADMISSION_STATUS_LABELS, DEPOSIT_STATUS_LABELS, toChinaIso, type AdmissionView, type DepositStatus, type DepositView } from '@healthpocket/shared-types';
import type { OrderRecord } from '../payments/port';
import type { InpatientDeposit } from './entities';
import type { HisAdmission, HisDeposit } from './his-inpatient';

const chinaIso = (d: Date) => toChinaIso(d, 'ms');

const CHANNEL_LABELS = { wechat: '微信支付', window: '住院处窗口' } as const;

export function admissionView(a: HisAdmission, creditingFen: number): AdmissionView {
  return {
    admissionNo: a.admissionNo,
    hospitalId: a.hospitalId,
    hospitalName: a.hospitalName,
    departmentName: a.departmentName,
    wardName: a.wardName,
    bedNo: a.bedNo,
    attendingDoctorName: a.attendingDoctorName,
    admittedAt: a.admittedAt,
    dischargedAt: a.dischargedAt,
    status: a.status,
    statusLabel: ADMISSION_STATUS_LABELS[a.status],
    days: a.days,
    depositFen: a.depositFen,
    costFen: a.costFen,
    balanceFen: a.balanceFen,
    creditingFen,
    lowBalance: a.status === 'in_hospital' && a.balanceFen + creditingFen < a.depositRule.reminderBalanceFen,
    canTopUp: a.status === 'in_hospital',
    depositRule: { minFen: a.depositRule.minFen, maxFen: a.depositRule.maxFen },
  };
}

/** A deposit the hospital holds; `orderId` when the actor paid it in this app. */
export function hisDepositView(d: HisDeposit, orderId: string | null): DepositView {
  return {
    receiptNo: d.receiptNo,
    amountFen: d.amountFen,
    channel: d.channel,
    channelLabel: CHANNEL_LABELS[d.channel],
    status: 'credited',
    statusLabel: DEPOSIT_STATUS_LABELS.credited,
    paidAt: d.paidAt,
    createdAt: d.paidAt,
    orderId,
  };
}

function localStatus(d: InpatientDeposit, o: OrderRecord): DepositStatus {
  if (d.state === 'pending') return 'paying';
  if (d.state === 'paid') return 'crediting';
  if (d.state === 'credited') return 'credited';
  if (d.state === 'rejected') return o.state === 'REFUNDED' ? 'refunded' : 'refunding';
  return 'refunded';
}

/** A top-up made in this app that the hospital's list does not show (yet, or any more). */
export function localDepositView(d: InpatientDeposit, o: OrderRecord, orderId: string | null): DepositView {
  const status = localStatus(d, o);
  return {
    receiptNo: d.receiptNo,
    amountFen: d.amountFen,
    channel: 'wechat',
    channelLabel: CHANNEL_LABELS.wechat,
    status,
    statusLabel: DEPOSIT_STATUS_LABELS[status],
    paidAt: o.paidAt ? chinaIso(o.paidAt) : null,
    createdAt: chinaIso(d.createdAt),
    orderId,
  };
}
