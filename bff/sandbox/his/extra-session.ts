import { SESSION_TIMES, type ScheduleSession, type Slot, type World } from '../seed/world';
import { HisError } from './booking-state';

/**
 * 临时加诊: the hospital publishes an extra session for a doctor, as a registrar does on the HIS's
 * 排班 screen when a doctor agrees to see patients outside the weekly plan (bff/sandbox/API.md,
 * "HIS schedule: 加诊"). Sandbox-only: it lets a browser run reach a session whose 签到 window is open
 * now, whatever the hour, without moving any clock. The session is an ordinary one from then on:
 * listed in the doctor's schedule, booked, paid, checked in and queued like the seeded ones.
 */
export interface ExtraSessionInput {
  /** Minutes from now to the first slot (rounded up to the next 5-minute mark). */
  startsInMinutes: number;
  /** Number of consecutive slots. */
  slots: number;
  /** Places per slot. */
  capacity: number;
  slotMinutes: 15 | 30;
}

const CHINA_MS = 8 * 3600_000;
const FIVE_MIN = 5 * 60_000;

/** `YYYY-MM-DDTHH:mm:00+08:00` of an instant. */
function chinaIso(ms: number): string {
  return new Date(ms + CHINA_MS).toISOString().slice(0, 16) + ':00+08:00';
}

export function publishExtraSession(world: World, now: number, doctorId: string, o: ExtraSessionInput): ScheduleSession {
  const doctor = world.doctors.get(doctorId);
  if (!doctor) throw new HisError(404, 'NOT_FOUND', `医生 ${doctorId} 不存在`);
  const start = Math.ceil((now + o.startsInMinutes * 60_000) / FIVE_MIN) * FIVE_MIN;
  const end = start + o.slots * o.slotMinutes * 60_000;
  const date = chinaIso(start).slice(0, 10);
  // A session belongs to one day: it may end at midnight but not run past it.
  if (chinaIso(end - 1).slice(0, 10) !== date) throw new HisError(409, 'SESSION_CROSSES_MIDNIGHT', '加诊时段不能跨过午夜，请减少号源时段或明天再加诊');
  const code = Number(chinaIso(start).slice(11, 13)) < 12 ? 'am' : 'pm';
  const sessionId = `${doctor.id}-${date.replaceAll('-', '')}-${code}`;
  // One session per doctor and half-day, as in the weekly plan.
  if (world.sessions.has(sessionId)) throw new HisError(409, 'SESSION_EXISTS', `该医生${date}${SESSION_TIMES[code].label}已有出诊`);

  const slotIds: string[] = [];
  for (let i = 0; i < o.slots; i++) {
    const s = start + i * o.slotMinutes * 60_000;
    const slot: Slot = {
      id: `${sessionId}-${chinaIso(s).slice(11, 16).replace(':', '')}`,
      sessionId,
      doctorId: doctor.id,
      date,
      start: chinaIso(s),
      end: chinaIso(s + o.slotMinutes * 60_000),
      capacity: o.capacity,
      booked: 0,
    };
    world.slots.set(slot.id, slot);
    slotIds.push(slot.id);
  }
  const session: ScheduleSession = {
    id: sessionId,
    doctorId: doctor.id,
    hospitalId: doctor.hospitalId,
    departmentId: doctor.departmentId,
    date,
    session: code,
    sessionLabel: SESSION_TIMES[code].label,
    start: chinaIso(start),
    end: chinaIso(end),
    slotMinutes: o.slotMinutes,
    feeFen: doctor.feeFen,
    slotIds,
  };
  world.sessions.set(sessionId, session);
  // The doctor's list stays in date order (the schedule and "next available date" read it so).
  const list = [...(world.sessionIdsByDoctor.get(doctor.id) ?? []), sessionId];
  list.sort((a, b) => Date.parse(world.sessions.get(a)!.start) - Date.parse(world.sessions.get(b)!.start));
  world.sessionIdsByDoctor.set(doctor.id, list);
  return session;
}
