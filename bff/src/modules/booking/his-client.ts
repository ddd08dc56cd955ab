import { upstream } from '@healthpocket/shared-types';
import type { z } from 'zod';
import type { Upstream, UpstreamRefusalBody } from '../../upstream/http';
import { errors, type AppError } from '../../errors';
import { upstreamPath } from '../../upstream/path';

/** The HIS's shapes (bff/sandbox/API.md), as far as booking reads them: the contract schemas' types. */
export type HisDoctor = z.infer<typeof H.Doctor>;
export type HisSession = z.infer<typeof H.Session>;
export type HisSlot = z.infer<typeof H.Slot>;
export type HisAppointment = z.infer<typeof H.Appointment>;
export type HisQueue = z.infer<typeof H.Queue>;
export interface HisPatient {
  name: string;
  idNumber?: string;
  recordNumber?: string;
}

/** A HIS refusal (4xx with the HIS's code), kept apart from "the HIS is down" (UPSTREAM_UNAVAILABLE). */
export class HisRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const H = upstream.his;

const BROWSE = {
  /** Hospitals and departments change rarely. */
  static: { cacheTtlMs: 10 * 60_000, staleIfErrorMs: 60 * 60_000 },
  /** Doctors carry nextAvailableDate. */
  doctors: { cacheTtlMs: 60_000, staleIfErrorMs: 10 * 60_000 },
  /** Remaining counts while browsing: a few seconds old at most; booking itself always asks the HIS. */
  schedule: { cacheTtlMs: 3_000, staleIfErrorMs: 60_000 },
};

/**
 * Typed calls to the HIS through the resilient upstream (timeouts, breaker, retries for reads).
 * Browse reads are cached briefly; nothing that decides a booking is ever read from the cache.
 */
export class HisClient {
  constructor(private readonly http: Upstream) {}

  private async read<S extends z.ZodType>(path: string, schema: S, opts: Parameters<Upstream['get']>[2] = {}): Promise<{ body: z.output<S>; stale: boolean }> {
    const res = await this.http.get(path, schema, opts);
    if (!res.ok) throw res.status === 404 ? errors.notFound() : refusalOf(res.status, res.body);
    return { body: res.body, stale: res.stale };
  }

  hospitals() {
    return this.read('/hospitals', H.HospitalList, BROWSE.static).then((r) => r.body.items);
  }
  hospital(id: string) {
    return this.read(upstreamPath`/hospitals/${id}`, H.Hospital, BROWSE.static).then((r) => r.body);
  }
  departments(hospitalId: string) {
    return this.read(upstreamPath`/hospitals/${hospitalId}/departments`, H.DepartmentList, BROWSE.static).then((r) => r.body.items);
  }
  doctors(departmentId: string) {
    return this.read(upstreamPath`/departments/${departmentId}/doctors`, H.DoctorList, BROWSE.doctors).then((r) => r.body.items);
  }
  doctor(id: string) {
    return this.read(upstreamPath`/doctors/${id}`, H.Doctor, BROWSE.doctors).then((r) => r.body);
  }
  schedule(doctorId: string, from: string, to: string) {
    return this.read(upstreamPath`/doctors/${doctorId}/schedules`, H.SessionList, { ...BROWSE.schedule, query: { from, to } }).then((r) => ({
      items: r.body.items,
      stale: r.stale,
    }));
  }
  /** After a booking or cancellation the doctor's schedule is read afresh. */
  forgetSchedule(doctorId: string, from: string, to: string) {
    this.http.invalidate(upstreamPath`/doctors/${doctorId}/schedules`, { from, to });
  }
  searchDoctors(q: string, hospitalId?: string) {
    return this.read('/search/doctors', H.DoctorList, { ...BROWSE.doctors, query: { q, hospitalId } }).then((r) => r.body.items);
  }

  /** A slot with its live count (never cached): the confirm page and booking use it. */
  slot(slotId: string) {
    return this.read(upstreamPath`/slots/${slotId}`, H.Slot).then((r) => r.body);
  }

  /** A session with live counts per slot (never cached): the waitlist decides from it whether a place is free. */
  session(sessionId: string) {
    return this.read(upstreamPath`/sessions/${sessionId}`, H.Session).then((r) => r.body);
  }

  // ---- registration (writes are not retried by the upstream layer; callers use the outbox) ----

  async hold(input: { slotId: string; clientRef: string; patient: HisPatient }): Promise<HisAppointment> {
    return this.write('/appointments', H.Appointment, input);
  }
  confirm(appointmentId: string, input: { paidFen: number; paymentRef: string | null }): Promise<HisAppointment> {
    return this.write(upstreamPath`/appointments/${appointmentId}/confirm`, H.Appointment, input);
  }
  cancel(appointmentId: string, reason: string | null): Promise<HisAppointment> {
    return this.write(upstreamPath`/appointments/${appointmentId}/cancel`, H.Appointment, { reason });
  }
  async appointments(ids: string[]): Promise<HisAppointment[]> {
    if (ids.length === 0) return [];
    return (await this.read('/appointments', H.AppointmentList, { query: { ids: ids.join(',') } })).body.items;
  }

  // ---- the visit day: 签到 and the 分诊排队叫号 queue (live, never cached) ----

  checkIn(appointmentId: string): Promise<HisAppointment & { queue: HisQueue }> {
    return this.write(upstreamPath`/appointments/${appointmentId}/check-in`, H.CheckIn, {});
  }
  async queue(appointmentId: string): Promise<HisQueue> {
    return (await this.read(upstreamPath`/appointments/${appointmentId}/queue`, H.Queue)).body;
  }

  private async write<S extends z.ZodType>(path: string, schema: S, body: unknown): Promise<z.output<S>> {
    const res = await this.http.post(path, schema, body);
    if (!res.ok) throw refusalOf(res.status, res.body);
    return res.body;
  }
}

function refusalOf(status: number, b: UpstreamRefusalBody): HisRefusal {
  return new HisRefusal(status, b.code ?? `HTTP_${status}`, b.message ?? '医院系统拒绝了请求');
}

/** What a HIS refusal of a hold means for the resident. */
export function holdRefusalToError(r: HisRefusal): AppError {
  switch (r.code) {
    case 'SLOT_FULL':
      return errors.of('SLOT_FULL');
    case 'SLOT_CLOSED':
      return errors.of('BOOKING_CLOSED', '该时段已开始或已过去，请选择其他时段', { rule: 'slot_started' });
    case 'DUPLICATE_PATIENT':
      return errors.of('BOOKING_LIMIT_REACHED', '该就诊人在本出诊时段已有预约，请勿重复预约', { rule: 'per_department_session', limit: 1 });
    case 'PATIENT_MISMATCH':
      return errors.of('PATIENT_NOT_IDENTIFIED', '医院未能核实就诊人身份，请核对家庭成员的姓名和身份证号');
    case 'NOT_FOUND':
      return errors.of('SLOT_UNAVAILABLE');
    default:
      return errors.upstreamUnavailable('医院系统暂时无法预约，请稍后再试');
  }
}
