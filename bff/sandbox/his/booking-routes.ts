import Router from '@koa/router';
import type Koa from 'koa';
import { upstream } from '@healthpocket/shared-types';
import { answer } from '../contracts';
import type { SandboxContext } from '../context';
import { sendError } from '../seed/world';
import { HisError, appointmentView, callNextIn, cancel, checkIn, confirm, expireHold, find, hold, ledgerOf, markNoShow, queueView, resetSession, validatePatient, addPlaces } from './booking-state';
import { publishExtraSession } from './extra-session';
import { sessionView } from './routes';

const CLIENT_REF = /^[A-Za-z0-9_-]{6,64}$/;

/**
 * The HIS's registration API (挂号): hold a slot for 15 minutes, confirm it once paid, cancel it,
 * read appointments back with their check-in / no-show status. Documented in ../API.md.
 */
export function hisBookingRoutes(sctx: SandboxContext): Router {
  const r = new Router({ prefix: '/his' });
  const ledger = () => ledgerOf(sctx);

  // HisError → the HIS's {code, message} error body.
  const handle = (fn: (ctx: Koa.Context) => void) => (ctx: Koa.Context) => {
    try {
      fn(ctx);
    } catch (e) {
      if (!(e instanceof HisError)) throw e;
      sendError(ctx, e.status, e.code, e.message);
    }
  };

  r.get(
    '/slots/:slotId',
    handle((ctx) => {
      const l = ledger();
      const slot = l.world.slots.get(ctx.params.slotId);
      if (!slot) throw new HisError(404, 'NOT_FOUND', `号源 ${ctx.params.slotId} 不存在`);
      const s = l.world.sessions.get(slot.sessionId)!;
      const doctor = l.world.doctors.get(slot.doctorId)!;
      ctx.body = answer(upstream.his.Slot, {
        id: slot.id,
        sessionId: s.id,
        doctorId: doctor.id,
        doctorName: doctor.name,
        doctorTitle: doctor.title,
        registrationLevel: doctor.registrationLevel,
        hospitalId: s.hospitalId,
        hospitalName: l.world.hospitals.get(s.hospitalId)!.name,
        departmentId: s.departmentId,
        departmentName: l.world.departments.get(s.departmentId)!.name,
        location: l.world.departments.get(s.departmentId)!.location,
        date: slot.date,
        session: s.session,
        sessionLabel: s.sessionLabel,
        start: slot.start,
        end: slot.end,
        feeFen: s.feeFen,
        capacity: slot.capacity,
        booked: slot.booked,
        remaining: Math.max(0, slot.capacity - slot.booked),
      });
    }),
  );

  r.get(
    '/sessions/:sessionId',
    handle((ctx) => {
      const l = ledger();
      const s = l.world.sessions.get(ctx.params.sessionId);
      if (!s) throw new HisError(404, 'NOT_FOUND', `出诊时段 ${ctx.params.sessionId} 不存在`);
      ctx.body = sessionView(l.world, s);
    }),
  );

  r.post(
    '/appointments',
    handle((ctx) => {
      const l = ledger();
      const b = (ctx.request.body ?? {}) as Record<string, unknown>;
      if (typeof b.slotId !== 'string' || !b.slotId) throw new HisError(400, 'BAD_REQUEST', 'slotId 必填');
      if (typeof b.clientRef !== 'string' || !CLIENT_REF.test(b.clientRef)) throw new HisError(400, 'BAD_REQUEST', 'clientRef 应为6–64位字母、数字、_ 或 -');
      const patient = validatePatient(l, b.patient);
      const { appointment, created } = hold(l, { slotId: b.slotId, clientRef: b.clientRef, patient });
      ctx.status = created ? 201 : 200;
      ctx.body = appointmentView(appointment);
    }),
  );

  r.get(
    '/appointments',
    handle((ctx) => {
      const l = ledger();
      const ids = String(ctx.query.ids ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      if (ids.length === 0 || ids.length > 100) throw new HisError(400, 'BAD_REQUEST', 'ids 应为1–100个以逗号分隔的预约号');
      ctx.body = { items: ids.flatMap((id) => (l.appointments.has(id) ? [appointmentView(l.appointments.get(id)!)] : [])) };
    }),
  );

  r.get(
    '/appointments/:id',
    handle((ctx) => {
      ctx.body = appointmentView(find(ledger(), ctx.params.id));
    }),
  );

  r.post(
    '/appointments/:id/confirm',
    handle((ctx) => {
      const b = (ctx.request.body ?? {}) as Record<string, unknown>;
      if (!Number.isInteger(b.paidFen) || (b.paidFen as number) < 0) throw new HisError(400, 'BAD_REQUEST', 'paidFen 应为非负整数（分）');
      const paymentRef = typeof b.paymentRef === 'string' ? b.paymentRef.slice(0, 64) : null;
      ctx.body = appointmentView(confirm(ledger(), ctx.params.id, { paidFen: b.paidFen as number, paymentRef }));
    }),
  );

  r.post(
    '/appointments/:id/cancel',
    handle((ctx) => {
      const b = (ctx.request.body ?? {}) as Record<string, unknown>;
      const reason = typeof b.reason === 'string' ? b.reason.slice(0, 100) : null;
      ctx.body = appointmentView(cancel(ledger(), ctx.params.id, reason));
    }),
  );

  // 签到/报到 and the 分诊排队叫号 queue (../API.md, "HIS queue").
  r.post(
    '/appointments/:id/check-in',
    handle((ctx) => {
      const l = ledger();
      const a = checkIn(l, ctx.params.id);
      ctx.body = { ...appointmentView(a), queue: queueView(l, a.id) };
    }),
  );
  r.get(
    '/appointments/:id/queue',
    handle((ctx) => {
      ctx.body = queueView(ledger(), ctx.params.id);
    }),
  );

  // --- Sandbox-only helpers: what happens at the hospital, and set-up for tests and the benchmark. ---
  r.post(
    '/sandbox/appointments/:id/check-in',
    handle((ctx) => {
      ctx.body = appointmentView(checkIn(ledger(), ctx.params.id));
    }),
  );
  r.post(
    '/sandbox/sessions/:sessionId/call-next',
    handle((ctx) => {
      const b = (ctx.request.body ?? {}) as Record<string, unknown>;
      if (b.missed !== undefined && typeof b.missed !== 'boolean') throw new HisError(400, 'BAD_REQUEST', 'missed 应为布尔值');
      ctx.body = callNextIn(ledger(), ctx.params.sessionId, { missed: b.missed === true });
    }),
  );
  r.post(
    '/sandbox/appointments/:id/no-show',
    handle((ctx) => {
      ctx.body = appointmentView(markNoShow(ledger(), ctx.params.id));
    }),
  );
  r.post(
    '/sandbox/appointments/:id/expire-hold',
    handle((ctx) => {
      ctx.body = appointmentView(expireHold(ledger(), ctx.params.id));
    }),
  );
  r.get(
    '/sandbox/appointments',
    handle((ctx) => {
      const l = ledger();
      const sessionId = typeof ctx.query.sessionId === 'string' ? ctx.query.sessionId : undefined;
      const slotId = typeof ctx.query.slotId === 'string' ? ctx.query.slotId : undefined;
      if (!sessionId && !slotId) throw new HisError(400, 'BAD_REQUEST', '需要 sessionId 或 slotId');
      const items = [...l.appointments.values()].filter((a) => (!sessionId || a.sessionId === sessionId) && (!slotId || a.slotId === slotId));
      ctx.body = { items: items.map(appointmentView) };
    }),
  );
  r.post(
    '/sandbox/sessions/:sessionId/add-places',
    handle((ctx) => {
      const b = (ctx.request.body ?? {}) as Record<string, unknown>;
      if (!Number.isInteger(b.count) || (b.count as number) < 1 || (b.count as number) > 50) throw new HisError(400, 'BAD_REQUEST', 'count 应为1–50的整数');
      const l = ledger();
      addPlaces(l, ctx.params.sessionId, b.count as number);
      ctx.body = sessionView(l.world, l.world.sessions.get(ctx.params.sessionId)!);
    }),
  );
  r.post(
    '/sandbox/doctors/:doctorId/sessions',
    handle((ctx) => {
      const b = (ctx.request.body ?? {}) as Record<string, unknown>;
      const int = (v: unknown, lo: number, hi: number) => Number.isInteger(v) && (v as number) >= lo && (v as number) <= hi;
      if (!int(b.startsInMinutes, 0, 240)) throw new HisError(400, 'BAD_REQUEST', 'startsInMinutes 应为0–240的整数');
      if (!int(b.slots, 1, 16)) throw new HisError(400, 'BAD_REQUEST', 'slots 应为1–16的整数');
      if (!int(b.capacity, 1, 50)) throw new HisError(400, 'BAD_REQUEST', 'capacity 应为1–50的整数');
      if (b.slotMinutes !== undefined && b.slotMinutes !== 15 && b.slotMinutes !== 30) throw new HisError(400, 'BAD_REQUEST', 'slotMinutes 应为15或30');
      const l = ledger();
      const doctorId = ctx.params.doctorId;
      const slotMinutes = (b.slotMinutes as 15 | 30 | undefined) ?? l.world.plans.get(doctorId)?.slotMinutes ?? 15;
      const session = publishExtraSession(l.world, l.now(), doctorId, { startsInMinutes: b.startsInMinutes as number, slots: b.slots as number, capacity: b.capacity as number, slotMinutes });
      ctx.status = 201;
      ctx.body = sessionView(l.world, session);
    }),
  );
  r.post(
    '/sandbox/sessions/:sessionId/reset',
    handle((ctx) => {
      const b = (ctx.request.body ?? {}) as Record<string, unknown>;
      const total = b.capacityTotal;
      if (total !== undefined && (!Number.isInteger(total) || (total as number) < 1 || (total as number) > 1000)) {
        throw new HisError(400, 'BAD_REQUEST', 'capacityTotal 应为1–1000的整数');
      }
      const l = ledger();
      resetSession(l, ctx.params.sessionId, total as number | undefined);
      const session = l.world.sessions.get(ctx.params.sessionId)!;
      ctx.body = {
        sessionId: session.id,
        slots: session.slotIds.map((id) => {
          const s = l.world.slots.get(id)!;
          return { id: s.id, capacity: s.capacity, booked: s.booked };
        }),
      };
    }),
  );

  return r;
}
