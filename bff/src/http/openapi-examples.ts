import type { ArticleDetail, BillView, BookingView, MemberView } from '@healthpocket/shared-types';

const member: MemberView = {
  id: '7d1f0c2e-5b8a-4d6e-9f3a-2c4b6d8e0a1b',
  name: '王秀英',
  relation: 'parent',
  relationLabel: '父母',
  sex: 'female',
  birthDate: '1949-12-31',
  age: 76,
  idNumberMasked: '1101**********002X',
  phoneMasked: '137****0088',
  verified: true,
  createdAt: '2026-11-02T09:15:00+08:00',
};

const booking: BookingView = {
  id: 'b3c9e4a1-0f2d-4e7b-8a6c-1d5e9f7a3b2c',
  status: 'confirmed',
  statusLabel: '预约成功',
  memberId: member.id,
  patientName: '王秀英',
  hospital: { id: 'H001', name: '朝阳区社区卫生服务中心' },
  department: { id: 'D-NK', name: '内科', location: '门诊楼2层' },
  doctor: { id: 'D-FD-001', name: '李明', title: '主治医师', registrationLevel: '普通号' },
  date: '2026-12-03',
  session: 'am',
  sessionLabel: '上午',
  start: '09:00',
  end: '09:30',
  feeFen: 500,
  hisAppointmentId: 'GH20261203000123',
  visitNo: 12,
  payment: null,
  holdExpiresAt: null,
  cancellable: true,
  cancelDeadline: '2026-12-02T17:00:00+08:00',
  cancelBlockedReason: null,
  cancelReason: null,
  cancelledAt: null,
  refund: null,
  reminder: 'requested',
  checkIn: {
    opensAt: '2026-12-03T08:00:00+08:00',
    closesAt: '2026-12-03T09:30:00+08:00',
    open: false,
    blockedReason: '还未到签到时间，请于今天08:00–09:30签到',
    checkedInAt: null,
    queueTemplateId: 'sbx_tmpl_queue_notice',
  },
  createdAt: '2026-11-28T20:41:00+08:00',
};

const bill: BillView = {
  billNo: 'MZ20261203000456',
  hospitalId: 'H001',
  hospitalName: '朝阳区社区卫生服务中心',
  departmentName: '内科',
  doctorName: '李明',
  category: '西药费',
  visitDate: '2026-12-03',
  createdAt: '2026-12-03T10:05:00+08:00',
  items: [{ name: '苯磺酸氨氯地平片', spec: '5mg*28片', unit: '盒', quantity: 1, unitPriceFen: 2350, amountFen: 2350 }],
  totalFen: 2350,
  status: 'unpaid',
  statusLabel: '待缴费',
  orderId: null,
  invoice: null,
};

const article: ArticleDetail = {
  id: 'a8e2d4c6-1b3f-4a5d-9e7c-0f2b4d6a8c1e',
  title: '冬季如何控制血压',
  summary: '天冷血管收缩，血压容易升高：按时服药、每天测量、注意保暖。',
  topics: ['hypertension', 'elderly'],
  coverUrl: '/api/v1/content/images/c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f',
  publishedAt: '2026-11-20T08:00:00+08:00',
  readCount: 1280,
  body: { html: '<p>每天早晚各测一次血压。</p>', nodes: [{ name: 'p', children: [{ type: 'text', text: '每天早晚各测一次血压。' }] }] },
  favourite: false,
  webViewDomains: ['www.nhc.gov.cn'],
};

/** Examples for the main resources, by component name; openapi.test.ts checks each parses with its schema. */
export const OPENAPI_EXAMPLES: Record<string, unknown> = { MemberView: member, BookingView: booking, BillView: bill, ArticleDetail: article };
