import { z } from 'zod';
import { AlertList, ApplicationList, ApplicationView, DecideRequest, DoctorSettingsView, IdParam, Inbox, InboxQuery, WorkbenchConversation } from '@healthpocket/shared-types';
import { route, type AnyRoute } from '../../../http/route';
import type { Services } from '../../../services';
import { alertRoutes } from './alerts';

export function workbenchRoutes(s: Services): AnyRoute[] {
  const tags = ['workbench'];
  return [
    route({
      method: 'get',
      path: '/api/v1/workbench/inbox',
      summary: "The team's conversations: open alerts first, then longest waiting, then most recent; paged by `cursor` (nextCursor)",
      tags,
      auth: 'chat.answer',
      query: InboxQuery,
      response: Inbox,
      handler: (r) => s.doctor.workbench.inbox(r, r.query),
    }),
    route({
      method: 'get',
      path: '/api/v1/workbench/conversations/:id',
      summary: "A conversation with the resident's record summary, readings and alerts beside it",
      tags,
      auth: 'chat.answer',
      params: IdParam,
      response: WorkbenchConversation,
      handler: (r) => s.doctor.workbench.conversation(r, r.params.id, (scope, ref) => s.records.summaryFor(scope, ref)),
    }),
    route({
      method: 'post',
      path: '/api/v1/workbench/conversations/:id/resolve',
      summary: 'Mark a conversation resolved (a new resident message reopens it)',
      tags,
      auth: 'chat.answer',
      params: IdParam,
      handler: (r) => s.doctor.chat.resolve(r, r.params.id),
    }),
    route({
      method: 'get',
      path: '/api/v1/workbench/alerts',
      summary: "Urgent readings of the team's residents",
      tags,
      auth: 'alerts.handle',
      query: z.object({ status: z.enum(['open', 'all']).default('open') }),
      response: AlertList,
      handler: (r) => s.doctor.readings.alerts(r, r.query.status),
    }),
    ...alertRoutes(s),
    route({
      method: 'get',
      path: '/api/v1/workbench/contract-applications',
      summary: "Pending contract applications to the doctor's teams",
      tags,
      auth: 'contracts.review',
      response: ApplicationList,
      handler: (r) => s.doctor.contracts.pending(r),
    }),
    route({
      method: 'post',
      path: '/api/v1/workbench/contract-applications/:id/approve',
      summary: 'Approve: the platform signs the contract; the applicant is told',
      tags,
      auth: 'contracts.review',
      params: IdParam,
      response: ApplicationView,
      handler: (r) => s.doctor.contracts.decide(r, r.params.id, 'approve'),
    }),
    route({
      method: 'post',
      path: '/api/v1/workbench/contract-applications/:id/decline',
      summary: 'Decline with a reason the applicant sees',
      tags,
      auth: 'contracts.review',
      params: IdParam,
      body: DecideRequest,
      response: ApplicationView,
      handler: (r) => s.doctor.contracts.decide(r, r.params.id, 'decline', r.body.reason),
    }),
    route({
      method: 'get',
      path: '/api/v1/workbench/settings',
      summary: 'Working hours, automatic reply and quick replies',
      tags,
      auth: 'workbench.settings',
      response: DoctorSettingsView,
      handler: (r) => s.doctor.workbench.getSettings(r),
    }),
    route({
      method: 'put',
      path: '/api/v1/workbench/settings',
      summary: 'Save working hours, automatic reply and quick replies',
      tags,
      auth: 'workbench.settings',
      body: DoctorSettingsView,
      response: DoctorSettingsView,
      handler: (r) => s.doctor.workbench.putSettings(r, r.body),
    }),
  ];
}
