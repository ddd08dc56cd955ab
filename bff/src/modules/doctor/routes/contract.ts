import { z } from 'zod';
import { AgreementView, ApplicationView, EntityId, ApplyRequest, MyContract, RenewRequest, TeamList } from '@healthpocket/shared-types';
import { route, type AnyRoute } from '../../../http/route';
import type { Services } from '../../../services';

const MemberParam = z.object({ memberId: EntityId });

export function contractRoutes(s: Services): AnyRoute[] {
  const tags = ['doctor'];
  return [
    route({
      method: 'get',
      path: '/api/v1/doctor/contracts',
      summary: 'Each family member with their family-doctor contract or latest application',
      tags,
      auth: 'user',
      response: z.object({ items: z.array(MyContract) }),
      handler: (r) => s.doctor.contracts.overview(r),
    }),
    route({
      method: 'get',
      member: { purpose: 'health' },
      path: '/api/v1/doctor/contracts/:memberId',
      summary: "A member's contract (platform) or pending/declined application",
      tags,
      auth: 'user',
      params: MemberParam,
      response: MyContract,
      handler: (r) => s.doctor.contracts.forMember(r, r.params.memberId),
    }),
    route({
      method: 'get',
      member: { purpose: 'health' },
      path: '/api/v1/doctor/teams',
      summary: "Family-doctor teams, those serving the member's community first",
      tags,
      auth: 'user',
      query: MemberParam.partial(),
      response: TeamList,
      handler: (r) => s.doctor.contracts.teams(r, r.query.memberId),
    }),
    route({
      method: 'post',
      member: { purpose: 'health' },
      path: '/api/v1/doctor/contract-applications',
      summary: 'Apply to sign with a team (the team approves or declines in the workbench)',
      tags,
      auth: 'user',
      body: ApplyRequest,
      response: ApplicationView,
      status: 201,
      rateLimit: { name: 'contract-apply', points: 10, durationSeconds: 3600, by: 'user' },
      handler: (r) => s.doctor.contracts.apply(r, r.body),
    }),
    route({
      method: 'get',
      path: '/api/v1/doctor/agreement',
      summary: 'The 签约服务协议书 in force (versioned): shown in full before signing',
      tags,
      auth: 'user',
      response: AgreementView,
      handler: async () => s.doctor.contracts.agreement(),
    }),
    route({
      method: 'post',
      member: { purpose: 'health' },
      path: '/api/v1/doctor/contracts/:memberId/renewal',
      summary: '续约: apply to renew the contract with the same team (last 30 days of the year; a new agreement version is signed again)',
      tags,
      auth: 'user',
      params: MemberParam,
      body: RenewRequest,
      response: ApplicationView,
      status: 201,
      rateLimit: { name: 'contract-renew', points: 10, durationSeconds: 3600, by: 'user' },
      handler: (r) => s.doctor.contracts.renew(r, r.params.memberId, r.body),
    }),
  ];
}
