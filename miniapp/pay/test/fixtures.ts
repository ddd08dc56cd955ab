import type { BillView, PaymentOrderView, PrepayResponse } from '@healthpocket/shared-types';

export const member = { id: 'm-self', name: '张伟', relation: 'self', relationLabel: '本人', sex: 'male', birthDate: '1990-03-07', age: 36, idNumberMasked: '1101**********7838', phoneMasked: null, verified: true, createdAt: '2026-11-20T10:00:00.000Z' };

export const bill = (over: Partial<BillView> = {}): BillView => ({
  billNo: 'MZ0012026112300001',
  hospitalId: 'H001',
  hospitalName: '市第一人民医院',
  departmentName: '呼吸内科',
  doctorName: '付海涛',
  category: '西药费',
  visitDate: '2026-11-23',
  createdAt: '2026-11-23T09:11:00+08:00',
  items: [{ name: '阿莫西林胶囊', spec: '0.25g×24粒', unit: '盒', quantity: 2, unitPriceFen: 1280, amountFen: 2560 }],
  totalFen: 2560,
  status: 'unpaid',
  statusLabel: '待缴费',
  orderId: null,
  invoice: null,
  ...over,
});

export const order = (over: Partial<PaymentOrderView> = {}): PaymentOrderView => ({
  id: 'o-1',
  outTradeNo: 'HP20261123091500ABCDEFGHJKLMNPQR',
  purpose: 'bill',
  purposeLabel: '门诊缴费',
  refIds: ['MZ0012026112300001'],
  memberId: 'm-self',
  memberName: '张伟',
  description: '市第一人民医院门诊缴费（1张账单）',
  amountFen: 2560,
  refundedFen: 0,
  state: 'CREATED',
  stateLabel: '待支付',
  payable: true,
  createdAt: '2026-11-23T09:15:00.000+08:00',
  expiresAt: '2026-11-23T09:30:00.000+08:00',
  paidAt: null,
  closedAt: null,
  closeReason: null,
  transactionId: null,
  refunds: [],
  ...over,
});

export const prepay = (over: Partial<PrepayResponse> = {}): PrepayResponse => ({
  orderId: 'o-1',
  outTradeNo: 'HP20261123091500ABCDEFGHJKLMNPQR',
  appId: 'wxsandbox0000000001',
  timeStamp: '1795400000',
  nonceStr: 'abc123',
  package: 'prepay_id=wx20261123091500abcdef',
  signType: 'RSA',
  paySign: 'c2lnbmF0dXJl',
  prepayId: 'wx20261123091500abcdef',
  amountFen: 2560,
  description: '市第一人民医院门诊缴费（1张账单）',
  ...over,
});
