import { z } from 'zod';
import {
  CancelVaccineAppointmentRequest,
  CreateVaccineAppointmentRequest,
  IdParam,
  VaccinationRecord,
  VaccineAppointmentList,
  VaccineAppointmentView,
  VaccineAppointmentsQuery,
  VaccineCatalogue,
  VaccineClinicList,
  VaccineClinicsQuery,
  VaccineSessionList,
  VaccineSessionsQuery,
  VaccineTimeline,
  EntityId,
} from '@healthpocket/shared-types';
import { route, type AnyRoute } from '../../http/route';
import { attemptOf } from '../../http/idempotency';
import type { Services } from '../../services';

const MemberParam = z.object({ memberId: EntityId });
const ClinicParam = z.object({ clinicId: EntityId.max(16) });
const tags = ['vaccines'];

export function vaccineRoutes(s: Services): AnyRoute[] {
  const v = s.vaccines;
  return [
    route({ method: 'get', path: '/api/v1/vaccines/catalogue', summary: 'Programme (free) and self-paid vaccines, and the subscribe-message templates to ask for', tags, auth: 'user', response: VaccineCatalogue, handler: () => v.queries.catalogue() }),
    route({ method: 'get', path: '/api/v1/vaccines/clinics', summary: 'Vaccination clinics (接种门诊), optionally those giving one vaccine', tags, auth: 'user', query: VaccineClinicsQuery, response: VaccineClinicList, handler: (r) => v.queries.clinics(r.query.vaccineCode) }),
    route({
      method: 'get',
      member: { purpose: 'health' }, path: '/api/v1/vaccines/clinics/:clinicId/sessions',
      summary: "A clinic's sessions for one vaccine: places and stock left; with memberId, whether that member may be booked each day and why not",
      tags,
      auth: 'user',
      params: ClinicParam,
      query: VaccineSessionsQuery,
      response: VaccineSessionList,
      handler: (r) => v.queries.sessions(r, r.params.clinicId, r.query.vaccineCode, r.query.memberId),
    }),
    route({ method: 'get', member: { purpose: 'health' }, path: '/api/v1/vaccines/members/:memberId/timeline', summary: "A member's programme timeline: done, due, overdue, upcoming, with reasons (audited)", tags, auth: 'user', params: MemberParam, response: VaccineTimeline, handler: (r) => v.timeline(r, r.params.memberId) }),
    route({ method: 'get', member: { purpose: 'health' }, path: '/api/v1/vaccines/members/:memberId/record', summary: '电子接种证: every dose on the platform (audited)', tags, auth: 'user', params: MemberParam, response: VaccinationRecord, handler: (r) => v.record(r, r.params.memberId) }),
    route({
      method: 'post',
      member: { purpose: 'health' }, path: '/api/v1/vaccines/appointments',
      summary: 'Book a vaccine at a clinic session: programme doses confirmed at once, self-paid doses pending payment (orderId)',
      tags,
      auth: 'user',
      body: CreateVaccineAppointmentRequest,
      response: VaccineAppointmentView,
      status: 201,
      idempotent: true,
      rateLimit: { name: 'vaccine-book', points: v.context.deps.settings.bookRatePerMinute, durationSeconds: 60, by: 'user' },
      headers: { 'Idempotency-Key': { required: true, description: 'One key per booking attempt; a retry with the same key replays the answer' } },
      admit: (r) => v.booking.admit(r.body),
      handler: (r) => v.booking.book(r, r.body, attemptOf(r.ctx)),
    }),
    route({ method: 'get', path: '/api/v1/vaccines/appointments', summary: '我的接种预约 (all family members), newest first', tags, auth: 'user', query: VaccineAppointmentsQuery, response: VaccineAppointmentList, handler: (r) => v.booking.list(r, r.query.scope) }),
    route({ method: 'get', path: '/api/v1/vaccines/appointments/:id', summary: 'One vaccination appointment', tags, auth: 'user', params: IdParam, response: VaccineAppointmentView, handler: (r) => v.booking.get(r, r.params.id) }),
    route({
      method: 'post',
      path: '/api/v1/vaccines/appointments/:id/cancel',
      summary: 'Cancel before the session starts; a paid dose is refunded. Cancelling again changes nothing',
      tags,
      auth: 'user',
      params: IdParam,
      body: CancelVaccineAppointmentRequest,
      response: VaccineAppointmentView,
      handler: (r) => v.booking.cancel(r, r.params.id, r.body.reason),
    }),
  ];
}
