import type {
  QueueView,
  TriageAdvice,
  TriageCatalogue,
  BookingList,
  BookingQuote,
  BookingTab,
  BookingView,
  DepartmentGroups,
  DoctorSchedule,
  DoctorView,
  HospitalDetail,
  HospitalView,
  SearchResult,
  WaitlistEntryView,
  WaitlistList,
  WaitlistQuote,
} from '@healthpocket/shared-types';
import { http } from '../services/api';

/** The booking endpoints (types only from shared-types: zod stays out of the bundle). */

const enc = encodeURIComponent;
const qs = (o: Record<string, string | number | undefined>) =>
  Object.entries(o)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${enc(String(v))}`)
    .join('&');

/** One key per booking attempt: a retry of the same attempt reuses it, so it never books twice. */
export function newIdempotencyKey(): string {
  const rnd = () => Math.random().toString(36).slice(2, 10);
  return `bk-${Date.now().toString(36)}-${rnd()}${rnd()}`;
}

export const bookingApi = {
  hospitals: () => http.get<{ items: HospitalView[] }>('/api/v1/booking/hospitals', { auth: false }),
  hospital: (id: string) => http.get<HospitalDetail>(`/api/v1/booking/hospitals/${enc(id)}`, { auth: false }),
  departments: (hospitalId: string) => http.get<DepartmentGroups>(`/api/v1/booking/hospitals/${enc(hospitalId)}/departments`, { auth: false }),
  doctors: (departmentId: string) => http.get<{ departmentId: string; items: DoctorView[] }>(`/api/v1/booking/departments/${enc(departmentId)}/doctors`, { auth: false }),
  schedule: (doctorId: string) => http.get<DoctorSchedule>(`/api/v1/booking/doctors/${enc(doctorId)}/schedule`, { auth: false }),
  triage: () => http.get<TriageCatalogue>('/api/v1/booking/triage', { auth: false }),
  triageAdvice: (q: { symptoms: string[]; text?: string; hospitalId?: string }) =>
    http.get<TriageAdvice>(`/api/v1/booking/triage/advice?${qs({ symptoms: q.symptoms.length ? q.symptoms.join(',') : undefined, text: q.text || undefined, hospitalId: q.hospitalId })}`, { auth: false }),
  search: (q: string, hospitalId?: string) => http.get<SearchResult>(`/api/v1/booking/search?${qs({ q, hospitalId })}`, { auth: false }),

  quote: (slotId: string, memberId: string) => http.get<BookingQuote>(`/api/v1/booking/quote?${qs({ slotId, memberId })}`),
  create: (body: { slotId: string; memberId: string; subscribeReminder?: boolean }, idempotencyKey: string) =>
    http.post<BookingView>('/api/v1/bookings', body, { header: { 'Idempotency-Key': idempotencyKey } }),
  list: (tab: BookingTab, cursor?: string) => http.get<BookingList>(`/api/v1/bookings?${qs({ tab, cursor })}`),
  get: (id: string) => http.get<BookingView>(`/api/v1/bookings/${enc(id)}`),
  cancel: (id: string, reason?: string) => http.post<BookingView>(`/api/v1/bookings/${enc(id)}/cancel`, reason ? { reason } : {}),

  // 候补挂号
  waitlistQuote: (sessionId: string) => http.get<WaitlistQuote>(`/api/v1/booking/waitlist/quote?${qs({ sessionId })}`),
  joinWaitlist: (body: { sessionId: string; memberId: string; subscribe?: boolean }) => http.post<WaitlistEntryView>('/api/v1/booking/waitlist', body),
  waitlist: () => http.get<WaitlistList>('/api/v1/booking/waitlist'),
  leaveWaitlist: (id: string) => http.post<WaitlistEntryView>(`/api/v1/booking/waitlist/${enc(id)}/leave`, {}),
  /** 签到 (again after a 过号: re-queued); `subscribeQueue` when the 候诊提醒 was accepted. */
  checkIn: (id: string, subscribeQueue: boolean) => http.post<BookingView>(`/api/v1/bookings/${enc(id)}/check-in`, subscribeQueue ? { subscribeQueue } : {}),
  queue: (id: string) => http.get<QueueView>(`/api/v1/bookings/${enc(id)}/queue`),
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
export const visitTime = (b: { date: string; sessionLabel: string; start: string; end: string }) =>
  `${dateLabel(b.date)} ${b.sessionLabel} ${hhmm(b.start)}–${hhmm(b.end)}`;
