import type { AuditChainStatus, AuditPage, RoleHistory, StaffDirectoryList, StaffRole, StaffUser, StaffUserList } from '@healthpocket/shared-types';
import { http } from '../services/api';

const A = '/api/v1/admin';
const enc = encodeURIComponent;

export const ROLE_LABELS: Record<string, string> = { resident: '居民', doctor: '医生', operator: '运营', reviewer: '医学审核', admin: '管理员' };
export const STAFF_ROLES: StaffRole[] = ['doctor', 'operator', 'reviewer', 'admin'];

/** The admin's endpoints (permission roles.manage). */
export const adminApi = {
  users: (q: string, role?: StaffRole) => {
    const qs = [q ? `q=${enc(q)}` : '', role ? `role=${role}` : ''].filter(Boolean).join('&');
    return http.get<StaffUserList>(`${A}/users${qs ? `?${qs}` : ''}`);
  },
  user: (id: string) => http.get<StaffUser>(`${A}/users/${enc(id)}`),
  history: (id: string) => http.get<RoleHistory>(`${A}/users/${enc(id)}/role-history`),
  grant: (id: string, body: { role: StaffRole; reason: string; doctorId?: string }) => http.post<StaffUser>(`${A}/users/${enc(id)}/roles`, body),
  revoke: (id: string, role: StaffRole, reason: string) => http.post<StaffUser>(`${A}/users/${enc(id)}/roles/${role}/revoke`, { reason }),
  directory: (q: string) => http.get<StaffDirectoryList>(`${A}/staff-directory${q ? `?q=${enc(q)}` : ''}`),
  /** 安全审计 (permission audit.read): filters left empty are not sent. */
  audit: (filters: AuditFilters, cursor?: string) => {
    const qs = Object.entries({ ...filters, cursor })
      .filter(([, v]) => v)
      .map(([k, v]) => `${k}=${enc(String(v))}`)
      .join('&');
    return http.get<AuditPage>(`${A}/audit${qs ? `?${qs}` : ''}`);
  },
  auditChain: () => http.get<AuditChainStatus>(`${A}/audit/chain`),
};

export interface AuditFilters {
  actor?: string;
  subject?: string;
  action?: string;
  from?: string;
  to?: string;
}

/** "2026-11-22T09:05:00.000+08:00" → "2026-11-22 09:05" (already China time). */
export const shortTime = (iso: string) => iso.slice(0, 16).replace('T', ' ');
