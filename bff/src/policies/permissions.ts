import type { Role } from '@healthpocket/shared-types';
import type { Actor } from '../auth/tokens';

/**
 * What each staff role may do: the one table. A route that is neither public nor for any signed-in
 * user declares the permission it needs (`auth: 'roles.manage'`); route() refuses everyone whose
 * roles do not grant it with 403 FORBIDDEN. Roles are read per request (auth/principals.ts), so a
 * revoked role stops granting its permissions on the next request.
 */
export const PERMISSIONS = {
  /** 医生工作台: the team's conversations (inbox, a conversation, resolve). */
  'chat.answer': '回复居民咨询',
  /** Home-reading alerts of the team's residents. */
  'alerts.handle': '处理居民健康预警',
  /** 签约申请: list, approve, decline for the doctor's teams. */
  'contracts.review': '审核签约申请',
  /** The doctor's own workbench settings (auto-reply, hours). */
  'workbench.settings': '设置工作台',
  /** 健康教育: list, write, preview, upload images, see an article's numbers. */
  'content.write': '编写健康资讯',
  'content.publish': '发布和下线健康资讯',
  /** 医学审核: approve or send back a submitted version (never one's own). */
  'content.review': '医学审核健康资讯',
  /** Segments and campaigns (subscribe-message pushes). */
  'campaign.send': '推送健康资讯',
  /** Refunds of WeChat Pay orders and HIS bills: money leaves the hospital. */
  'payments.refund': '办理退款',
  /** Staff accounts: search users, grant and revoke roles, read the role history. */
  'roles.manage': '管理人员角色',
  /** 安全审计: search the audit trail and check its hash chain. */
  'audit.read': '查阅安全审计日志',
} as const;

export type Permission = keyof typeof PERMISSIONS;

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  resident: [],
  doctor: ['chat.answer', 'alerts.handle', 'contracts.review', 'workbench.settings'],
  operator: ['content.write', 'content.publish', 'campaign.send'],
  // Reviewers read what they review (content.write's list and preview) but do not publish or push.
  reviewer: ['content.write', 'content.review'],
  // No workbench: that needs a doctor bound to a platform staff id (grant the doctor role for it).
  admin: ['content.write', 'content.publish', 'content.review', 'campaign.send', 'payments.refund', 'roles.manage', 'audit.read'],
};

export function isPermission(x: unknown): x is Permission {
  return typeof x === 'string' && Object.prototype.hasOwnProperty.call(PERMISSIONS, x);
}

export function permissionsOf(roles: readonly Role[]): Set<Permission> {
  return new Set(roles.flatMap((r) => ROLE_PERMISSIONS[r] ?? []));
}

export function can(actor: Pick<Actor, 'roles'>, permission: Permission): boolean {
  return actor.roles.some((r) => (ROLE_PERMISSIONS[r] ?? []).includes(permission));
}

/** The roles that hold a permission (documented on each operation of the OpenAPI document). */
export function rolesWith(permission: Permission): Role[] {
  return (Object.keys(ROLE_PERMISSIONS) as Role[]).filter((r) => ROLE_PERMISSIONS[r].includes(permission));
}
