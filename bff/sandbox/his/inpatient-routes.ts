import Router from '@koa/router';
import type { SandboxContext } from '../context';
import { HisBillError, hisHandler } from './bills-state';
import { patientQuery } from './bills-routes';
import { inpatientOf, type Admission, type HisInpatient } from './inpatient-state';

const TRADE_NO = /^[A-Za-z0-9_\-|*]{6,32}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The HIS's inpatient API (住院服务): a patient's admissions with the deposit account, the
 * deposits, the daily itemised list, and crediting a deposit paid online (idempotent per
 * tradeNo). Shapes follow what 互联网医院 platforms read from a HIS (see ../API.md).
 */
export function hisInpatientRoutes(sctx: SandboxContext): Router {
  const r = new Router({ prefix: '/his' });
  const his = () => inpatientOf(sctx);

  const handle = hisHandler(his);
  const view = (h: HisInpatient, a: Admission) => ({ ...a, ...h.account(a), days: h.days(a).length });

  r.get(
    '/inpatient/admissions',
    handle((ctx, h) => {
      const q = patientQuery(ctx.query as Record<string, unknown>);
      const status = (ctx.query.status as string | undefined) ?? 'all';
      if (!['in_hospital', 'all'].includes(status)) throw new HisBillError(400, 'BAD_REQUEST', 'status 应为 in_hospital 或 all');
      const patient = h.findPatient(q);
      if (patient && q.name && patient.name !== q.name) throw new HisBillError(409, 'PATIENT_MISMATCH', '就诊人姓名与身份证号码不一致');
      const items = patient ? h.admissionsOf(patient.patientId).filter((a) => status === 'all' || a.status === 'in_hospital') : [];
      ctx.body = { patient: patient ? { patientId: patient.patientId, name: patient.name } : null, status, items: items.map((a) => view(h, a)) };
    }),
  );

  r.get(
    '/inpatient/admissions/:admissionNo',
    handle((ctx, h) => {
      ctx.body = view(h, h.get(ctx.params.admissionNo));
    }),
  );

  r.get(
    '/inpatient/admissions/:admissionNo/deposits',
    handle((ctx, h) => {
      const a = h.get(ctx.params.admissionNo);
      ctx.body = { admissionNo: a.admissionNo, items: h.depositsOf(a.admissionNo) };
    }),
  );

  /** 住院日清单: without `date` the days with their totals; with `date` that day's items. */
  r.get(
    '/inpatient/admissions/:admissionNo/daily-charges',
    handle((ctx, h) => {
      const a = h.get(ctx.params.admissionNo);
      const date = ctx.query.date as string | undefined;
      if (date === undefined) {
        ctx.body = {
          admissionNo: a.admissionNo,
          items: h
            .days(a)
            .map((d) => ({ date: d, totalFen: h.chargesOn(a, d).reduce((n, c) => n + c.amountFen, 0) }))
            .reverse(),
        };
        return;
      }
      if (typeof date !== 'string' || !DATE.test(date)) throw new HisBillError(400, 'BAD_REQUEST', 'date 应为 YYYY-MM-DD');
      const items = h.chargesOn(a, date);
      ctx.body = { admissionNo: a.admissionNo, date, items, totalFen: items.reduce((n, c) => n + c.amountFen, 0) };
    }),
  );

  r.post(
    '/inpatient/deposits',
    handle((ctx, h) => {
      const b = (ctx.request.body ?? {}) as Record<string, unknown>;
      if (typeof b.admissionNo !== 'string' || !b.admissionNo) throw new HisBillError(400, 'BAD_REQUEST', '需要 admissionNo');
      if (typeof b.tradeNo !== 'string' || !TRADE_NO.test(b.tradeNo)) throw new HisBillError(400, 'BAD_REQUEST', 'tradeNo 格式错误');
      if (!Number.isInteger(b.amountFen) || (b.amountFen as number) <= 0) throw new HisBillError(400, 'BAD_REQUEST', 'amountFen 应为正整数（分）');
      if (typeof b.paidAt !== 'string' || Number.isNaN(Date.parse(b.paidAt))) throw new HisBillError(400, 'BAD_REQUEST', 'paidAt 应为 ISO 8601 时间');
      const d = h.credit({
        admissionNo: b.admissionNo,
        tradeNo: b.tradeNo,
        transactionId: typeof b.transactionId === 'string' ? b.transactionId : null,
        amountFen: b.amountFen as number,
        paidAt: b.paidAt,
      });
      ctx.body = { ...d, ...h.account(h.get(d.admissionNo)) };
    }),
  );

  // ---- sandbox helpers ------------------------------------------------------------------------

  /** 住院登记 (tests): `{idNumber | name+birthDate+guardianIdNumber, name?, hospitalId?, department?, daysAgo?, depositFen?}`. */
  r.post(
    '/sandbox/inpatient/admissions',
    handle((ctx, h) => {
      const b = (ctx.request.body ?? {}) as Record<string, unknown>;
      const q = patientQuery(b);
      const patient = h.ensurePatient({ ...q, name: typeof b.name === 'string' && b.name ? b.name : '测试患者' });
      const daysAgo = Number.isInteger(b.daysAgo) && (b.daysAgo as number) >= 0 && (b.daysAgo as number) <= 60 ? (b.daysAgo as number) : 2;
      const a = h.admit(patient, { hospitalId: typeof b.hospitalId === 'string' ? b.hospitalId : 'H001', departmentName: typeof b.department === 'string' ? b.department : '心血管内科', daysAgo });
      if (Number.isInteger(b.depositFen) && (b.depositFen as number) > 0) h.windowDeposit(a, b.depositFen as number, `${a.admittedAt.slice(0, 10)}T10:05:00+08:00`);
      ctx.status = 201;
      ctx.body = view(h, a);
    }),
  );

  r.post(
    '/sandbox/inpatient/admissions/:admissionNo/discharge',
    handle((ctx, h) => {
      ctx.body = view(h, h.discharge(ctx.params.admissionNo));
    }),
  );

  return r;
}
