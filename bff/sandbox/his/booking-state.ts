import { parseIdNumber, upstream } from '@healthpocket/shared-types';
import { answer } from '../contracts';
import type { SandboxContext } from '../context';
import { worldOf, type Slot, type World } from '../seed/world';
import { Queues, callNext, join, positionOf } from './queue-state';

/**
 * The HIS's registration ledger (挂号): holds, confirmations, cancellations, check-in and no-shows
 * against the world's slots. Every operation that changes a slot's `booked` count runs as one
 * synchronous block (no await between the check and the change), so on Node's single thread
 * "check remaining, then take" is atomic: the sandbox never oversells however many requests race.
 */

export const HOLD_MINUTES = 15;

type AppointmentStatus = 'held' | 'booked' | 'cancelled' | 'expired' | 'checked_in' | 'no_show';

export interface PatientRef {
  name: string;
  idNumber: string | null;
  recordNumber: string | null;
}

export interface Appointment {
  id: string;
  clientRef: string;
  slotId: string;
  sessionId: string;
  doctorId: string;
  hospitalId: string;
  departmentId: string;
  date: string;
  session: 'am' | 'pm';
  start: string;
  end: string;
  patient: PatientRef;
  feeFen: number;
  status: AppointmentStatus;
  /** 就诊序号 within the session, given at hold time. */
  visitNo: number;
  holdExpiresAt: number | null;
  paidFen: number | null;
  paymentRef: string | null;
  cancelReason: string | null;
  createdAt: number;
  updatedAt: number;
  checkedInAt: number | null;
}

export class HisError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface Ledger {
  world: World;
  now: () => number;
  appointments: Map<string, Appointment>;
  byClientRef: Map<string, string>;
  /** Ids of appointments that still hold a place (held or booked): the only ones a sweep can change. */
  active: Set<string>;
  /** Next 就诊序号 per session. */
  visitNos: Map<string, number>;
  seq: number;
  /** 分诊排队叫号, per session (queue-state.ts). */
  queues: Queues;
  /** When set (SANDBOX_QUEUE_CALL_EVERY_MS), each started session's doctor calls the next patient this often. */
  callEveryMs: number;
}

const ledgers = new WeakMap<SandboxContext, Ledger>();

/** The ledger of one sandbox instance; expired holds and missed visits are settled on every access. */
export function ledgerOf(sctx: SandboxContext): Ledger {
  const world = worldOf(sctx);
  let l = ledgers.get(sctx);
  if (!l) {
    const every = Number(process.env.SANDBOX_QUEUE_CALL_EVERY_MS ?? 0);
    l = {
      world,
      now: () => sctx.wechat.now(),
      appointments: new Map(),
      byClientRef: new Map(),
      active: new Set(),
      visitNos: new Map(),
      seq: 0,
      queues: new Queues(),
      callEveryMs: Number.isInteger(every) && every >= 1000 ? every : 0,
    };
    ledgers.set(sctx, l);
    startSweeper(l);
  }
  sweep(l);
  return l;
}

/**
 * Schedules (GET /his/doctors/:id/schedules) read `slot.booked` directly, so expired holds must be
 * returned even when nobody calls a booking route: sweep once a second. The timer holds the ledger
 * weakly, so a sandbox that is gone is not kept alive by it.
 */
function startSweeper(l: Ledger) {
  const ref = new WeakRef(l);
  const t = setInterval(() => {
    const ledger = ref.deref();
    if (!ledger) clearInterval(t);
    else sweep(ledger);
  }, 1000);
  t.unref();
}

function release(l: Ledger, a: Appointment) {
  const slot = l.world.slots.get(a.slotId);
  if (slot && slot.booked > 0) slot.booked--;
  l.active.delete(a.id);
}

/** Holds past their expiry give their place back; booked visits whose session ended unvisited become no-shows. */
export function sweep(l: Ledger): void {
  const now = l.now();
  for (const id of l.active) {
    const a = l.appointments.get(id)!;
    if (a.status === 'held' && a.holdExpiresAt !== null && a.holdExpiresAt <= now) {
      a.status = 'expired';
      a.updatedAt = now;
      release(l, a);
    } else if (a.status === 'booked' && Date.parse(sessionEnd(l, a)) <= now) {
      a.status = 'no_show';
      a.updatedAt = now;
      l.active.delete(a.id);
    }
  }
  if (l.callEveryMs) {
    for (const q of l.queues.all()) {
      const session = l.world.sessions.get(q.sessionId);
      if (!session || Date.parse(session.start) > now || Date.parse(session.end) <= now) continue;
      if ((q.waiting.length > 0 || q.calling) && (q.lastCallAt === null || now - q.lastCallAt >= l.callEveryMs)) callNext(q, now);
    }
  }
}

function sessionEnd(l: Ledger, a: Appointment): string {
  return l.world.sessions.get(a.sessionId)?.end ?? a.end;
}

export function validatePatient(l: Ledger, raw: unknown): PatientRef {
  const p = (raw ?? {}) as Record<string, unknown>;
  const name = typeof p.name === 'string' ? p.name.trim() : '';
  const idNumber = typeof p.idNumber === 'string' && p.idNumber ? p.idNumber.trim().toUpperCase() : null;
  const recordNumber = typeof p.recordNumber === 'string' && p.recordNumber ? p.recordNumber.trim() : null;
  if (!name || [...name].length > 30) throw new HisError(400, 'BAD_REQUEST', 'patient.name 必填（1–30字）');
  if (!idNumber && !recordNumber) throw new HisError(400, 'BAD_REQUEST', '需要 patient.idNumber 或 patient.recordNumber');
  if (idNumber) {
    if (!parseIdNumber(idNumber).ok) throw new HisError(400, 'BAD_REQUEST', 'patient.idNumber 不是有效的身份证号码');
    const rn = l.world.recordNumberByIdNumber.get(idNumber);
    // Unknown ID numbers are accepted (the HIS opens a patient card, 建档); known ones must match the name.
    if (rn && l.world.residents.get(rn)!.name !== name) throw new HisError(409, 'PATIENT_MISMATCH', '就诊人姓名与身份证号码不一致');
    return { name, idNumber, recordNumber: rn ?? recordNumber };
  }
  const resident = l.world.residents.get(recordNumber!);
  if (!resident) throw new HisError(409, 'PATIENT_MISMATCH', '健康档案号不存在');
  if (resident.name !== name) throw new HisError(409, 'PATIENT_MISMATCH', '就诊人姓名与健康档案不一致');
  return { name, idNumber: resident.idNumber, recordNumber };
}

function samePatient(a: PatientRef, b: PatientRef): boolean {
  return (!!a.idNumber && a.idNumber === b.idNumber) || (!!a.recordNumber && a.recordNumber === b.recordNumber);
}

/** Takes one place of the slot for the patient for HOLD_MINUTES. Idempotent per clientRef. */
export function hold(l: Ledger, input: { slotId: string; clientRef: string; patient: PatientRef }): { appointment: Appointment; created: boolean } {
  const prior = l.byClientRef.get(input.clientRef);
  if (prior) {
    const a = l.appointments.get(prior)!;
    if (a.slotId !== input.slotId || !samePatient(a.patient, input.patient)) {
      throw new HisError(409, 'CLIENT_REF_CONFLICT', 'clientRef 已用于另一个预约');
    }
    return { appointment: a, created: false };
  }
  const slot = l.world.slots.get(input.slotId);
  if (!slot) throw new HisError(404, 'NOT_FOUND', `号源 ${input.slotId} 不存在`);
  const session = l.world.sessions.get(slot.sessionId)!;
  const now = l.now();
  if (Date.parse(slot.start) <= now) throw new HisError(409, 'SLOT_CLOSED', '该时段已开始，不能再预约');
  for (const id of l.active) {
    const other = l.appointments.get(id)!;
    if (other.sessionId === slot.sessionId && samePatient(other.patient, input.patient)) {
      throw new HisError(409, 'DUPLICATE_PATIENT', '该就诊人在本出诊时段已有预约');
    }
  }
  // The guard: check and take in the same synchronous step.
  if (slot.booked >= slot.capacity) throw new HisError(409, 'SLOT_FULL', '该时段号源已约满');
  slot.booked++;
  const visitNo = (l.visitNos.get(slot.sessionId) ?? 0) + 1;
  l.visitNos.set(slot.sessionId, visitNo);
  const a: Appointment = {
    id: `GH${slot.date.replaceAll('-', '')}${String(++l.seq).padStart(6, '0')}`,
    clientRef: input.clientRef,
    slotId: slot.id,
    sessionId: slot.sessionId,
    doctorId: slot.doctorId,
    hospitalId: session.hospitalId,
    departmentId: session.departmentId,
    date: slot.date,
    session: session.session,
    start: slot.start,
    end: slot.end,
    patient: input.patient,
    feeFen: session.feeFen,
    status: 'held',
    visitNo,
    holdExpiresAt: now + HOLD_MINUTES * 60_000,
    paidFen: null,
    paymentRef: null,
    cancelReason: null,
    createdAt: now,
    updatedAt: now,
    checkedInAt: null,
  };
  l.appointments.set(a.id, a);
  l.byClientRef.set(a.clientRef, a.id);
  l.active.add(a.id);
  return { appointment: a, created: true };
}

export function find(l: Ledger, id: string): Appointment {
  const a = l.appointments.get(id);
  if (!a) throw new HisError(404, 'NOT_FOUND', `预约 ${id} 不存在`);
  return a;
}

/**
 * Payment received: the hold becomes a registration. A hold that expired meanwhile is revived when
 * the slot still has a place (payment can arrive a little after the hold ran out); otherwise 409.
 */
export function confirm(l: Ledger, id: string, input: { paidFen: number; paymentRef: string | null }): Appointment {
  const a = find(l, id);
  if (a.status === 'booked' || a.status === 'checked_in') return a;
  if (a.status === 'cancelled') throw new HisError(409, 'APPOINTMENT_CANCELLED', '该预约已取消');
  if (a.status === 'no_show') throw new HisError(409, 'APPOINTMENT_CLOSED', '就诊时段已结束');
  if (input.paidFen !== a.feeFen) throw new HisError(400, 'FEE_MISMATCH', `挂号费应为 ${a.feeFen} 分`);
  const now = l.now();
  if (a.status === 'expired') {
    const slot = l.world.slots.get(a.slotId) as Slot;
    if (Date.parse(slot.start) <= now) throw new HisError(409, 'HOLD_EXPIRED', '锁号已超时，且该时段已开始');
    if (slot.booked >= slot.capacity) throw new HisError(409, 'HOLD_EXPIRED', '锁号已超时，该时段号源已被他人预约');
    slot.booked++;
    l.active.add(a.id);
  }
  a.status = 'booked';
  a.holdExpiresAt = null;
  a.paidFen = input.paidFen;
  a.paymentRef = input.paymentRef;
  a.updatedAt = now;
  return a;
}

/** Cancels a hold or registration and returns its place. Idempotent; a visit that happened cannot be cancelled. */
export function cancel(l: Ledger, id: string, reason: string | null): Appointment {
  const a = find(l, id);
  if (a.status === 'cancelled' || a.status === 'expired') return a;
  if (a.status === 'checked_in') throw new HisError(409, 'APPOINTMENT_VISITED', '已签到就诊，不能取消');
  if (a.status === 'no_show') throw new HisError(409, 'APPOINTMENT_CLOSED', '就诊时段已结束，不能取消');
  a.status = 'cancelled';
  a.cancelReason = reason;
  a.updatedAt = l.now();
  release(l, a);
  return a;
}

/**
 * 签到/报到: a paid registration joins its session's queue. Repeating it is harmless; after a 过号
 * it re-queues the patient (queue-state.ts). Refused once the session has ended.
 */
export function checkIn(l: Ledger, id: string): Appointment {
  const a = find(l, id);
  if (a.status !== 'booked' && a.status !== 'checked_in') throw new HisError(409, 'NOT_BOOKED', `状态为 ${a.status} 的预约不能签到`);
  const now = l.now();
  if (Date.parse(sessionEnd(l, a)) <= now) throw new HisError(409, 'APPOINTMENT_CLOSED', '就诊时段已结束，不能签到');
  if (a.status === 'booked') {
    a.status = 'checked_in';
    a.checkedInAt = a.updatedAt = now;
    l.active.delete(a.id);
  }
  const changed = join(queueOf(l, a), a, (other) => l.appointments.get(other)?.visitNo ?? 0);
  if (changed) a.updatedAt = now;
  return a;
}

function queueOf(l: Ledger, a: Appointment) {
  return l.queues.of(a.sessionId, roomOf(l, a));
}

/** The consulting room: the department's location and a room number fixed per doctor. */
function roomOf(l: Ledger, a: Appointment): string {
  const dept = l.world.departments.get(a.departmentId);
  const n = [...a.doctorId].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 9, 0) + 1;
  return `${dept?.location ?? ''}${n}诊室`;
}

/** Where an appointment stands in its session's queue (GET /his/appointments/:id/queue). */
export function queueView(l: Ledger, id: string) {
  const a = find(l, id);
  const q = l.queues.existing(a.sessionId);
  const p = positionOf(q, a.id);
  const calling = q?.calling ? l.appointments.get(q.calling) : undefined;
  return answer(upstream.his.Queue, {
    appointmentId: a.id,
    sessionId: a.sessionId,
    status: p.state,
    visitNo: a.visitNo,
    ahead: p.state === 'waiting' ? p.ahead : null,
    nowCalling: calling?.visitNo ?? null,
    requeued: p.requeued,
    room: roomOf(l, a),
    waitingCount: q?.waiting.length ?? 0,
    asOf: isoAt(l.now()),
  });
}

/** Sandbox stand-in for the doctor's 叫号 button (and 过号 when the called patient is not there). */
export function callNextIn(l: Ledger, sessionId: string, o: { missed?: boolean } = {}) {
  const session = l.world.sessions.get(sessionId);
  if (!session) throw new HisError(404, 'NOT_FOUND', `出诊时段 ${sessionId} 不存在`);
  const q = l.queues.of(sessionId, '');
  const id = callNext(q, l.now(), o);
  const calling = id ? l.appointments.get(id)! : null;
  return { sessionId, calling: calling ? { appointmentId: calling.id, visitNo: calling.visitNo } : null, waiting: q.waiting.length, missed: q.missed.size, done: q.done.size };
}

export function markNoShow(l: Ledger, id: string): Appointment {
  const a = find(l, id);
  if (a.status === 'no_show') return a;
  if (a.status !== 'booked') throw new HisError(409, 'NOT_BOOKED', `状态为 ${a.status} 的预约不能记为爽约`);
  a.status = 'no_show';
  a.updatedAt = l.now();
  l.active.delete(a.id);
  return a;
}

/** As if the 15 minutes had passed: the hold expires now and its place returns. */
export function expireHold(l: Ledger, id: string): Appointment {
  const a = find(l, id);
  if (a.status !== 'held') throw new HisError(409, 'NOT_HELD', `状态为 ${a.status} 的预约没有锁号`);
  a.holdExpiresAt = l.now();
  sweep(l);
  return a;
}

/**
 * Sandbox helper for the rush benchmark: empties a session (every appointment in it is cancelled)
 * and, when asked, spreads `capacityTotal` places over its slots.
 */
export function resetSession(l: Ledger, sessionId: string, capacityTotal?: number): void {
  const session = l.world.sessions.get(sessionId);
  if (!session) throw new HisError(404, 'NOT_FOUND', `出诊时段 ${sessionId} 不存在`);
  for (const a of l.appointments.values()) {
    if (a.sessionId === sessionId && l.active.has(a.id)) {
      a.status = 'cancelled';
      a.cancelReason = 'sandbox reset';
      l.active.delete(a.id);
    }
  }
  const n = session.slotIds.length;
  session.slotIds.forEach((sid, i) => {
    const slot = l.world.slots.get(sid)!;
    slot.booked = 0;
    if (capacityTotal !== undefined) slot.capacity = Math.floor(capacityTotal / n) + (i < capacityTotal % n ? 1 : 0);
  });
  l.visitNos.delete(sessionId);
  l.queues.drop(sessionId);
}

/**
 * 加号: the hospital adds `count` places to a session (a doctor agreeing to see more patients, or a
 * colleague's 停诊 moved here). They go to the session's slots that have not begun, one at a time from
 * the earliest, the way a registrar's 加号 screen appends numbers to the session. The new places show
 * in the session's schedule and slot counts at once; the HIS tells nobody (callers re-read).
 */
export function addPlaces(l: Ledger, sessionId: string, count: number): void {
  const session = l.world.sessions.get(sessionId);
  if (!session) throw new HisError(404, 'NOT_FOUND', `出诊时段 ${sessionId} 不存在`);
  const now = l.now();
  const open = session.slotIds.map((id) => l.world.slots.get(id)!).filter((s) => Date.parse(s.start) > now);
  if (open.length === 0) throw new HisError(409, 'SESSION_CLOSED', '该出诊时段已开始，不能再加号');
  for (let i = 0; i < count; i++) open[i % open.length].capacity++;
}

function isoAt(ms: number): string;
function isoAt(ms: number | null): string | null;
function isoAt(ms: number | null): string | null {
  return ms === null ? null : new Date(ms + 8 * 3600_000).toISOString().replace('Z', '+08:00').replace('.000', '');
}

function maskId(id: string | null): string | null {
  return id ? `${id.slice(0, 6)}********${id.slice(-4)}` : null;
}

/** The JSON the HIS answers with (ID numbers masked: the caller already knows them). */
export function appointmentView(a: Appointment) {
  return answer(upstream.his.Appointment, {
    id: a.id,
    clientRef: a.clientRef,
    slotId: a.slotId,
    sessionId: a.sessionId,
    doctorId: a.doctorId,
    hospitalId: a.hospitalId,
    departmentId: a.departmentId,
    date: a.date,
    session: a.session,
    start: a.start,
    end: a.end,
    visitNo: a.visitNo,
    patient: { name: a.patient.name, idNumberMasked: maskId(a.patient.idNumber), recordNumber: a.patient.recordNumber },
    feeFen: a.feeFen,
    status: a.status,
    holdExpiresAt: a.status === 'held' ? isoAt(a.holdExpiresAt) : null,
    paidFen: a.paidFen,
    paymentRef: a.paymentRef,
    cancelReason: a.cancelReason,
    checkedInAt: isoAt(a.checkedInAt),
    createdAt: isoAt(a.createdAt),
    updatedAt: isoAt(a.updatedAt),
  });
}
