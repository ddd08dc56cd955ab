import { BILL_STATUS_LABELS, type BillStatus, type BillView } from '@healthpocket/shared-types';
import type { PaymentOrder } from '../payments/entities';
import { chinaIso } from '../payments/presenters';
import type { BillCharge, ChargeState } from './entities';
import type { HisBill } from './his-bills';

/** A bill as the HIS lists it, with this app's view of it (paying / confirming) when there is one. */
export function hisBillView(b: HisBill, local: { status: BillStatus; orderId: string } | null): BillView {
  const status: BillStatus = local?.status ?? (b.status === 'unpaid' ? 'unpaid' : b.status === 'refunded' ? 'refunded' : 'paid');
  return {
    billNo: b.billNo,
    hospitalId: b.hospitalId,
    hospitalName: b.hospitalName,
    departmentName: b.departmentName,
    doctorName: b.doctorName,
    category: b.category,
    visitDate: b.visitDate,
    createdAt: b.createdAt,
    items: b.items.map(({ name, spec, unit, quantity, unitPriceFen, amountFen }) => ({ name, spec, unit, quantity, unitPriceFen, amountFen })),
    totalFen: b.totalFen,
    status,
    statusLabel: BILL_STATUS_LABELS[status],
    orderId: local?.orderId ?? null,
    invoice: b.invoice && b.invoice.status === 'issued' ? { number: b.invoice.number, code: b.invoice.code, url: b.invoice.url, issuedAt: b.invoice.issuedAt } : null,
  };
}

const CHARGE_STATUS: Record<ChargeState, BillStatus> = {
  pending: 'paying',
  released: 'unpaid',
  paid: 'confirming',
  confirmed: 'paid',
  rejected: 'refunded',
  refunded: 'refunded',
};

/** A bill as this app paid it (the snapshot taken when paying), with its invoice once confirmed. */
export function chargeView(c: BillCharge, status: BillStatus | null, order?: PaymentOrder): BillView {
  let s = status ?? CHARGE_STATUS[c.state];
  if (s === 'paying' && order && order.state !== 'CREATED') s = 'unpaid';
  return {
    billNo: c.billNo,
    hospitalId: c.hospitalId,
    hospitalName: c.snapshot.hospitalName,
    departmentName: c.snapshot.departmentName,
    doctorName: c.snapshot.doctorName,
    category: c.snapshot.category,
    visitDate: c.snapshot.visitDate,
    createdAt: c.snapshot.createdAt,
    items: c.snapshot.items,
    totalFen: c.amountFen,
    status: s,
    statusLabel: BILL_STATUS_LABELS[s],
    orderId: c.orderId,
    invoice:
      c.state === 'confirmed' && c.invoiceNumber && c.invoiceCode && c.invoiceUrl && c.invoiceIssuedAt
        ? { number: c.invoiceNumber, code: c.invoiceCode, url: c.invoiceUrl, issuedAt: chinaIso(c.invoiceIssuedAt) }
        : null,
  };
}
