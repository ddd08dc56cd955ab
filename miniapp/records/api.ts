import type { RecordBpTrend, RecordGlucoseTrend } from '@healthpocket/shared-types';
import { client } from '../services/client';

/** The records subpackage's endpoints (BFF /api/v1/records/:ref/…; ref = a family member id). */
const ref = (member: string) => ({ ref: member });

export const recordsApi = {
  overview: (member: string) => client.GET('/api/v1/records/{ref}', { params: { path: ref(member) } }),
  followups: (member: string, kind?: 'hypertension' | 'diabetes') => client.GET('/api/v1/records/{ref}/followups', { params: { path: ref(member), query: { kind: kind || undefined } } }),
  followup: (member: string, id: string) => client.GET('/api/v1/records/{ref}/followups/{id}', { params: { path: { ...ref(member), id } } }),
  checkups: (member: string) => client.GET('/api/v1/records/{ref}/checkups', { params: { path: ref(member) } }),
  checkup: (member: string, id: string) => client.GET('/api/v1/records/{ref}/checkups/{id}', { params: { path: { ...ref(member), id } } }),
  visits: (member: string) => client.GET('/api/v1/records/{ref}/visits', { params: { path: ref(member) } }),
  visit: (member: string, id: string) => client.GET('/api/v1/records/{ref}/visits/{id}', { params: { path: { ...ref(member), id } } }),
  reports: (member: string) => client.GET('/api/v1/records/{ref}/reports', { params: { path: ref(member) } }),
  report: (member: string, id: string) => client.GET('/api/v1/records/{ref}/reports/{id}', { params: { path: { ...ref(member), id } } }),
  immunizations: (member: string) => client.GET('/api/v1/records/{ref}/immunizations', { params: { path: ref(member) } }),
  bpTrend: (member: string, months = 36) => client.GET('/api/v1/records/{ref}/trend', { params: { path: ref(member), query: { metric: 'bp', months } } }) as Promise<RecordBpTrend>,
  glucoseTrend: (member: string, months = 36) => client.GET('/api/v1/records/{ref}/trend', { params: { path: ref(member), query: { metric: 'glucose', months } } }) as Promise<RecordGlucoseTrend>,
  reveal: (member: string, field: 'idNumber' | 'phone' | 'address') => client.POST('/api/v1/records/{ref}/reveal', { params: { path: ref(member) }, body: { field } }),
  audit: (member: string, cursor?: string) => client.GET('/api/v1/records/{ref}/audit', { params: { path: ref(member), query: { cursor: cursor || undefined } } }),
};
