import type { StaffRole } from '@healthpocket/shared-types';
import { client, type ApiQuery } from '../services/client';

export const ROLE_LABELS: Record<string, string> = { resident: '居民', doctor: '医生', operator: '运营', reviewer: '医学审核', admin: '管理员' };
export const STAFF_ROLES: StaffRole[] = ['doctor', 'operator', 'reviewer', 'admin'];

/** The admin's endpoints (permission roles.manage). */
export const adminApi = {
  users: (q: string, role?: StaffRole) => client.GET('/api/v1/admin/users', { params: { query: { q: q || undefined, role: role || undefined } } }),
  user: (id: string) => client.GET('/api/v1/admin/users/{id}', { params: { path: { id } } }),
  history: (id: string) => client.GET('/api/v1/admin/users/{id}/role-history', { params: { path: { id } } }),
  grant: (id: string, body: { role: StaffRole; reason: string; doctorId?: string }) => client.POST('/api/v1/admin/users/{id}/roles', { params: { path: { id } }, body }),
  revoke: (id: string, role: StaffRole, reason: string) => client.POST('/api/v1/admin/users/{id}/roles/{role}/revoke', { params: { path: { id, role } }, body: { reason } }),
  directory: (q: string) => client.GET('/api/v1/admin/staff-directory', { params: { query: { q: q || undefined } } }),
  /** 安全审计 (permission audit.read): filters left empty are not sent. */
  audit: (filters: AuditFilters, cursor?: string) =>
    client.GET('/api/v1/admin/audit', { params: { query: Object.fromEntries(Object.entries({ ...filters, cursor }).filter(([, v]) => v)) as ApiQuery<'/api/v1/admin/audit'> } }),
  auditChain: () => client.GET('/api/v1/admin/audit/chain'),
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
