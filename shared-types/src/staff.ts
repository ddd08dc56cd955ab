import { z } from 'zod';
import { Role } from './common';

/** Roles an admin grants and revokes; everyone is a resident. */
export const StaffRole = z.enum(['doctor', 'operator', 'reviewer', 'admin']);
export type StaffRole = z.infer<typeof StaffRole>;

/** An entry of the platform's staff directory (卫生人员目录), as the admin page picks a doctor from it. */
export const StaffDirectoryEntry = z.object({
  id: z.string(),
  name: z.string(),
  role: z.string(),
  title: z.string(),
  hospitalName: z.string(),
  teamIds: z.array(z.string()),
  active: z.boolean(),
});
export type StaffDirectoryEntry = z.infer<typeof StaffDirectoryEntry>;
export const StaffDirectoryList = z.object({ items: z.array(StaffDirectoryEntry) });
export type StaffDirectoryList = z.infer<typeof StaffDirectoryList>;

/** A user as the admin sees them: no ID number, no phone; the name masked. */
export const StaffUser = z.object({
  id: z.string(),
  nameMasked: z.string().nullable(),
  openid: z.string(),
  roles: z.array(Role),
  doctorId: z.string().nullable(),
  /** The bound doctor's name from the staff directory (null when unknown or the directory is down). */
  doctorName: z.string().nullable(),
  realNameVerified: z.boolean(),
  createdAt: z.string(),
});
export type StaffUser = z.infer<typeof StaffUser>;
export const StaffUserList = z.object({ items: z.array(StaffUser) });
export type StaffUserList = z.infer<typeof StaffUserList>;

export const StaffUserQuery = z.object({
  /** Part of a name, an exact openid or an exact doctorId; empty lists the staff accounts. */
  q: z.string().trim().max(64).optional(),
  role: StaffRole.optional(),
});

const Reason = z.string().trim().min(2, '请填写原因（至少2个字）').max(200, '原因最多200个字');

export const RoleGrantRequest = z.object({
  role: StaffRole,
  reason: Reason,
  /** Required for the doctor role: the platform staff directory id (e.g. D-FD-001). */
  doctorId: z.string().trim().min(1).max(64).optional(),
});
export type RoleGrantRequest = z.infer<typeof RoleGrantRequest>;

export const RoleRevokeRequest = z.object({ reason: Reason });
export type RoleRevokeRequest = z.infer<typeof RoleRevokeRequest>;

export const RoleParam = z.object({ id: z.string().min(1).max(64), role: StaffRole });

export const RoleHistoryEntry = z.object({
  id: z.string(),
  action: z.enum(['grant', 'revoke']),
  role: StaffRole,
  doctorId: z.string().nullable(),
  reason: z.string(),
  /** Who did it: an admin (masked name) or 系统初始化 for the bootstrap command. */
  byUserId: z.string().nullable(),
  byName: z.string(),
  at: z.string(),
});
export type RoleHistoryEntry = z.infer<typeof RoleHistoryEntry>;
export const RoleHistory = z.object({ items: z.array(RoleHistoryEntry) });
export type RoleHistory = z.infer<typeof RoleHistory>;
