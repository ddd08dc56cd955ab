/**
 * Reports that are not published yet: a lab order is registered (specimen taken, 待出报告) and later
 * verified and published (已出报告), as a LIS does. The seeded history (records-data.ts) is all
 * published; these are the ones a test or a demo moves through the states with the sandbox controls
 * below. Documented in ../API.md ("Report status").
 */
import Router from '@koa/router';
import type { SandboxContext } from '../context';
import { sendError, worldOf } from '../seed/world';
import { labItem, type Report } from './records-data';

const orders = new WeakMap<SandboxContext, Map<string, Report[]>>();

function ordersOf(ctx: SandboxContext, recordNumber: string): Report[] {
  let all = orders.get(ctx);
  if (!all) orders.set(ctx, (all = new Map()));
  let list = all.get(recordNumber);
  if (!list) all.set(recordNumber, (list = []));
  return list;
}

/** The resident's ordered reports, newest first (the platform lists them before the seeded history). */
export function orderedReports(ctx: SandboxContext, recordNumber: string): Report[] {
  return [...ordersOf(ctx, recordNumber)].reverse();
}

const chinaIso = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().replace('Z', '+08:00');

/**
 * 急诊生化 as a community centre's LIS sends it: a fasting glucose at the 危急值 the health rules name
 * (≥ 16.7 mmol/L, urgent referral — shared/domain/health-rules.md), a potassium above its range whose
 * abnormal flag the instrument interface left empty (OBX-8 blank), and normal liver enzymes.
 */
function emergencyChemistry(): Report['items'] {
  const potassium = labItem({ name: '血钾(K)', unit: 'mmol/L', low: 3.5, high: 5.3, decimals: 2 }, 5.62);
  return [
    labItem({ name: '空腹血糖(GLU)', unit: 'mmol/L', low: 3.9, high: 6.1, decimals: 1, criticalHigh: 16.7, criticalLow: 2.8 }, 17.4),
    { ...potassium, flag: null },
    labItem({ name: '谷丙转氨酶(ALT)', unit: 'U/L', low: 9, high: 50, decimals: 0 }, 23),
    labItem({ name: '血清肌酐(CREA)', unit: 'μmol/L', low: 57, high: 111, decimals: 0 }, 88),
  ];
}

/** Sandbox-only controls: order a report for a resident (registered), then publish it (final). */
export function reportOrderRoutes(sctx: SandboxContext): Router {
  const r = new Router({ prefix: '/platform/sandbox' });

  r.post('/residents/:recordNumber/reports', (ctx) => {
    const world = worldOf(sctx);
    const resident = world.residents.get(ctx.params.recordNumber);
    if (!resident) return sendError(ctx, 404, 'NOT_FOUND', `健康档案 ${ctx.params.recordNumber} 不存在`);
    const list = ordersOf(sctx, resident.recordNumber);
    const now = sctx.wechat.now();
    const date = chinaIso(now).slice(0, 10);
    const report: Report = {
      id: `LIS-${resident.recordNumber}-${date.replaceAll('-', '')}-E${list.length + 1}`,
      kind: 'lab',
      title: '急诊生化',
      date,
      status: 'registered',
      reportedAt: null,
      institution: '东华街道社区卫生服务中心',
      department: '检验科',
      specimen: '静脉血',
      orderedBy: '李明',
      reportedBy: '检验师 何雨',
      reviewedBy: '主管检验师 陈立',
      items: emergencyChemistry(),
      imaging: null,
    };
    list.push(report);
    ctx.status = 201;
    ctx.body = { id: report.id, status: report.status };
  });

  r.post('/reports/:reportId/publish', (ctx) => {
    const recordNumber = ctx.params.reportId.split('-')[1] ?? '';
    const report = ordersOf(sctx, recordNumber).find((x) => x.id === ctx.params.reportId);
    if (!report) return sendError(ctx, 404, 'NOT_FOUND', `报告 ${ctx.params.reportId} 不存在`);
    if (report.status !== 'final') {
      report.status = 'final';
      report.reportedAt = chinaIso(sctx.wechat.now());
    }
    ctx.body = { id: report.id, status: report.status, reportedAt: report.reportedAt };
  });

  return r;
}
