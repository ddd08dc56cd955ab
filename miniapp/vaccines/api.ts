import type { CreateVaccineAppointmentRequest, VaccineDoseStatus } from '@healthpocket/shared-types';
import { client } from '../services/client';

/** The vaccines endpoints (types only from shared-types: zod stays out of the bundle). */

/** One key per booking attempt: a retry of the same attempt reuses it, so it never books twice. */
export function newIdempotencyKey(): string {
  const rnd = () => Math.random().toString(36).slice(2, 10);
  return `vx-${Date.now().toString(36)}-${rnd()}${rnd()}`;
}

export const vaccinesApi = {
  catalogue: () => client.GET('/api/v1/vaccines/catalogue'),
  /** With a member: only the clinics serving the member's age (the BFF filters). */
  clinics: (vaccineCode?: string, memberId?: string) => client.GET('/api/v1/vaccines/clinics', { params: { query: { vaccineCode: vaccineCode || undefined, memberId: memberId || undefined } } }),
  sessions: (clinicId: string, vaccineCode: string, memberId?: string) =>
    client.GET('/api/v1/vaccines/clinics/{clinicId}/sessions', { params: { path: { clinicId }, query: { vaccineCode, memberId: memberId || undefined } } }),
  timeline: (memberId: string) => client.GET('/api/v1/vaccines/members/{memberId}/timeline', { params: { path: { memberId } } }),
  record: (memberId: string) => client.GET('/api/v1/vaccines/members/{memberId}/record', { params: { path: { memberId } } }),
  book: (body: CreateVaccineAppointmentRequest, idempotencyKey: string) => client.POST('/api/v1/vaccines/appointments', { params: { header: { 'Idempotency-Key': idempotencyKey } }, body }),
  appointments: (scope: 'active' | 'all' = 'all') => client.GET('/api/v1/vaccines/appointments', { params: { query: { scope } } }),
  appointment: (id: string) => client.GET('/api/v1/vaccines/appointments/{id}', { params: { path: { id } } }),
  cancel: (id: string) => client.POST('/api/v1/vaccines/appointments/{id}/cancel', { params: { path: { id } }, body: {} }),
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
  aefi: page('aefi'),
  alerts: page('alerts'),
} as const;
