import type {
  CreateVaccineAppointmentRequest,
  VaccinationRecord,
  VaccineAppointmentList,
  VaccineAppointmentView,
  VaccineCatalogue,
  VaccineClinicView,
  VaccineDoseStatus,
  VaccineSessionList,
  VaccineTimeline,
} from '@healthpocket/shared-types';
import { http } from '../services/api';

/** The vaccines endpoints (types only from shared-types: zod stays out of the bundle). */

const enc = encodeURIComponent;

/** One key per booking attempt: a retry of the same attempt reuses it, so it never books twice. */
export function newIdempotencyKey(): string {
  const rnd = () => Math.random().toString(36).slice(2, 10);
  return `vx-${Date.now().toString(36)}-${rnd()}${rnd()}`;
}

export const vaccinesApi = {
  catalogue: () => http.get<VaccineCatalogue>('/api/v1/vaccines/catalogue'),
  clinics: (vaccineCode?: string) => http.get<{ items: VaccineClinicView[] }>(`/api/v1/vaccines/clinics${vaccineCode ? `?vaccineCode=${enc(vaccineCode)}` : ''}`),
  sessions: (clinicId: string, vaccineCode: string, memberId?: string) =>
    http.get<VaccineSessionList>(`/api/v1/vaccines/clinics/${enc(clinicId)}/sessions?vaccineCode=${enc(vaccineCode)}${memberId ? `&memberId=${enc(memberId)}` : ''}`),
  timeline: (memberId: string) => http.get<VaccineTimeline>(`/api/v1/vaccines/members/${enc(memberId)}/timeline`),
  record: (memberId: string) => http.get<VaccinationRecord>(`/api/v1/vaccines/members/${enc(memberId)}/record`),
  book: (body: CreateVaccineAppointmentRequest, idempotencyKey: string) =>
    http.post<VaccineAppointmentView>('/api/v1/vaccines/appointments', body, { header: { 'Idempotency-Key': idempotencyKey } }),
  appointments: (scope: 'active' | 'all' = 'all') => http.get<VaccineAppointmentList>(`/api/v1/vaccines/appointments?scope=${scope}`),
  appointment: (id: string) => http.get<VaccineAppointmentView>(`/api/v1/vaccines/appointments/${enc(id)}`),
  cancel: (id: string) => http.post<VaccineAppointmentView>(`/api/v1/vaccines/appointments/${enc(id)}/cancel`, {}),
};

export const STATUS_LABELS: Record<VaccineDoseStatus, string> = {
  done: '已接种',
  due: '待接种',
  overdue: '已逾期',
  upcoming: '未到时间',
  not_needed: '无需接种',
};

export const yuan = (fen: number) => (fen === 0 ? '免费' : `¥${(fen / 100).toFixed(2)}`);

const WEEK = ['日', '一', '二', '三', '四', '五', '六'];
/** 11月24日 周二 */
export function dateLabel(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 周${WEEK[d.getUTCDay()]}`;
}
/** 08:00 from an ISO time with +08:00. */
export const hhmm = (iso: string) => iso.slice(11, 16);

/** Pages of the vaccines subpackage (registered in services/routes.ts SUBPACKAGES.vaccines). */
const page = (name: string) => `/vaccines/pages/${name}/index`;
export const VACCINE_PAGES = {
  home: page('index'),
  book: page('book'),
  appointments: page('appointments'),
  record: page('record'),
  catalogue: page('catalogue'),
} as const;
