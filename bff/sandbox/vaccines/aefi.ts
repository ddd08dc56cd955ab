import Router from '@koa/router';
import { toChinaIso } from '@healthpocket/shared-types';
import type { SandboxContext } from '../context';
import { sendError } from '../seed/world';
import { CLINICS } from './catalogue';

/**
 * 疑似预防接种异常反应 (AEFI) reports reaching the vaccination clinic through the platform, in the
 * fields of the 个案报告卡 (全国疑似预防接种异常反应监测方案, 卫办疾控发〔2010〕94号). A resident's
 * report arrives as 被动监测报告 with status `submitted`; the clinic's staff accept it (`accepted`)
 * once they have called back, and then report it on within the 监测方案's 48 hours. Idempotent by
 * `clientRef`: the same report sent again answers the first receipt.
 */
interface AefiReport {
  reportNo: string;
  clientRef: string;
  clinicId: string;
  recordNumber: string | null;
  patient: { name: string; sex: string; birthDate: string };
  vaccine: { code: string; name: string; batchNo: string; manufacturer: string; dose: number; vaccinatedOn: string };
  onsetDate: string;
  symptoms: string[];
  temperatureC: number | null;
  clinicalCourse: string;
  treatment: { kind: 'not_seen' | 'outpatient' | 'inpatient'; hospital: string | null };
  reporter: { name: string; phone: string };
  severe: boolean;
  source: 'passive';
  status: 'submitted' | 'accepted';
  receivedAt: string;
  acceptedAt: string | null;
}

const reports = new WeakMap<SandboxContext, Map<string, AefiReport>>();
const reportsOf = (ctx: SandboxContext) => {
  let m = reports.get(ctx);
  if (!m) reports.set(ctx, (m = new Map()));
  return m;
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const str = (v: unknown, max: number) => typeof v === 'string' && v.trim().length > 0 && v.length <= max;

/** The key items (* on the 个案报告卡); the first one missing, or null. */
function missing(b: Record<string, any>): string | null {
  if (!str(b.clientRef, 64)) return 'clientRef';
  if (!str(b.patient?.name, 32) || !DATE.test(b.patient?.birthDate ?? '')) return 'patient';
  const v = b.vaccine ?? {};
  if (!str(v.name, 64) || !str(v.batchNo, 32) || !str(v.manufacturer, 64) || !DATE.test(v.vaccinatedOn ?? '') || !Number.isInteger(v.dose)) return 'vaccine';
  if (!DATE.test(b.onsetDate ?? '') || b.onsetDate < v.vaccinatedOn) return 'onsetDate';
  if (!Array.isArray(b.symptoms) || b.symptoms.length === 0 || !b.symptoms.every((s: unknown) => str(s, 32))) return 'symptoms';
  if (!str(b.clinicalCourse, 1000)) return 'clinicalCourse';
  if (!['not_seen', 'outpatient', 'inpatient'].includes(b.treatment?.kind)) return 'treatment';
  if (!str(b.reporter?.name, 32) || !/^1[3-9]\d{9}$/.test(b.reporter?.phone ?? '')) return 'reporter';
  return null;
}

export function aefiRoutes(sctx: SandboxContext): Router {
  const r = new Router({ prefix: '/platform/vaccination' });
  const now = () => toChinaIso(sctx.wechat.now(), 's');

  r.post('/aefi-reports', (ctx) => {
    const b = (ctx.request.body ?? {}) as Record<string, any>;
    const clinic = CLINICS.find((c) => c.id === b.clinicId);
    if (!clinic) return sendError(ctx, 404, 'NOT_FOUND', `接种门诊 ${String(b.clinicId)} 不存在`);
    const gap = missing(b);
    if (gap) return sendError(ctx, 400, 'BAD_REQUEST', `个案报告缺少或有误的项目：${gap}`);
    const all = reportsOf(sctx);
    const prior = [...all.values()].find((x) => x.clientRef === b.clientRef);
    if (prior) {
      ctx.status = 200;
      ctx.body = { reportNo: prior.reportNo, status: prior.status, receivedAt: prior.receivedAt };
      return;
    }
    const at = now();
    const report: AefiReport = {
      reportNo: `AEFI-${clinic.id}-${at.slice(0, 10).replaceAll('-', '')}-${String(all.size + 1).padStart(4, '0')}`,
      clientRef: b.clientRef,
      clinicId: clinic.id,
      recordNumber: typeof b.recordNumber === 'string' ? b.recordNumber : null,
      patient: { name: b.patient.name, sex: String(b.patient.sex ?? ''), birthDate: b.patient.birthDate },
      vaccine: {
        code: String(b.vaccine.code ?? ''),
        name: b.vaccine.name,
        batchNo: b.vaccine.batchNo,
        manufacturer: b.vaccine.manufacturer,
        dose: b.vaccine.dose,
        vaccinatedOn: b.vaccine.vaccinatedOn,
      },
      onsetDate: b.onsetDate,
      symptoms: b.symptoms,
      temperatureC: typeof b.temperatureC === 'number' ? b.temperatureC : null,
      clinicalCourse: b.clinicalCourse,
      treatment: { kind: b.treatment.kind, hospital: typeof b.treatment.hospital === 'string' ? b.treatment.hospital : null },
      reporter: { name: b.reporter.name, phone: b.reporter.phone },
      severe: b.severe === true,
      source: 'passive',
      status: 'submitted',
      receivedAt: at,
      acceptedAt: null,
    };
    all.set(report.reportNo, report);
    ctx.status = 201;
    ctx.body = { reportNo: report.reportNo, status: report.status, receivedAt: report.receivedAt };
  });

  r.get('/aefi-reports/:reportNo', (ctx) => {
    const report = reportsOf(sctx).get(ctx.params.reportNo);
    if (!report) return sendError(ctx, 404, 'NOT_FOUND', `报告 ${ctx.params.reportNo} 不存在`);
    ctx.body = { reportNo: report.reportNo, clientRef: report.clientRef, status: report.status, receivedAt: report.receivedAt, acceptedAt: report.acceptedAt };
  });

  // Sandbox-only: what the clinic received, and the clinic's staff accepting a report.
  r.get('/sandbox/aefi-reports', (ctx) => {
    const clientRef = ctx.query.clientRef as string | undefined;
    ctx.body = { items: [...reportsOf(sctx).values()].filter((x) => !clientRef || x.clientRef === clientRef) };
  });

  r.post('/sandbox/aefi-reports/:reportNo/accept', (ctx) => {
    const report = reportsOf(sctx).get(ctx.params.reportNo);
    if (!report) return sendError(ctx, 404, 'NOT_FOUND', `报告 ${ctx.params.reportNo} 不存在`);
    if (report.status !== 'accepted') Object.assign(report, { status: 'accepted', acceptedAt: now() });
    ctx.body = { reportNo: report.reportNo, status: report.status, acceptedAt: report.acceptedAt };
  });

  return r;
}
