import { DueList, DueQuery, FollowupForm, FollowupView, PanelPage, PanelQuery, PanelResidentDetail, RecordNumberParam } from '@healthpocket/shared-types';
import { route, type AnyRoute } from '../../../http/route';
import type { Services } from '../../../services';

/** The patient panel and 随访 (followup-service.ts): staff of the resident's team only. */
export function followupRoutes(s: Services): AnyRoute[] {
  const tags = ['workbench'];
  const f = () => s.doctor.followups;
  return [
    route({
      method: 'get',
      path: '/api/v1/workbench/panel',
      summary: "The team's contracted residents: search by name or record number, filters (all must hold), paged by `cursor`",
      tags,
      auth: 'chat.answer',
      query: PanelQuery,
      response: PanelPage,
      handler: (r) => f().panel(r, r.query),
    }),
    route({
      method: 'get',
      path: '/api/v1/workbench/panel/:recordNumber',
      summary: 'One contracted resident of my team with the follow-ups recorded in the workbench',
      tags,
      auth: 'chat.answer',
      params: RecordNumberParam,
      response: PanelResidentDetail,
      handler: (r) => f().resident(r, r.params.recordNumber),
    }),
    route({
      method: 'get',
      path: '/api/v1/workbench/followups/due',
      summary: 'Follow-ups overdue and due within 14 days, for my contracted residents or my whole team',
      tags,
      auth: 'chat.answer',
      query: DueQuery,
      response: DueList,
      handler: (r) => f().due(r, r.query.scope),
    }),
    route({
      method: 'post',
      path: '/api/v1/workbench/followups',
      summary: 'Record a 随访 on the national form; written back to the regional platform through the outbox',
      tags,
      auth: 'chat.answer',
      body: FollowupForm,
      response: FollowupView,
      status: 201,
      handler: (r) => f().record(r, r.body),
    }),
  ];
}
