import type { PutRotaRequest } from '@healthpocket/shared-types';
import { client } from './client';

/** The workbench's team work (issue 13 §3, §6): the on-call rota, handover, team quick replies, search. */

export type QuickReplyDraft = { title: string; text: string };

export const teamApi = {
  teams: () => client.GET('/api/v1/workbench/teams'),
  rota: (teamId: string) => client.GET('/api/v1/workbench/rota', { params: { query: { teamId } } }),
  saveRota: (body: PutRotaRequest) => client.PUT('/api/v1/workbench/rota', { body }),
  assign: (conversationId: string, body: { staffId: string; note: string }) => client.POST('/api/v1/workbench/conversations/{id}/assign', { params: { path: { id: conversationId } }, body }),
  quickReplies: (teamId: string) => client.GET('/api/v1/workbench/quick-replies', { params: { query: { teamId } } }),
  addQuickReply: (teamId: string, body: QuickReplyDraft) => client.POST('/api/v1/workbench/quick-replies', { body: { teamId, ...body } }),
  updateQuickReply: (id: string, body: QuickReplyDraft) => client.PUT('/api/v1/workbench/quick-replies/{id}', { params: { path: { id } }, body }),
  deleteQuickReply: (id: string) => client.DELETE('/api/v1/workbench/quick-replies/{id}', { params: { path: { id } } }),
  search: (q: string) => client.GET('/api/v1/workbench/search', { params: { query: { q } } }),
};
