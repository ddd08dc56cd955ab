import { RELATION_LABELS, VACCINE_APPOINTMENT_STATUS_LABELS, type VaccineAppointmentView } from '@healthpocket/shared-types';
import type { FamilyMember } from '../../db/entities';
import type { VaccineAppointment } from './entities';
import { ageOnLabel } from './schedule/dates';
import { toChinaIso } from '@healthpocket/shared-types';

/** ISO 8601 with +08:00 (China time), as the API promises. */
export function chinaIso(d: Date): string {
  return toChinaIso(d, 's');
}

export function presentMemberBrief(m: FamilyMember, today: string) {
  return { id: m.id, name: m.name, relationLabel: RELATION_LABELS[m.relation] ?? m.relation, sex: m.sex, birthDate: m.birthDate, ageLabel: ageOnLabel(m.birthDate, today) };
}

export function presentAppointment(a: VaccineAppointment, now: number): VaccineAppointmentView {
  const open = a.status === 'pending_payment' || a.status === 'confirmed';
  return {
    id: a.id,
    memberId: a.memberId,
    memberName: a.memberName,
    clinicId: a.clinicId,
    clinicName: a.clinicName,
    clinicAddress: a.clinicAddress,
    sessionId: a.sessionId,
    sessionDate: a.sessionDate,
    periodLabel: a.period === 'am' ? '上午' : '下午',
    start: chinaIso(a.sessionStart),
    end: chinaIso(a.sessionEnd),
    vaccineCode: a.vaccineCode,
    vaccineName: a.vaccineName,
    dose: a.dose,
    kind: a.kind,
    priceFen: a.priceFen,
    status: a.status,
    statusLabel: VACCINE_APPOINTMENT_STATUS_LABELS[a.status],
    orderId: a.orderId,
    payBy: a.status === 'pending_payment' && a.payBy ? chinaIso(a.payBy) : null,
    refundedFen: a.refundedFen,
    cancellable: open && a.sessionStart.getTime() > now,
    createdAt: chinaIso(a.createdAt),
    cancelledAt: a.cancelledAt ? chinaIso(a.cancelledAt) : null,
  };
}
