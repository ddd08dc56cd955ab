import { In, type DataSource, type EntityManager } from 'typeorm';
import type { AdmissionDetail, AdmissionList, DailyList, DepositView, TopUpResponse } from '@healthpocket/shared-types';
import type { Audit, Scope } from '../../audit/audit';
import type { FieldCrypto } from '../../crypto/field-crypto';
import { newId } from '../../db/columns';
import type { Tx } from '../../db/data-source';
import type { FamilyMember } from '../../db/entities';
import { AppError, errors } from '../../errors';
import type { Logger } from '../../logger';
import type { Outbox } from '../../outbox/outbox';
import { HisRefusal } from '../bills/his-bills';
import { hisPatientOf } from '../bills/patient';
import type { FamilyService } from '../family/service';
import { toChinaIso } from '@healthpocket/shared-types';
import type { OrderRecord, PaymentsPort } from '../payments/port';
import { InpatientDeposit } from './entities';
import type { HisAdmission, HisInpatientClient } from './his-inpatient';
import { admissionView, hisDepositView, localDepositView } from './presenters';

const CREDIT_TOPIC = 'his.inpatient.credit';

export interface InpatientDeps {
  ds: DataSource;
  tx: Tx;
  his: HisInpatientClient;
  family: FamilyService;
  payments: Pick<PaymentsPort, 'registerPurpose' | 'createOrder' | 'view' | 'close' | 'requestRefundLater' | 'ordersById'>;
  outbox: Outbox;
  audit: Audit;
  crypto: FieldCrypto;
  logger: Logger;
}

/**
 * 住院服务: for a member in hospital, the deposit account (预交金) as the HIS keeps it, a top-up
 * through WeChat Pay, and the daily itemised list (住院日清单). A top-up is one payment order
 * (purpose `inpatient`); on PAID the HIS is told through the outbox (credit, idempotent per trade
 * number) until it answers its receipt, so a deposit is credited exactly once whatever the
 * duplicates and crashes. A hospital that refuses it (discharged meanwhile) gets the money sent back.
 */
export class InpatientService {
  constructor(private readonly d: InpatientDeps) {
    this.d.payments.registerPurpose('inpatient', {
      onPaid: (order, m) => this.onPaid(order, m),
      onClosed: (order, m) => this.onClosed(order, m),
      onRefunded: (order, _fen, m) => this.onRefunded(order, m),
    });
    this.d.outbox.register<{ orderId: string }>(CREDIT_TOPIC, (p) => this.creditAtHis(p.orderId));
  }

  /** A HIS read refused: the admission is gone (404) or the HIS cannot answer now. */
  private async hisRead<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (!(e instanceof HisRefusal)) throw e;
      if (e.status === 404) throw errors.notFound('没有找到该住院记录');
      this.d.logger.warn({ hisStatus: e.status, hisCode: e.hisCode }, 'HIS refused an inpatient read');
      throw errors.upstreamUnavailable('医院住院系统暂时无法查询，请稍后再试');
    }
  }

  /** The member (policy: 代办缴费, proxy) and their admissions at the HIS. */
  private async admissionsOf(scope: Scope, memberId: string): Promise<{ member: FamilyMember; admissions: HisAdmission[] }> {
    const member = await this.d.family.memberFor(scope, memberId, 'proxy');
    const patient = await hisPatientOf(this.d, scope, member);
    return { member, admissions: await this.hisRead(() => this.d.his.admissions(patient)) };
  }

  /** One admission of the member; another patient's admission number is simply not found. */
  private async admissionOf(scope: Scope, memberId: string, admissionNo: string) {
    const { member, admissions } = await this.admissionsOf(scope, memberId);
    const admission = admissions.find((a) => a.admissionNo === admissionNo);
    if (!admission) throw errors.notFound('没有找到该住院记录');
    return { member, admission };
  }

  /** Paid here, not yet credited by the hospital, per admission. */
  private async crediting(admissionNos: string[]): Promise<Map<string, number>> {
    const rows = admissionNos.length ? await this.d.ds.getRepository(InpatientDeposit).findBy({ admissionNo: In(admissionNos), state: 'paid' }) : [];
    const out = new Map<string, number>();
    for (const r of rows) out.set(r.admissionNo, (out.get(r.admissionNo) ?? 0) + r.amountFen);
    return out;
  }

  async list(scope: Scope, memberId: string): Promise<AdmissionList> {
    const { member, admissions } = await this.admissionsOf(scope, memberId);
    const crediting = await this.crediting(admissions.map((a) => a.admissionNo));
    // Where the member is in hospital, and for which department: a health read, audited.
    await this.d.audit.record(scope, { action: 'inpatient.list', subjectType: 'member', subjectId: member.id, detail: { count: admissions.length } });
    return { memberId: member.id, memberName: member.name, items: admissions.map((a) => admissionView(a, crediting.get(a.admissionNo) ?? 0)) };
  }

  /** The account and every deposit: the hospital's (window and online) and this app's not yet credited. */
  async detail(scope: Scope, memberId: string, admissionNo: string): Promise<AdmissionDetail> {
    const { member, admission } = await this.admissionOf(scope, memberId, admissionNo);
    const hisDeposits = await this.hisRead(() => this.d.his.deposits(admission.admissionNo));
    const local = await this.d.ds.getRepository(InpatientDeposit).find({ where: { admissionNo: admission.admissionNo }, order: { createdAt: 'DESC' } });
    const orders = await this.d.payments.ordersById(local.map((d) => d.orderId));
    const orderOf = new Map(orders.map((o) => [o.id, o]));
    const byTrade = new Map(orders.map((o) => [o.outTradeNo, o]));
    const own = (o: OrderRecord | undefined) => (o && o.userId === scope.actor.userId ? o.id : null);
    const deposits: DepositView[] = hisDeposits.map((d) => hisDepositView(d, own(d.tradeNo ? byTrade.get(d.tradeNo) : undefined)));
    const now = Date.now();
    for (const d of local) {
      const o = orderOf.get(d.orderId);
      if (!o || d.state === 'credited' || d.state === 'released') continue;
      // Someone else's open order is theirs to finish; only money already taken concerns everyone.
      if (d.state === 'pending' && (o.userId !== scope.actor.userId || o.state !== 'CREATED' || o.expiresAt.getTime() <= now)) continue;
      deposits.push(localDepositView(d, o, own(o)));
    }
    // What is still on its way first, then newest first.
    const settled = (d: DepositView) => (d.status === 'credited' || d.status === 'refunded' ? 1 : 0);
    const at = (d: DepositView) => Date.parse(d.paidAt ?? d.createdAt);
    deposits.sort((a, b) => settled(a) - settled(b) || at(b) - at(a));
    const crediting = await this.crediting([admission.admissionNo]);
    await this.d.audit.record(scope, { action: 'inpatient.view', subjectType: 'member', subjectId: member.id, detail: { admissionNo: admission.admissionNo } });
    return { memberId: member.id, memberName: member.name, admission: admissionView(admission, crediting.get(admission.admissionNo) ?? 0), deposits };
  }

  /** 住院日清单 of one day (the newest when none is asked for), with the stay's days and totals. */
  async daily(scope: Scope, memberId: string, admissionNo: string, date: string | undefined): Promise<DailyList> {
    const { member, admission } = await this.admissionOf(scope, memberId, admissionNo);
    const days = await this.hisRead(() => this.d.his.days(admission.admissionNo));
    const shown = date ?? days[0]?.date ?? null;
    const items = shown && days.some((d) => d.date === shown) ? await this.hisRead(() => this.d.his.chargesOn(admission.admissionNo, shown)) : [];
    const categories = new Map<string, number>();
    for (const i of items) categories.set(i.category, (categories.get(i.category) ?? 0) + i.amountFen);
    // The list names drugs and examinations: a health read, audited.
    await this.d.audit.record(scope, { action: 'inpatient.daily.view', subjectType: 'member', subjectId: member.id, detail: { admissionNo: admission.admissionNo, date: shown } });
    return {
      admissionNo: admission.admissionNo,
      days,
      date: shown,
      items: items.map(({ category, name, spec, unit, quantity, unitPriceFen, amountFen }) => ({ category, name, spec, unit, quantity, unitPriceFen, amountFen })),
      categories: [...categories].map(([category, amountFen]) => ({ category, amountFen })),
      totalFen: items.reduce((n, i) => n + i.amountFen, 0),
    };
  }

  /** A top-up order for an admission in hospital, within the hospital's rule; the actor's earlier open one is closed. */
  async topUp(scope: Scope, input: { memberId: string; admissionNo: string; amountFen: number }): Promise<TopUpResponse> {
    const { member, admission } = await this.admissionOf(scope, input.memberId, input.admissionNo);
    if (admission.status !== 'in_hospital') throw errors.of('ADMISSION_CLOSED');
    const { minFen, maxFen } = admission.depositRule;
    if (input.amountFen < minFen || input.amountFen > maxFen) {
      throw errors.of('DEPOSIT_AMOUNT_OUT_OF_RANGE', `${admission.hospitalName}单笔预交金可缴纳${minFen / 100}元至${maxFen / 100}元`, { minFen, maxFen });
    }
    // One open top-up per resident and admission: an earlier unpaid one is given up (at WeChat too).
    const open = await this.d.ds.getRepository(InpatientDeposit).findBy({ userId: scope.actor.userId, admissionNo: admission.admissionNo, state: 'pending' });
    for (const d of open) {
      try {
        await this.d.payments.close(d.orderId, 'superseded');
      } catch (e) {
        // Paid meanwhile: it is on its way to the hospital; the new top-up is a separate one.
        if (!(e instanceof AppError && (e.code === 'ORDER_ALREADY_PAID' || e.code === 'ORDER_NOT_CANCELLABLE'))) throw e;
      }
    }
    const { order, deposit } = await this.d.tx.run(async (m) => {
      const o = await this.d.payments.createOrder(
        scope,
        { purpose: 'inpatient', refIds: [admission.admissionNo], memberId: member.id, amountFen: input.amountFen, description: `${admission.hospitalName}住院预交金` },
        m,
      );
      const row = m.getRepository(InpatientDeposit).create({
        id: newId(),
        orderId: o.id,
        userId: scope.actor.userId,
        memberId: member.id,
        admissionNo: admission.admissionNo,
        hospitalId: admission.hospitalId,
        amountFen: input.amountFen,
        state: 'pending',
        receiptNo: null,
        creditedAt: null,
      });
      await m.getRepository(InpatientDeposit).insert(row);
      return { order: o, deposit: await m.getRepository(InpatientDeposit).findOneByOrFail({ id: row.id }) };
    });
    return { order: await this.d.payments.view(order), deposit: localDepositView(deposit, order, order.id) };
  }

  // ---- purpose handlers (inside the payment transition's transaction) --------------------------

  private async onPaid(order: OrderRecord, m: EntityManager): Promise<void> {
    await m.getRepository(InpatientDeposit).update({ orderId: order.id, state: 'pending' }, { state: 'paid' });
    await this.d.outbox.enqueue(m, CREDIT_TOPIC, { orderId: order.id }, `${CREDIT_TOPIC}:${order.id}`);
  }

  private async onClosed(order: OrderRecord, m: EntityManager): Promise<void> {
    await m.getRepository(InpatientDeposit).update({ orderId: order.id, state: 'pending' }, { state: 'released' });
  }

  private async onRefunded(order: OrderRecord, m: EntityManager): Promise<void> {
    if (order.refundedFen < order.amountFen) return;
    await m.getRepository(InpatientDeposit).update({ orderId: order.id, state: In(['paid', 'rejected', 'credited']) }, { state: 'refunded' });
  }

  // ---- outbox delivery ------------------------------------------------------------------------

  /** 预交金入账 at the HIS: retried by the outbox until it answers; the HIS credits a trade number once. */
  private async creditAtHis(orderId: string): Promise<void> {
    const [order] = await this.d.payments.ordersById([orderId]);
    const deposit = await this.d.ds.getRepository(InpatientDeposit).findOneBy({ orderId });
    if (!order || !order.paidAt || !deposit || deposit.state !== 'paid') return;
    try {
      const r = await this.d.his.credit({
        admissionNo: deposit.admissionNo,
        tradeNo: order.outTradeNo,
        transactionId: order.transactionId,
        amountFen: deposit.amountFen,
        paidAt: toChinaIso(order.paidAt, 'ms'),
      });
      await this.d.ds.getRepository(InpatientDeposit).update({ id: deposit.id, state: 'paid' }, { state: 'credited', receiptNo: r.receiptNo, creditedAt: new Date() });
    } catch (e) {
      if (!(e instanceof HisRefusal) || e.status >= 500) throw e; // HIS unreachable: the outbox retries
      this.d.logger.error({ orderId, hisStatus: e.status, hisCode: e.hisCode }, 'HIS refused the deposit; refunding the payment');
      await this.d.tx.run(async (m) => {
        const u = await m.getRepository(InpatientDeposit).update({ id: deposit.id, state: 'paid' }, { state: 'rejected' });
        if (!u.affected) return;
        await this.d.payments.requestRefundLater(m, { orderId, amountFen: deposit.amountFen, reason: '医院未能入账本次住院预交金，已自动退款', refundKey: 'his-rejected' });
      });
    }
  }
}
