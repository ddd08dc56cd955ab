import Router from '@koa/router';
import type Koa from 'koa';
import type { SandboxContext } from '../parts';
import { sendError } from '../seed/world';
import { recordsOf, type ResidentRecords } from './records-data';
import { writtenFollowups } from './followups';

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
    if (rec) ctx.body = rec.basic;
  });

  r.get('/followups', (ctx) => {
    const rec = load(ctx);
    if (!rec) return;
    const kind = ctx.query.kind;
    if (kind !== undefined && kind !== 'hypertension' && kind !== 'diabetes') return sendError(ctx, 400, 'BAD_REQUEST', 'kind 只能是 hypertension 或 diabetes');
    const all = [...writtenFollowups(sctx, ctx.params.recordNumber).reverse(), ...rec.followups];
    ctx.body = { items: kind ? all.filter((f) => f.kind === kind) : all };
  });

  r.get('/checkups', (ctx) => {
    const rec = load(ctx);
    if (rec) ctx.body = { items: rec.checkups };
  });

  r.get('/visits', (ctx) => {
    const rec = load(ctx);
    if (rec) ctx.body = { items: rec.visits };
  });

  r.get('/reports', (ctx) => {
    const rec = load(ctx);
    if (rec) ctx.body = { items: rec.reports.map(({ items: _i, imaging: _m, ...summary }) => ({ ...summary, abnormalCount: abnormalCount(rec.reports.find((x) => x.id === summary.id)!) })) };
  });

  r.get('/reports/:reportId', (ctx) => {
    const rec = load(ctx);
    if (!rec) return;
    const report = rec.reports.find((x) => x.id === ctx.params.reportId);
    if (!report) return sendError(ctx, 404, 'NOT_FOUND', `报告 ${ctx.params.reportId} 不存在`);
    ctx.body = { ...report, abnormalCount: abnormalCount(report) };
  });

  return r;
}

function abnormalCount(report: ResidentRecords['reports'][number]): number {
  return report.items.filter((i) => i.flag !== 'normal').length + (report.imaging?.abnormal ? 1 : 0);
}
