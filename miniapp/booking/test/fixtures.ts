import type { BookingView, DoctorSchedule, SessionView } from '@healthpocket/shared-types';

const doctor = {
  id: 'D001004',
  hospitalId: 'H001',
  hospitalName: '市第一人民医院',
  departmentId: 'H001-D02',
  departmentName: '呼吸内科',
  name: '付海涛',
  sex: 'male' as const,
  title: '主任医师',
  registrationLevel: '知名专家',
  feeFen: 10000,
  specialty: '擅长肺结节诊治',
  intro: '医学博士',
  nextAvailableDate: '2026-11-25',
};

export function session(id: string, over: Partial<SessionView> = {}): SessionView {
  const date = over.date ?? '2026-11-25';
  return {
    id,
    date,
    session: 'am',
    sessionLabel: '上午',
    start: `${date}T08:00:00+08:00`,
    end: `${date}T12:00:00+08:00`,
    slotMinutes: 15,
    feeFen: 10000,
    capacity: 4,
    remaining: 3,
    bookable: true,
    status: 'open',
    statusText: '余3',
    opensAt: null,
    slots: [
      { id: `${id}-0800`, start: `${date}T08:00:00+08:00`, end: `${date}T08:15:00+08:00`, remaining: 0, bookable: false },
      { id: `${id}-0815`, start: `${date}T08:15:00+08:00`, end: `${date}T08:30:00+08:00`, remaining: 3, bookable: true },
    ],
    ...over,
  };
}

export function schedule(items: SessionView[], over: Partial<DoctorSchedule> = {}): DoctorSchedule {
  return { doctor, from: '2026-11-23', to: '2026-11-26', items, stale: false, ...over };
}

export function booking(over: Partial<BookingView> = {}): BookingView {
  return {
    id: 'b-1',
    status: 'confirmed',
    statusLabel: '预约成功',
    memberId: 'm-1',
    patientName: '张伟',
    hospital: { id: 'H001', name: '市第一人民医院' },
    department: { id: 'H001-D02', name: '呼吸内科', location: '门诊楼2层B区' },
    doctor: { id: 'D001004', name: '付海涛', title: '主任医师', registrationLevel: '知名专家' },
    date: '2026-11-25',
    session: 'am',
    sessionLabel: '上午',
    start: '2026-11-25T08:15:00+08:00',
    end: '2026-11-25T08:30:00+08:00',
    feeFen: 10000,
    hisAppointmentId: 'GH20261125000001',
    visitNo: 3,
    payment: null,
    holdExpiresAt: null,
    cancellable: true,
    cancelDeadline: '2026-11-24T15:00:00+08:00',
    cancelBlockedReason: null,
    cancelReason: null,
    cancelledAt: null,
    refund: null,
    reminder: 'requested',
    checkIn: {
      opensAt: '2026-11-25T08:00:00+08:00',
      closesAt: '2026-11-25T09:30:00+08:00',
      open: false,
      blockedReason: '还未到签到时间，请于11月25日08:00–09:30签到',
      checkedInAt: null,
      queueTemplateId: 'sbx_tmpl_queue_notice',
    },
    createdAt: '2026-11-23T10:00:00+08:00',
    ...over,
  };
}
