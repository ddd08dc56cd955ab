import type { AdmissionView, BillView, DailyList, DepositView, PaymentOrderView, PrepayResponse } from '@healthpocket/shared-types';

export const member = {
  id: 'm-self',
  name: '张伟',
  relation: 'self',
  relationLabel: '本人',
  sex: 'male',
  birthDate: '1990-03-07',
  age: 36,
  idNumberMasked: '1101**********7838',
  phoneMasked: null,
  verified: true,
  createdAt: '2026-11-20T10:00:00.000Z',
};

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

export const admission = (over: Partial<AdmissionView> = {}): AdmissionView => ({
  admissionNo: 'ZY001202611300001',
  hospitalId: 'H001',
  hospitalName: '市第一人民医院',
  departmentName: '心血管内科',
  wardName: '心血管内科1病区',
  bedNo: '310床',
  attendingDoctorName: '尹淑芬',
  admittedAt: '2026-11-30T09:30:00+08:00',
  dischargedAt: null,
  status: 'in_hospital',
  statusLabel: '在院',
  days: 4,
  depositFen: 150_000,
  costFen: 114_280,
  balanceFen: 35_720,
  creditingFen: 0,
  lowBalance: true,
  canTopUp: true,
  depositRule: { minFen: 10_000, maxFen: 5_000_000 },
  ...over,
});

export const deposit = (over: Partial<DepositView> = {}): DepositView => ({
  receiptNo: 'YJ20261130000001',
  amountFen: 150_000,
  channel: 'window',
  channelLabel: '住院处窗口',
  status: 'credited',
  statusLabel: '已入账',
  paidAt: '2026-11-30T10:05:00+08:00',
  createdAt: '2026-11-30T10:05:00+08:00',
  orderId: null,
  ...over,
});

export const dailyList = (over: Partial<DailyList> = {}): DailyList => ({
  admissionNo: 'ZY001202611300001',
  days: [
    { date: '2026-12-03', totalFen: 12_390 },
    { date: '2026-11-30', totalFen: 30_410 },
  ],
  date: '2026-12-03',
  items: [
    { category: '床位费', name: '普通病房床位费（三人间）', spec: null, unit: '日', quantity: 1, unitPriceFen: 4500, amountFen: 4500 },
    { category: '西药费', name: '苯磺酸氨氯地平片', spec: '5mg×7片', unit: '盒', quantity: 1, unitPriceFen: 1050, amountFen: 1050 },
  ],
  categories: [
    { category: '床位费', amountFen: 4500 },
    { category: '西药费', amountFen: 1050 },
  ],
  totalFen: 5550,
  ...over,
});
