import type {
  RecordAuditEntry,
  RecordBpTrend,
  RecordCheckup,
  RecordFollowup,
  RecordGlucoseTrend,
  RecordOverview,
  RecordReport,
  RecordReportSummary,
  RecordVisit,
} from '@healthpocket/shared-types';
import { http } from '../services/api';

/** The records subpackage's endpoints (BFF /api/v1/records/:ref/…; ref = a family member id). */
interface Fresh {
  stale: boolean;
  fetchedAt: string;
}
export type Immunization = { vaccineCode: string; vaccineName: string; dose: number; date: string; site: string; institution: string; batchNo: string };

const base = (member: string) => `/api/v1/records/${encodeURIComponent(member)}`;

export const recordsApi = {
  overview: (member: string) => http.get<RecordOverview>(base(member)),
  followups: (member: string, kind?: 'hypertension' | 'diabetes') =>
    http.get<{ items: RecordFollowup[] } & Fresh>(`${base(member)}/followups${kind ? `?kind=${kind}` : ''}`),
  followup: (member: string, id: string) => http.get<RecordFollowup & Fresh>(`${base(member)}/followups/${encodeURIComponent(id)}`),
  checkups: (member: string) => http.get<{ items: RecordCheckup[] } & Fresh>(`${base(member)}/checkups`),
  checkup: (member: string, id: string) => http.get<RecordCheckup & Fresh>(`${base(member)}/checkups/${encodeURIComponent(id)}`),
  visits: (member: string) => http.get<{ items: RecordVisit[] } & Fresh>(`${base(member)}/visits`),
  visit: (member: string, id: string) => http.get<RecordVisit & Fresh>(`${base(member)}/visits/${encodeURIComponent(id)}`),
  reports: (member: string) => http.get<{ items: RecordReportSummary[] } & Fresh>(`${base(member)}/reports`),
  report: (member: string, id: string) => http.get<RecordReport>(`${base(member)}/reports/${encodeURIComponent(id)}`),
  immunizations: (member: string) => http.get<{ items: Immunization[]; certNo: string | null } & Fresh>(`${base(member)}/immunizations`),
  bpTrend: (member: string, months = 36) => http.get<RecordBpTrend>(`${base(member)}/trend?metric=bp&months=${months}`),
  glucoseTrend: (member: string, months = 36) => http.get<RecordGlucoseTrend>(`${base(member)}/trend?metric=glucose&months=${months}`),
  reveal: (member: string, field: 'idNumber' | 'phone' | 'address') =>
    http.post<{ field: string; value: string | null }>(`${base(member)}/reveal`, { field }),
  audit: (member: string, cursor?: string) =>
    http.get<{ items: RecordAuditEntry[]; nextCursor: string | null }>(`${base(member)}/audit${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`),
};
