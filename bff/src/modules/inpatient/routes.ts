import { AdmissionDetail, AdmissionList, AdmissionListQuery, AdmissionNoParam, DailyList, DailyListQuery, TopUpRequest, TopUpResponse } from '@healthpocket/shared-types';
import { route, type AnyRoute } from '../../http/route';
import type { Services } from '../../services';

export function inpatientRoutes(s: Services): AnyRoute[] {
  return [
    route({
      method: 'get',
      member: { purpose: 'proxy' },
      path: '/api/v1/inpatient/admissions',
      summary: "A member's admissions at the HIS (in hospital and discharged) with the deposit account (预交金余额)",
      tags: ['inpatient'],
      auth: 'user',
      query: AdmissionListQuery,
      response: AdmissionList,
      handler: (r) => s.inpatient.list(r, r.query.memberId),
    }),
    route({
      method: 'get',
      member: { purpose: 'proxy' },
      path: '/api/v1/inpatient/admissions/:admissionNo',
      summary: 'One admission of a member: the account and every deposit (window, online, still being credited)',
      tags: ['inpatient'],
      auth: 'user',
      params: AdmissionNoParam,
      query: AdmissionListQuery,
      response: AdmissionDetail,
      handler: (r) => s.inpatient.detail(r, r.query.memberId, r.params.admissionNo),
    }),
    route({
      method: 'get',
      member: { purpose: 'proxy' },
      path: '/api/v1/inpatient/admissions/:admissionNo/daily',
      summary: "住院日清单: the itemised charges of one day of the stay (the newest day by default), with every day's total",
      tags: ['inpatient'],
      auth: 'user',
      params: AdmissionNoParam,
      query: DailyListQuery,
      response: DailyList,
      handler: (r) => s.inpatient.daily(r, r.query.memberId, r.params.admissionNo, r.query.date),
    }),
    route({
      method: 'post',
      member: { purpose: 'proxy' },
      path: '/api/v1/inpatient/deposits',
      summary: "住院押金缴纳: one payment order topping up an admission's deposit; the hospital credits it once paid",
      tags: ['inpatient'],
      auth: 'user',
      body: TopUpRequest,
      response: TopUpResponse,
      status: 201,
      idempotent: true,
      headers: { 'Idempotency-Key': { required: true, description: 'One key per confirmed top-up; a retry replays the first answer' } },
      errors: ['ADMISSION_CLOSED', 'DEPOSIT_AMOUNT_OUT_OF_RANGE', 'PATIENT_IDENTITY_MISSING', 'IDENTITY_UNVERIFIED'],
      handler: (r) => s.inpatient.topUp(r, r.body),
    }),
  ];
}
