import { In, type DataSource } from 'typeorm';
import { User } from '../../db/entities';
import type { Logger } from '../../logger';
import type { WechatClient } from '../../wechat/client';
import type { Notices } from '../messages';
import { addDays, chinaParts, toChinaIso } from './china-time';
import { Booking } from './entities';

/** A subscribe-message field cut to WeChat's limit. */
export const cut = (s: string, n: number) => ([...s].length > n ? [...s].slice(0, n).join('') : s);

/**
 * 就诊提醒: the day before a confirmed visit, one subscribe message to the user who booked it, if
 * they accepted the template when booking. Each booking is claimed (requested → sending) before
 * the send, so two runs or two instances never send it twice; a claim left by a crash is taken
 * again after 10 minutes (WeChat's one-time quota still allows at most one delivery).
 */
export class ReminderSender {
  constructor(
    private readonly ds: DataSource,
    private readonly wechat: WechatClient,
    private readonly templateId: string,
    private readonly logger: Logger,
    private readonly notices: Notices,
  ) {}

  async run(now: Date = new Date()): Promise<{ sent: number; refused: number }> {
    const repo = this.ds.getRepository(Booking);
    let sent = 0;
    let refused = 0;
    const tomorrow = addDays(chinaParts(now).date, 1);
    const due = await repo.find({ where: { status: 'confirmed', date: tomorrow, reminder: In(['requested', 'sending']) }, take: 200 });
    for (const b of due) {
      const claim = await repo
        .createQueryBuilder()
        .update(Booking)
        .set({ reminder: 'sending', reminderAt: now })
        .where('id = :id AND status = :st AND (reminder = :req OR (reminder = :sending AND reminderAt < :stale))', {
          id: b.id,
          st: 'confirmed',
          req: 'requested',
          sending: 'sending',
          stale: new Date(now.getTime() - 10 * 60_000),
        })
        .execute();
      if (claim.affected !== 1) continue;
      const user = await this.ds.getRepository(User).findOneBy({ id: b.userId });
      if (!user) continue;
      try {
        const start = toChinaIso(b.slotStart);
        // The centre's copy first: it is kept whether or not WeChat delivers (no quota, unreachable).
        await this.notices.post(b.userId, {
          category: 'booking',
          title: '就诊提醒',
          body: `${b.patientName} ${start.slice(0, 10)} ${start.slice(11, 16)} ${b.hospitalName} ${b.departmentName}（${b.doctorName}），请提前30分钟到${b.departmentLocation}签到`,
          link: `booking/pages/detail/index?id=${b.id}`,
          memberId: b.memberId,
          dedupeKey: `booking-reminder:${b.id}`,
        });
        const r = await this.wechat.sendSubscribeMessage({
          touser: user.openid,
          templateId: this.templateId,
          page: `booking/pages/detail/index?id=${b.id}`,
          data: {
            name1: cut(b.patientName, 10),
            thing2: cut(`${b.hospitalName} ${b.departmentName}`, 20),
            thing3: cut(`${b.doctorName} ${b.registrationLevel}`, 20),
            time4: `${start.slice(0, 10)} ${start.slice(11, 16)}`,
            thing5: cut(`请提前30分钟到${b.departmentLocation}签到`, 20),
          },
        });
        await repo.update({ id: b.id }, { reminder: r.result === 'sent' ? 'sent' : 'refused', reminderAt: new Date() });
        if (r.result === 'sent') sent++;
        else {
          refused++;
          this.logger.warn({ bookingId: b.id, errcode: r.errcode }, 'visit reminder not delivered');
        }
      } catch (e) {
        // WeChat unreachable: give the claim back for the next run.
        await repo.update({ id: b.id, reminder: 'sending' }, { reminder: 'requested' });
        this.logger.warn({ bookingId: b.id, err: (e as Error).message }, 'visit reminder failed; will retry');
      }
    }
    return { sent, refused };
  }
}
