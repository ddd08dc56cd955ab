import Router from '@koa/router';
import { upstream } from '@healthpocket/shared-types';
import { answer } from '../contracts';
import type { SandboxContext } from '../context';
import { addDays, sendError, SCHEDULE_DAYS, worldOf, type Doctor, type ScheduleSession, type World } from '../seed/world';

/**
 * The hospital information system's outpatient registration API (browse part): hospitals,
 * departments, doctors and their schedules. Documented in ../API.md.
 */
export function hisRoutes(sctx: SandboxContext): Router {
  const r = new Router({ prefix: '/his' });
  const world = () => worldOf(sctx);

  r.get('/hospitals', (ctx) => {
    const w = world();
    ctx.body = answer(upstream.his.HospitalList, { items: [...w.hospitals.values()].map((h) => ({ ...h, departmentCount: departmentsOf(w, h.id).length })) });
  });

  r.get('/hospitals/:hospitalId', (ctx) => {
    const w = world();
    const h = w.hospitals.get(ctx.params.hospitalId);
    if (!h) return sendError(ctx, 404, 'NOT_FOUND', `医院 ${ctx.params.hospitalId} 不存在`);
    ctx.body = answer(upstream.his.Hospital, { ...h, departmentCount: departmentsOf(w, h.id).length });
  });

  r.get('/hospitals/:hospitalId/departments', (ctx) => {
    const w = world();
    const h = w.hospitals.get(ctx.params.hospitalId);
    if (!h) return sendError(ctx, 404, 'NOT_FOUND', `医院 ${ctx.params.hospitalId} 不存在`);
    const doctorCount = new Map<string, number>();
    for (const d of w.doctors.values()) doctorCount.set(d.departmentId, (doctorCount.get(d.departmentId) ?? 0) + 1);
    ctx.body = answer(upstream.his.DepartmentList, { hospitalId: h.id, items: departmentsOf(w, h.id).map((d) => ({ ...d, doctorCount: doctorCount.get(d.id) ?? 0 })) });
  });

  r.get('/departments/:departmentId/doctors', (ctx) => {
    const w = world();
    const dept = w.departments.get(ctx.params.departmentId);
    if (!dept) return sendError(ctx, 404, 'NOT_FOUND', `科室 ${ctx.params.departmentId} 不存在`);
    const items = [...w.doctors.values()].filter((d) => d.departmentId === dept.id).map((d) => doctorView(w, d));
    ctx.body = { departmentId: dept.id, items };
  });

  r.get('/doctors/:doctorId', (ctx) => {
    const w = world();
    const d = w.doctors.get(ctx.params.doctorId);
    if (!d) return sendError(ctx, 404, 'NOT_FOUND', `医生 ${ctx.params.doctorId} 不存在`);
    ctx.body = doctorView(w, d);
  });

  r.get('/doctors/:doctorId/schedules', (ctx) => {
    const w = world();
    const d = w.doctors.get(ctx.params.doctorId);
    if (!d) return sendError(ctx, 404, 'NOT_FOUND', `医生 ${ctx.params.doctorId} 不存在`);
    const q = ctx.query as Record<string, string | undefined>;
    const from = q.from ?? w.today;
    const to = q.to ?? addDays(w.today, SCHEDULE_DAYS - 1);
    if (!isDate(from) || !isDate(to)) return sendError(ctx, 400, 'BAD_REQUEST', 'from 和 to 应为 YYYY-MM-DD 格式的日期');
    if (to < from) return sendError(ctx, 400, 'BAD_REQUEST', 'to 不能早于 from');
    if (to > addDays(from, 30)) return sendError(ctx, 400, 'BAD_REQUEST', '一次最多查询31天的排班');
    const items = (w.sessionIdsByDoctor.get(d.id) ?? [])
      .map((id) => w.sessions.get(id)!)
      .filter((s) => s.date >= from && s.date <= to)
      .map((s) => sessionView(w, s));
    ctx.body = { doctorId: d.id, from, to, items };
  });

  r.get('/search/doctors', (ctx) => {
    const w = world();
    const q = typeof ctx.query.q === 'string' ? ctx.query.q.trim() : '';
    const hospitalId = typeof ctx.query.hospitalId === 'string' ? ctx.query.hospitalId : undefined;
    if (!q) return sendError(ctx, 400, 'BAD_REQUEST', '请输入医生姓名或科室名称');
    if ([...q].length > 20) return sendError(ctx, 400, 'BAD_REQUEST', '搜索词不能超过20个字');
    const matches = [...w.doctors.values()].filter((d) => {
      if (hospitalId && d.hospitalId !== hospitalId) return false;
      return d.name.includes(q) || w.departments.get(d.departmentId)!.name.includes(q);
    });
    ctx.body = { q, total: matches.length, items: matches.slice(0, 50).map((d) => doctorView(w, d)) };
  });

  return r;
}

/** A session as the schedule lists it (also `GET /his/sessions/:id`): live counts per slot and in total. */
export function sessionView(w: World, { slotIds, ...s }: ScheduleSession) {
  const slots = slotIds.map((id) => {
    const { id: slotId, start, end, capacity, booked } = w.slots.get(id)!;
    return { id: slotId, start, end, capacity, booked, remaining: Math.max(0, capacity - booked) };
  });
  const capacity = slots.reduce((n, x) => n + x.capacity, 0);
  const remaining = slots.reduce((n, x) => n + x.remaining, 0);
  return answer(upstream.his.Session, { ...s, capacity, booked: capacity - remaining, remaining, slots });
}

function departmentsOf(w: World, hospitalId: string) {
  return [...w.departments.values()].filter((d) => d.hospitalId === hospitalId);
}

/** A doctor with the names a list needs and the first date (from today) that still has a free slot. */
function doctorView(w: World, d: Doctor) {
  let nextAvailableDate: string | null = null;
  for (const id of w.sessionIdsByDoctor.get(d.id) ?? []) {
    const s = w.sessions.get(id)!;
    if (s.date < w.today) continue;
    if (
      s.slotIds.some((sid) => {
        const slot = w.slots.get(sid)!;
        return slot.booked < slot.capacity;
      })
    ) {
      nextAvailableDate = s.date;
      break;
    }
  }
  return answer(upstream.his.Doctor, {
    ...d,
    hospitalName: w.hospitals.get(d.hospitalId)!.name,
    departmentName: w.departments.get(d.departmentId)!.name,
    nextAvailableDate,
  });
}

function isDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}
