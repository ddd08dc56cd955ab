import { In, IsNull, Not, type DataSource } from 'typeorm';
import { QUEUE_STATE_LABELS, type BookingView, type CheckInRequest, type QueueState, type QueueView } from '@healthpocket/shared-types';
import type { Audit, Scope } from '../../audit/audit';
import { User } from '../../db/entities';
import { AppError, errors } from '../../errors';
import type { Logger } from '../../logger';
import type { WechatClient } from '../../wechat/client';
import type { Notices } from '../messages';
import { chinaParts, toChinaIso } from './china-time';
import { Booking } from './entities';
import { HisRefusal, type HisClient, type HisQueue } from './his-client';
import { rulesFor } from './hospital-rules';
import { cut } from './jobs';
import { checkInRefusal } from './rules';
import type { BookingService } from './service';

/** The 候诊提醒 goes out when this many (or fewer) patients are still waiting ahead. */
const NOTICE_AHEAD = 3;

const NOT_CHECKABLE: Partial<Record<Booking['status'], string>> = {
  pending_payment: '请先支付挂号费，支付成功后才能签到',
  confirming: '挂号正在向医院确认，请稍后再签到',
  cancelled: '该预约已取消，不能签到',
  expired: '该预约未支付已失效，不能签到',
  no_show: '就诊时段已结束，本次记为爽约，不能签到',
};

/**
 * The day of the visit: 签到 within the hospital's window, then the doctor's queue live from the
 * HIS, and one 候诊提醒 subscribe message when three are ahead.
 *
 * Check-in goes to the HIS at once rather than through the outbox: the resident stands in the
 * hospital waiting for the answer, and the HIS's check-in is repeatable (a retry after a crash
 * checks in the same appointment again and changes nothing), while `syncVisits` also brings a
 * check-in the BFF missed back from the HIS.
 */
export class VisitDayService {
  clock: () => Date = () => new Date();

  constructor(
    private readonly ds: DataSource,
    private readonly his: HisClient,
    private readonly bookings: BookingService,
    private readonly wechat: WechatClient,
    private readonly queueTemplateId: string,
    private readonly audit: Audit,
    private readonly logger: Logger,
    private readonly notices: Notices,
  ) {}

  async checkIn(scope: Scope, id: string, body: CheckInRequest): Promise<BookingView> {
    const now = this.clock();
    const b = await this.bookings.own(scope, id);
    const reason = NOT_CHECKABLE[b.status];
    if (reason) throw errors.of('CHECK_IN_NOT_ALLOWED', reason, { status: b.status });
    if (b.status === 'confirmed') {
      const refusal = checkInRefusal(rulesFor(b.hospitalId), b.slotStart, now);
      if (refusal) throw errors.of(refusal.code, refusal.message, refusal.until ? { until: refusal.until } : undefined);
    }
    if (!b.hisAppointmentId) throw errors.of('CHECK_IN_NOT_ALLOWED', '挂号尚未在医院登记，请到分诊台签到');
    // Checked in already: asking again re-queues a 过号 patient at the HIS (and is harmless otherwise).
    try {
      await this.his.checkIn(b.hisAppointmentId);
    } catch (e) {
      throw e instanceof HisRefusal ? checkInRefusalOf(e) : e;
    }
    const repo = this.ds.getRepository(Booking);
    if (b.status === 'confirmed') {
      await repo.update({ id: b.id, status: 'confirmed' }, { status: 'checked_in', checkedInAt: now, visitStatusAt: now });
    }
    // The 候诊提醒 is asked for once: a message already sent (or refused) is not asked for again.
    if (body.subscribeQueue) await repo.update({ id: b.id, queueNotice: 'none' }, { queueNotice: 'requested' });
    await this.audit.record(scope, { action: 'booking.check_in', subjectType: 'booking', subjectId: b.id, detail: { again: b.status === 'checked_in' } });
    return this.bookings.view(scope, id);
  }

  async queue(scope: Scope, id: string): Promise<QueueView> {
    const b = await this.bookings.own(scope, id);
    const now = this.clock();
    if (b.status !== 'checked_in' || !b.hisAppointmentId) {
      return view(b, { state: 'not_checked_in', ahead: null, visitNo: b.visitNo, nowCalling: null, requeued: false, room: null }, now);
    }
    const q = await this.his.queue(b.hisAppointmentId);
    if (q.status === 'waiting' && q.ahead !== null && q.ahead <= NOTICE_AHEAD && b.queueNotice === 'requested') {
      await this.notify(b, q, now);
    }
    const fresh = (await this.ds.getRepository(Booking).findOneBy({ id: b.id })) ?? b;
    return view(fresh, fromHis(q), now);
  }

  /**
   * The job: for today's checked-in visits whose 候诊提醒 is waiting, read the queue and send the
   * message when three or fewer are ahead (residents need not keep the page open).
   */
  async sendQueueNotices(now: Date = this.clock()): Promise<number> {
    const rows = await this.ds.getRepository(Booking).find({
      where: { status: 'checked_in', date: chinaParts(now).date, queueNotice: In(['requested', 'sending']), hisAppointmentId: Not(IsNull()) },
      take: 200,
    });
    let sent = 0;
    for (const b of rows) {
      try {
        const q = await this.his.queue(b.hisAppointmentId!);
        if (q.status === 'waiting' && q.ahead !== null && q.ahead <= NOTICE_AHEAD && (await this.notify(b, q, now))) sent++;
      } catch (e) {
        this.logger.warn({ bookingId: b.id, err: (e as Error).message }, 'queue read for the 候诊提醒 failed; next run retries');
      }
    }
    return sent;
  }

  /**
   * Claims the notice (requested → sending, or a claim left 10 minutes by a crash) so that the
   * page read and the job, on any instance, send it once; then sends it.
   */
  private async notify(b: Booking, q: HisQueue, now: Date): Promise<boolean> {
    const repo = this.ds.getRepository(Booking);
    const claim = await repo
      .createQueryBuilder()
      .update(Booking)
      .set({ queueNotice: 'sending', queueNoticeAt: now })
      .where('id = :id AND (queueNotice = :req OR (queueNotice = :sending AND queueNoticeAt < :stale))', {
        id: b.id,
        req: 'requested',
        sending: 'sending',
        stale: new Date(now.getTime() - 10 * 60_000),
      })
      .execute();
    if (claim.affected !== 1) return false;
    const user = await this.ds.getRepository(User).findOneBy({ id: b.userId });
    if (!user) return false;
    try {
      await this.notices.post(b.userId, {
        category: 'booking',
        title: '候诊提醒',
        body: `${b.patientName} ${b.departmentName} ${b.doctorName}：您是${q.visitNo}号，前面还有${q.ahead}位，请到${q.room}门口候诊`,
        link: `booking/pages/detail/index?id=${b.id}`,
        memberId: b.memberId,
        dedupeKey: `queue-notice:${b.id}`,
      });
      const r = await this.wechat.sendSubscribeMessage({
        touser: user.openid,
        templateId: this.queueTemplateId,
        page: `booking/pages/detail/index?id=${b.id}`,
        data: {
          name1: cut(b.patientName, 10),
          thing2: cut(`${b.departmentName} ${b.doctorName}`, 20),
          character_string3: String(q.visitNo),
          number4: String(q.ahead),
          thing5: cut(`前面还有${q.ahead}位，请到${q.room}门口候诊`, 20),
        },
      });
      await repo.update({ id: b.id }, { queueNotice: r.result === 'sent' ? 'sent' : 'refused', queueNoticeAt: new Date() });
      if (r.result !== 'sent') this.logger.warn({ bookingId: b.id, errcode: r.errcode }, '候诊提醒 not delivered');
      return r.result === 'sent';
    } catch (e) {
      // WeChat unreachable: give the claim back for the next read or run.
      await repo.update({ id: b.id, queueNotice: 'sending' }, { queueNotice: 'requested' });
      this.logger.warn({ bookingId: b.id, err: (e as Error).message }, '候诊提醒 failed; will retry');
      return false;
    }
  }
}

function checkInRefusalOf(r: HisRefusal): AppError {
  switch (r.code) {
    case 'APPOINTMENT_CLOSED':
      return errors.of('CHECK_IN_CLOSED', '就诊时段已结束，不能签到');
    case 'NOT_BOOKED':
    case 'NOT_FOUND':
      return errors.of('CHECK_IN_NOT_ALLOWED', '医院未查到可签到的挂号，请到分诊台咨询');
    default:
      return errors.upstreamUnavailable('医院系统暂时无法签到，请稍后再试或到分诊台签到');
  }
}

interface Position {
  state: QueueState;
  ahead: number | null;
  visitNo: number | null;
  nowCalling: number | null;
  requeued: boolean;
  room: string | null;
}

function fromHis(q: HisQueue): Position {
  return { state: q.status, ahead: q.ahead, visitNo: q.visitNo, nowCalling: q.nowCalling, requeued: q.requeued, room: q.room };
}

function messageOf(p: Position): string {
  switch (p.state) {
    case 'not_checked_in':
      return '签到后可查看候诊排队';
    case 'waiting':
      if (p.ahead === 0) return `下一位就是您，请在${p.room}门口等候叫号`;
      return `前面还有${p.ahead}位，请在${p.room ?? '诊室'}附近候诊${p.requeued ? '（过号后已重新排队）' : ''}`;
    case 'called':
      return `已叫到您的号（${p.visitNo}号），请立即到${p.room}就诊`;
    case 'missed':
      return '您已过号，请再次签到重新排队，或到分诊台咨询';
    case 'done':
      return '本次就诊已完成';
  }
}

function view(b: Booking, p: Position, now: Date): QueueView {
  return {
    bookingId: b.id,
    state: p.state,
    stateLabel: QUEUE_STATE_LABELS[p.state],
    ahead: p.state === 'waiting' ? p.ahead : null,
    visitNo: p.visitNo,
    nowCalling: p.nowCalling,
    requeued: p.requeued,
    room: p.room,
    notice: b.queueNotice === 'sending' ? 'requested' : b.queueNotice,
    message: messageOf(p),
    asOf: toChinaIso(now),
  };
}
