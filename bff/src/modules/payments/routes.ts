import { IdParam, PaymentOrderList, PaymentOrderListQuery, PaymentOrderView, PrepayResponse, RefundRequest, RefundView } from '@healthpocket/shared-types';
import { route, type AnyRoute } from '../../http/route';
import type { Services } from '../../services';

export function paymentRoutes(s: Services): AnyRoute[] {
  return [
    route({
      method: 'post',
      path: '/api/v1/payments/orders/:id/prepay',
      summary: 'WeChat Pay JSAPI prepay for an order; answers the signed wx.requestPayment parameters',
      tags: ['payments'],
      auth: 'user',
      params: IdParam,
      response: PrepayResponse,
      rateLimit: { name: 'payments.prepay', points: 30, durationSeconds: 60, by: 'user' },
      handler: (r) => s.payments.prepay(r, r.params.id),
    }),
    route({
      method: 'get',
      path: '/api/v1/payments/orders/:id',
      summary: 'One payment order: state, amounts, refunds, purpose and references',
      tags: ['payments'],
      auth: 'user',
      params: IdParam,
      response: PaymentOrderView,
      handler: (r) => s.payments.get(r, r.params.id),
    }),
    route({
      method: 'get',
      member: { purpose: 'book' },
      path: '/api/v1/payments/orders',
      summary: 'Payment history (newest first) with refund status, optionally for one member',
      tags: ['payments'],
      auth: 'user',
      query: PaymentOrderListQuery,
      response: PaymentOrderList,
      handler: (r) => s.payments.list(r, r.query),
    }),
    route({
      method: 'post',
      path: '/api/v1/payments/orders/:id/cancel',
      summary: 'Cancel an unpaid order (closed at WeChat too)',
      tags: ['payments'],
      auth: 'user',
      params: IdParam,
      response: PaymentOrderView,
      handler: (r) => s.payments.cancel(r, r.params.id),
    }),
    route({
      method: 'post',
      path: '/api/v1/payments/orders/:id/refunds',
      summary: 'Refund all or part of a paid order (operators); idempotent per refundKey',
      tags: ['payments'],
      auth: 'payments.refund',
      params: IdParam,
      body: RefundRequest,
      response: RefundView,
      status: 202,
      handler: (r) => s.payments.refund({ orderId: r.params.id, ...r.body }, r),
    }),
    route({
      method: 'post',
      path: '/api/v1/payments/wechat/notify',
      summary: 'WeChat Pay notifications (payment and refund results): signature, timestamp and GCM tag checked; 204 after the commit',
      tags: ['payments'],
      auth: 'public',
      handler: async (r) => {
        // The raw body (kept by @koa/bodyparser) is what WeChat signed, not a re-serialisation.
        const raw = (r.ctx.request as { rawBody?: string }).rawBody;
        await s.payments.handleNotify(raw, (name) => r.ctx.get(name), r.requestId);
      },
    }),
  ];
}
