import type { BookingTab } from '@healthpocket/shared-types';
import { client, type ApiBody } from '../services/client';

/** The booking endpoints (types only from shared-types: zod stays out of the bundle). */

/** A reason the BFF takes for a cancellation (CANCEL_REASONS). */
export type CancelReason = NonNullable<ApiBody<'/api/v1/bookings/{id}/cancel', 'post'>['reason']>;

/** The query without its empty values (left out of the URL). */
const qs = <T extends Record<string, string | number | undefined>>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as T;

/** One key per booking attempt: a retry of the same attempt reuses it, so it never books twice. */
export function newIdempotencyKey(): string {
  const rnd = () => Math.random().toString(36).slice(2, 10);
  return `bk-${Date.now().toString(36)}-${rnd()}${rnd()}`;
}

export const bookingApi = {
  hospitals: () => client.GET('/api/v1/booking/hospitals', { auth: false }),
  hospital: (id: string) => client.GET('/api/v1/booking/hospitals/{id}', { params: { path: { id } }, auth: false }),
  departments: (hospitalId: string) => client.GET('/api/v1/booking/hospitals/{id}/departments', { params: { path: { id: hospitalId } }, auth: false }),
  doctors: (departmentId: string) => client.GET('/api/v1/booking/departments/{id}/doctors', { params: { path: { id: departmentId } }, auth: false }),
  schedule: (doctorId: string) => client.GET('/api/v1/booking/doctors/{id}/schedule', { params: { path: { id: doctorId } }, auth: false }),
  triage: () => client.GET('/api/v1/booking/triage', { auth: false }),
  triageAdvice: (q: { symptoms: string[]; text?: string; hospitalId?: string }) =>
    client.GET('/api/v1/booking/triage/advice', { params: { query: qs({ symptoms: q.symptoms.length ? q.symptoms.join(',') : undefined, text: q.text, hospitalId: q.hospitalId }) }, auth: false }),
  search: (q: string, hospitalId?: string) => client.GET('/api/v1/booking/search', { params: { query: qs({ q, hospitalId }) }, auth: false }),

  quote: (slotId: string, memberId: string) => client.GET('/api/v1/booking/quote', { params: { query: qs({ slotId, memberId }) } }),
  create: (body: { slotId: string; memberId: string; subscribeReminder?: boolean }, idempotencyKey: string) =>
    client.POST('/api/v1/bookings', { params: { header: { 'Idempotency-Key': idempotencyKey } }, body }),
  list: (tab: BookingTab, cursor?: string) => client.GET('/api/v1/bookings', { params: { query: qs({ tab, cursor }) } }),
  get: (id: string) => client.GET('/api/v1/bookings/{id}', { params: { path: { id } } }),
  cancel: (id: string, reason?: CancelReason) => client.POST('/api/v1/bookings/{id}/cancel', { params: { path: { id } }, body: reason ? { reason } : {} }),

  // 候补挂号
  waitlistQuote: (sessionId: string) => client.GET('/api/v1/booking/waitlist/quote', { params: { query: qs({ sessionId }) } }),
  joinWaitlist: (body: { sessionId: string; memberId: string; subscribe?: boolean }) => client.POST('/api/v1/booking/waitlist', { body }),
  waitlist: () => client.GET('/api/v1/booking/waitlist'),
  leaveWaitlist: (id: string) => client.POST('/api/v1/booking/waitlist/{id}/leave', { params: { path: { id } } }),
  /** 签到 (again after a 过号: re-queued); `subscribeQueue` when the 候诊提醒 was accepted. */
  checkIn: (id: string, subscribeQueue: boolean) => client.POST('/api/v1/bookings/{id}/check-in', { params: { path: { id } }, body: subscribeQueue ? { subscribeQueue } : {} }),
  queue: (id: string) => client.GET('/api/v1/bookings/{id}/queue', { params: { path: { id } } }),
};

export const yuan = (fen: number) => (fen === 0 ? '免费' : `¥${(fen / 100).toFixed(2)}`);

const WEEK = ['日', '一', '二', '三', '四', '五', '六'];
/** 11月24日 周二 */
export function dateLabel(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 周${WEEK[d.getUTCDay()]}`;
}
export function weekdayOf(date: string): string {
  return `周${WEEK[new Date(`${date}T00:00:00Z`).getUTCDay()]}`;
}
/** 08:30 from an ISO time with +08:00. */
export const hhmm = (iso: string) => iso.slice(11, 16);
export const visitTime = (b: { date: string; sessionLabel: string; start: string; end: string }) => `${dateLabel(b.date)} ${b.sessionLabel} ${hhmm(b.start)}–${hhmm(b.end)}`;
