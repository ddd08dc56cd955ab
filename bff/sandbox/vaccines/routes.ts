import Router from '@koa/router';
import { chinaToday } from '@healthpocket/shared-types';
import type { SandboxContext } from '../context';
import { addDays, sendError } from '../seed/world';
import { baseBatches, CLINICS, PRODUCTS, PROGRAMME_NAMES, SESSION_DAYS, sessionsOf, type StockBatch } from './catalogue';

/** Batches added through the sandbox helper (a new allocation, e.g. the bench's 100-dose release). */
const addedBatches = new WeakMap<SandboxContext, StockBatch[]>();
const addedOf = (ctx: SandboxContext) => {
  let list = addedBatches.get(ctx);
  if (!list) addedBatches.set(ctx, (list = []));
  return list;
};

/** Batches the 疾控 withdrew (停用: a recall, a cold-chain failure): nothing more may be given from them. */
const withdrawn = new WeakMap<SandboxContext, Set<string>>();
const withdrawnOf = (ctx: SandboxContext) => {
  let set = withdrawn.get(ctx);
  if (!set) withdrawn.set(ctx, (set = new Set()));
  return set;
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The regional immunization information system's booking data (under /platform/vaccination):
 * clinics, their sessions with per-vaccine capacity, and self-paid products with stock batches.
 * Counting booked doses is the booking system's job (the BFF); this side publishes capacity and stock.
 */
export function vaccinationRoutes(sctx: SandboxContext): Router {
  const r = new Router({ prefix: '/platform/vaccination' });
  const today = () => chinaToday(new Date(sctx.wechat.now()));
  const batches = () => [...baseBatches(today()), ...addedOf(sctx)].map((b) => ({ ...b, status: withdrawnOf(sctx).has(b.id) ? ('withdrawn' as const) : ('active' as const) }));

  r.get('/clinics', (ctx) => {
    ctx.body = { items: CLINICS.map(({ capacity, weekly, ...c }) => ({ ...c, vaccineCodes: Object.keys(capacity) })) };
  });

  r.get('/clinics/:clinicId/sessions', (ctx) => {
    const clinic = CLINICS.find((c) => c.id === ctx.params.clinicId);
    if (!clinic) return sendError(ctx, 404, 'NOT_FOUND', `接种门诊 ${ctx.params.clinicId} 不存在`);
    const t = today();
    const from = String(ctx.query.from ?? t);
    const to = String(ctx.query.to ?? addDays(t, SESSION_DAYS - 1));
    if (!DATE.test(from) || !DATE.test(to) || to < from) return sendError(ctx, 400, 'BAD_REQUEST', 'from/to 应为 YYYY-MM-DD 且 to 不早于 from');
    // Sessions are published for the rolling window only.
    const last = addDays(t, SESSION_DAYS - 1);
    ctx.body = { clinicId: clinic.id, from, to, items: from > last || to < t ? [] : sessionsOf(clinic, from < t ? t : from, to > last ? last : to) };
  });

  r.get('/products', (ctx) => {
    const all = batches();
    ctx.body = {
      programme: Object.entries(PROGRAMME_NAMES).map(([code, name]) => ({ code, name })),
      items: PRODUCTS.map((p) => ({ ...p, batches: all.filter((b) => b.productId === p.id) })),
    };
  });

  // Sandbox-only: allocate a new batch to a clinic.
  r.post('/sandbox/batches', (ctx) => {
    const b = (ctx.request.body ?? {}) as Record<string, unknown>;
    const clinic = CLINICS.find((c) => c.id === b.clinicId);
    const product = PRODUCTS.find((p) => p.id === b.productId);
    const quantity = Number(b.quantity);
    if (!clinic || !product || !Number.isInteger(quantity) || quantity < 1 || quantity > 100000) {
      return sendError(ctx, 400, 'BAD_REQUEST', '需要 clinicId、productId 和 1–100000 的 quantity');
    }
    const releaseAt = typeof b.releaseAt === 'string' && !Number.isNaN(Date.parse(b.releaseAt)) ? b.releaseAt : new Date(sctx.wechat.now() + 8 * 3600_000).toISOString().replace(/\.\d+Z$/, '+08:00');
    const n = addedOf(sctx).length + 1;
    const batch: StockBatch = {
      id: `B-${clinic.id}-${product.id}-X${n}`,
      clinicId: clinic.id,
      productId: product.id,
      batchNo: `${product.code.toUpperCase()}X${String(n).padStart(4, '0')}`,
      quantity,
      releaseAt,
    };
    addedOf(sctx).push(batch);
    ctx.status = 201;
    // As the products list shows it: a new batch is active until withdrawn.
    ctx.body = { ...batch, status: 'active' };
  });

  // Sandbox-only: withdraw a batch (停用). The products list shows it as `status: 'withdrawn'`.
  r.post('/sandbox/batches/:batchId/withdraw', (ctx) => {
    const batch = batches().find((b) => b.id === ctx.params.batchId);
    if (!batch) return sendError(ctx, 404, 'NOT_FOUND', `批次 ${ctx.params.batchId} 不存在`);
    withdrawnOf(sctx).add(batch.id);
    ctx.body = { ...batch, status: 'withdrawn' };
  });

  return r;
}
