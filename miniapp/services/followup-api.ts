import type { PanelFilter } from '@healthpocket/shared-types';
import { client, type ApiBody } from './client';

/** A 随访 as the BFF takes it (symptoms only from the form's own options). */
export type FollowupFormBody = ApiBody<'/api/v1/workbench/followups', 'post'>;

/** The workbench's patient panel and 随访 (bff followup routes). */
export const followupApi = {
  panel: (q: { q?: string; filters?: PanelFilter[]; cursor?: string | null }) =>
    client.GET('/api/v1/workbench/panel', { params: { query: { q: q.q || undefined, filters: q.filters?.length ? q.filters.join(',') : undefined, cursor: q.cursor || undefined } } }),
  resident: (recordNumber: string) => client.GET('/api/v1/workbench/panel/{recordNumber}', { params: { path: { recordNumber } } }),
  due: (scope: 'mine' | 'team') => client.GET('/api/v1/workbench/followups/due', { params: { query: { scope } } }),
  record: (form: FollowupFormBody) => client.POST('/api/v1/workbench/followups', { body: form }),
};
