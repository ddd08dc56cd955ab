import { BOOKING_STATUS_LABELS, type BookingView } from '@healthpocket/shared-types';
import { toChinaIso } from './china-time';
import type { Booking } from './entities';
import { rulesFor } from './hospital-rules';
import { cancelDeadline, cancelRefusal, checkInRefusal, checkInWindow } from './rules';

const SESSION_LABEL = { am: '上午', pm: '下午' } as const;

function cancelState(b: Booking, now: Date): { cancellable: boolean; reason: string | null } {
  switch (b.status) {
    case 'pending_payment':
      return { cancellable: true, reason: null };
    case 'confirming':
    case 'confirmed': {
      const r = cancelRefusal(rulesFor(b.hospitalId), { date: b.date, start: b.slotStart.toISOString() }, now);
      return { cancellable: !r, reason: r?.message ?? null };
    }
    case 'checked_in':
      return { cancellable: false, reason: '已签到就诊' };
    case 'no_show':
      return { cancellable: false, reason: '就诊时间已过，本次记为爽约' };
    default:
      return { cancellable: false, reason: null };
  }
}

/** 签到 for a paid visit: the window, and whether it is open now (checked in: when). */
function checkInState(b: Booking, now: Date, queueTemplateId: string): BookingView['checkIn'] {
  if (b.status !== 'confirmed' && b.status !== 'checked_in') return null;
  const rules = rulesFor(b.hospitalId);
  const w = checkInWindow(rules, b.slotStart);
  const refusal = b.status === 'confirmed' ? checkInRefusal(rules, b.slotStart, now) : null;
  return {
    opensAt: toChinaIso(w.opens),
    closesAt: toChinaIso(w.closes),
    open: b.status === 'confirmed' && !refusal,
    blockedReason: b.status === 'checked_in' ? '已签到' : (refusal?.message ?? null),
    checkedInAt: b.checkedInAt ? toChinaIso(b.checkedInAt) : b.status === 'checked_in' && b.visitStatusAt ? toChinaIso(b.visitStatusAt) : null,
    queueTemplateId,
  };
}

export function presentBooking(b: Booking, now: Date, queueTemplateId = 'sbx_tmpl_queue_notice'): BookingView {
  const c = cancelState(b, now);
  return {
    id: b.id,
    status: b.status,
    statusLabel: BOOKING_STATUS_LABELS[b.status],
    memberId: b.memberId,
    patientName: b.patientName,
    hospital: { id: b.hospitalId, name: b.hospitalName },
    department: { id: b.departmentId, name: b.departmentName, location: b.departmentLocation },
    doctor: { id: b.doctorId, name: b.doctorName, title: b.doctorTitle, registrationLevel: b.registrationLevel },
    date: b.date,
    session: b.session,
    sessionLabel: SESSION_LABEL[b.session],
    start: toChinaIso(b.slotStart),
    end: toChinaIso(b.slotEnd),
    feeFen: b.feeFen,
    hisAppointmentId: b.status === 'pending_payment' || b.status === 'expired' ? null : b.hisAppointmentId,
    visitNo: b.status === 'pending_payment' || b.status === 'expired' ? null : b.visitNo,
    payment: b.status === 'pending_payment' && b.paymentOrderId ? { orderId: b.paymentOrderId, amountFen: b.feeFen } : null,
    holdExpiresAt: b.status === 'pending_payment' && b.holdExpiresAt ? toChinaIso(b.holdExpiresAt) : null,
    cancellable: c.cancellable,
    cancelDeadline: toChinaIso(cancelDeadline(rulesFor(b.hospitalId), { date: b.date, start: b.slotStart.toISOString() })),
    cancelBlockedReason: c.reason,
    cancelReason: b.cancelReason,
    cancelledAt: b.cancelledAt ? toChinaIso(b.cancelledAt) : null,
    refund: b.refundFen && b.refundStatus ? { amountFen: b.refundFen, status: b.refundStatus } : null,
    reminder: b.reminder === 'sending' ? 'requested' : b.reminder,
    checkIn: checkInState(b, now, queueTemplateId),
    createdAt: toChinaIso(b.createdAt),
  };
}
