import Router from '@koa/router';
import type Koa from 'koa';
import { parseIdNumber, upstream } from '@healthpocket/shared-types';
import { answer } from '../contracts';
import type { SandboxContext } from '../context';
import { sendError } from '../seed/world';
import { HisBillError, billsOf, hisHandler, type Bill, type Invoice } from './bills-state';

const TRADE_NO = /^[A-Za-z0-9_\-|*]{6,32}$/;

function invoiceView(ctx: Koa.Context, inv: Invoice | null) {
  if (!inv) return null;
  return { ...inv, url: `${ctx.protocol}://${ctx.host}/his/einvoices/${inv.number}?code=${inv.code}&check=${inv.checkCode}` };
}

function billView(ctx: Koa.Context, b: Bill) {
  return answer(upstream.his.Bill, { ...b, invoice: invoiceView(ctx, b.invoice) });
}

/** `?idNumber=` or `?name=&birthDate=&guardianIdNumber=` (a child without an ID card). */
export function patientQuery(q: Record<string, unknown>) {
  const s = (k: string) => (typeof q[k] === 'string' && q[k] ? String(q[k]).trim() : undefined);
  const idNumber = s('idNumber');
  if (idNumber) {
    if (!parseIdNumber(idNumber).ok) throw new HisBillError(400, 'BAD_REQUEST', 'idNumber 不是有效的身份证号码');
    return { idNumber, name: s('name') };
  }
  const name = s('name');
  const birthDate = s('birthDate');
  const guardianIdNumber = s('guardianIdNumber');
  if (!name || !birthDate || !guardianIdNumber) throw new HisBillError(400, 'BAD_REQUEST', '需要 idNumber，或 name + birthDate + guardianIdNumber');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(birthDate)) throw new HisBillError(400, 'BAD_REQUEST', 'birthDate 应为 YYYY-MM-DD');
  return { name, birthDate, guardianIdNumber };
}

/**
 * The HIS's outpatient charging API (诊间支付): a patient's bills, settlement of an online payment
 * (idempotent per tradeNo, answers the e-invoice), refund of a paid bill (voids the invoice), and
 * the e-invoice page. Documented in ../API.md.
 */
export function hisBillRoutes(sctx: SandboxContext): Router {
  const r = new Router({ prefix: '/his' });
  const his = () => billsOf(sctx);

  const handle = hisHandler(his);

  r.get(
    '/bills',
    handle((ctx, h) => {
      const q = patientQuery(ctx.query as Record<string, unknown>);
      const status = (ctx.query.status as string | undefined) ?? 'unpaid';
      if (!['unpaid', 'paid', 'all'].includes(status)) throw new HisBillError(400, 'BAD_REQUEST', 'status 应为 unpaid、paid 或 all');
      const patient = h.findPatient(q);
      if (patient && q.name && patient.name !== q.name) throw new HisBillError(409, 'PATIENT_MISMATCH', '就诊人姓名与身份证号码不一致');
      ctx.body = {
        patient: patient ? { patientId: patient.patientId, name: patient.name } : null,
        status,
        items: patient ? h.billsOf(patient.patientId, status as 'unpaid' | 'paid' | 'all').map((b) => billView(ctx, b)) : [],
      };
    }),
  );

  r.get(
    '/bills/:billNo',
    handle((ctx, h) => {
      const b = h.bills.get(ctx.params.billNo);
      if (!b) throw new HisBillError(404, 'BILL_NOT_FOUND', `账单 ${ctx.params.billNo} 不存在`);
      ctx.body = billView(ctx, b);
    }),
  );

  r.post(
    '/bills/settle',
    handle((ctx, h) => {
      const b = (ctx.request.body ?? {}) as Record<string, unknown>;
      if (typeof b.tradeNo !== 'string' || !TRADE_NO.test(b.tradeNo)) throw new HisBillError(400, 'BAD_REQUEST', 'tradeNo 格式错误');
      if (!Array.isArray(b.billNos) || !b.billNos.length || b.billNos.some((x) => typeof x !== 'string')) throw new HisBillError(400, 'BAD_REQUEST', 'billNos 应为非空的账单号数组');
      if (!Number.isInteger(b.amountFen) || (b.amountFen as number) <= 0) throw new HisBillError(400, 'BAD_REQUEST', 'amountFen 应为正整数（分）');
      if (typeof b.paidAt !== 'string' || Number.isNaN(Date.parse(b.paidAt))) throw new HisBillError(400, 'BAD_REQUEST', 'paidAt 应为 ISO 8601 时间');
      const s = h.settle({
        tradeNo: b.tradeNo,
        transactionId: typeof b.transactionId === 'string' ? b.transactionId : null,
        billNos: b.billNos as string[],
        amountFen: b.amountFen as number,
        paidAt: b.paidAt,
      });
      ctx.body = { ...s, invoice: invoiceView(ctx, s.invoice) };
    }),
  );

  r.get(
    '/settlements/:tradeNo',
    handle((ctx, h) => {
      const s = h.settlements.get(ctx.params.tradeNo);
      if (!s) throw new HisBillError(404, 'NOT_FOUND', '结算记录不存在');
      ctx.body = { ...s, invoice: invoiceView(ctx, s.invoice) };
    }),
  );

  r.post(
    '/bills/:billNo/refund',
    handle((ctx, h) => {
      const b = (ctx.request.body ?? {}) as Record<string, unknown>;
      if (typeof b.tradeNo !== 'string' || typeof b.refundNo !== 'string' || !b.refundNo || !Number.isInteger(b.amountFen)) {
        throw new HisBillError(400, 'BAD_REQUEST', '需要 tradeNo、refundNo 和 amountFen');
      }
      const bill = h.refund(ctx.params.billNo, { tradeNo: b.tradeNo, refundNo: b.refundNo, amountFen: b.amountFen as number, reason: typeof b.reason === 'string' ? b.reason : '退费' });
      ctx.body = billView(ctx, bill);
    }),
  );

  /** The e-invoice a resident opens from the app (医疗收费电子票据), as simple HTML. */
  r.get('/einvoices/:number', (ctx) => {
    const found = his().invoiceByNumber(ctx.params.number);
    if (!found || ctx.query.check !== found.invoice.checkCode) return sendError(ctx, 404, 'NOT_FOUND', '票据不存在或校验码错误');
    const { invoice, bills } = found;
    const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
    const rows = bills.flatMap((b) => b.items.map((i) => `<tr><td>${esc(i.name)}</td><td>${i.quantity}${esc(i.unit)}</td><td>${(i.amountFen / 100).toFixed(2)}</td></tr>`)).join('');
    const total = bills.reduce((n, b) => n + b.totalFen, 0);
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>医疗收费电子票据</title>
<style>body{font-family:sans-serif;padding:16px;font-size:16px}table{width:100%;border-collapse:collapse}td{border-bottom:1px solid #ddd;padding:6px 2px}h1{font-size:20px;color:#b22}.void{color:#b22;font-weight:bold}</style></head><body>
<h1>${esc(bills[0].hospitalName)} 医疗收费电子票据（门诊）</h1>
${invoice.status === 'voided' ? '<p class="void">已冲红（作废）</p>' : ''}
<p>票据代码：${invoice.code}　票据号码：${invoice.number}<br>校验码：${invoice.checkCode}　开票时间：${invoice.issuedAt}</p>
<p>交款人：${esc(bills[0].patientName)}</p><table>${rows}</table><p>合计（元）：${(total / 100).toFixed(2)}</p>
<p>本票据由沙箱医院系统生成，仅用于演示。</p></body></html>`;
  });

  // ---- sandbox helpers ------------------------------------------------------------------------

  /** A new unpaid bill (tests): `{idNumber | name+birthDate+guardianIdNumber, name?, hospitalId?, department?, category?, items?: [{code, quantity}]}`. */
  r.post(
    '/sandbox/bills',
    handle((ctx, h) => {
      const b = (ctx.request.body ?? {}) as Record<string, any>;
      const q = patientQuery(b);
      const name = typeof b.name === 'string' && b.name ? b.name : '测试患者';
      const patient = h.ensurePatient({ ...q, name });
      const items = (Array.isArray(b.items) && b.items.length ? b.items : [{ code: 'JY0001', quantity: 1 }]).map((i: { code: string; quantity?: number }) => {
        const c = h.catalogue(i.code);
        const quantity = Number.isInteger(i.quantity) && (i.quantity as number) > 0 ? (i.quantity as number) : 1;
        return { code: c.code, name: c.name, spec: c.spec, unit: c.unit, unitPriceFen: c.unitPriceFen, quantity, amountFen: c.unitPriceFen * quantity };
      });
      const bill = h.addBill(
        patient,
        typeof b.hospitalId === 'string' ? b.hospitalId : 'H001',
        typeof b.department === 'string' ? b.department : '全科医疗科',
        typeof b.category === 'string' ? b.category : '检验费',
        items,
      );
      ctx.status = 201;
      ctx.body = billView(ctx, bill);
    }),
  );

  /** The patient paid this bill at the hospital's window. */
  r.post(
    '/sandbox/bills/:billNo/pay-at-window',
    handle((ctx, h) => {
      ctx.body = billView(ctx, h.payAtWindow(ctx.params.billNo));
    }),
  );

  return r;
}
