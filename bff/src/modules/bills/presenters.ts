import { BILL_STATUS_LABELS, toChinaIso, type BillStatus, type BillView } from '@healthpocket/shared-types';
import type { OrderRecord } from '../payments/port';
import type { BillCharge, ChargeState } from './entities';
import type { HisBill } from './his-bills';

/** May the weapp open this invoice in its web-view: https on one of the 业务域名 (or a subdomain)? */
export function opensInWebView(url: string, domains: readonly string[]): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  const host = u.hostname.toLowerCase();
  return u.protocol === 'https:' && domains.some((d) => host === d || host.endsWith(`.${d}`));
}

/** A bill as the HIS lists it, with this app's view of it (paying / confirming) when there is one. */
export function hisBillView(b: HisBill, local: { status: BillStatus; orderId: string } | null, domains: readonly string[]): BillView {
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
    invoice:
      b.invoice && b.invoice.status === 'issued'
        ? { number: b.invoice.number, code: b.invoice.code, url: b.invoice.url, issuedAt: b.invoice.issuedAt, webView: opensInWebView(b.invoice.url, domains) }
        : null,
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
export function chargeView(c: BillCharge, status: BillStatus | null, domains: readonly string[], order?: Pick<OrderRecord, 'state'>): BillView {
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
        ? { number: c.invoiceNumber, code: c.invoiceCode, url: c.invoiceUrl, issuedAt: toChinaIso(c.invoiceIssuedAt, 'ms'), webView: opensInWebView(c.invoiceUrl, domains) }
        : null,
  };
}
