import { z } from 'zod';
import { EntityId } from './common';
import { PaymentOrderView } from './payments';

/** 诊间支付: outpatient bills the HIS holds for a patient. */

export const BillItem = z.object({
  name: z.string(),
  spec: z.string().nullable(),
  unit: z.string(),
  quantity: z.number(),
  unitPriceFen: z.number().int(),
  amountFen: z.number().int(),
});
export type BillItem = z.infer<typeof BillItem>;

/**
 * unpaid: 待缴费; paying: in an open order of this app; confirming: paid, the hospital has not
 * confirmed yet; paid: confirmed, with the e-invoice; refunded: money returned.
 */
export const BillStatus = z.enum(['unpaid', 'paying', 'confirming', 'paid', 'refunded']);
export type BillStatus = z.infer<typeof BillStatus>;

export const BILL_STATUS_LABELS: Record<BillStatus, string> = {
  unpaid: '待缴费',
  paying: '支付中',
  confirming: '医院确认中',
  paid: '已缴费',
  refunded: '已退费',
};

export const EInvoice = z.object({
  /** 电子票据号码 */
  number: z.string(),
  /** 票据代码 */
  code: z.string(),
  url: z.string(),
  issuedAt: z.string(),
  /**
   * The invoice is an https page on one of the weapp's 业务域名 (CONTENT_WEBVIEW_DOMAINS): the weapp
   * opens it in a web-view. Otherwise the weapp can only copy the link (H5 opens it in a new tab).
   */
  webView: z.boolean(),
});
export type EInvoice = z.infer<typeof EInvoice>;

export const BillView = z.object({
  billNo: z.string(),
  hospitalId: z.string(),
  hospitalName: z.string(),
  departmentName: z.string(),
  doctorName: z.string(),
  category: z.string(),
  visitDate: z.string(),
  createdAt: z.string(),
  items: z.array(BillItem),
  totalFen: z.number().int(),
  status: BillStatus,
  statusLabel: z.string(),
  /** The order that pays (or paid) it in this app. */
  orderId: z.string().nullable(),
  invoice: EInvoice.nullable(),
});
export type BillView = z.infer<typeof BillView>;

export const BillListQuery = z.object({
  memberId: EntityId,
  status: z.enum(['unpaid', 'paid']).default('unpaid'),
});

export const BillList = z.object({
  memberId: z.string(),
  memberName: z.string(),
  items: z.array(BillView),
});
export type BillList = z.infer<typeof BillList>;

export const PayBillsRequest = z.object({
  memberId: EntityId,
  billNos: z
    .array(z.string().min(1).max(40))
    .min(1, '请至少选择一张账单')
    .max(20, '一次最多缴纳20张账单')
    .refine((a) => new Set(a).size === a.length, '账单不能重复选择'),
});
export type PayBillsRequest = z.infer<typeof PayBillsRequest>;

export const PayBillsResponse = z.object({
  order: PaymentOrderView,
  bills: z.array(BillView),
});
export type PayBillsResponse = z.infer<typeof PayBillsResponse>;

export const OrderBills = z.object({
  orderId: z.string(),
  items: z.array(BillView),
});
export type OrderBills = z.infer<typeof OrderBills>;
