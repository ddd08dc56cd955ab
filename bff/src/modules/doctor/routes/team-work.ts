import { z } from 'zod';
import {
  AssignRequest,
  ChatSearchQuery,
  ChatSearchResult,
  CreateQuickReplyRequest,
  EntityId,
  HandoverView,
  IdParam,
  MyTeams,
  QuickReplyBody,
  TeamQuery,
  TeamQuickReplyList,
  TeamQuickReplyView,
  WorkloadQuery,
  WorkloadView,
} from '@healthpocket/shared-types';
import { route, type AnyRoute } from '../../../http/route';
import type { Services } from '../../../services';

/** Team work: handing a conversation over, the team's quick replies, search across its conversations. */
export function teamWorkRoutes(s: Services): AnyRoute[] {
  const tags = ['workbench'];
  const t = () => s.doctor.teamWork;
  return [
    route({
      method: 'get',
      path: '/api/v1/workbench/teams',
      summary: "The caller's teams and their members (handover and rota pick from them)",
      tags,
      auth: 'chat.answer',
      response: MyTeams,
      handler: (r) => t().myTeams(r),
    }),
    route({
      method: 'post',
      path: '/api/v1/workbench/conversations/:id/assign',
      summary: 'Hand the conversation to a team member (the nurse …) with a note the team sees in it',
      tags,
      auth: 'chat.answer',
      params: IdParam,
      body: AssignRequest,
      response: z.object({ assignedTo: z.object({ staffId: z.string(), name: z.string() }), handover: HandoverView }),
      handler: (r) => t().assign(r, r.params.id, r.body),
    }),
    route({
      method: 'get',
      path: '/api/v1/workbench/quick-replies',
      summary: "The team's shared quick replies and the variables they may use",
      tags,
      auth: 'chat.answer',
      query: TeamQuery,
      response: TeamQuickReplyList,
      handler: (r) => t().quickReplies(r, r.query.teamId),
    }),
    route({
      method: 'post',
      path: '/api/v1/workbench/quick-replies',
      summary: 'Add a quick reply for the whole team',
      tags,
      auth: 'chat.answer',
      body: CreateQuickReplyRequest,
      response: TeamQuickReplyView,
      status: 201,
      handler: (r) => t().createQuickReply(r, r.body),
    }),
    route({
      method: 'put',
      path: '/api/v1/workbench/quick-replies/:id',
      summary: "Change one of the team's quick replies",
      tags,
      auth: 'chat.answer',
      params: z.object({ id: EntityId }),
      body: QuickReplyBody,
      response: TeamQuickReplyView,
      handler: (r) => t().updateQuickReply(r, r.params.id, r.body),
    }),
    route({
      method: 'delete',
      path: '/api/v1/workbench/quick-replies/:id',
      summary: "Remove one of the team's quick replies",
      tags,
      auth: 'chat.answer',
      params: IdParam,
      handler: (r) => t().deleteQuickReply(r, r.params.id),
    }),
    route({
      method: 'get',
      path: '/api/v1/workbench/search',
      summary: "Search the text of the team's conversations (a keyed token index: the text stays encrypted at rest)",
      tags,
      auth: 'chat.answer',
      query: ChatSearchQuery,
      response: ChatSearchResult,
      handler: (r) => t().searchChats(r, r.query.q, r.query.teamId),
    }),
    route({
      method: 'get',
      path: '/api/v1/workbench/workload',
      summary: 'Workload figures (考核): first-response time, consultations a day, follow-up completion, alert acknowledgement time, per team and staff member',
      tags,
      auth: 'chat.answer',
      query: WorkloadQuery,
      response: WorkloadView,
      handler: (r) => s.doctor.workload.figures(r, r.query),
    }),
  ];
}
