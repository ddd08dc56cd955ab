import { CreateMemberRequest, IdParam, MemberList, MemberView, UpdateMemberRequest } from '@healthpocket/shared-types';
import { route, type AnyRoute } from '../../http/route';
import type { Services } from '../../services';
import { MEMBER_ID_ENTRY_LIMIT } from './limits';

export function familyRoutes(s: Services): AnyRoute[] {
  return [
    route({
      method: 'get',
      path: '/api/v1/family/members',
      summary: 'Family members (就诊人), self first',
      tags: ['family'],
      auth: 'user',
      response: MemberList,
      handler: (r) => s.family.list(r),
    }),
    route({
      method: 'post',
      path: '/api/v1/family/members',
      summary: 'Add a member by ID number, or a child by name + birth date + sex',
      tags: ['family'],
      auth: 'user',
      body: CreateMemberRequest,
      response: MemberView,
      status: 201,
      rateLimit: MEMBER_ID_ENTRY_LIMIT,
      errors: ['ID_NUMBER_INVALID', 'MEMBER_DUPLICATE', 'FAMILY_LIMIT_REACHED', 'GUARDIAN_CONSENT_REQUIRED', 'REAL_NAME_REQUIRED'],
      handler: (r) => s.family.create(r, r.body),
    }),
    route({
      method: 'patch',
      member: { purpose: 'manage', key: 'id' },
      path: '/api/v1/family/members/:id',
      summary: 'Edit relation or phone, or add the ID number of a child',
      tags: ['family'],
      auth: 'user',
      params: IdParam,
      body: UpdateMemberRequest,
      response: MemberView,
      handler: async (r) => {
        // The same budget as adding: an ID number entered here is entered all the same.
        if (r.body.idNumber) await s.rateLimit(MEMBER_ID_ENTRY_LIMIT, `u:${r.actor.userId}`);
        return s.family.update(r, r.params.id, r.body);
      },
    }),
    route({
      method: 'delete',
      member: { purpose: 'manage', key: 'id' },
      path: '/api/v1/family/members/:id',
      summary: 'Remove a member',
      tags: ['family'],
      auth: 'user',
      params: IdParam,
      handler: (r) => s.family.remove(r, r.params.id),
    }),
  ];
}
