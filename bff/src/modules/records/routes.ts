import {
  RecordAuditList,
  RecordAuditQuery,
  RecordCheckupDetail,
  RecordCheckupList,
  RecordFollowupDetail,
  RecordFollowupList,
  RecordFollowupQuery,
  RecordImmunizationList,
  RecordItemParam,
  RecordOverview,
  RecordRefParam,
  RecordReport,
  RecordReportList,
  RecordRevealRequest,
  RecordRevealResponse,
  RecordSummary,
  RecordTrend,
  RecordTrendQuery,
  RecordVisitDetail,
  RecordVisitList,
} from '@healthpocket/shared-types';
import { route, type AnyRoute } from '../../http/route';
import type { Services } from '../../services';

const ref = 'A family member id (residents: self or a member they act for), or a 17-digit record number (family doctors of the contracted team).';

/** 电子健康档案: every read is policy-checked and audited; platform answers say whether they are stale. */
export function recordsRoutes(s: Services): AnyRoute[] {
  const tags = ['records'];
  return [
    route({ method: 'get', path: '/api/v1/records/:ref', summary: `Record home: basic info (masked), contract, latest BP/glucose, section counts. ${ref}`, tags, auth: 'user', params: RecordRefParam, response: RecordOverview, handler: (r) => s.records.overview(r, r.params.ref) }),
    route({ method: 'get', path: '/api/v1/records/:ref/summary', summary: 'Basic info, conditions and latest BP/glucose (beside a family-doctor chat)', tags, auth: 'user', params: RecordRefParam, response: RecordSummary, handler: (r) => s.records.summaryFor(r, r.params.ref) }),
    route({ method: 'get', path: '/api/v1/records/:ref/followups', summary: 'Hypertension and type 2 diabetes follow-ups, newest first', tags, auth: 'user', params: RecordRefParam, query: RecordFollowupQuery, response: RecordFollowupList, handler: (r) => s.records.followups(r, r.params.ref, r.query.kind) }),
    route({ method: 'get', path: '/api/v1/records/:ref/followups/:id', summary: 'One follow-up', tags, auth: 'user', params: RecordItemParam, response: RecordFollowupDetail, handler: (r) => s.records.followup(r, r.params.ref, r.params.id) }),
    route({ method: 'get', path: '/api/v1/records/:ref/checkups', summary: 'Yearly check-ups (健康体检表), newest first', tags, auth: 'user', params: RecordRefParam, response: RecordCheckupList, handler: (r) => s.records.checkups(r, r.params.ref) }),
    route({ method: 'get', path: '/api/v1/records/:ref/checkups/:id', summary: 'One check-up', tags, auth: 'user', params: RecordItemParam, response: RecordCheckupDetail, handler: (r) => s.records.checkup(r, r.params.ref, r.params.id) }),
    route({ method: 'get', path: '/api/v1/records/:ref/visits', summary: 'Visit records (SOAP), referrals and consultations', tags, auth: 'user', params: RecordRefParam, response: RecordVisitList, handler: (r) => s.records.visits(r, r.params.ref) }),
    route({ method: 'get', path: '/api/v1/records/:ref/visits/:id', summary: 'One visit record', tags, auth: 'user', params: RecordItemParam, response: RecordVisitDetail, handler: (r) => s.records.visit(r, r.params.ref, r.params.id) }),
    route({ method: 'get', path: '/api/v1/records/:ref/reports', summary: 'Lab and imaging reports with abnormal counts', tags, auth: 'user', params: RecordRefParam, response: RecordReportList, handler: (r) => s.records.reports(r, r.params.ref) }),
    route({ method: 'get', path: '/api/v1/records/:ref/reports/:id', summary: 'One report with reference ranges and abnormal flags', tags, auth: 'user', params: RecordItemParam, response: RecordReport, handler: (r) => s.records.report(r, r.params.ref, r.params.id) }),
    route({ method: 'get', path: '/api/v1/records/:ref/immunizations', summary: 'Immunization history (children)', tags, auth: 'user', params: RecordRefParam, response: RecordImmunizationList, handler: (r) => s.records.immunizations(r, r.params.ref) }),
    route({ method: 'get', path: '/api/v1/records/:ref/trend', summary: 'BP or glucose trend: clinic and home readings with the uncontrolled and urgent thresholds', tags, auth: 'user', params: RecordRefParam, query: RecordTrendQuery, response: RecordTrend, handler: (r) => s.records.trend(r, r.params.ref, r.query.metric, r.query.months) }),
    route({
      method: 'post',
      path: '/api/v1/records/:ref/reveal',
      summary: 'The full ID number, phone or address (masked elsewhere); audited on its own',
      tags,
      auth: 'user',
      params: RecordRefParam,
      body: RecordRevealRequest,
      response: RecordRevealResponse,
      rateLimit: { name: 'records-reveal', points: 20, durationSeconds: 600, by: 'user' },
      handler: (r) => s.records.reveal(r, r.params.ref, r.body.field),
    }),
    route({ method: 'get', path: '/api/v1/records/:ref/audit', summary: '谁查看了我的档案: reads of the own record (or a child’s), newest first', tags, auth: 'user', params: RecordRefParam, query: RecordAuditQuery, response: RecordAuditList, handler: (r) => s.records.auditTrail(r, r.params.ref, r.query) }),
  ];
}
