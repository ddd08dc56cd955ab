import type { DueList, FollowupForm, FollowupView, PanelFilter, PanelPage, PanelResidentDetail } from '@healthpocket/shared-types';
import { http } from './api';

const enc = encodeURIComponent;

/** The workbench's patient panel and 随访 (bff followup routes). */
export const followupApi = {
  panel: (q: { q?: string; filters?: PanelFilter[]; cursor?: string | null }) => {
    const qs = [q.q ? `q=${enc(q.q)}` : '', q.filters?.length ? `filters=${enc(q.filters.join(','))}` : '', q.cursor ? `cursor=${enc(q.cursor)}` : ''].filter(Boolean).join('&');
    return http.get<PanelPage>(`/api/v1/workbench/panel${qs ? `?${qs}` : ''}`);
  },
  resident: (recordNumber: string) => http.get<PanelResidentDetail>(`/api/v1/workbench/panel/${enc(recordNumber)}`),
  due: (scope: 'mine' | 'team') => http.get<DueList>(`/api/v1/workbench/followups/due?scope=${scope}`),
  record: (form: FollowupForm) => http.post<FollowupView>('/api/v1/workbench/followups', form),
};
