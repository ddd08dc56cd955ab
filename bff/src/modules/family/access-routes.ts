import {
  ApproveAccessBody,
  FamilyAccessHistory,
  FamilyAccessRequestBody,
  FamilyAccessRequestView,
  IdParam,
  IncomingAccessRequest,
  IncomingAccessRequestList,
  InviteCodeParam,
} from '@healthpocket/shared-types';
import { route, type AnyRoute } from '../../http/route';
import type { Services } from '../../services';

/** 家人授权: ask an adult family member for scopes; the adult approves (all or some), declines or revokes. */
export function familyAccessRoutes(s: Services): AnyRoute[] {
  const tags = ['family'];
  const decide = (decision: 'decline' | 'revoke', summary: string) =>
    route({
      method: 'post',
      path: `/api/v1/me/access-requests/:id/${decision}`,
      summary,
      tags,
      auth: 'user',
      params: IdParam,
      response: IncomingAccessRequest,
      handler: (r) => s.familyAccess.decide(r, r.params.id, decision),
    });
  return [
    route({
      method: 'post',
      path: '/api/v1/family/members/:id/access-requests',
      summary:
        'Ask an adult member for 家人授权 (scopes proxy = 代办挂号与缴费, health = 查看健康信息; both by default); an open request is returned as it is. The answer carries the invite code for the share card.',
      tags,
      auth: 'user',
      member: { purpose: 'manage', key: 'id' },
      params: IdParam,
      body: FamilyAccessRequestBody,
      response: FamilyAccessRequestView,
      status: 201,
      rateLimit: { name: 'family-access-request', points: 20, durationSeconds: 3600, by: 'user' },
      handler: (r) => s.familyAccess.request(r, r.params.id, r.body.scopes),
    }),
    route({
      method: 'get',
      path: '/api/v1/family/members/:id/access-requests/latest',
      summary: 'Where my latest authorization request for this member stands (status none before any)',
      tags,
      auth: 'user',
      member: { purpose: 'manage', key: 'id' },
      params: IdParam,
      response: FamilyAccessRequestView,
      handler: (r) => s.familyAccess.statusFor(r, r.params.id),
    }),
    route({
      method: 'get',
      path: '/api/v1/family/members/:id/access-requests',
      summary: 'Every authorization request I made for this member, newest first',
      tags,
      auth: 'user',
      member: { purpose: 'manage', key: 'id' },
      params: IdParam,
      response: FamilyAccessHistory,
      handler: (r) => s.familyAccess.history(r, r.params.id),
    }),
    route({
      method: 'get',
      path: '/api/v1/me/access-requests',
      summary: '家人授权: requests addressed to me, newest first, with the number pending',
      tags,
      auth: 'user',
      response: IncomingAccessRequestList,
      handler: (r) => s.familyAccess.incoming(r),
    }),
    route({
      method: 'get',
      path: '/api/v1/me/access-invites/:code',
      summary: 'The request a share card points to, for the invited adult only (after login and verification)',
      tags,
      auth: 'user',
      params: InviteCodeParam,
      response: IncomingAccessRequest,
      rateLimit: { name: 'access-invite', points: 30, durationSeconds: 600, by: 'user' },
      handler: (r) => s.familyAccess.byInvite(r, r.params.code),
    }),
    route({
      method: 'post',
      path: '/api/v1/me/access-requests/:id/approve',
      summary: 'Approve a pending request, for all the scopes asked for or some of them',
      tags,
      auth: 'user',
      params: IdParam,
      body: ApproveAccessBody,
      response: IncomingAccessRequest,
      handler: (r) => s.familyAccess.decide(r, r.params.id, 'approve', r.body.scopes),
    }),
    decide('decline', 'Decline a pending request'),
    decide('revoke', 'Withdraw an approval given earlier'),
  ];
}
