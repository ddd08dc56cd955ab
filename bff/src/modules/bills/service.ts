import { In, type DataSource, type EntityManager } from 'typeorm';
import type { BillList, BillView, OrderBills, PayBillsResponse } from '@healthpocket/shared-types';
import type { Audit, Scope } from '../../audit/audit';
import type { FieldCrypto } from '../../crypto/field-crypto';
import { newId } from '../../db/columns';
import type { Tx } from '../../db/data-source';
import type { FamilyMember } from '../../db/entities';
import { AppError, errors } from '../../errors';
import type { Logger } from '../../logger';
import type { Outbox } from '../../outbox/outbox';
import type { FamilyService } from '../family/service';
import { toChinaIso } from '@healthpocket/shared-types';
import type { OrderRecord, PaymentsPort, RefundRecord } from '../payments/port';
import { BillCharge } from './entities';
import { HisRefusal, type HisBill, type HisBillsClient, type PatientQuery } from './his-bills';
import { chargeView, hisBillView } from './presenters';
import { hisPatientOf } from './patient';
import { isUniqueViolation } from '../../db/unique-violation';

/** An open order keeps its bills only while it can still be paid for a while. */
const REUSE_MARGIN_MS = 60_000;

/**
 * 诊间支付: the resident pays a member's outpatient bills (one or several, same hospital) in one
 * order. On PAID the HIS is told through the outbox (settle, idempotent per trade number) until it
 * acknowledges; its answer carries the e-invoice. If the hospital refuses (paid at the window
 * meanwhile), the money goes back automatically.
 */
export class BillsService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: Tx,
    private readonly his: HisBillsClient,
    private readonly family: FamilyService,
    private readonly payments: PaymentsPort,
    private readonly outbox: Outbox,
    private readonly audit: Audit,
    private readonly crypto: FieldCrypto,
    private readonly logger: Logger,
    /** The weapp's 业务域名: an invoice on one of them opens in a web-view (EInvoice.webView). */
    private readonly webViewDomains: readonly string[] = [],
  ) {
    payments.registerPurpose('bill', {
      onPaid: (order, m) => this.onPaid(order, m),
      onClosed: (order, m) => this.onClosed(order, m),
      onRefunded: (order, fen, m, refund) => this.onRefunded(order, m, refund),
    });
    outbox.register<{ orderId: string }>('his.bills.settle', (p) => this.settleWithHis(p.orderId));
    outbox.register<{ refundId: string; billNo: string }>('his.bills.refund', (p) => this.tellHisRefund(p.refundId, p.billNo));
  }

  private patientOf(scope: Scope, member: FamilyMember): Promise<PatientQuery> {
    return hisPatientOf({ ds: this.ds, family: this.family, crypto: this.crypto }, scope, member);
  }

  private async activeCharges(billNos: string[]): Promise<Array<{ charge: BillCharge; order: OrderRecord }>> {
    if (!billNos.length) return [];
    const charges = await this.ds.getRepository(BillCharge).findBy({ activeBillNo: In(billNos) });
    const orders = await this.payments.ordersById([...new Set(charges.map((c) => c.orderId))]);
    return charges.map((charge) => ({ charge, order: orders.find((o) => o.id === charge.orderId)! }));
  }

  async list(scope: Scope, memberId: string, status: 'unpaid' | 'paid'): Promise<BillList> {
    const member = await this.family.memberFor(scope, memberId, 'proxy');
    const patient = await this.patientOf(scope, member);
    const hisBills = await this.his.bills(patient, status);
    const active = await this.activeCharges(hisBills.map((b) => b.billNo));
    const now = Date.now();
    const items: BillView[] = hisBills.map((b) => {
      const a = active.find((x) => x.charge.billNo === b.billNo);
      if (b.status !== 'unpaid' || !a) return hisBillView(b, null, this.webViewDomains);
      if (a.charge.state === 'pending' && a.order.state === 'CREATED' && a.order.expiresAt.getTime() > now) return hisBillView(b, { status: 'paying', orderId: a.order.id }, this.webViewDomains);
      if (a.charge.state === 'paid' || a.charge.state === 'confirmed') return hisBillView(b, { status: 'confirming', orderId: a.order.id }, this.webViewDomains);
      return hisBillView(b, null, this.webViewDomains);
    });
    if (status === 'paid') {
      // Paid here but not yet confirmed by the hospital: the HIS still lists them as unpaid.
      const confirming = await this.ds.getRepository(BillCharge).find({ where: { memberId: member.id, state: 'paid' }, order: { createdAt: 'DESC' } });
      for (const c of confirming) if (!items.some((i) => i.billNo === c.billNo)) items.push(chargeView(c, 'confirming', this.webViewDomains));
      items.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    }
    await this.audit.record(scope, { action: 'bill.list', subjectType: 'member', subjectId: member.id, detail: { status, count: items.length } });
    return { memberId: member.id, memberName: member.name, items };
  }

  /** One order for the chosen bills; the same open order again for the same bills (a retry). */
  async pay(scope: Scope, input: { memberId: string; billNos: string[] }): Promise<PayBillsResponse> {
    const member = await this.family.memberFor(scope, input.memberId, 'proxy');
    const patient = await this.patientOf(scope, member);
    const unpaid = new Map((await this.his.bills(patient, 'unpaid')).map((b) => [b.billNo, b]));
    const active = await this.activeCharges(input.billNos);
    for (const { charge } of active) if (charge.state === 'paid' || charge.state === 'confirmed') throw errors.of('BILL_ALREADY_PAID');
    const chosen: HisBill[] = input.billNos.map((no) => {
      const b = unpaid.get(no);
      if (!b) throw errors.of('BILL_ALREADY_PAID', '所选账单已缴费或已失效，请刷新后重试');
      return b;
    });
    if (new Set(chosen.map((b) => b.hospitalId)).size > 1) throw errors.of('BILLS_MIXED_HOSPITALS');

    const now = Date.now();
    const sameSet = (o: OrderRecord) => o.refIds.length === input.billNos.length && input.billNos.every((b) => o.refIds.includes(b));
    for (const { order } of active) {
      if (order.state !== 'CREATED') continue;
      if (order.userId === scope.actor.userId && order.memberId === member.id && sameSet(order) && order.expiresAt.getTime() > now + REUSE_MARGIN_MS) {
        return { order: await this.payments.view(order), bills: chosen.map((b) => hisBillView(b, { status: 'paying', orderId: order.id }, this.webViewDomains)) };
      }
      if (order.expiresAt.getTime() <= now + REUSE_MARGIN_MS || order.userId === scope.actor.userId) {
        // The resident's own earlier order for other bills, or one about to expire: close it (at WeChat too) to free its bills.
        try {
          await this.payments.close(order.id, order.expiresAt.getTime() <= now ? 'expired' : 'superseded');
        } catch (e) {
          if (e instanceof AppError && e.code === 'ORDER_ALREADY_PAID') throw errors.of('BILL_ALREADY_PAID');
          throw e;
        }
        continue;
      }
      throw errors.of('BILL_IN_PAYMENT');
    }

    const total = chosen.reduce((n, b) => n + b.totalFen, 0);
    const hospitalName = chosen[0].hospitalName;
    try {
      const order = await this.tx.run(async (m) => {
        const o = await this.payments.createOrder(
          scope,
          { purpose: 'bill', refIds: input.billNos, memberId: member.id, amountFen: total, description: `${hospitalName}门诊缴费（${chosen.length}张账单）` },
          m,
        );
        for (const b of chosen) {
          await m.getRepository(BillCharge).insert({
            id: newId(),
            orderId: o.id,
            billNo: b.billNo,
            activeBillNo: b.billNo,
            memberId: member.id,
            hospitalId: b.hospitalId,
            amountFen: b.totalFen,
            snapshot: {
              hospitalName: b.hospitalName,
              departmentName: b.departmentName,
              doctorName: b.doctorName,
              category: b.category,
              visitDate: b.visitDate,
              createdAt: b.createdAt,
              items: b.items,
            },
            state: 'pending',
            settlementNo: null,
            invoiceCode: null,
            invoiceNumber: null,
            invoiceUrl: null,
            invoiceIssuedAt: null,
            confirmedAt: null,
          });
        }
        return o;
      });
      return { order: await this.payments.view(order), bills: chosen.map((b) => hisBillView(b, { status: 'paying', orderId: order.id }, this.webViewDomains)) };
    } catch (e) {
      // Another order took one of these bills at the same moment (the unique activeBillNo decided).
      if (isUniqueViolation(e)) throw errors.of('BILL_IN_PAYMENT');
      throw e;
    }
  }

  async orderBills(scope: Scope, orderId: string): Promise<OrderBills> {
    const order = await this.payments.orderFor(scope, orderId);
    const charges = await this.ds.getRepository(BillCharge).find({ where: { orderId: order.id }, order: { billNo: 'ASC' } });
    // Bill items name drugs and examinations: a health read, audited like the list.
    await this.audit.record(scope, { action: 'bill.order.view', subjectType: 'payment_order', subjectId: order.id, detail: { count: charges.length } });
    return { orderId: order.id, items: charges.map((c) => chargeView(c, null, this.webViewDomains, order)) };
  }

  /** An operator refunds one bill of a paid order (e.g. an examination that was cancelled). */
  async refundBill(scope: Scope, billNo: string, reason: string) {
    const charge = await this.ds.getRepository(BillCharge).findOne({ where: { billNo, state: In(['paid', 'confirmed']) } });
    if (!charge) throw errors.notFound('没有找到该账单的线上缴费记录');
    return this.payments.refund({ orderId: charge.orderId, amountFen: charge.amountFen, reason, refundKey: `bill:${billNo}` }, scope);
  }

  // ---- purpose handlers (inside the payment transition's transaction) --------------------------

  private async onPaid(order: OrderRecord, m: EntityManager): Promise<void> {
    await m.getRepository(BillCharge).update({ orderId: order.id, state: 'pending' }, { state: 'paid' });
    await this.outbox.enqueue(m, 'his.bills.settle', { orderId: order.id }, `his.bills.settle:${order.id}`);
  }

  private async onClosed(order: OrderRecord, m: EntityManager): Promise<void> {
    await m.getRepository(BillCharge).update({ orderId: order.id, state: 'pending' }, { state: 'released', activeBillNo: null });
  }

  private async onRefunded(order: OrderRecord, m: EntityManager, refund: RefundRecord): Promise<void> {
    const repo = m.getRepository(BillCharge);
    const charges = await repo.findBy({ orderId: order.id });
    const billNo = refund.refundKey.startsWith('bill:') ? refund.refundKey.slice(5) : null;
    const affected = billNo ? charges.filter((c) => c.billNo === billNo) : order.refundedFen >= order.amountFen ? charges : [];
    for (const c of affected) {
      if (c.state === 'refunded' || c.state === 'released') continue;
      if (c.state === 'confirmed') {
        // The hospital had issued the invoice: it must void it (红冲).
        await repo.update({ id: c.id }, { state: 'refunded' });
        await this.outbox.enqueue(m, 'his.bills.refund', { refundId: refund.id, billNo: c.billNo }, `his.bills.refund:${refund.id}:${c.billNo}`);
      } else {
        // Never settled at the hospital: the bill is simply unpaid there again.
        await repo.update({ id: c.id }, { state: 'refunded', activeBillNo: null });
      }
    }
  }

  // ---- outbox deliveries -------------------------------------------------------------------

  private async settleWithHis(orderId: string): Promise<void> {
    const [order] = await this.payments.ordersById([orderId]);
    if (!order || !order.paidAt) return;
    const charges = await this.ds.getRepository(BillCharge).find({ where: { orderId, state: 'paid' }, order: { billNo: 'ASC' } });
    if (!charges.length) return;
    const amountFen = charges.reduce((n, c) => n + c.amountFen, 0);
    try {
      const s = await this.his.settle({ tradeNo: order.outTradeNo, transactionId: order.transactionId, billNos: charges.map((c) => c.billNo), amountFen, paidAt: toChinaIso(order.paidAt, 'ms') });
      await this.ds.getRepository(BillCharge).update(
        { orderId, state: 'paid' },
        {
          state: 'confirmed',
          settlementNo: s.settlementNo,
          invoiceCode: s.invoice.code,
          invoiceNumber: s.invoice.number,
          invoiceUrl: s.invoice.url,
          invoiceIssuedAt: new Date(s.invoice.issuedAt),
          confirmedAt: new Date(),
        },
      );
    } catch (e) {
      if (!(e instanceof HisRefusal)) throw e; // HIS unreachable: the outbox retries
      this.logger.error({ orderId, hisStatus: e.status, hisCode: e.hisCode }, 'HIS refused the settlement; refunding the payment');
      await this.tx.run(async (m) => {
        const r = await m.getRepository(BillCharge).update({ orderId, state: 'paid' }, { state: 'rejected', activeBillNo: null });
        if (!r.affected) return;
        await this.payments.requestRefundLater(m, { orderId, amountFen, reason: '医院未能确认本次缴费，已自动退款', refundKey: 'his-rejected' });
      });
    }
  }

  private async tellHisRefund(refundId: string, billNo: string): Promise<void> {
    const refund = await this.payments.refundById(refundId);
    const charge = refund ? await this.ds.getRepository(BillCharge).findOneBy({ orderId: refund.orderId, billNo }) : null;
    const [order] = refund ? await this.payments.ordersById([refund.orderId]) : [];
    if (!refund || !charge || !order) return;
    try {
      await this.his.refund(billNo, { tradeNo: order.outTradeNo, refundNo: refund.outRefundNo, amountFen: charge.amountFen, reason: refund.reason });
    } catch (e) {
      if (!(e instanceof HisRefusal)) throw e;
      this.logger.error({ refundId, billNo, hisCode: e.hisCode }, 'HIS refused the refund notice; needs a person to reconcile');
    }
  }
}
