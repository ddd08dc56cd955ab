import { createHash } from 'node:crypto';
import { In, LessThan, MoreThanOrEqual, type DataSource, type EntityManager } from 'typeorm';
import { WAITLIST_STATUS_LABELS, type JoinWaitlistRequest, type WaitlistEntryView, type WaitlistList, type WaitlistQuote } from '@healthpocket/shared-types';
import { User } from '../../db/entities';
import { derivedId, newId } from '../../db/columns';
import type { Tx } from '../../db/data-source';
import { lockRow } from '../../db/lock';
import { isUniqueViolation } from '../../db/unique-violation';
import type { Audit, Scope } from '../../audit/audit';
import { AppError, errors } from '../../errors';
import { authorize } from '../../policies';
import type { Logger } from '../../logger';
import type { WechatClient } from '../../wechat/client';
import type { Notices } from '../messages';
import type { FamilyService } from '../family/service';
import { addDays, chinaParts, toChinaIso } from './china-time';
import { BookingPatient, WaitlistEntry, WaitlistSession, type WaitlistStatus } from './entities';
import { HisRefusal, type HisClient, type HisSession, type HisSlot } from './his-client';
import { rulesFor } from './hospital-rules';
import type { PatientResolver } from './patients';
import { openingRefusal } from './rules';
import type { BookingService } from './service';
import type { OutboxPort, WaitlistHooks } from './ports';

const WAITLIST_TOPICS = { promote: 'booking.waitlist-promote', offer: 'booking.waitlist-offer' } as const;

/** While an entry is in these states it holds its patient's one place in the session's line. */
const ACTIVE: WaitlistStatus[] = ['waiting', 'offered'];
/** One worker hands out a session's places at a time; a worker that died lets go after this. */
const LEASE_MS = 60_000;

export interface WaitlistSettings {
  payMinutes: number;
  templateId: string;
  maxWaiting: number;
}

/** The HIS hold reference of one promotion attempt: a retry of the attempt gets the same hold back. */
function offerRefOf(entryId: string, attempt: number): string {
  return `w${createHash('sha256').update(`${entryId}|${attempt}`).digest('hex').slice(0, 40)}`;
}
const offerBookingIdOf = (entryId: string, attempt: number) => derivedId('waitlist-offer', entryId, String(attempt));

const cut = (s: string, n: number) => ([...s].length > n ? [...s].slice(0, n).join('') : s);
const SESSION_LABEL = { am: '上午', pm: '下午' } as const;

type Outcome = 'offered' | 'skipped' | 'retry' | 'no_place';

/**
 * 候补挂号. Joining takes a number in the session's line under the session row's lock; when a place
 * frees (a cancellation, an unpaid hold lapsing, the hospital adding places) a promotion, run by the
 * outbox and by a periodic sweep, holds it at the HIS for the first in line and books it for them
 * (the ordinary hold → pay path, the pay time shortened to `payMinutes`), and a subscribe message
 * tells them. Only the holder of the session's lease promotes, one entry at a time, so places go in
 * exact line order; each attempt is claimed before the HIS hold, with a reference derived from the
 * entry and attempt, so a crash mid-promotion is retried onto the same hold, never a second one.
 */
export class WaitlistService implements WaitlistHooks {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: Tx,
    private readonly his: HisClient,
    private readonly booking: BookingService,
    private readonly patients: PatientResolver,
    private readonly family: FamilyService,
    private readonly outbox: OutboxPort,
    private readonly audit: Audit,
    private readonly wechat: WechatClient,
    private readonly logger: Logger,
    readonly settings: WaitlistSettings,
    private readonly notices: Notices,
  ) {
    booking.waitlist = this;
    outbox.register<{ sessionId: string }>(WAITLIST_TOPICS.promote, async ({ sessionId }) => {
      // Another worker holds the session: try again shortly, so this freed place is not missed.
      if ((await this.promote(sessionId)) === 'busy') throw new Error(`waitlist of ${sessionId} is being promoted by another worker`);
    });
    outbox.register<{ entryId: string }>(WAITLIST_TOPICS.offer, ({ entryId }) => this.sendOffer(entryId));
  }

  private clock(): Date {
    return this.booking.clock();
  }

  // ---- join, read, leave ---------------------------------------------------------------

  private async liveSession(sessionId: string): Promise<{ session: HisSession; slot: HisSlot }> {
    try {
      const session = await this.his.session(sessionId);
      const first = session.slots[session.slots.length - 1];
      if (!first) throw errors.of('SLOT_UNAVAILABLE');
      // Names and location come with a slot of the session.
      return { session, slot: await this.his.slot(first.id) };
    } catch (e) {
      if (e instanceof AppError && e.code === 'NOT_FOUND') throw errors.of('SLOT_UNAVAILABLE', '该出诊时段已停诊或不存在，请重新选择');
      throw e;
    }
  }

  /** Places free now in slots that have not begun (the waitlist is only for a full session). */
  private freePlaces(session: HisSession, now: Date): number {
    return session.slots.filter((x) => Date.parse(x.start) > now.getTime()).reduce((n, x) => n + x.remaining, 0);
  }

  /** Whether the session can still be waited for: open by the hospital's rules until its last slot begins. */
  private closedRefusal(session: HisSession, now: Date) {
    const last = session.slots[session.slots.length - 1];
    const r = openingRefusal(rulesFor(session.hospitalId), { date: session.date, start: last?.start ?? session.start }, now);
    if (!r) return null;
    return r.code === 'BOOKING_NOT_OPEN' ? r : { ...r, code: 'WAITLIST_CLOSED' as const, message: '该时段已停止预约，不能候补' };
  }

  rulesText(): string[] {
    const n = this.settings.payMinutes;
    return [
      '仅号源已约满的时段可以候补；每位就诊人每个时段只能候补一次，候补同样计入每周、每月的预约次数限制。',
      '有号源空出（他人退号、未支付释放、医院加号）时，按候补先后顺序自动为排在最前的就诊人锁定号源。',
      `锁号后将通过微信服务通知提醒您，请在${n}分钟内完成支付，逾期未支付号源将自动释放给下一位候补者。`,
      '候补期间可随时退出；直接预约了该时段或同一科室同一时段的号源后，候补自动结束。',
      '就诊时段开始前仍未候补成功的，候补自动结束，不收取任何费用。',
    ];
  }

  async quote(sessionId: string): Promise<WaitlistQuote> {
    const { session, slot } = await this.liveSession(sessionId);
    const waiting = await this.ds.getRepository(WaitlistEntry).count({ where: { sessionId, status: 'waiting' } });
    return {
      sessionId,
      hospital: { id: slot.hospitalId, name: slot.hospitalName },
      department: { id: slot.departmentId, name: slot.departmentName },
      doctor: { id: slot.doctorId, name: slot.doctorName, title: slot.doctorTitle },
      date: session.date,
      session: session.session,
      sessionLabel: session.sessionLabel,
      feeFen: session.feeFen,
      remaining: this.freePlaces(session, this.clock()),
      waiting,
      payMinutes: this.settings.payMinutes,
      rules: this.rulesText(),
      templateId: this.settings.templateId,
    };
  }

  async join(scope: Scope, input: JoinWaitlistRequest): Promise<WaitlistEntryView> {
    const [member, { session, slot }] = await Promise.all([this.family.memberFor(scope, input.memberId, 'book'), this.liveSession(input.sessionId)]);
    const now = this.clock();
    const closed = this.closedRefusal(session, now);
    if (closed) throw errors.of(closed.code, closed.message, closed.until ? { until: closed.until } : undefined);
    if (this.freePlaces(session, now) > 0 && !(await this.queued(session.id))) throw errors.of('WAITLIST_NOT_FULL');
    const patient = await this.patients.resolve(member);
    await this.booking.ensurePatientRow(patient.key);
    await this.ds.createQueryBuilder().insert().into(WaitlistSession).values({ id: session.id, lastSeq: 0, leaseUntil: null }).orIgnore().execute();
    const id = newId();
    try {
      await this.tx.run(async (m) => {
        // The patient first (as booking does), then the session's line.
        await lockRow(m, this.tx.dialect, BookingPatient, patient.key);
        const mine = await m.getRepository(WaitlistEntry).findOne({ where: { patientKey: patient.key, sessionId: session.id, status: In(ACTIVE) }, select: { id: true } });
        if (mine) throw errors.of('WAITLIST_DUPLICATE');
        // The per-patient limits count entries in line as bookings.
        const refusal = await this.booking.patientRefusal(m, patient.key, slot, now, await this.visitsInLine(m, patient.key));
        if (refusal) throw errors.of(refusal.code, refusal.message, { rule: refusal.rule, ...(refusal.until ? { until: refusal.until } : {}), ...(refusal.limit ? { limit: refusal.limit } : {}) });
        const line = (await lockRow(m, this.tx.dialect, WaitlistSession, session.id))!;
        const waiting = await m.getRepository(WaitlistEntry).count({ where: { sessionId: session.id, status: 'waiting' } });
        if (waiting >= this.settings.maxWaiting) throw errors.of('WAITLIST_LENGTH_REACHED');
        await m.getRepository(WaitlistSession).update({ id: session.id }, { lastSeq: line.lastSeq + 1 });
        const last = session.slots[session.slots.length - 1];
        await m.getRepository(WaitlistEntry).insert({
          id,
          userId: scope.actor.userId,
          memberId: member.id,
          patientKey: patient.key,
          patientName: member.name,
          sessionId: session.id,
          seq: line.lastSeq + 1,
          hospitalId: slot.hospitalId,
          hospitalName: slot.hospitalName,
          departmentId: slot.departmentId,
          departmentName: slot.departmentName,
          doctorId: slot.doctorId,
          doctorName: slot.doctorName,
          doctorTitle: slot.doctorTitle,
          date: session.date,
          session: session.session,
          sessionEnd: new Date(last?.start ?? session.end),
          feeFen: session.feeFen,
          status: 'waiting',
          activeKey: `${patient.key}|${session.id}`,
          promoting: false,
          attempt: 0,
          offerSlotId: null,
          bookingId: null,
          offerExpiresAt: null,
          notify: input.subscribe ? 'requested' : 'none',
          endReason: null,
          endedAt: null,
        });
        await this.audit.record(scope, { action: 'booking.waitlist.join', subjectType: 'waitlist', subjectId: id, detail: { memberId: member.id, sessionId: session.id, seq: line.lastSeq + 1 } }, m);
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw errors.of('WAITLIST_DUPLICATE');
      throw e;
    }
    // A place may have freed between the read and the join: look again now.
    if (this.freePlaces(session, now) > 0) await this.placeFreed(session.id, `join:${id}`);
    return this.view(scope, id);
  }

  /** The patient's entries in line (other sessions), as visits for the per-patient limits. */
  private async visitsInLine(m: EntityManager, patientKey: string) {
    return m.getRepository(WaitlistEntry).find({ where: { patientKey, status: 'waiting' }, select: { id: true, hospitalId: true, departmentId: true, date: true, session: true } });
  }

  private async own(scope: Scope, id: string, m: EntityManager = this.ds.manager): Promise<WaitlistEntry> {
    const e = await m.getRepository(WaitlistEntry).findOneBy({ id });
    if (!e) throw errors.notFound('没有找到该候补');
    await authorize(scope.actor, 'booking.view', e);
    // An entry is its member's: what booking for the member allows (member policy).
    await this.family.resourceFor(scope, e, 'book');
    return e;
  }

  async view(scope: Scope, id: string): Promise<WaitlistEntryView> {
    const e = await this.own(scope, id);
    return (await this.present([e]))[0];
  }

  /** 我的预约's waitlist: entries in line or held for the user, and those that ended in the last week. */
  async list(scope: Scope): Promise<WaitlistList> {
    const since = addDays(chinaParts(this.clock()).date, -7);
    const rows = await this.ds.getRepository(WaitlistEntry).find({ where: { userId: scope.actor.userId, date: MoreThanOrEqual(since) }, order: { date: 'ASC', createdAt: 'ASC' }, take: 50 });
    const active = rows.filter((r) => ACTIVE.includes(r.status));
    const ended = rows.filter((r) => !ACTIVE.includes(r.status));
    return { items: await this.present([...active, ...ended]) };
  }

  private async present(rows: WaitlistEntry[]): Promise<WaitlistEntryView[]> {
    const out: WaitlistEntryView[] = [];
    for (const e of rows) {
      const position = e.status === 'waiting' ? (await this.ds.getRepository(WaitlistEntry).count({ where: { sessionId: e.sessionId, status: 'waiting', seq: LessThan(e.seq) } })) + 1 : null;
      out.push({
        id: e.id,
        status: e.status,
        statusLabel: WAITLIST_STATUS_LABELS[e.status],
        memberId: e.memberId,
        patientName: e.patientName,
        sessionId: e.sessionId,
        hospital: { id: e.hospitalId, name: e.hospitalName },
        department: { id: e.departmentId, name: e.departmentName },
        doctor: { id: e.doctorId, name: e.doctorName, title: e.doctorTitle },
        date: e.date,
        session: e.session,
        sessionLabel: SESSION_LABEL[e.session],
        feeFen: e.feeFen,
        position,
        bookingId: e.status === 'offered' || e.status === 'booked' ? e.bookingId : null,
        offerExpiresAt: e.status === 'offered' && e.offerExpiresAt ? toChinaIso(e.offerExpiresAt) : null,
        endReason: e.endReason,
        createdAt: toChinaIso(e.createdAt),
      });
    }
    return out;
  }

  /** 退出候补. Leaving while a place is held for you lets the held place go to the next in line. */
  async leave(scope: Scope, id: string): Promise<WaitlistEntryView> {
    const e = await this.own(scope, id);
    if (e.status === 'left') return this.view(scope, id);
    if (e.status === 'offered' && e.bookingId) {
      // Cancelling the held booking ends the entry (bookingEnded) and frees the place.
      await this.booking.cancel(scope, e.bookingId, undefined);
    } else {
      const r = await this.ds.getRepository(WaitlistEntry).update({ id, status: 'waiting' }, { status: 'left', activeKey: null, promoting: false, endReason: '已退出候补', endedAt: new Date() });
      if (!r.affected) {
        const cur = await this.own(scope, id);
        // A place was held for them just now: the same as leaving an offer.
        if (cur.status === 'offered' && cur.bookingId) await this.booking.cancel(scope, cur.bookingId, undefined);
        else if (cur.status !== 'left') throw errors.of('WAITLIST_NOT_ACTIVE', `该候补已结束（${WAITLIST_STATUS_LABELS[cur.status]}）`);
      }
    }
    await this.audit.record(scope, { action: 'booking.waitlist.leave', subjectType: 'waitlist', subjectId: id, detail: { from: e.status } });
    return this.view(scope, id);
  }

  // ---- hooks from booking ----------------------------------------------------------------

  async queued(sessionId: string): Promise<boolean> {
    return (await this.ds.getRepository(WaitlistEntry).count({ where: { sessionId, status: 'waiting' }, take: 1 })) > 0;
  }

  async placeFreed(sessionId: string, cause: string): Promise<void> {
    if (!(await this.queued(sessionId))) return;
    await this.tx.run((m) => this.outbox.enqueue(m, WAITLIST_TOPICS.promote, { sessionId }, `waitlist:${sessionId}:${cause}`.slice(0, 160)));
  }

  async bookingEnded(m: EntityManager, bookingId: string, how: 'booked' | 'lapsed' | 'left'): Promise<void> {
    const end = { booked: null, lapsed: '未在规定时间内支付，号源已顺延给下一位', left: '已取消为您锁定的号源' }[how];
    await m
      .getRepository(WaitlistEntry)
      .update({ bookingId, status: 'offered' }, { status: how, activeKey: null, offerExpiresAt: null, endReason: end, endedAt: how === 'booked' ? null : new Date() });
  }

  async bookedDirectly(m: EntityManager, patientKey: string, sessionId: string): Promise<void> {
    await m
      .getRepository(WaitlistEntry)
      .update({ patientKey, sessionId, status: 'waiting' }, { status: 'skipped', activeKey: null, promoting: false, endReason: '已直接预约该时段，候补结束', endedAt: new Date() });
  }

  // ---- promotion -------------------------------------------------------------------------

  /**
   * Hands the session's free places to the first in line, one at a time, while places are free and
   * someone waits. 'busy' when another worker holds the session's lease.
   */
  async promote(sessionId: string): Promise<'busy' | number> {
    const repo = this.ds.getRepository(WaitlistSession);
    const took = await repo
      .createQueryBuilder()
      .update(WaitlistSession)
      .set({ leaseUntil: new Date(Date.now() + LEASE_MS) })
      .where('id = :id AND (leaseUntil IS NULL OR leaseUntil < :now)', { id: sessionId, now: new Date() })
      .execute();
    if (took.affected !== 1) return (await repo.existsBy({ id: sessionId })) ? 'busy' : 0;
    let offered = 0;
    let retries = 0;
    try {
      for (let i = 0; i < 100; i++) {
        const head = await this.ds.getRepository(WaitlistEntry).findOne({ where: { sessionId, status: 'waiting' }, order: { seq: 'ASC' } });
        if (!head) {
          // Nobody waits any more: places still free are everyone's again (the rush counter reads them afresh).
          if (i > 0) await this.reopenFree(sessionId);
          break;
        }
        const r = await this.promoteHead(head);
        if (r === 'no_place') break;
        if (r === 'offered') offered++;
        // The HIS keeps refusing places its counts show as free: leave it to the next run.
        retries = r === 'retry' ? retries + 1 : 0;
        if (retries >= 5) break;
        await repo.update({ id: sessionId }, { leaseUntil: new Date(Date.now() + LEASE_MS) });
      }
    } finally {
      await repo.update({ id: sessionId }, { leaseUntil: null });
    }
    return offered;
  }

  private async promoteHead(head: WaitlistEntry): Promise<Outcome> {
    const now = this.clock();
    let slotId = head.promoting ? head.offerSlotId : null;
    if (!slotId) {
      const session = await this.his.session(head.sessionId);
      if (this.closedRefusal(session, now)) {
        await this.closeSession(head.sessionId);
        return 'no_place';
      }
      const rules = rulesFor(session.hospitalId);
      const free = session.slots.find((x) => x.remaining > 0 && !openingRefusal(rules, { date: session.date, start: x.start }, now));
      if (!free) return 'no_place';
      // Claim the attempt before the HIS hold: a retry after a crash finds it and reuses its reference.
      const claim = await this.ds
        .getRepository(WaitlistEntry)
        .update({ id: head.id, status: 'waiting', promoting: false, attempt: head.attempt }, { promoting: true, attempt: head.attempt + 1, offerSlotId: free.id });
      if (claim.affected !== 1) return 'retry';
      head.attempt += 1;
      head.promoting = true;
      slotId = free.id;
    }
    const scope: Scope = { actor: { userId: head.userId, roles: ['resident'] }, requestId: `waitlist-${head.id}-${head.attempt}` };
    let member, patient, slot: HisSlot;
    try {
      member = await this.family.memberFor(scope, head.memberId, 'book');
      patient = await this.patients.resolve(member);
      slot = await this.his.slot(slotId);
    } catch (e) {
      if (e instanceof AppError && e.status < 500) return this.skip(head, '就诊人信息已变更，候补结束');
      throw e;
    }
    let appt;
    try {
      appt = await this.his.hold({ slotId, clientRef: offerRefOf(head.id, head.attempt), patient: patient.his });
    } catch (e) {
      if (!(e instanceof HisRefusal)) throw e; // the HIS is down: the claim stays, the next run takes the same hold
      if (e.code === 'DUPLICATE_PATIENT') return this.skip(head, '就诊人已有该时段的预约，候补结束');
      if (e.code === 'PATIENT_MISMATCH') return this.skip(head, '医院未能核实就诊人身份，候补结束');
      // The place went (or the slot began) before this attempt's hold: read the places again.
      await this.unclaim(head);
      return 'retry';
    }
    if (appt.status !== 'held') {
      // This attempt's hold, taken by a run that died, lapsed meanwhile: a new attempt.
      await this.unclaim(head);
      return 'retry';
    }
    const bookingId = offerBookingIdOf(head.id, head.attempt);
    const hisEnd = appt.holdExpiresAt ? Date.parse(appt.holdExpiresAt) : Infinity;
    const offerExpiresAt = new Date(Math.min(hisEnd, now.getTime() + this.settings.payMinutes * 60_000));
    try {
      await this.tx.run(async (m) => {
        await this.booking.insertHeld(m, scope, { id: bookingId, member, patientKey: patient.key, slot, appt, holdExpiresAt: offerExpiresAt, subscribeReminder: false, now });
        const won = await m
          .getRepository(WaitlistEntry)
          .update({ id: head.id, status: 'waiting', promoting: true, attempt: head.attempt }, { status: 'offered', promoting: false, bookingId, offerExpiresAt });
        // They left (or were skipped) meanwhile: nothing of this attempt is kept.
        if (won.affected !== 1) throw new LostClaim();
        await this.outbox.enqueue(m, WAITLIST_TOPICS.offer, { entryId: head.id }, `waitlist:${head.id}:offer:${head.attempt}`);
        await this.audit.record(scope, { action: 'booking.waitlist.offer', subjectType: 'waitlist', subjectId: head.id, detail: { bookingId, slotId: slot.id, seq: head.seq } }, m);
      });
    } catch (e) {
      const refused = e instanceof AppError && e.status < 500;
      if (!(e instanceof LostClaim) && !refused && !isUniqueViolation(e)) throw e;
      await this.booking.releaseHold(appt.id);
      if (e instanceof LostClaim) return 'retry';
      // Booked elsewhere meanwhile (same department and half-day, a weekly limit …): their turn is skipped.
      return this.skip(head, refused ? `${cut((e as AppError).message, 40)}，候补结束` : '就诊人在本时段已预约该科室，候补结束');
    }
    this.booking.browse.forgetSchedule(slot.doctorId, slot.hospitalId);
    this.logger.info({ entryId: head.id, bookingId, seq: head.seq }, 'waitlist place held');
    return 'offered';
  }

  private async reopenFree(sessionId: string): Promise<void> {
    const session = await this.his.session(sessionId).catch(() => null);
    for (const x of session?.slots ?? []) if (x.remaining > 0) this.booking.reopened(x.id);
  }

  private async unclaim(head: WaitlistEntry): Promise<void> {
    await this.ds.getRepository(WaitlistEntry).update({ id: head.id, status: 'waiting', promoting: true, attempt: head.attempt }, { promoting: false, offerSlotId: null });
  }

  private async skip(head: WaitlistEntry, reason: string): Promise<Outcome> {
    await this.ds
      .getRepository(WaitlistEntry)
      .update({ id: head.id, status: 'waiting' }, { status: 'skipped', activeKey: null, promoting: false, endReason: reason.slice(0, 64), endedAt: new Date() });
    this.logger.info({ entryId: head.id, reason }, 'waitlist entry skipped');
    return 'skipped';
  }

  private async closeSession(sessionId: string): Promise<void> {
    await this.ds
      .getRepository(WaitlistEntry)
      .update({ sessionId, status: 'waiting' }, { status: 'closed', activeKey: null, promoting: false, endReason: '就诊时段已开始，未能候补成功', endedAt: new Date() });
  }

  /** The periodic sweep: every session with someone waiting is read again (places the HIS added, holds it let go). */
  async sweep(): Promise<number> {
    const rows = await this.ds
      .getRepository(WaitlistEntry)
      .createQueryBuilder('e')
      .select('DISTINCT e.sessionId', 'sessionId')
      .where('e.status = :s', { s: 'waiting' })
      .limit(200)
      .getRawMany<{ sessionId: string }>();
    let offered = 0;
    for (const { sessionId } of rows) {
      try {
        const r = await this.promote(sessionId);
        if (r !== 'busy') offered += r;
      } catch (e) {
        this.logger.warn({ sessionId, err: (e as Error).message }, 'waitlist promotion failed; the next sweep retries');
      }
    }
    return offered;
  }

  // ---- the 候补成功 message ------------------------------------------------------------------

  /** One subscribe message per offer (claimed before the send): pay within N minutes. */
  async sendOffer(entryId: string): Promise<void> {
    const repo = this.ds.getRepository(WaitlistEntry);
    const e = await repo.findOneBy({ id: entryId });
    if (!e || e.status !== 'offered' || e.notify !== 'requested' || !e.offerExpiresAt) return;
    const claim = await repo.update({ id: e.id, notify: 'requested' }, { notify: 'sending' });
    if (claim.affected !== 1) return;
    const user = await this.ds.getRepository(User).findOneBy({ id: e.userId });
    if (!user) return;
    try {
      const until = toChinaIso(e.offerExpiresAt);
      await this.notices.post(e.userId, {
        category: 'booking',
        title: '候补成功，请及时支付',
        body: `${e.patientName} ${e.date} ${SESSION_LABEL[e.session]} ${e.hospitalName} ${e.departmentName}：号源已为您保留，请在${until.slice(11, 16)}前支付，逾期将顺延给下一位`,
        link: `booking/pages/detail/index?id=${e.bookingId}`,
        memberId: e.memberId,
        dedupeKey: `waitlist-offer:${e.id}:${e.bookingId}`,
      });
      const r = await this.wechat.sendSubscribeMessage({
        touser: user.openid,
        templateId: this.settings.templateId,
        page: `booking/pages/detail/index?id=${e.bookingId}`,
        data: {
          name1: cut(e.patientName, 10),
          thing2: cut(`${e.hospitalName} ${e.departmentName}`, 20),
          time3: `${e.date} ${SESSION_LABEL[e.session]}`,
          time4: `${until.slice(0, 10)} ${until.slice(11, 16)}`,
          thing5: cut(`候补成功，请在${this.settings.payMinutes}分钟内支付`, 20),
        },
      });
      await repo.update({ id: e.id }, { notify: r.result === 'sent' ? 'sent' : 'refused' });
      if (r.result !== 'sent') this.logger.warn({ entryId, errcode: r.errcode }, 'waitlist offer message not delivered');
    } catch (err) {
      await repo.update({ id: e.id, notify: 'sending' }, { notify: 'requested' });
      throw err;
    }
  }
}

class LostClaim extends Error {
  constructor() {
    super('the waitlist entry left the line during its promotion');
  }
}
