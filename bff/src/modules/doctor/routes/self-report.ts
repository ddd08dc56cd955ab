import { SelfReportPage, SelfReportRequest, SelfReportView } from '@healthpocket/shared-types';
import { z } from 'zod';
import { route, type AnyRoute } from '../../../http/route';
import type { Services } from '../../../services';

const MemberParam = z.object({ memberId: z.string().min(1).max(64) });

/** The resident's self-report before a 随访 (self-report-service.ts): the member policy, health scope. */
export function selfReportRoutes(s: Services): AnyRoute[] {
  const tags = ['doctor'];
  const sr = () => s.doctor.selfReports;
  return [
    route({
      method: 'get',
      member: { purpose: 'health' },
      path: '/api/v1/doctor/members/:memberId/self-report',
      summary: "A member's managed follow-ups, whether each can be self-reported now, the report sent, and the home readings of the last 14 days",
      tags,
      auth: 'user',
      params: MemberParam,
      response: SelfReportPage,
      handler: (r) => sr().page(r, r.params.memberId),
    }),
    route({
      method: 'put',
      member: { purpose: 'health' },
      path: '/api/v1/doctor/members/:memberId/self-report',
      summary: 'Send the self-report for the due follow-up of `kind` (sending again replaces it); the home readings of the last 14 days are attached',
      tags,
      auth: 'user',
      params: MemberParam,
      body: SelfReportRequest,
      response: SelfReportView,
      rateLimit: { name: 'self-report', points: 30, durationSeconds: 3600, by: 'user' },
      handler: (r) => sr().submit(r, r.params.memberId, r.body),
    }),
  ];
}
