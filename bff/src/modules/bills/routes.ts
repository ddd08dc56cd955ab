import { z } from 'zod';
import { BillList, EntityId, BillListQuery, IdParam, OrderBills, PayBillsRequest, PayBillsResponse, RefundView } from '@healthpocket/shared-types';
import { route, type AnyRoute } from '../../http/route';
import type { Services } from '../../services';

const BillNoParam = z.object({ billNo: EntityId.max(40) });
const BillRefundRequest = z.object({ reason: z.string().trim().min(1, '请填写退费原因').max(80, '退费原因不能超过80个字') });

export function billRoutes(s: Services): AnyRoute[] {
  return [
    route({
      method: 'get',
      member: { purpose: 'proxy' },
      path: '/api/v1/bills',
      summary: "A member's outpatient bills from the HIS: 待缴费 (unpaid) or paid, with this app's payment state",
      tags: ['bills'],
      auth: 'user',
      query: BillListQuery,
      response: BillList,
      handler: (r) => s.bills.list(r, r.query.memberId, r.query.status),
    }),
    route({
      method: 'post',
      member: { purpose: 'proxy' },
      path: '/api/v1/bills/pay',
      summary: 'One payment order for one or several unpaid bills of a member (same hospital)',
      tags: ['bills'],
      auth: 'user',
      body: PayBillsRequest,
      response: PayBillsResponse,
      status: 201,
      idempotent: true,
      headers: { 'Idempotency-Key': { required: true, description: 'One key per tap on 去缴费; a retry replays the first answer' } },
      errors: ['BILL_ALREADY_PAID', 'BILL_IN_PAYMENT', 'BILLS_MIXED_HOSPITALS', 'PATIENT_IDENTITY_MISSING', 'IDENTITY_UNVERIFIED'],
      handler: (r) => s.bills.pay(r, r.body),
    }),
    route({
      method: 'get',
      path: '/api/v1/bills/orders/:id',
      summary: 'The bills a payment order paid, with the e-invoice once the hospital confirmed',
      tags: ['bills'],
      auth: 'user',
      params: IdParam,
      response: OrderBills,
      handler: (r) => s.bills.orderBills(r, r.params.id),
    }),
    route({
      method: 'post',
      path: '/api/v1/bills/:billNo/refund',
      summary: 'Refund one paid bill (operators); the hospital is told once the money is back',
      tags: ['bills'],
      auth: 'payments.refund',
      params: BillNoParam,
      body: BillRefundRequest,
      response: RefundView,
      status: 202,
      handler: (r) => s.bills.refundBill(r, r.params.billNo, r.body.reason),
    }),
  ];
}
