import { FamilyAccessRequestView, IdParam, IncomingAccessRequest, IncomingAccessRequestList } from '@healthpocket/shared-types';
import { route, type AnyRoute } from '../../http/route';
import type { Services } from '../../services';

/** 家人授权: ask an adult family member for their record; the adult approves, declines or revokes. */
export function familyAccessRoutes(s: Services): AnyRoute[] {
  const tags = ['family'];
  const decide = (decision: 'approve' | 'decline' | 'revoke', summary: string) =>
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
      summary: 'Ask an adult member (a real-named user with the same ID number) to let me read their health record; an open request is returned as it is',
      tags,
      auth: 'user',
      params: IdParam,
      response: FamilyAccessRequestView,
      status: 201,
      handler: (r) => s.familyAccess.request(r, r.params.id),
    }),
    route({
      method: 'get',
      path: '/api/v1/family/members/:id/access-requests/latest',
      summary: 'Where my latest authorization request for this member stands (status none before any)',
      tags,
      auth: 'user',
      params: IdParam,
      response: FamilyAccessRequestView,
      handler: (r) => s.familyAccess.statusFor(r, r.params.id),
    }),
    route({ method: 'get', path: '/api/v1/me/access-requests', summary: '家人授权: requests addressed to me, newest first (requester name masked)', tags, auth: 'user', response: IncomingAccessRequestList, handler: (r) => s.familyAccess.incoming(r) }),
    decide('approve', 'Approve a pending request: the requester may read my health record'),
    decide('decline', 'Decline a pending request'),
    decide('revoke', 'Withdraw an approval given earlier'),
  ];
}
