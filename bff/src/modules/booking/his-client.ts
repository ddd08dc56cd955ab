import type { SessionCode } from '@healthpocket/shared-types';
import type { Upstream } from '../../upstream/http';
import { errors, type AppError } from '../../errors';
import { upstreamPath } from '../../upstream/path';

/** The HIS's shapes (bff/sandbox/API.md), as far as booking reads them. */
export interface HisHospital {
  id: string;
  name: string;
  shortName: string;
  level: string;
  type: string;
  address: string;
  phone: string;
  outpatientHours: string;
  intro: string;
  departmentCount: number;
}
export interface HisDepartment {
  id: string;
  hospitalId: string;
  name: string;
  group: string;
  intro: string;
  location: string;
  doctorCount: number;
}
export interface HisDoctor {
  id: string;
  hospitalId: string;
  departmentId: string;
  hospitalName: string;
  departmentName: string;
  name: string;
  sex: 'male' | 'female';
  title: string;
  registrationLevel: string;
  feeFen: number;
  specialty: string;
  intro: string;
  nextAvailableDate: string | null;
}
export interface HisSession {
  id: string;
  doctorId: string;
  hospitalId: string;
  departmentId: string;
  date: string;
  session: SessionCode;
  sessionLabel: string;
  start: string;
  end: string;
  slotMinutes: number;
  feeFen: number;
  capacity: number;
  booked: number;
  remaining: number;
  slots: Array<{ id: string; start: string; end: string; capacity: number; booked: number; remaining: number }>;
}
export interface HisSlot {
  id: string;
  sessionId: string;
  doctorId: string;
  doctorName: string;
  doctorTitle: string;
  registrationLevel: string;
  hospitalId: string;
  hospitalName: string;
  departmentId: string;
  departmentName: string;
  location: string;
  date: string;
  session: SessionCode;
  sessionLabel: string;
  start: string;
  end: string;
  feeFen: number;
  capacity: number;
  booked: number;
  remaining: number;
}
export type HisAppointmentStatus = 'held' | 'booked' | 'cancelled' | 'expired' | 'checked_in' | 'no_show';
export interface HisAppointment {
  id: string;
  clientRef: string;
  slotId: string;
  status: HisAppointmentStatus;
  visitNo: number;
  feeFen: number;
  holdExpiresAt: string | null;
  checkedInAt: string | null;
  updatedAt: string;
}
export interface HisQueue {
  appointmentId: string;
  sessionId: string;
  status: 'not_checked_in' | 'waiting' | 'called' | 'missed' | 'done';
  visitNo: number;
  ahead: number | null;
  nowCalling: number | null;
  requeued: boolean;
  room: string;
  waitingCount: number;
  asOf: string;
}
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

  private async read<T>(path: string, opts: Parameters<Upstream['get']>[1] = {}): Promise<{ body: T; stale: boolean }> {
    const res = await this.http.get<T>(path, opts);
    if (res.status === 404) throw errors.notFound();
    if (res.status >= 400) throw refusalOf(res.status, res.body);
    return { body: res.body, stale: res.stale };
  }

  hospitals() {
    return this.read<{ items: HisHospital[] }>('/hospitals', BROWSE.static).then((r) => r.body.items);
  }
  hospital(id: string) {
    return this.read<HisHospital>(upstreamPath`/hospitals/${id}`, BROWSE.static).then((r) => r.body);
  }
  departments(hospitalId: string) {
    return this.read<{ items: HisDepartment[] }>(upstreamPath`/hospitals/${hospitalId}/departments`, BROWSE.static).then((r) => r.body.items);
  }
  doctors(departmentId: string) {
    return this.read<{ items: HisDoctor[] }>(upstreamPath`/departments/${departmentId}/doctors`, BROWSE.doctors).then((r) => r.body.items);
  }
  doctor(id: string) {
    return this.read<HisDoctor>(upstreamPath`/doctors/${id}`, BROWSE.doctors).then((r) => r.body);
  }
  schedule(doctorId: string, from: string, to: string) {
    return this.read<{ items: HisSession[] }>(upstreamPath`/doctors/${doctorId}/schedules`, { ...BROWSE.schedule, query: { from, to } }).then((r) => ({
      items: r.body.items,
      stale: r.stale,
    }));
  }
  /** After a booking or cancellation the doctor's schedule is read afresh. */
  forgetSchedule(doctorId: string, from: string, to: string) {
    this.http.invalidate(upstreamPath`/doctors/${doctorId}/schedules`, { from, to });
  }
  searchDoctors(q: string, hospitalId?: string) {
    return this.read<{ items: HisDoctor[] }>('/search/doctors', { ...BROWSE.doctors, query: { q, hospitalId } }).then((r) => r.body.items);
  }

  /** A slot with its live count (never cached): the confirm page and booking use it. */
  slot(slotId: string) {
    return this.read<HisSlot>(upstreamPath`/slots/${slotId}`).then((r) => r.body);
  }

  /** A session with live counts per slot (never cached): the waitlist decides from it whether a place is free. */
  session(sessionId: string) {
    return this.read<HisSession>(upstreamPath`/sessions/${sessionId}`).then((r) => r.body);
  }

  // ---- registration (writes are not retried by the upstream layer; callers use the outbox) ----

  async hold(input: { slotId: string; clientRef: string; patient: HisPatient }): Promise<HisAppointment> {
    return this.write('/appointments', input);
  }
  confirm(appointmentId: string, input: { paidFen: number; paymentRef: string | null }): Promise<HisAppointment> {
    return this.write(upstreamPath`/appointments/${appointmentId}/confirm`, input);
  }
  cancel(appointmentId: string, reason: string | null): Promise<HisAppointment> {
    return this.write(upstreamPath`/appointments/${appointmentId}/cancel`, { reason });
  }
  async appointments(ids: string[]): Promise<HisAppointment[]> {
    if (ids.length === 0) return [];
    return (await this.read<{ items: HisAppointment[] }>('/appointments', { query: { ids: ids.join(',') } })).body.items;
  }

  // ---- the visit day: 签到 and the 分诊排队叫号 queue (live, never cached) ----

  checkIn(appointmentId: string): Promise<HisAppointment & { queue: HisQueue }> {
    return this.write(upstreamPath`/appointments/${appointmentId}/check-in`, {});
  }
  async queue(appointmentId: string): Promise<HisQueue> {
    return (await this.read<HisQueue>(upstreamPath`/appointments/${appointmentId}/queue`)).body;
  }

  private async write<T>(path: string, body: unknown): Promise<T> {
    const res = await this.http.post<T>(path, body);
    if (res.status >= 400) throw refusalOf(res.status, res.body);
    return res.body;
  }
}

function refusalOf(status: number, body: unknown): HisRefusal {
  const b = (body ?? {}) as { code?: string; message?: string };
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
