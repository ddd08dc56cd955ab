import Router from '@koa/router';
import type Koa from 'koa';
import { flagFromRange, upstream } from '@healthpocket/shared-types';
import { answer } from '../contracts';
import type { SandboxContext } from '../context';
import { sendError } from '../seed/world';
import { recordsOf, type Report, type ResidentRecords } from './records-data';
import { writtenFollowups } from './followups';
import { orderedReports } from './report-orders';

/**
 * The platform's health-record sections (documented in ../API.md, "Health record sections").
 * Lists are newest first. Every route answers 404 NOT_FOUND for an unknown record number.
 */
export function platformRecordRoutes(sctx: SandboxContext): Router {
  const r = new Router({ prefix: '/platform/residents/:recordNumber' });

  const load = (ctx: Koa.Context): ResidentRecords | null => {
    const rec = recordsOf(sctx, ctx.params.recordNumber);
    if (!rec) sendError(ctx, 404, 'NOT_FOUND', `健康档案 ${ctx.params.recordNumber} 不存在`);
    return rec;
  };

  r.get('/basic-info', (ctx) => {
    const rec = load(ctx);
    if (rec) ctx.body = answer(upstream.platform.BasicSupplement, rec.basic);
  });

  r.get('/followups', (ctx) => {
    const rec = load(ctx);
    if (!rec) return;
    const kind = ctx.query.kind;
    if (kind !== undefined && kind !== 'hypertension' && kind !== 'diabetes') return sendError(ctx, 400, 'BAD_REQUEST', 'kind 只能是 hypertension 或 diabetes');
    const all = [...writtenFollowups(sctx, ctx.params.recordNumber).reverse(), ...rec.followups];
    ctx.body = answer(upstream.platform.FollowupList, { items: kind ? all.filter((f) => f.kind === kind) : all });
  });

  r.get('/checkups', (ctx) => {
    const rec = load(ctx);
    if (rec) ctx.body = answer(upstream.platform.CheckupList, { items: rec.checkups });
  });

  r.get('/visits', (ctx) => {
    const rec = load(ctx);
    if (rec) ctx.body = answer(upstream.platform.VisitList, { items: rec.visits });
  });

  // Published and registered reports: a registered one (待出报告) carries no results yet.
  const reportsOf = (recordNumber: string, rec: ResidentRecords) => [...orderedReports(sctx, recordNumber), ...rec.reports];
  const visible = (report: Report) => (report.status === 'final' ? report : { ...report, items: [], imaging: null, reportedBy: '', reviewedBy: '' });

  r.get('/reports', (ctx) => {
    const rec = load(ctx);
    if (!rec) return;
    const status = ctx.query.status;
    if (status !== undefined && status !== 'registered' && status !== 'final') return sendError(ctx, 400, 'BAD_REQUEST', 'status 只能是 registered 或 final');
    const all = reportsOf(ctx.params.recordNumber, rec).filter((x) => !status || x.status === status);
    ctx.body = answer(upstream.platform.ReportSummaryList, {
      items: all.map((x) => {
        const { items: _i, imaging: _m, specimen: _s, orderedBy: _o, reportedBy: _r, reviewedBy: _v, ...summary } = visible(x);
        return { ...summary, abnormalCount: abnormalCount(visible(x)), criticalCount: criticalCount(visible(x)) };
      }),
    });
  });

  r.get('/reports/:reportId', (ctx) => {
    const rec = load(ctx);
    if (!rec) return;
    const report = reportsOf(ctx.params.recordNumber, rec).find((x) => x.id === ctx.params.reportId);
    if (!report) return sendError(ctx, 404, 'NOT_FOUND', `报告 ${ctx.params.reportId} 不存在`);
    ctx.body = answer(upstream.platform.Report, { ...visible(report), abnormalCount: abnormalCount(visible(report)), criticalCount: criticalCount(visible(report)) });
  });

  return r;
}

/** The platform's own count: the LIS flag, or (flag left empty) the value against its range. */
function abnormalCount(report: Report): number {
  const flagOf = (i: Report['items'][number]) => i.flag ?? flagFromRange(i.value, i.referenceRange) ?? 'normal';
  return report.items.filter((i) => flagOf(i) !== 'normal').length + (report.imaging?.abnormal ? 1 : 0);
}

function criticalCount(report: Report): number {
  return report.items.filter((i) => i.flag === 'critical_high' || i.flag === 'critical_low').length;
}
