import { createHash } from 'node:crypto';
import { Between, In, IsNull, LessThan, MoreThanOrEqual, Not, type DataSource, type EntityManager } from 'typeorm';
import type { BookingList, BookingQuote, BookingTab, BookingView, CreateBookingRequest } from '@healthpocket/shared-types';
import { derivedId, newId } from '../../db/columns';
import type { Tx } from '../../db/data-source';
import { lockRow } from '../../db/lock';
import { isUniqueViolation } from '../../db/unique-violation';
import type { Audit, Scope } from '../../audit/audit';
import { authorize } from '../../policies';
import { AppError, errors } from '../../errors';
import type { Logger } from '../../logger';
import type { FamilyService } from '../family/service';
import { addDays, chinaParts, monthStart, nextMonthStart, toChinaIso, weekStart } from './china-time';
import { Booking, BookingPatient } from './entities';
import type { SoldOutGate } from '../../http/sold-out';
import type { AdmissionCounter } from '../../http/admission';
import { HisRefusal, holdRefusalToError, type HisAppointment, type HisClient, type HisSlot } from './his-client';
import { rulesFor } from './hospital-rules';
import type { PatientResolver } from './patients';
import { presentBooking } from './presenters';
import { cancelDeadline, cancelRefusal, limitRefusal, noShowRefusal, openingRefusal, rulesNotice, type ExistingVisit, type Refusal } from './rules';
import type { BrowseService } from './browse';
import type { ReminderSender } from './jobs';
import type { OutboxPort, PaymentOrderLike, PaymentsPort, WaitlistHooks } from './ports';

const HOLD_MINUTES = 15;

/** Why a place that came back cannot be booked directly while others wait for it. */
const WAITLIST_FIRST = '该时段有居民在候补，空出的号源按候补顺序分配，您可加入候补';

/** Bookings that count against the per-patient limits. */
const COUNTED: Booking['status'][] = ['pending_payment', 'confirming', 'confirmed', 'checked_in', 'no_show'];

/** The HIS hold's clientRef for a request's Idempotency-Key: every run of the key asks for the same hold. */
function holdRefOf(userId: string, key: string): string {
  return `k${createHash('sha256').update(`${userId}|${key}`).digest('hex').slice(0, 40)}`;
}

/** The booking's id for a request's Idempotency-Key (UUID-shaped, version 8): a re-run cannot write a second row. */
function bookingIdOf(userId: string, key: string): string {
  return derivedId('booking', userId, key);
}

const TOPICS = { confirm: 'booking.his-confirm', cancel: 'booking.his-cancel' } as const;

export interface BookingSettings {
  reminderTemplateId: string;
  /** The 候诊提醒 (three ahead) subscribe-message template. */
  queueTemplateId: string;
}

function refuse(r: Refusal | null): void {
  if (!r) return;
  const { code, message, ...meta } = r;
  throw errors.of(code, message, meta);
}

/**
 * 预约挂号: quote → HIS hold (15 min) → payment order → confirmed once paid; cancel with refund.
 * The HIS guards the slot count; the per-patient rules are applied under a lock on the patient's
 * row (and a unique key), so two devices booking at once cannot pass a limit together.
 */
export class BookingService {
  /** The service's clock: rules are judged at this time (tests move it to a cut-off or a reminder day). */
  clock: () => Date = () => new Date();
  /** The waitlist (候补), told when a place frees, a held place ends, or someone books directly. */
  waitlist?: WaitlistHooks;

  constructor(
    private readonly ds: DataSource,
    private readonly tx: Tx,
    private readonly his: HisClient,
    readonly browse: BrowseService,
    private readonly patients: PatientResolver,
    private readonly family: FamilyService,
    private readonly payments: PaymentsPort,
    private readonly outbox: OutboxPort,
    private readonly audit: Audit,
    private readonly logger: Logger,
    readonly settings: BookingSettings,
    private readonly reminders: ReminderSender,
    private readonly soldOut: SoldOutGate,
    private readonly admission: AdmissionCounter,
  ) {
    payments.registerPurpose('registration', {
      onPaid: (order, m) => this.onPaid(order, m),
      onClosed: (order, m) => this.onOrderClosed(order, m),
      onRefunded: (order, refundedFen, m) => this.onRefunded(order, refundedFen, m),
    });
    outbox.register<{ bookingId: string }>(TOPICS.confirm, ({ bookingId }) => this.confirmAtHis(bookingId));
    outbox.register<{ bookingId: string; appointmentId: string; reason: string | null }>(TOPICS.cancel, async (p) => {
      await this.cancelAtHis(p.appointmentId, p.reason);
      // The place is free at the HIS now: the counter reads it again.
      const b = await this.ds.getRepository(Booking).findOne({ where: { id: p.bookingId }, select: { id: true, slotId: true, sessionId: true } });
      if (!b) return;
      this.reopened(b.slotId);
      // …and the first in line for the session gets it.
      await this.waitlist?.placeFreed(b.sessionId, b.id);
    });
  }

  // ---- quote and create ------------------------------------------------------------------

  /**
   * The route's admission step, before any write or HIS hold: a slot seen full a moment ago is
   * refused, then the slot's counter admits at most the places the HIS had left (first come, first
   * admitted). Returns the give-back for an admitted attempt that does not end in a booking.
   */
  async admit(slotId: string): Promise<void | (() => void)> {
    if (await this.soldOut.isClosed(`slot:${slotId}`)) throw errors.of('SLOT_FULL');
    const a = await this.admission.take(`slot:${slotId}`, async () => {
      // Unknown slot: no counter; the handler gives the real answer.
      const slot = await this.his.slot(slotId);
      return { remaining: slot.remaining, tag: 'slot' };
    });
    if (!a) return;
    if (!a.admitted) throw errors.of('SLOT_FULL');
    return a.giveBack;
  }

  /**
   * A place of the slot came back (a cancellation, an expired hold): the next attempt reads the HIS
   * again. A hold the HIS lets go of by itself is seen at the counter's next re-sync (seconds).
   */
  reopened(slotId: string): void {
    this.soldOut.open(`slot:${slotId}`);
    this.admission.reset(`slot:${slotId}`);
  }

  private async liveSlot(slotId: string): Promise<HisSlot> {
    try {
      return await this.his.slot(slotId);
    } catch (e) {
      if (e instanceof AppError && e.code === 'NOT_FOUND') throw errors.of('SLOT_UNAVAILABLE');
      throw e;
    }
  }

  /** Every per-patient rule over the patient's bookings as `m` sees them. */
  async patientRefusal(m: EntityManager, patientKey: string, slot: HisSlot, now: Date, alsoCounted: ExistingVisit[] = []): Promise<Refusal | null> {
    const rules = rulesFor(slot.hospitalId);
    const ws = weekStart(slot.date);
    const from = ws < monthStart(slot.date) ? ws : monthStart(slot.date);
    const monthEnd = addDays(nextMonthStart(slot.date), -1);
    const to = addDays(ws, 6) > monthEnd ? addDays(ws, 6) : monthEnd;
    const sinceLastYear = `${Number(chinaParts(now).date.slice(0, 4)) - 1}-01-01`;
    const rows = await m.getRepository(Booking).find({
      select: { id: true, hospitalId: true, departmentId: true, date: true, session: true, status: true },
      where: [
        { patientKey, status: In(COUNTED), date: Between(from, to) },
        { patientKey, status: 'no_show', date: MoreThanOrEqual(sinceLastYear) },
      ],
    });
    const noShow = noShowRefusal(
      rules,
      rows.filter((r) => r.status === 'no_show').map((r) => r.date),
      now,
    );
    if (noShow) return noShow;
    const existing: ExistingVisit[] = [...rows.filter((r) => r.date >= from && r.date <= to), ...alsoCounted.filter((r) => r.date >= from && r.date <= to)];
    return limitRefusal(rules, existing, { hospitalId: slot.hospitalId, departmentId: slot.departmentId, date: slot.date, session: slot.session });
  }

  /** What the confirm page shows before money moves, including whether the rules would refuse. */
  async quote(scope: Scope, slotId: string, memberId: string): Promise<BookingQuote> {
    const member = await this.family.memberFor(scope, memberId, 'book');
    const slot = await this.liveSlot(slotId);
    const rules = rulesFor(slot.hospitalId);
    const now = this.clock();
    let refusal: Refusal | null = openingRefusal(rules, slot, now);
    if (!refusal) {
      try {
        const patient = await this.patients.resolve(member);
        refusal = await this.patientRefusal(this.ds.manager, patient.key, slot, now);
      } catch (e) {
        if (!(e instanceof AppError) || e.status >= 500) throw e;
        refusal = { code: e.code, message: e.message } as Refusal;
      }
    }
    if (!refusal && slot.remaining <= 0) refusal = { code: 'SLOT_FULL', message: '该时段号源已约满，请选择其他时段' } as Refusal;
    if (!refusal && (await this.waitlist?.queued(slot.sessionId))) refusal = { code: 'SLOT_FULL', message: WAITLIST_FIRST } as Refusal;
    const deadline = cancelDeadline(rules, slot);
    return {
      slot: { id: slot.id, date: slot.date, session: slot.session, sessionLabel: slot.sessionLabel, start: slot.start, end: slot.end, remaining: slot.remaining },
      hospital: { id: slot.hospitalId, name: slot.hospitalName },
      department: { id: slot.departmentId, name: slot.departmentName, location: slot.location },
      doctor: { id: slot.doctorId, name: slot.doctorName, title: slot.doctorTitle, registrationLevel: slot.registrationLevel },
      patientName: member.name,
      feeFen: slot.feeFen,
      holdMinutes: HOLD_MINUTES,
      cancelDeadline: toChinaIso(deadline),
      cancellableAfterBooking: now < deadline,
      notice: rulesNotice(rules),
      refusal: refusal ? { code: refusal.code, message: refusal.message, rule: refusal.rule, until: refusal.until } : null,
      reminderTemplateId: this.settings.reminderTemplateId,
    };
  }

  /**
   * The request's Idempotency-Key names the HIS hold (`holdRefOf`) and the booking row
   * (`bookingIdOf`): if the hold call timed out after the HIS took the place, the resident's retry
   * with the same key gets that same hold back instead of being refused as a duplicate for 15
   * minutes; and a re-run after the instance died mid-request (`recovering`, a lapsed lease) adopts
   * the hold the dead attempt took, finds the booking it may have committed, and cannot write a
   * second one. A hold the re-run decides not to keep is given back.
   */
  async create(scope: Scope, input: CreateBookingRequest, idem?: { key: string; recovering: boolean }): Promise<BookingView> {
    const id = idem ? bookingIdOf(scope.actor.userId, idem.key) : newId();
    if (idem?.recovering) {
      const done = await this.ds.getRepository(Booking).findOneBy({ id });
      if (done) return this.answerFor(scope, done);
    }
    // The live count (identical concurrent reads share one HIS call) and the member, side by side.
    const [member, slot] = await Promise.all([this.family.memberFor(scope, input.memberId, 'book'), this.liveSlot(input.slotId)]);
    const patient = await this.patients.resolve(member);
    const rules = rulesFor(slot.hospitalId);
    const now = this.clock();
    // A re-run takes (or gets back) its hold first: the place the dead attempt holds counts as taken.
    if (!idem?.recovering) {
      refuse(openingRefusal(rules, slot, now));
      // In a rush most attempts end here, without touching the database again.
      if (slot.remaining <= 0) {
        this.soldOut.close(`slot:${slot.id}`);
        throw errors.of('SLOT_FULL');
      }
      // A place that came back belongs to those waiting for it, in their order.
      if (await this.waitlist?.queued(slot.sessionId)) throw errors.of('SLOT_FULL', WAITLIST_FIRST);
      // A check without the lock turns most rule refusals away before a place is taken at the HIS.
      refuse(await this.patientRefusal(this.ds.manager, patient.key, slot, now));
    }

    let appt;
    try {
      const ref = idem ? holdRefOf(scope.actor.userId, idem.key) : id;
      appt = await this.his.hold({ slotId: slot.id, clientRef: ref, patient: patient.his });
      // That key's earlier hold was let go (refused, expired): take a new one under the booking's id.
      if (appt.status !== 'held' && ref !== id) appt = await this.his.hold({ slotId: slot.id, clientRef: id, patient: patient.his });
      if (appt.status !== 'held') throw errors.of('SLOT_UNAVAILABLE', '该次预约的锁号已失效，请重新选择时段预约');
    } catch (e) {
      if (e instanceof HisRefusal) {
        const err = holdRefusalToError(e);
        if (err instanceof AppError && err.code === 'SLOT_FULL') this.soldOut.close(`slot:${slot.id}`);
        throw err;
      }
      throw e;
    }
    if (idem?.recovering) {
      try {
        refuse(openingRefusal(rules, slot, now));
        refuse(await this.patientRefusal(this.ds.manager, patient.key, slot, now));
      } catch (e) {
        await this.releaseHold(appt.id);
        throw e;
      }
    }

    await this.ensurePatientRow(patient.key);
    const holdExpiresAt = appt.holdExpiresAt ? new Date(appt.holdExpiresAt) : new Date(now.getTime() + HOLD_MINUTES * 60_000);
    let booking: Booking;
    try {
      booking = await this.tx.run(async (m) => {
        const row = await this.insertHeld(m, scope, { id, member, patientKey: patient.key, slot, appt, holdExpiresAt, subscribeReminder: !!input.subscribeReminder, now });
        // Booked directly: a place in this session's waitlist is no longer needed.
        await this.waitlist?.bookedDirectly(m, patient.key, slot.sessionId);
        return row;
      });
    } catch (e) {
      // Another run of the same key committed this booking meanwhile: its hold is in use, answer it.
      if (idem && isUniqueViolation(e)) {
        const done = await this.ds.getRepository(Booking).findOneBy({ id });
        if (done) return this.answerFor(scope, done);
      }
      // Give the place back at once rather than leaving it held for 15 minutes.
      await this.releaseHold(appt.id);
      if (isUniqueViolation(e)) {
        throw errors.of('BOOKING_LIMIT_REACHED', '该就诊人在本时段已预约过该科室，请勿重复预约', { rule: 'per_department_session', limit: 1 });
      }
      throw e;
    }
    this.browse.forgetSchedule(slot.doctorId, slot.hospitalId);
    if (booking.status !== 'confirming') return this.present(booking, now);
    await this.confirmAtHis(id).catch(() => undefined); // the outbox retries
    return this.view(scope, id);
  }

  /** The row to lock exists before the transaction, so the transaction's first read is the lock. */
  async ensurePatientRow(patientKey: string): Promise<void> {
    await this.ds.createQueryBuilder().insert().into(BookingPatient).values({ id: patientKey }).orIgnore().execute();
  }

  /**
   * Inside `m`: under the patient's lock, the per-patient rules again (this is the check that
   * counts), then the booking of a HIS hold and, unless free, its payment order running out with the
   * hold. Booking and the waitlist's promotion both write their bookings here.
   */
  async insertHeld(
    m: EntityManager,
    scope: Scope,
    o: { id: string; member: { id: string; name: string }; patientKey: string; slot: HisSlot; appt: HisAppointment; holdExpiresAt: Date; subscribeReminder: boolean; now: Date },
  ): Promise<Booking> {
    await lockRow(m, this.tx.dialect, BookingPatient, o.patientKey);
    // Under the lock, the same rules again: this is the check that counts.
    refuse(await this.patientRefusal(m, o.patientKey, o.slot, o.now));
    const free = o.slot.feeFen === 0;
    const rules = rulesFor(o.slot.hospitalId);
    const row = m.getRepository(Booking).create({
      id: o.id,
      userId: scope.actor.userId,
      memberId: o.member.id,
      patientKey: o.patientKey,
      patientName: o.member.name,
      hospitalId: o.slot.hospitalId,
      hospitalName: o.slot.hospitalName,
      departmentId: o.slot.departmentId,
      departmentName: o.slot.departmentName,
      departmentLocation: o.slot.location,
      doctorId: o.slot.doctorId,
      doctorName: o.slot.doctorName,
      doctorTitle: o.slot.doctorTitle,
      registrationLevel: o.slot.registrationLevel,
      slotId: o.slot.id,
      sessionId: o.slot.sessionId,
      date: o.slot.date,
      session: o.slot.session,
      slotStart: new Date(o.slot.start),
      slotEnd: new Date(o.slot.end),
      feeFen: o.slot.feeFen,
      status: free ? 'confirming' : 'pending_payment',
      activeKey: rules.limits.perDepartmentSession === 1 ? activeKeyOf(o.patientKey, o.slot) : null,
      hisAppointmentId: o.appt.id,
      visitNo: o.appt.visitNo,
      holdExpiresAt: free ? null : o.holdExpiresAt,
      paymentOrderId: null,
      paidAt: null,
      cancelReason: null,
      cancelledBy: null,
      cancelledAt: null,
      refundFen: null,
      refundStatus: null,
      reminder: o.subscribeReminder ? 'requested' : 'none',
      reminderAt: null,
      visitStatusAt: null,
    });
    if (free) {
      await this.outbox.enqueue(m, TOPICS.confirm, { bookingId: o.id }, `booking:${o.id}:confirm`);
    } else {
      // The order runs out with the hold (never after it), so nobody pays for a place that is gone.
      const minutes = Math.max(1, Math.floor((o.holdExpiresAt.getTime() - Date.now()) / 60_000));
      const order = await this.payments.createOrder(
        scope,
        {
          purpose: 'registration',
          refIds: [o.id],
          memberId: o.member.id,
          amountFen: o.slot.feeFen,
          description: `挂号费-${o.slot.hospitalName}-${o.slot.departmentName}-${o.slot.doctorName}`.slice(0, 127),
          expiresInMinutes: minutes,
        },
        m,
      );
      row.paymentOrderId = order.id;
    }
    // A unique-key clash here rolls the order back with the booking.
    await m.getRepository(Booking).insert(row);
    await this.audit.record(scope, { action: 'booking.create', subjectType: 'booking', subjectId: o.id, detail: { memberId: o.member.id, slotId: o.slot.id, feeFen: o.slot.feeFen } }, m);
    return row;
  }

  /** The answer the first run would have given for a booking it committed before it died. */
  private async answerFor(scope: Scope, b: Booking): Promise<BookingView> {
    if (b.status === 'confirming') await this.confirmAtHis(b.id).catch(() => undefined); // the outbox retries
    return this.view(scope, b.id);
  }

  async releaseHold(appointmentId: string): Promise<void> {
    await this.his.cancel(appointmentId, '预约未完成').catch((err) => this.logger.warn({ err: (err as Error).message, appointmentId }, 'releasing an unused HIS hold failed; it expires by itself'));
  }

  // ---- read ------------------------------------------------------------------------------

  /** A booking the actor may see and act on for its member (policy), or 404. */
  async own(scope: Scope, id: string, m: EntityManager = this.ds.manager, lock = false): Promise<Booking> {
    const b = lock ? await lockRow(m, this.tx.dialect, Booking, id) : await m.getRepository(Booking).findOneBy({ id });
    if (!b) throw errors.notFound('没有找到该预约');
    await authorize(scope.actor, 'booking.view', b);
    // A registration's own status, as it was booked: what booking for the member allows (member policy).
    await this.family.resourceFor(scope, b, 'book');
    return b;
  }

  private present(b: Booking, now: Date): BookingView {
    return presentBooking(b, now, this.settings.queueTemplateId);
  }

  async view(scope: Scope, id: string): Promise<BookingView> {
    return this.present(await this.own(scope, id), this.clock());
  }

  async list(scope: Scope, q: { tab: BookingTab; cursor?: string; limit: number }): Promise<BookingList> {
    const now = this.clock();
    const repo = this.ds.getRepository(Booking);
    const qb = repo.createQueryBuilder('b').where('b.userId = :u', { u: scope.actor.userId });
    const upcoming = ['pending_payment', 'confirming', 'confirmed'];
    if (q.tab === 'cancelled') qb.andWhere('b.status IN (:...s)', { s: ['cancelled', 'expired'] });
    else if (q.tab === 'upcoming') qb.andWhere('b.status IN (:...s)', { s: upcoming }).andWhere('b.slotEnd > :now', { now });
    else qb.andWhere('(b.status IN (:...v) OR (b.status IN (:...s) AND b.slotEnd <= :now))', { v: ['checked_in', 'no_show'], s: upcoming, now });
    // Upcoming: soonest first; past and cancelled: latest first. Cursor = `${slotStartMs}_${id}`.
    const asc = q.tab === 'upcoming';
    if (q.cursor) {
      const [ms, cid] = q.cursor.split('_');
      const t = new Date(Number(ms));
      if (!cid || Number.isNaN(t.getTime())) throw errors.badInput([{ path: 'cursor', message: '无效的分页参数' }], '分页参数无效，请刷新后重试');
      qb.andWhere(asc ? '(b.slotStart > :t OR (b.slotStart = :t AND b.id > :cid))' : '(b.slotStart < :t OR (b.slotStart = :t AND b.id < :cid))', { t, cid });
    }
    const rows = await qb
      .orderBy('b.slotStart', asc ? 'ASC' : 'DESC')
      .addOrderBy('b.id', asc ? 'ASC' : 'DESC')
      .take(q.limit + 1)
      .getMany();
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    return { items: page.map((b) => this.present(b, now)), nextCursor: rows.length > q.limit && last ? `${last.slotStart.getTime()}_${last.id}` : null };
  }

  // ---- cancel ----------------------------------------------------------------------------

  async cancel(scope: Scope, id: string, reason: string | undefined): Promise<BookingView> {
    const now = this.clock();
    let closeOrder: string | null = null;
    await this.tx.run(async (m) => {
      const b = await this.own(scope, id, m, true);
      if (b.status === 'cancelled' || b.status === 'expired') return; // already done: the same answer again
      if (b.status === 'checked_in') throw errors.of('CANCEL_NOT_ALLOWED', '已签到就诊的预约不能取消', { rule: 'cancel_cutoff' });
      if (b.status === 'no_show') throw errors.of('CANCEL_NOT_ALLOWED', '就诊时间已过，不能取消', { rule: 'cancel_cutoff' });
      const paid = b.status === 'confirming' || b.status === 'confirmed';
      // An unpaid hold can always be let go; a paid one only before the hospital's cut-off.
      if (paid) refuse(cancelRefusal(rulesFor(b.hospitalId), { date: b.date, start: b.slotStart.toISOString() }, now));
      const refundFen = paid && b.feeFen > 0 ? b.feeFen : null;
      await m.getRepository(Booking).update(
        { id: b.id },
        {
          status: 'cancelled',
          activeKey: null,
          cancelReason: reason ?? '用户取消',
          cancelledBy: 'user',
          cancelledAt: now,
          holdExpiresAt: null,
          refundFen,
          refundStatus: refundFen ? 'pending' : null,
        },
      );
      if (b.hisAppointmentId) await this.outbox.enqueue(m, TOPICS.cancel, { bookingId: b.id, appointmentId: b.hisAppointmentId, reason: reason ?? '用户取消' }, `booking:${b.id}:cancel`);
      await this.waitlist?.bookingEnded(m, b.id, 'left');
      if (refundFen && b.paymentOrderId) {
        await this.payments.requestRefundLater(m, { orderId: b.paymentOrderId, amountFen: refundFen, reason: '取消预约，退回挂号费', refundKey: refundKeyOf(b.id) });
      }
      if (b.status === 'pending_payment' && b.paymentOrderId) closeOrder = b.paymentOrderId;
      await this.audit.record(scope, { action: 'booking.cancel', subjectType: 'booking', subjectId: b.id, detail: { from: b.status, refundFen } }, m);
    });
    if (closeOrder) await this.closeOrder(closeOrder);
    const b = await this.own(scope, id);
    this.browse.forgetSchedule(b.doctorId, b.hospitalId);
    this.reopened(b.slotId);
    return this.present(b, now);
  }

  private async closeOrder(orderId: string) {
    // If the payment went through meanwhile, payments refuses to close and onPaid refunds it.
    await this.payments.close(orderId).catch((e) => this.logger.warn({ orderId, err: (e as Error).message }, 'closing a registration order failed; it expires with the hold'));
  }

  // ---- payment transitions (run inside the payment's transaction) --------------------------

  private async bookingOf(order: PaymentOrderLike, m: EntityManager): Promise<Booking | null> {
    const id = order.refIds[0];
    return id ? lockRow(m, this.tx.dialect, Booking, id) : null;
  }

  private async onPaid(order: PaymentOrderLike, m: EntityManager): Promise<void> {
    const b = await this.bookingOf(order, m);
    if (!b) return;
    if (b.status === 'pending_payment' || b.status === 'expired') {
      // Paid (an expired hold is revived by the HIS if its place is still free; otherwise refunded).
      // An expired booking keeps activeKey NULL: re-claiming it here could clash with a newer booking
      // and fail the payment's own transaction; the status still counts for the limits.
      await m.getRepository(Booking).update({ id: b.id }, { status: 'confirming', paidAt: new Date(), holdExpiresAt: null });
      await this.waitlist?.bookingEnded(m, b.id, 'booked');
      await this.outbox.enqueue(m, TOPICS.confirm, { bookingId: b.id }, `booking:${b.id}:confirm`);
    } else if (b.status === 'cancelled' && !b.refundStatus) {
      // Cancelled while the payment sheet was open: the money goes back.
      await m.getRepository(Booking).update({ id: b.id }, { paidAt: new Date(), refundFen: b.feeFen, refundStatus: 'pending' });
      await this.payments.requestRefundLater(m, { orderId: order.id, amountFen: b.feeFen, reason: '预约已取消，退回挂号费', refundKey: refundKeyOf(b.id) });
    }
  }

  /** The order expired or was closed unpaid: the booking expires and its hold is let go. */
  private async onOrderClosed(order: PaymentOrderLike, m: EntityManager): Promise<void> {
    const b = await this.bookingOf(order, m);
    if (!b || b.status !== 'pending_payment') return;
    await this.expireInTx(m, b);
  }

  private async onRefunded(order: PaymentOrderLike, refundedFen: number, m: EntityManager): Promise<void> {
    const b = await this.bookingOf(order, m);
    if (!b) return;
    await m.getRepository(Booking).update({ id: b.id }, { refundStatus: 'refunded', refundFen: refundedFen });
  }

  private async expireInTx(m: EntityManager, b: Booking): Promise<void> {
    await m.getRepository(Booking).update({ id: b.id, status: 'pending_payment' }, { status: 'expired', activeKey: null, holdExpiresAt: null, cancelReason: '超时未支付，号源已释放' });
    await this.waitlist?.bookingEnded(m, b.id, 'lapsed');
    if (b.hisAppointmentId) await this.outbox.enqueue(m, TOPICS.cancel, { bookingId: b.id, appointmentId: b.hisAppointmentId, reason: '超时未支付' }, `booking:${b.id}:cancel`);
  }

  // ---- HIS side effects (outbox handlers: idempotent, throw to be retried) -----------------

  /** Paid (or free): tell the HIS. A refusal (the hold ran out and the place is gone) cancels and refunds. */
  async confirmAtHis(bookingId: string): Promise<void> {
    const b = await this.ds.getRepository(Booking).findOneBy({ id: bookingId });
    if (!b || b.status !== 'confirming' || !b.hisAppointmentId) return;
    try {
      const appt = await this.his.confirm(b.hisAppointmentId, { paidFen: b.feeFen, paymentRef: b.paymentOrderId });
      await this.ds.getRepository(Booking).update({ id: b.id, status: 'confirming' }, { status: 'confirmed', visitNo: appt.visitNo });
    } catch (e) {
      if (!(e instanceof HisRefusal)) throw e;
      this.logger.warn({ bookingId, code: e.code }, 'HIS refused to confirm a paid booking; cancelling and refunding');
      await this.tx.run(async (m) => {
        const cur = await lockRow(m, this.tx.dialect, Booking, b.id);
        if (!cur || cur.status !== 'confirming') return;
        const refundFen = cur.feeFen > 0 && cur.paymentOrderId ? cur.feeFen : null;
        await m
          .getRepository(Booking)
          .update(
            { id: cur.id },
            { status: 'cancelled', activeKey: null, cancelledBy: 'system', cancelledAt: new Date(), cancelReason: '号源已失效，预约未成功', refundFen, refundStatus: refundFen ? 'pending' : null },
          );
        if (refundFen) {
          await this.payments.requestRefundLater(m, { orderId: cur.paymentOrderId!, amountFen: refundFen, reason: '号源已失效，退回挂号费', refundKey: refundKeyOf(cur.id) });
        }
      });
    }
  }

  async cancelAtHis(appointmentId: string, reason: string | null): Promise<void> {
    try {
      await this.his.cancel(appointmentId, reason);
    } catch (e) {
      // Already visited / closed / unknown: nothing left to release.
      if (e instanceof HisRefusal) return void this.logger.warn({ appointmentId, code: e.code }, 'HIS would not cancel an appointment');
      throw e;
    }
  }

  // ---- jobs ------------------------------------------------------------------------------

  /** Unpaid holds past their time expire here too (the order's own expiry also calls onClosed). */
  async expireDue(now: Date = this.clock()): Promise<number> {
    const due = await this.ds.getRepository(Booking).find({ where: { status: 'pending_payment', holdExpiresAt: LessThan(now) }, take: 200 });
    let n = 0;
    for (const b of due) {
      const expired = await this.tx.run(async (m) => {
        const cur = await lockRow(m, this.tx.dialect, Booking, b.id);
        if (!cur || cur.status !== 'pending_payment') return false;
        await this.expireInTx(m, cur);
        return true;
      });
      if (expired) {
        n++;
        if (b.paymentOrderId) await this.closeOrder(b.paymentOrderId);
      }
    }
    return n;
  }

  /** Check-in and no-show come back from the HIS for visits that have begun. */
  async syncVisits(now: Date = this.clock()): Promise<number> {
    const repo = this.ds.getRepository(Booking);
    const rows = await repo.find({
      where: { status: 'confirmed', slotStart: LessThan(now), hisAppointmentId: Not(IsNull()), date: MoreThanOrEqual(addDays(chinaParts(now).date, -30)) },
      order: { slotStart: 'ASC' },
      take: 500,
    });
    let changed = 0;
    for (let i = 0; i < rows.length; i += 100) {
      const batch = rows.slice(i, i + 100);
      const appts = await this.his.appointments(batch.map((b) => b.hisAppointmentId!));
      for (const a of appts) {
        const b = batch.find((x) => x.hisAppointmentId === a.id)!;
        if (a.status === 'checked_in' || a.status === 'no_show') {
          const r = await repo.update({ id: b.id, status: 'confirmed' }, { status: a.status, visitStatusAt: now });
          changed += r.affected ?? 0;
        } else if (a.status === 'cancelled') {
          // Cancelled at the hospital's window: the hospital settles the fee there.
          const r = await repo.update({ id: b.id, status: 'confirmed' }, { status: 'cancelled', activeKey: null, cancelledBy: 'hospital', cancelledAt: now, cancelReason: '已在医院办理退号' });
          changed += r.affected ?? 0;
          if (r.affected) await this.waitlist?.placeFreed(b.sessionId, b.id);
        }
      }
    }
    return changed;
  }

  /** The day-before visit reminders (the job calls this; tests call it with a time). */
  sendReminders(now: Date = this.clock()) {
    return this.reminders.run(now);
  }
}

/** One refund per booking, ever: whichever path asks for it (cancel, paid-after-cancel, HIS refusal). */
const refundKeyOf = (bookingId: string) => `booking-${bookingId}`;

function activeKeyOf(patientKey: string, s: { hospitalId: string; departmentId: string; date: string; session: string }): string {
  return `${patientKey}|${s.hospitalId}|${s.departmentId}|${s.date}|${s.session}`;
}
