import { createHash, randomInt } from 'node:crypto';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { MAX_DESCRIPTION_CHARS, type CloseReason, type PaymentOrderList, type PaymentOrderView, type PaymentPurpose, type PrepayResponse, type RefundView } from '@healthpocket/shared-types';
import type { Audit, Scope } from '../../audit/audit';
import type { Config } from '../../config';
import { newId } from '../../db/columns';
import type { Tx } from '../../db/data-source';
import { FamilyMember, User } from '../../db/entities';
import { lockRow } from '../../db/lock';
import { AppError, errors } from '../../errors';
import type { Logger } from '../../logger';
import type { Notices } from '../messages';
import type { Outbox } from '../../outbox/outbox';
import { authorize } from '../../policies';
import type { FamilyService } from '../family/service';
import { WechatPayClient, WechatPayError } from '../../wechat/pay/client';
import type { WxTransaction } from '../../wechat/pay/types';
import { PaymentOrder, PaymentRefund } from './entities';
import { NotifyVerifier } from './notify';
import { presentOrder, presentRefund } from './presenters';
import { ORDER_MEMBER_PURPOSES, PurposeRegistry } from './purposes';
import type { CreateOrderInput, PaymentsPort, PurposeHandlers, RefundInput } from './port';
import { Transitions, type Applied } from './transitions';
import { Reconciler } from './reconcile';

const ALNUM = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
/** A prepay_id lives 2 hours at WeChat; reuse one only while it has a comfortable margin left. */
const PREPAY_REUSE_MS = 110 * 60_000;

/** out_trade_no: HP + China time (yyyyMMddHHmmss) + 16 random characters = 32, within WeChat's 6–32. */
function newOutTradeNo(now = Date.now()): string {
  const t = new Date(now + 8 * 3600_000).toISOString().replace(/\D/g, '').slice(0, 14);
  return `HP${t}${Array.from({ length: 16 }, () => ALNUM[randomInt(ALNUM.length)]).join('')}`;
}

/** out_refund_no: deterministic from (order, refundKey), so a retried refund is the same refund at WeChat. */
function outRefundNoFor(orderId: string, refundKey: string): string {
  return `RF${createHash('sha256').update(`${orderId}\n${refundKey}`).digest('hex').slice(0, 30).toUpperCase()}`;
}

const systemScope: Scope = { actor: { userId: '', roles: ['admin'] }, requestId: 'system' };

/**
 * Payments through WeChat Pay v3: orders with a safe state machine, JSAPI prepay, the notify
 * endpoint, reconciliation, refunds. Purposes (bills, registration, vaccines) register handlers
 * that run inside the transaction of each transition.
 */
export class PaymentsService implements PaymentsPort {
  readonly purposes = new PurposeRegistry();
  readonly transitions: Transitions;
  readonly client: WechatPayClient | null;
  private readonly verifier: NotifyVerifier | null;
  private readonly reconciler: Reconciler;

  constructor(
    private readonly ds: DataSource,
    private readonly tx: Tx,
    private readonly config: Config,
    private readonly logger: Logger,
    private readonly family: FamilyService,
    private readonly audit: Audit,
    private readonly outbox: Outbox,
    notices: Notices,
  ) {
    const keys = config.payments.keys;
    this.client = keys ? new WechatPayClient(keys, config.wechat.appid, config.wechatPayApiBase, config.upstreamTimeoutMs, logger) : null;
    this.verifier = keys ? new NotifyVerifier(keys, config.payments.notifyMaxSkewSeconds, logger) : null;
    this.transitions = new Transitions(tx, this.purposes, outbox, audit, logger, notices);
    this.reconciler = new Reconciler(ds, this, logger, config.payments);
    outbox.register<RefundInput>('payments.refund', async (p) => {
      try {
        await this.refund(p);
      } catch (e) {
        // A refusal retrying cannot change (nothing left to refund, key reused …): log it for a
        // person and consume the message; anything else (WeChat down) is retried by the outbox.
        if (e instanceof AppError && e.status < 500) {
          this.logger.error({ orderId: p.orderId, refundKey: p.refundKey, errorCode: e.code }, 'requested refund refused; needs a person to look at it');
          return;
        }
        throw e;
      }
    });
  }

  get notifyUrl(): string {
    return `${this.config.publicBaseUrl.replace(/\/$/, '')}/api/v1/payments/wechat/notify`;
  }

  get job() {
    return this.reconciler.job;
  }

  /** Orders per state (the payment-orders metric). */
  async countByState(): Promise<Array<{ state: string; count: number }>> {
    const rows = await this.ds
      .getRepository(PaymentOrder)
      .createQueryBuilder('o')
      .select('o.state', 'state')
      .addSelect('COUNT(*)', 'count')
      .groupBy('o.state')
      .getRawMany<{ state: string; count: string | number }>();
    return rows.map((r) => ({ state: r.state, count: Number(r.count) }));
  }

  registerPurpose(purpose: PaymentPurpose, handlers: PurposeHandlers): void {
    this.purposes.register(purpose, handlers);
  }

  private requireClient(): WechatPayClient {
    if (!this.client) throw errors.of('PAYMENT_NOT_CONFIGURED');
    return this.client;
  }

  // ---- orders ------------------------------------------------------------------------------

  /** A new order in CREATED for a member the actor may act for; inside `m` when given. */
  async createOrder(scope: Scope, input: CreateOrderInput, m?: EntityManager): Promise<PaymentOrder> {
    if (!this.purposes.has(input.purpose)) throw new Error(`payment purpose ${input.purpose} has no registered handlers`);
    if (!Number.isInteger(input.amountFen) || input.amountFen <= 0 || input.amountFen > 100_000_000) {
      throw errors.badInput([{ path: 'amountFen', message: '支付金额应为正整数（分）' }], '支付金额有误');
    }
    const description = input.description.trim();
    if (!description || [...description].length > MAX_DESCRIPTION_CHARS) {
      throw errors.badInput([{ path: 'description', message: `商品描述应为1到${MAX_DESCRIPTION_CHARS}个字` }]);
    }
    if (!Array.isArray(input.refIds) || input.refIds.some((r) => typeof r !== 'string' || !r || r.length > 64)) {
      throw errors.badInput([{ path: 'refIds', message: '关联单号有误' }]);
    }
    const minutes = Math.min(120, Math.max(1, Math.floor(input.expiresInMinutes ?? this.config.payments.orderTtlMinutes)));
    const create = async (em: EntityManager) => {
      // The module that asks for the order decided its own purpose; here: the member is the actor's to pay for.
      const member = await this.family.memberFor(scope, input.memberId, input.purpose === 'registration' ? 'book' : 'proxy', em);
      const order = em.getRepository(PaymentOrder).create({
        id: newId(),
        outTradeNo: newOutTradeNo(),
        userId: scope.actor.userId,
        memberId: member.id,
        purpose: input.purpose,
        refIds: input.refIds,
        amountFen: input.amountFen,
        refundedFen: 0,
        description,
        state: 'CREATED',
        expiresAt: new Date(Date.now() + minutes * 60_000),
        prepayId: null,
        prepayExpiresAt: null,
        transactionId: null,
        paidAt: null,
        closedAt: null,
        closeReason: null,
        anomaly: null,
      });
      await em.getRepository(PaymentOrder).insert(order);
      await this.audit.record(scope, { action: 'payment.order.create', subjectType: 'payment_order', subjectId: order.id, detail: { purpose: order.purpose, amountFen: order.amountFen } }, em);
      return em.getRepository(PaymentOrder).findOneByOrFail({ id: order.id });
    };
    return m ? create(m) : this.tx.run(create);
  }

  /** The order if the actor may see it (its creator, while the member policy allows; see ORDER_MEMBER_PURPOSES); otherwise 404. */
  async orderFor(scope: Scope, orderId: string): Promise<PaymentOrder> {
    const order = await this.ds.getRepository(PaymentOrder).findOneBy({ id: orderId });
    if (!order) throw errors.notFound('没有找到该订单');
    await authorize(scope.actor, 'payment.view', order);
    // What the order is for decides what the member policy must still grant for its member.
    for (const purpose of ORDER_MEMBER_PURPOSES[order.purpose]) await this.family.resourceFor(scope, order, purpose);
    return order;
  }

  async ordersById(ids: string[]): Promise<PaymentOrder[]> {
    return ids.length ? this.ds.getRepository(PaymentOrder).findBy({ id: In(ids) }) : [];
  }

  async refundById(id: string): Promise<PaymentRefund | null> {
    return this.ds.getRepository(PaymentRefund).findOneBy({ id });
  }

  async view(order: PaymentOrder): Promise<PaymentOrderView> {
    const refunds = await this.ds.getRepository(PaymentRefund).findBy({ orderId: order.id });
    const member = await this.ds.getRepository(FamilyMember).findOne({ where: { id: order.memberId }, withDeleted: true });
    return presentOrder(order, refunds, member?.name ?? null);
  }

  async get(scope: Scope, orderId: string): Promise<PaymentOrderView> {
    return this.view(await this.orderFor(scope, orderId));
  }

  /** The orders the member policy still lets the actor see (ORDER_MEMBER_PURPOSES), in order. */
  private async reachable(scope: Scope, orders: PaymentOrder[]): Promise<PaymentOrder[]> {
    const ok = await Promise.all(
      orders.map(async (o) => {
        for (const purpose of ORDER_MEMBER_PURPOSES[o.purpose]) if (!(await this.family.reaches(scope, o, purpose))) return false;
        return true;
      }),
    );
    return orders.filter((_, i) => ok[i]);
  }

  /** The actor's payment history, newest first, optionally for one member. */
  async list(scope: Scope, q: { memberId?: string; cursor?: string; limit: number }): Promise<PaymentOrderList> {
    // The actor's own orders: what they paid they may see, as the route's purpose (book) says.
    if (q.memberId) await this.family.memberFor(scope, q.memberId, 'book');
    const qb = this.ds
      .getRepository(PaymentOrder)
      .createQueryBuilder('o')
      .where('o.userId = :userId', { userId: scope.actor.userId })
      .orderBy('o.createdAt', 'DESC')
      .addOrderBy('o.id', 'DESC')
      .take(q.limit + 1);
    if (q.memberId) qb.andWhere('o.memberId = :memberId', { memberId: q.memberId });
    if (q.cursor) {
      const [iso, id] = Buffer.from(q.cursor, 'base64url').toString('utf8').split('|');
      const at = new Date(iso);
      if (!id || Number.isNaN(at.getTime())) throw errors.badInput([{ path: 'cursor', message: '分页参数无效' }]);
      qb.andWhere('(o.createdAt < :at OR (o.createdAt = :at AND o.id < :id))', { at, id });
    }
    const rows = await qb.getMany();
    // The cursor follows the rows; the page shows only what each order's own id would open (orderFor).
    const last = rows.slice(0, q.limit).at(-1);
    const page = await this.reachable(scope, rows.slice(0, q.limit));
    const refunds = page.length ? await this.ds.getRepository(PaymentRefund).findBy({ orderId: In(page.map((o) => o.id)) }) : [];
    const members = page.length ? await this.ds.getRepository(FamilyMember).find({ where: { id: In([...new Set(page.map((o) => o.memberId))]) }, withDeleted: true }) : [];
    const names = new Map(members.map((mm) => [mm.id, mm.name]));
    return {
      items: page.map((o) =>
        presentOrder(
          o,
          refunds.filter((r) => r.orderId === o.id),
          names.get(o.memberId) ?? null,
        ),
      ),
      nextCursor: rows.length > q.limit && last ? Buffer.from(`${last.createdAt.toISOString()}|${last.id}`).toString('base64url') : null,
    };
  }

  // ---- prepay ------------------------------------------------------------------------------

  /** JSAPI prepay for the order (reusing a still-valid prepay_id) and the signed wx.requestPayment parameters. */
  async prepay(scope: Scope, orderId: string): Promise<PrepayResponse> {
    const client = this.requireClient();
    let order = await this.orderFor(scope, orderId);
    this.assertPayable(order);
    if (order.expiresAt.getTime() <= Date.now() + 30_000) {
      void this.close(order.id, 'expired').catch(() => undefined);
      throw errors.of('ORDER_EXPIRED');
    }
    let prepayId = order.prepayId && order.prepayExpiresAt && order.prepayExpiresAt.getTime() > Date.now() ? order.prepayId : null;
    if (!prepayId) {
      const user = await this.ds.getRepository(User).findOneBy({ id: order.userId });
      if (!user) throw errors.notFound();
      try {
        prepayId = await client.prepay({
          outTradeNo: order.outTradeNo,
          description: order.description,
          amountFen: order.amountFen,
          openid: user.openid,
          notifyUrl: this.notifyUrl,
          timeExpire: order.expiresAt,
        });
      } catch (e) {
        if (e instanceof WechatPayError) return this.prepayRefused(order, e);
        throw e;
      }
      // Only a still-open order keeps the prepay id; one closed meanwhile is closed at WeChat too.
      const r = await this.ds
        .createQueryBuilder()
        .update(PaymentOrder)
        .set({ prepayId, prepayExpiresAt: new Date(Date.now() + PREPAY_REUSE_MS) })
        .where('id = :id AND state = :state', { id: order.id, state: 'CREATED' })
        .execute();
      if (r.affected !== 1) {
        await client.close(order.outTradeNo).catch(() => undefined);
        order = await this.orderFor(scope, orderId);
        this.assertPayable(order);
        throw errors.of('ORDER_CLOSED');
      }
    }
    return { orderId: order.id, outTradeNo: order.outTradeNo, prepayId, amountFen: order.amountFen, description: order.description, ...client.paymentParams(prepayId) };
  }

  private assertPayable(order: PaymentOrder): void {
    if (order.state === 'CLOSED') throw errors.of(order.closeReason === 'expired' ? 'ORDER_EXPIRED' : 'ORDER_CLOSED');
    if (order.state !== 'CREATED') throw errors.of('ORDER_ALREADY_PAID');
  }

  private async prepayRefused(order: PaymentOrder, e: WechatPayError): Promise<never> {
    this.logger.warn({ orderId: order.id, status: e.status, wxCode: e.code }, 'wechat pay refused prepay');
    if (e.code === 'ORDERPAID' || e.code === 'ORDER_PAID') {
      await this.syncFromWechat(order);
      throw errors.of('ORDER_ALREADY_PAID');
    }
    if (e.code === 'ORDER_CLOSED') {
      await this.transitions.closed(order.id, order.expiresAt.getTime() <= Date.now() ? 'expired' : 'cancelled');
      throw errors.of('ORDER_CLOSED');
    }
    throw errors.of('PAYMENT_UNAVAILABLE');
  }

  // ---- WeChat's truth ------------------------------------------------------------------------

  /**
   * Applies a transaction WeChat reported (notify or query) after matching it to the order:
   * mchid, appid, out_trade_no and amount must all agree, or nothing changes.
   */
  async applyTransaction(t: WxTransaction, source: 'notify' | 'query'): Promise<Applied> {
    const keys = this.config.payments.keys!;
    const order = await this.ds.getRepository(PaymentOrder).findOneBy({ outTradeNo: t.out_trade_no });
    const mismatch = (reason: string): never => {
      this.logger.error({ source, reason, outTradeNo: t.out_trade_no, orderId: order?.id }, 'wechat pay transaction does not match the order');
      throw errors.of('NOTIFY_MISMATCH');
    };
    if (!order) return mismatch('unknown out_trade_no');
    if (t.mchid !== keys.mchid) return mismatch('mchid');
    if (t.appid !== this.config.wechat.appid) return mismatch('appid');
    if (t.amount.total !== order.amountFen) return mismatch('amount');
    if (t.amount.currency && t.amount.currency !== 'CNY') return mismatch('currency');
    if (t.trade_state === 'SUCCESS' || t.trade_state === 'REFUND') {
      if (!t.transaction_id) return mismatch('no transaction_id');
      const paidAt = t.success_time && !Number.isNaN(Date.parse(t.success_time)) ? new Date(t.success_time) : new Date();
      const applied = await this.transitions.paid(order.id, { transactionId: t.transaction_id, paidAt });
      this.logger.info({ source, orderId: order.id, applied }, 'payment success applied');
      return applied;
    }
    if (source === 'notify') return 'ignored';
    if (t.trade_state === 'CLOSED' || t.trade_state === 'REVOKED') return this.transitions.closed(order.id, order.expiresAt.getTime() <= Date.now() ? 'expired' : 'cancelled');
    return 'ignored';
  }

  /** Asks WeChat about the order and applies what it says (used before refusing, and by reconciliation). */
  async syncFromWechat(order: PaymentOrder): Promise<WxTransaction | null> {
    const t = await this.requireClient().query(order.outTradeNo);
    if (t) await this.applyTransaction(t, 'query');
    return t;
  }

  /** POST /api/v1/payments/wechat/notify: verified, matched, applied; resolves only after the commit. */
  async handleNotify(rawBody: string | undefined, header: (name: string) => string, requestId: string): Promise<void> {
    if (!this.verifier) throw errors.of('PAYMENT_NOT_CONFIGURED');
    const n = this.verifier.verify(rawBody, header, requestId);
    if (n.kind === 'transaction') {
      if (n.event !== 'TRANSACTION.SUCCESS' || (n.transaction.trade_state !== 'SUCCESS' && n.transaction.trade_state !== 'REFUND')) {
        this.logger.info({ requestId, event: n.event }, 'transaction notify without success: acknowledged');
        return;
      }
      await this.applyTransaction(n.transaction, 'notify');
      return;
    }
    if (n.kind === 'refund') {
      const r = n.refund;
      const refund = await this.ds.getRepository(PaymentRefund).findOneBy({ outRefundNo: r.out_refund_no });
      const order = refund ? await this.ds.getRepository(PaymentOrder).findOneBy({ id: refund.orderId }) : null;
      const bad =
        !refund || !order || r.mchid !== this.config.payments.keys!.mchid || r.out_trade_no !== order.outTradeNo || r.amount.refund !== refund.amountFen || r.amount.total !== order.amountFen;
      if (bad) {
        this.logger.error({ requestId, outRefundNo: r.out_refund_no, orderId: order?.id }, 'refund notify does not match our refund');
        throw errors.of('NOTIFY_MISMATCH');
      }
      await this.transitions.refundFinished(refund.id, r.refund_status, r.success_time ? new Date(r.success_time) : null, r.refund_id);
      return;
    }
    this.logger.info({ requestId, event: n.event }, 'unhandled wechat pay event acknowledged');
  }

  // ---- closing -----------------------------------------------------------------------------

  /**
   * Closes an unpaid order at WeChat, then here (onClosed runs). If WeChat says it was paid
   * meanwhile, the payment is applied instead and ORDER_ALREADY_PAID is thrown.
   */
  async close(orderId: string, reason: CloseReason = 'cancelled'): Promise<void> {
    const order = await this.ds.getRepository(PaymentOrder).findOneBy({ id: orderId });
    if (!order) throw errors.notFound('没有找到该订单');
    if (order.state === 'CLOSED') return;
    if (order.state !== 'CREATED') throw errors.of('ORDER_NOT_CANCELLABLE');
    if (order.prepayId) {
      const client = this.requireClient();
      const result = await client.close(order.outTradeNo);
      if (result === 'paid') {
        await this.syncFromWechat(order);
        throw errors.of('ORDER_ALREADY_PAID');
      }
    }
    await this.transitions.closed(order.id, reason);
    const after = await this.ds.getRepository(PaymentOrder).findOneByOrFail({ id: order.id });
    if (after.state !== 'CLOSED') throw errors.of(after.state === 'CREATED' ? 'ORDER_NOT_CANCELLABLE' : 'ORDER_ALREADY_PAID');
  }

  /** The resident gives up an unpaid order. */
  async cancel(scope: Scope, orderId: string): Promise<PaymentOrderView> {
    const order = await this.orderFor(scope, orderId);
    if (order.state === 'CLOSED') return this.view(order);
    if (order.state !== 'CREATED') throw errors.of('ORDER_NOT_CANCELLABLE');
    try {
      await this.close(order.id, 'cancelled');
    } catch (e) {
      if ((e as { code?: string }).code === 'ORDER_ALREADY_PAID') throw errors.of('ORDER_NOT_CANCELLABLE', '该订单已支付成功，不能取消');
      throw e;
    }
    await this.audit.record(scope, { action: 'payment.order.cancel', subjectType: 'payment_order', subjectId: order.id });
    return this.get(scope, order.id);
  }

  // ---- refunds -----------------------------------------------------------------------------

  /**
   * Refunds all or part of a paid order. Idempotent per refundKey: the same key gives the same
   * refund (and out_refund_no at WeChat); the same key with another amount is refused.
   */
  async refund(input: RefundInput, scope: Scope = systemScope): Promise<RefundView> {
    if (!Number.isInteger(input.amountFen) || input.amountFen <= 0) throw errors.badInput([{ path: 'amountFen', message: '退款金额应为正整数（分）' }]);
    const reason = input.reason.trim().slice(0, 80) || '退款';
    const prepared = await this.tx.run(async (m) => {
      const order = await lockRow(m, this.tx.dialect, PaymentOrder, input.orderId);
      if (!order) throw errors.notFound('没有找到该订单');
      const repo = m.getRepository(PaymentRefund);
      const existing = await repo.findOneBy({ orderId: order.id, refundKey: input.refundKey });
      if (existing) {
        if (existing.amountFen !== input.amountFen) throw errors.of('REFUND_KEY_REUSED');
        return { refund: existing, order, fresh: false };
      }
      if (!['PAID', 'PARTIALLY_REFUNDED', 'REFUNDING'].includes(order.state)) throw errors.of('REFUND_NOT_ALLOWED');
      const inFlight = (await repo.findBy({ orderId: order.id, state: 'PROCESSING' })).reduce((n, r) => n + r.amountFen, 0);
      if (input.amountFen > order.amountFen - order.refundedFen - inFlight) throw errors.of('REFUND_EXCEEDS_PAID');
      const refund = repo.create({
        id: newId(),
        orderId: order.id,
        refundKey: input.refundKey,
        outRefundNo: outRefundNoFor(order.id, input.refundKey),
        amountFen: input.amountFen,
        reason,
        state: 'PROCESSING',
        refundId: null,
        submitted: false,
        succeededAt: null,
        requestedBy: scope.actor.userId || null,
      });
      await repo.insert(refund);
      await m.getRepository(PaymentOrder).update({ id: order.id }, { state: 'REFUNDING' });
      await this.audit.record(
        scope,
        { action: 'payment.refund.request', subjectType: 'payment_order', subjectId: order.id, detail: { amountFen: input.amountFen, refundKey: input.refundKey, reason } },
        m,
      );
      return { refund: await repo.findOneByOrFail({ id: refund.id }), order, fresh: true };
    });
    if (prepared.refund.state === 'PROCESSING' && !prepared.refund.submitted)
      await this.submitRefund(prepared.refund.id).catch((e) => {
        // Not accepted yet: the reconciliation job submits it again (same out_refund_no).
        if (prepared.fresh && (e as { code?: string }).code === 'REFUND_NOT_ALLOWED') throw e;
        this.logger.warn({ refundId: prepared.refund.id, reason: (e as Error).message }, 'refund submission deferred');
      });
    return presentRefund(await this.ds.getRepository(PaymentRefund).findOneByOrFail({ id: prepared.refund.id }));
  }

  /** Sends a prepared refund to WeChat (again); applies an immediate result. */
  async submitRefund(refundId: string): Promise<void> {
    const client = this.requireClient();
    const refund = await this.ds.getRepository(PaymentRefund).findOneByOrFail({ id: refundId });
    const order = await this.ds.getRepository(PaymentOrder).findOneByOrFail({ id: refund.orderId });
    let wx;
    try {
      wx = await client.refund({
        outTradeNo: order.outTradeNo,
        outRefundNo: refund.outRefundNo,
        amountFen: refund.amountFen,
        totalFen: order.amountFen,
        reason: refund.reason,
        notifyUrl: this.notifyUrl,
      });
    } catch (e) {
      if (e instanceof WechatPayError) {
        // WeChat refused the refund itself (not a transient failure): it never happened.
        this.logger.error({ refundId, status: e.status, wxCode: e.code, wxMessage: e.message }, 'wechat pay refused the refund');
        await this.transitions.refundFinished(refund.id, 'CLOSED', null);
        throw errors.of('REFUND_NOT_ALLOWED', `微信支付未受理退款：${e.message || e.code}`);
      }
      throw e;
    }
    await this.ds.getRepository(PaymentRefund).update({ id: refund.id, state: 'PROCESSING' }, { submitted: true, refundId: wx.refund_id });
    if (wx.status !== 'PROCESSING') await this.transitions.refundFinished(refund.id, wx.status, wx.success_time ? new Date(wx.success_time) : null, wx.refund_id);
  }

  /** Inside a transaction (e.g. a purpose's handler): the refund is made after the commit, retried until WeChat accepts it. */
  async requestRefundLater(m: EntityManager, input: RefundInput): Promise<void> {
    await this.outbox.enqueue(m, 'payments.refund', { ...input }, `payments.refund:${input.orderId}:${input.refundKey}`);
  }

  // ---- reconciliation ------------------------------------------------------------------------

  /** One reconciliation pass (the job runs it on a timer; tests call it directly). */
  reconcileOnce() {
    return this.reconciler.runOnce();
  }
}
