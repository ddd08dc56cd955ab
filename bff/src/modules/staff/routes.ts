import { z } from 'zod';
import { IdParam, RoleGrantRequest, RoleHistory, RoleParam, RoleRevokeRequest, StaffDirectoryList, StaffUser, StaffUserList, StaffUserQuery } from '@healthpocket/shared-types';
import { route, type AnyRoute } from '../../http/route';
import type { Services } from '../../services';

const A = '/api/v1/admin';

/** 人员与角色 (admin page): every route needs roles.manage, which only admins hold. */
export function staffRoutes(s: Services): AnyRoute[] {
  const tags = ['admin'];
  const auth = 'roles.manage' as const;
  return [
    route({
      method: 'get',
      path: `${A}/users`,
      summary: 'Search users by part of a name, an exact openid or doctorId (names masked, no ID numbers); without q, the staff accounts',
      tags,
      auth,
      query: StaffUserQuery,
      response: StaffUserList,
      handler: async (r) => ({ items: await s.staff.search(r.query.q, r.query.role) }),
    }),
    route({ method: 'get', path: `${A}/users/:id`, summary: "A user's roles and doctor binding", tags, auth, params: IdParam, response: StaffUser, handler: (r) => s.staff.user(r.params.id) }),
    route({
      method: 'get',
      path: `${A}/users/:id/role-history`,
      summary: "A user's role grants and revocations from the audit log, newest first",
      tags,
      auth,
      params: IdParam,
      response: RoleHistory,
      handler: async (r) => ({ items: await s.staff.history(r.params.id) }),
    }),
    route({
      method: 'post',
      path: `${A}/users/:id/roles`,
      summary: 'Grant a role with a reason; a doctor needs an active doctorId of the platform staff directory',
      tags,
      auth,
      params: IdParam,
      body: RoleGrantRequest,
      response: StaffUser,
      handler: (r) => s.staff.grant(r, r.params.id, r.body),
    }),
    route({
      method: 'post',
      path: `${A}/users/:id/roles/:role/revoke`,
      summary: 'Revoke a role with a reason: it stops working on the next request (not your own admin role, not the last admin)',
      tags,
      auth,
      params: RoleParam,
      body: RoleRevokeRequest,
      response: StaffUser,
      handler: (r) => s.staff.revoke(r, r.params.id, r.params.role, r.body.reason),
    }),
    route({
      method: 'get',
      path: `${A}/staff-directory`,
      summary: "The platform's staff directory (卫生人员目录), to pick a doctor's doctorId from",
      tags,
      auth,
      query: z.object({ q: z.string().trim().max(32).optional() }),
      response: StaffDirectoryList,
      handler: async (r) => ({ items: await s.staff.directory.search(r.query.q) }),
    }),
  ];
}
