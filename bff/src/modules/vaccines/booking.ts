import { In, MoreThanOrEqual, type EntityManager } from 'typeorm';
import type { CreateVaccineAppointmentRequest, VaccineAppointmentList, VaccineAppointmentView } from '@healthpocket/shared-types';
import { ageOn } from '@healthpocket/shared-types';
import type { Scope } from '../../audit/audit';
import { derivedId, newId } from '../../db/columns';
import { lockRow } from '../../db/lock';
import { AppError, errors } from '../../errors';
import { authorize } from '../../policies';
import { isUniqueViolation } from '../../db/unique-violation';
import type { PurposeHandlers } from '../payments/port';
import type { VaccinesContext } from './context';
import { checkLabel, checkSelfPaid, type SelfPaidCheck } from './eligibility';
import { VaccineAppointment } from './entities';
import { Inventory, quotaIdOf } from './inventory';
import type { Seed } from '../../http/admission';
import { OPEN_STATUSES, servesAge, type VaccineQueries } from './queries';
import { chinaIso, presentAppointment } from './presenters';
import { checkProgrammeDose } from './schedule/engine';

/** A self-paid refusal as the error a resident sees: "too early" carries the date it becomes possible. */
function refusal(r: Exclude<SelfPaidCheck, { ok: true }>): AppError {
  if (r.earliestDate) return errors.of('VACCINE_TOO_EARLY', r.message, { earliestDate: r.earliestDate, rule: r.reason });
  return errors.of('VACCINE_NOT_ELIGIBLE', r.message, { rule: r.reason });
}

/** Two no-shows (爽约) in a calendar year block booking until the next year (common HPV rule). */
const NO_SHOW_LIMIT = 2;

const RETRYABLE = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT']);

function isRetryable(e: unknown): boolean {
  const err = e as { code?: string; driverError?: { code?: string } };
  return RETRYABLE.has(err.driverError?.code ?? err.code ?? '');
}

/** Book, list, cancel; the payment purpose 'vaccine'. */
/** The appointment's id for a request's Idempotency-Key (UUID-shaped, version 8). */
function appointmentIdOf(userId: string, key: string): string {
  return derivedId('vaccine', userId, key);
}

export class VaccineBooking {
  constructor(
    private readonly c: VaccinesContext,
    private readonly q: VaccineQueries,
  ) {}

  private get d() {
    return this.c.deps;
  }

  /** MySQL may pick a transaction as a deadlock victim under a rush: run it again (it rolled back whole). */
  private async withRetry<T>(fn: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn();
      } catch (e) {
        if (attempt >= 4 || !isRetryable(e)) throw e;
        await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * attempt));
      }
    }
  }

  private async assertNotBlocked(personKey: string): Promise<void> {
    const today = this.c.today();
    const year = Number(today.slice(0, 4));
    const noShows = await this.d.ds.getRepository(VaccineAppointment).countBy({ personKey, status: 'no_show', sessionDate: MoreThanOrEqual(`${year}-01-01`) });
    if (noShows >= NO_SHOW_LIMIT) {
      throw errors.of('VACCINE_BOOKING_BLOCKED', `${year}年已爽约${noShows}次，${year + 1}年1月1日前暂停疫苗预约`, { until: `${year + 1}-01-01` });
    }
  }

  /**
   * The route's admission step, before any write: a clinic's vaccine seen sold out a moment ago is
   * refused, then the session's counter admits at most the places and released doses left (first
   * come, first admitted), refusing the rest as the booking itself would. Returns the give-back for
   * an admitted attempt that does not end in an appointment.
   */
  async admit(input: Pick<CreateVaccineAppointmentRequest, 'clinicId' | 'vaccineCode' | 'sessionId'>): Promise<void | (() => void)> {
    if (await this.c.inventory.soldOut.isClosed(Inventory.soldOutKey(input.clinicId, input.vaccineCode))) {
      throw errors.of('VACCINE_OUT_OF_STOCK', '该疫苗已约完，请关注下次放号');
    }
    const a = await this.c.inventory.admission.take(Inventory.admissionKey(input.clinicId, input.sessionId, input.vaccineCode), () => this.admissionSeed(input));
    if (!a) return;
    if (!a.admitted) {
      const r = JSON.parse(a.tag) as { code: 'VACCINE_OUT_OF_STOCK' | 'VACCINE_SESSION_FULL'; message: string };
      throw errors.of(r.code, r.message);
    }
    return a.giveBack;
  }

  /** What is left for the session: its places and the clinic's released doses, whichever is fewer (null: no counter). */
  private async admissionSeed(input: Pick<CreateVaccineAppointmentRequest, 'clinicId' | 'vaccineCode' | 'sessionId'>): Promise<Seed | null> {
    const [clinics, sessions, vaccine] = await Promise.all([this.c.platform.clinics(), this.c.platform.sessions(input.clinicId), this.q.vaccineOf(input.vaccineCode)]);
    const clinic = clinics.find((x) => x.id === input.clinicId);
    const session = sessions.find((x) => x.id === input.sessionId);
    const quota = session?.quotas.find((x) => x.vaccineCode === input.vaccineCode);
    // Anything unusual (unknown, not offered) is for the booking itself to answer.
    if (!clinic || !session || !quota || !vaccine) return null;
    const row = await this.c.inventory.quotaRow(quotaIdOf(session.id, input.vaccineCode));
    const places = row ? row.capacity - row.booked : quota.capacity;
    const full = { remaining: places, tag: JSON.stringify({ code: 'VACCINE_SESSION_FULL', message: `${session.date}${session.periodLabel}的${vaccine.name}已约满，请选择其他场次` }) };
    if (!vaccine.product) return full;
    await this.c.inventory.syncStock(vaccine.product, clinic.id);
    const now = this.c.now();
    const doses = (await this.c.inventory.stockOf(clinic.id, vaccine.product.id)).filter((b) => b.releaseAt.getTime() <= now).reduce((n, b) => n + b.remaining, 0);
    // Nothing released: the booking says when the next batch opens.
    if (doses <= 0) return null;
    if (places < doses) return full;
    return { remaining: doses, tag: JSON.stringify({ code: 'VACCINE_OUT_OF_STOCK', message: `${clinic.name}的${vaccine.name}已约完，请关注下次放号` }) };
  }

  /**
   * With the request's Idempotency-Key the appointment's id comes from the key: a re-run after the
   * instance died between the commit and recording the answer (`recovering`) finds the appointment
   * and answers it, instead of refusing the resident's own booking as a duplicate.
   */
  async book(scope: Scope, input: CreateVaccineAppointmentRequest, idem?: { key: string; recovering: boolean }): Promise<VaccineAppointmentView> {
    const id = idem ? appointmentIdOf(scope.actor.userId, idem.key) : newId();
    if (idem?.recovering) {
      const done = await this.d.ds.getRepository(VaccineAppointment).findOneBy({ id, ownerUserId: scope.actor.userId });
      if (done) return presentAppointment(done, this.c.now());
    }
    const member = await this.q.memberWithConsent(scope, input.memberId);
    const now = this.c.now();
    const [clinics, sessions, vaccine] = await Promise.all([this.c.platform.clinics(), this.c.platform.sessions(input.clinicId), this.q.vaccineOf(input.vaccineCode)]);
    const clinic = clinics.find((x) => x.id === input.clinicId);
    if (!clinic) throw errors.notFound('没有找到该接种门诊');
    const session = sessions.find((x) => x.id === input.sessionId);
    if (session && !servesAge(clinic.serves, ageOn(member.birthDate, session.date))) {
      throw errors.of('VACCINE_CLINIC_AGE', `${clinic.name}只为${clinic.serves.label}接种，${member.name}（${ageOn(member.birthDate, session.date)}岁）请选择其他接种门诊`);
    }
    if (!session) throw errors.of('VACCINE_SESSION_CLOSED', '该场次不存在或已停止预约，请重新选择');
    if (Date.parse(session.start) <= now) throw errors.of('VACCINE_SESSION_CLOSED', '该场次已开始，不能再预约，请选择其他场次');
    const quota = session.quotas.find((x) => x.vaccineCode === input.vaccineCode);
    if (!vaccine || !quota) throw errors.of('VACCINE_NOT_OFFERED', `${clinic.name}该场次不提供${vaccine?.name ?? '这种疫苗'}`);
    const payments = vaccine.kind === 'self_paid' ? this.d.payments : null;

    // Stock first (before the platform look-ups): in a rush most attempts end here, without a transaction.
    let batchIds: string[] = [];
    if (vaccine.product) {
      const product = vaccine.product;
      // Who the member is (sex, age) decides before stock does: a refusal should be about them when it can.
      const label = checkLabel(product, { birthDate: member.birthDate, sex: member.sex }, session.date);
      if (!label.ok) throw refusal(label);
      const soldOutMessage = (next: string | null) => `${clinic.name}的${vaccine.name}已约完，${next ? `下一批将于${next.slice(0, 16).replace('T', ' ')}开放预约` : '请关注下次放号'}`;
      await this.c.inventory.syncStock(product, clinic.id);
      const batches = await this.c.inventory.stockOf(clinic.id, product.id);
      batchIds = batches.filter((b) => b.releaseAt.getTime() <= now && b.remaining > 0).map((b) => b.id);
      if (batchIds.length === 0) {
        const next = batches.find((b) => b.releaseAt.getTime() > now && b.remaining > 0);
        const when = next ? chinaIso(next.releaseAt) : null;
        // Nothing released yet: say when it opens. Released and gone: say so, and when the next batch opens.
        if (next && !batches.some((b) => b.releaseAt.getTime() <= now))
          throw errors.of('VACCINE_NOT_RELEASED', `${vaccine.name}下一批将于${when!.slice(0, 16).replace('T', ' ')}开放预约`, { releaseAt: when });
        this.c.inventory.soldOut.close(Inventory.soldOutKey(clinic.id, input.vaccineCode));
        throw errors.of('VACCINE_OUT_OF_STOCK', soldOutMessage(when), { nextReleaseAt: when });
      }
    }

    const subject = await this.c.subjects.of(member);
    await this.assertNotBlocked(subject.personKey);
    const series = this.c.seriesOf(input.vaccineCode);
    const open = await this.q.openAppointments(subject.personKey);
    if (open.some((a) => this.c.seriesOf(a.vaccineCode) === series)) throw errors.of('VACCINE_ALREADY_BOOKED', `${member.name}已预约${vaccine.name}，请勿重复预约`);
    const planned = open.map((a) => ({ code: a.vaccineCode, date: a.sessionDate }));
    const products = await this.c.platform.products();
    const opts = this.c.engineOptions(products);

    let dose: number;
    if (vaccine.kind === 'programme') {
      const r = checkProgrammeDose(this.c.schedule, subject.person, subject.history, planned, input.vaccineCode, session.date, opts);
      if (!r.ok) {
        if (r.reason === 'too_early') throw errors.of('VACCINE_TOO_EARLY', r.message, { earliestDate: r.earliestDate, rule: r.reason });
        throw errors.of('VACCINE_NOT_ELIGIBLE', r.message, { rule: r.reason });
      }
      dose = r.entry.dose;
    } else {
      const r = checkSelfPaid(vaccine.product, subject.person, subject.history, planned, session.date, {
        schedule: this.c.schedule,
        liveInjectableCodes: opts.liveInjectableCodes ?? [],
        names: opts.names ?? {},
      });
      if (!r.ok) throw refusal(r);
      dose = r.dose;
    }

    const quotaId = await this.c.inventory.ensureQuota(session, input.vaccineCode, quota.capacity);

    await this.withRetry(() =>
      this.d.tx.run(async (m) => {
        let orderId: string | null = null;
        let payBy: Date | null = null;
        if (payments && vaccine.product) {
          const order = await payments.createOrder(
            scope,
            {
              purpose: 'vaccine',
              refIds: [id],
              memberId: member.id,
              amountFen: vaccine.product.priceFen,
              description: `${vaccine.name}第${dose}剂（${session.date}）`,
              expiresInMinutes: this.d.settings.payMinutes,
            },
            m,
          );
          orderId = order.id;
          payBy = order.expiresAt;
        }
        await this.d.audit.record(
          scope,
          { action: 'vaccines.appointment.create', subjectType: 'vaccine_appointment', subjectId: id, detail: { memberId: member.id, vaccineCode: input.vaccineCode, dose, sessionId: session.id } },
          m,
        );
        // The hot rows last, so their locks are held for as little as possible; the scarcer first, so
        // a rush's losers are turned away before they queue for the session's row.
        const stockId = batchIds.length ? await this.c.inventory.takeStock(m, batchIds, new Date(now)) : null;
        if (batchIds.length && !stockId) {
          this.c.inventory.soldOut.close(Inventory.soldOutKey(clinic.id, input.vaccineCode));
          throw errors.of('VACCINE_OUT_OF_STOCK', `${clinic.name}的${vaccine.name}已约完，请关注下次放号`);
        }
        if (!(await this.c.inventory.takeQuota(m, quotaId))) throw errors.of('VACCINE_SESSION_FULL', `${session.date}${session.periodLabel}的${vaccine.name}已约满，请选择其他场次`);
        const row = m.getRepository(VaccineAppointment).create({
          id,
          ownerUserId: scope.actor.userId,
          memberId: member.id,
          personKey: subject.personKey,
          memberName: member.name,
          recordNumber: subject.recordNumber,
          clinicId: clinic.id,
          clinicName: clinic.name,
          clinicAddress: clinic.address,
          sessionId: session.id,
          sessionDate: session.date,
          period: session.period,
          sessionStart: new Date(session.start),
          sessionEnd: new Date(session.end),
          vaccineCode: input.vaccineCode,
          vaccineName: vaccine.name,
          dose,
          kind: vaccine.kind,
          productId: vaccine.product?.id ?? null,
          priceFen: vaccine.product?.priceFen ?? 0,
          status: vaccine.kind === 'programme' ? 'confirmed' : 'pending_payment',
          activeKey: `${subject.personKey}|${series}`,
          quotaId,
          stockId,
          orderId,
          payBy,
          paidAt: null,
          refundedFen: 0,
          cancelledAt: null,
          cancelledBy: null,
          cancelReason: null,
          settledAt: null,
        });
        try {
          await m.getRepository(VaccineAppointment).insert(row);
        } catch (e) {
          // Another guardian (or a second tap) booked the same vaccine for this person a moment ago.
          if (isUniqueViolation(e)) throw errors.of('VACCINE_ALREADY_BOOKED', `${member.name}已预约${vaccine.name}，请勿重复预约`);
          throw e;
        }
      }),
    );
    return presentAppointment(await this.d.ds.getRepository(VaccineAppointment).findOneByOrFail({ id }), this.c.now());
  }

  private async mine(scope: Scope, id: string): Promise<VaccineAppointment> {
    const a = await this.d.ds.getRepository(VaccineAppointment).findOneBy({ id });
    if (!a) throw errors.notFound('没有找到该预约');
    await authorize(scope.actor, 'vaccine.appointment.view', a);
    // The vaccine and the clinic are the member's health information (member policy: health).
    await this.d.family.resourceFor(scope, { userId: a.ownerUserId, memberId: a.memberId }, 'health');
    return a;
  }

  async get(scope: Scope, id: string): Promise<VaccineAppointmentView> {
    return presentAppointment(await this.mine(scope, id), this.c.now());
  }

  async list(scope: Scope, which: 'active' | 'all'): Promise<VaccineAppointmentList> {
    const rows = await this.d.ds.getRepository(VaccineAppointment).find({
      where: { ownerUserId: scope.actor.userId, ...(which === 'active' ? { status: In([...OPEN_STATUSES]) } : {}) },
      order: { createdAt: 'DESC' },
      take: 100,
    });
    // Only what each appointment's own id would open: a member whose 查看健康信息 was revoked drops out.
    const reachable = await Promise.all(rows.map((r) => this.d.family.reaches(scope, { userId: r.ownerUserId, memberId: r.memberId }, 'health')));
    const now = this.c.now();
    return { items: rows.filter((_, i) => reachable[i]).map((r) => presentAppointment(r, now)) };
  }

  /** Releases the session place and the dose an appointment held (inside the caller's transaction). */
  private async release(m: EntityManager, a: VaccineAppointment): Promise<void> {
    await this.c.inventory.releaseQuota(m, a.quotaId);
    if (a.stockId) await this.c.inventory.releaseStock(m, a.stockId);
    this.c.inventory.reopened(a);
  }

  /** Cancel before the session starts: the place and the dose go back; a paid dose is refunded. Repeating it changes nothing. */
  async cancel(scope: Scope, id: string, reason?: string): Promise<VaccineAppointmentView> {
    let a = await this.mine(scope, id);
    if (a.status === 'cancelled' || a.status === 'expired') return presentAppointment(a, this.c.now());
    if (!OPEN_STATUSES.includes(a.status as (typeof OPEN_STATUSES)[number])) throw errors.of('VACCINE_APPOINTMENT_STATE', `该预约${a.status === 'completed' ? '已完成接种' : '已过期'}，不能取消`);
    if (this.c.now() >= a.sessionStart.getTime()) throw errors.of('VACCINE_CANCEL_CLOSED');

    if (a.status === 'pending_payment' && a.orderId) {
      // Close the order first: its onClosed releases the holds. If it was paid meanwhile, cancel as paid.
      try {
        await this.d.payments.close(a.orderId, 'cancelled');
      } catch (e) {
        if (!(e instanceof AppError && (e.code === 'ORDER_ALREADY_PAID' || e.code === 'ORDER_NOT_CANCELLABLE'))) throw e;
      }
      a = await this.mine(scope, id);
      if (a.status === 'cancelled' || a.status === 'expired') {
        await this.d.audit.record(scope, { action: 'vaccines.appointment.cancel', subjectType: 'vaccine_appointment', subjectId: a.id, detail: { paid: false } });
        return presentAppointment(a, this.c.now());
      }
    }

    const saved = await this.d.tx.run(async (m) => {
      const row = await lockRow(m, this.d.tx.dialect, VaccineAppointment, id);
      if (!row) throw errors.notFound('没有找到该预约');
      if (row.status === 'cancelled' || row.status === 'expired') return row;
      if (row.status !== 'confirmed') throw errors.of('VACCINE_APPOINTMENT_STATE');
      await m
        .getRepository(VaccineAppointment)
        .update({ id, status: 'confirmed' }, { status: 'cancelled', activeKey: null, cancelledAt: new Date(this.c.now()), cancelledBy: 'user', cancelReason: reason?.slice(0, 60) ?? null });
      await this.release(m, row);
      const paid = !!row.orderId && row.priceFen > 0;
      if (paid) {
        await this.d.payments.requestRefundLater(m, { orderId: row.orderId!, amountFen: row.priceFen, reason: '取消疫苗预约退款', refundKey: `vaccine-cancel-${row.id}` });
      }
      await this.d.audit.record(scope, { action: 'vaccines.appointment.cancel', subjectType: 'vaccine_appointment', subjectId: row.id, detail: { paid } }, m);
      return m.getRepository(VaccineAppointment).findOneByOrFail({ id });
    });
    return presentAppointment(saved, this.c.now());
  }

  /** The 'vaccine' payment purpose: runs inside the transaction that moves the order. Never throws for business reasons. */
  readonly paymentHandlers: PurposeHandlers = {
    onPaid: async (order, m) => {
      const a = await lockRow(m, this.d.tx.dialect, VaccineAppointment, order.refIds[0] ?? '');
      if (!a) return;
      if (a.status === 'pending_payment') {
        await m.getRepository(VaccineAppointment).update({ id: a.id }, { status: 'confirmed', paidAt: order.paidAt ?? new Date(this.c.now()) });
        return;
      }
      // Paid after the appointment was given up (cancelled or expired): give the money back.
      await this.d.payments.requestRefundLater(m, { orderId: order.id, amountFen: order.amountFen, reason: '疫苗预约已取消，退回款项', refundKey: `vaccine-unwanted-${a.id}` });
    },
    onClosed: async (order, m) => {
      const a = await lockRow(m, this.d.tx.dialect, VaccineAppointment, order.refIds[0] ?? '');
      if (!a || a.status !== 'pending_payment') return;
      const byUser = order.closeReason === 'cancelled';
      await m
        .getRepository(VaccineAppointment)
        .update(
          { id: a.id, status: 'pending_payment' },
          { status: byUser ? 'cancelled' : 'expired', activeKey: null, cancelledAt: new Date(this.c.now()), cancelledBy: byUser ? 'user' : 'system', cancelReason: byUser ? null : '超时未支付' },
        );
      await this.release(m, a);
    },
    onRefunded: async (order, refundedFen, m) => {
      const id = order.refIds[0];
      if (id)
        await m
          .createQueryBuilder()
          .update(VaccineAppointment)
          .set({ refundedFen: () => `refundedFen + ${Math.trunc(refundedFen)}` })
          .where('id = :id', { id })
          .execute();
    },
  };
}
