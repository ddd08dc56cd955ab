import { IsNull, LessThan, MoreThan, Not } from 'typeorm';
import { FamilyMember, User } from '../../db/entities';
import { newId } from '../../db/columns';
import { isUniqueViolation } from '../../db/unique-violation';
import type { Job } from '../../job';
import type { VaccinesContext } from './context';
import { VaccineAppointment, VaccineReminder } from './entities';
import type { VaccineQueries } from './queries';
import { addAge } from './schedule/dates';
import { intervalJob } from '../../jobs';
import type { VaccineStockAlerts } from './stock-alerts';
import type { VaccineAefiReports } from './aefi';

const MAX_ATTEMPTS = 5;
const BATCH = 200;

/** WeChat's subscribe-message limits: thing ≤ 20 characters, name ≤ 10. */
const cut = (s: string, n: number) => ([...s].length > n ? [...s].slice(0, n - 1).join('') + '…' : s);
const cnDate = (date: string) => `${date.slice(0, 4)}年${date.slice(5, 7)}月${date.slice(8, 10)}日`;

/**
 * Background work: settle appointments whose session passed (completed when the platform shows the
 * dose, no-show otherwise), and send subscribe-message reminders for booked sessions and for doses
 * coming due. Each reminder is claimed by a unique key first, so a rerun, a crash or a second
 * instance never sends it twice.
 */
export class VaccineJobs {
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly c: VaccinesContext,
    private readonly q: VaccineQueries,
    /** After-dose care: 到苗提醒 fired when stock is back, AEFI reports' 受理 read back. */
    private readonly care: { stockAlerts: Pick<VaccineStockAlerts, 'fireDue'>; aefi: Pick<VaccineAefiReports, 'refreshSubmitted'> },
  ) {}

  private get d() {
    return this.c.deps;
  }

  /** Appointments whose session ended: the platform's record decides completed or no-show. */
  async settleAttendance(): Promise<{ completed: number; noShow: number; unverified: number }> {
    const now = this.c.now();
    const repo = this.d.ds.getRepository(VaccineAppointment);
    const due = await repo.find({ where: { status: 'confirmed', sessionEnd: LessThan(new Date(now)), settledAt: IsNull() }, order: { sessionEnd: 'ASC' }, take: BATCH });
    const out = { completed: 0, noShow: 0, unverified: 0 };
    for (const a of due) {
      if (!a.recordNumber) {
        // Not on the platform: nothing can prove either way, so no penalty; the place is freed for a next dose.
        await repo.update({ id: a.id, status: 'confirmed' }, { activeKey: null, settledAt: new Date(now) });
        out.unverified++;
        continue;
      }
      const { items } = await this.c.platform.immunizations(a.recordNumber, { fresh: true });
      const given = items.some((i) => i.appointmentRef === a.id || (i.vaccineCode === a.vaccineCode && i.date === a.sessionDate));
      await this.d.tx.run(async (m) => {
        const moved = await m.getRepository(VaccineAppointment).update({ id: a.id, status: 'confirmed' }, { status: given ? 'completed' : 'no_show', activeKey: null, settledAt: new Date(now) });
        if (moved.affected !== 1 || given) return;
        // The dose was not used: it goes back to the clinic's stock; a paid dose is refunded (the penalty is the booking block).
        if (a.stockId) {
          await this.c.inventory.releaseStock(m, a.stockId);
          this.c.inventory.reopened(a);
        }
        if (a.orderId && a.priceFen > 0)
          await this.d.payments.requestRefundLater(m, { orderId: a.orderId, amountFen: a.priceFen, reason: '未到接种，退回疫苗费用', refundKey: `vaccine-noshow-${a.id}` });
      });
      if (given) out.completed++;
      else out.noShow++;
    }
    return out;
  }

  /** Claims a reminder key; false when it was already claimed (sent, refused, or being sent). */
  private async claim(key: string, row: Omit<VaccineReminder, 'id' | 'key' | 'state' | 'attempts' | 'lastError' | 'createdAt' | 'updatedAt'>): Promise<VaccineReminder | null> {
    const repo = this.d.ds.getRepository(VaccineReminder);
    try {
      await repo.insert({ id: newId(), key, state: 'pending', attempts: 0, lastError: null, ...row });
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      const prior = await repo.findOneByOrFail({ key });
      if (prior.state !== 'failed' || prior.attempts >= MAX_ATTEMPTS) return null;
      // A failed send is retried: take it over only if nobody else did since.
      const taken = await repo.update({ id: prior.id, state: 'failed', attempts: prior.attempts }, { state: 'pending' });
      return taken.affected === 1 ? { ...prior, state: 'pending' } : null;
    }
    return repo.findOneByOrFail({ key });
  }

  private async send(
    reminder: VaccineReminder,
    openid: string,
    templateId: string,
    page: string,
    note: { title: string; body: string },
    data: Record<string, string>,
  ): Promise<'sent' | 'refused' | 'failed'> {
    const repo = this.d.ds.getRepository(VaccineReminder);
    try {
      // The centre's copy first: kept whether or not WeChat delivers; a retried reminder keeps its one row.
      await this.d.notices.post(reminder.userId, { category: 'vaccine', ...note, link: page.replace(/^\//, ''), memberId: reminder.memberId, dedupeKey: `vaccine:${reminder.key}` });
      const r = await this.d.wechat.sendSubscribeMessage({ touser: openid, templateId, page, data });
      const state = r.result === 'sent' ? 'sent' : 'refused';
      await repo.update({ id: reminder.id }, { state, attempts: reminder.attempts + 1, lastError: r.result === 'sent' ? null : `${r.errcode} ${r.errmsg ?? ''}`.slice(0, 200) });
      return state;
    } catch (e) {
      await repo.update({ id: reminder.id }, { state: 'failed', attempts: reminder.attempts + 1, lastError: (e as Error).message.slice(0, 200) });
      return 'failed';
    }
  }

  private async openidOf(userId: string): Promise<string | null> {
    return (await this.d.ds.getRepository(User).findOneBy({ id: userId }))?.openid ?? null;
  }

  /** Booked sessions starting within the next 24 hours. */
  async remindSessions(): Promise<Record<'sent' | 'refused' | 'failed', number>> {
    const now = this.c.now();
    const out = { sent: 0, refused: 0, failed: 0 };
    const rows = await this.d.ds.getRepository(VaccineAppointment).find({
      where: { status: 'confirmed', sessionStart: MoreThan(new Date(now)) },
      order: { sessionStart: 'ASC' },
      take: BATCH,
    });
    for (const a of rows.filter((x) => x.sessionStart.getTime() - now <= 24 * 3600_000)) {
      const claimed = await this.claim(`session:${a.id}`, { kind: 'session', userId: a.ownerUserId, memberId: a.memberId, appointmentId: a.id });
      if (!claimed) continue;
      const openid = await this.openidOf(a.ownerUserId);
      if (!openid) continue;
      const when = `${cnDate(a.sessionDate)} ${a.period === 'am' ? '08:00' : '14:00'}`;
      const note = { title: '接种提醒', body: `${a.memberName} ${when} 在${a.clinicName}接种${a.vaccineName}第${a.dose}剂，请携带预防接种证按时到达` };
      out[
        await this.send(claimed, openid, this.d.settings.templates.appointment, `/vaccines/pages/appointments/index?id=${a.id}`, note, {
          thing1: cut(`${a.vaccineName}第${a.dose}剂`, 20),
          name2: cut(a.memberName, 10),
          time3: when,
          thing4: cut(a.clinicName, 20),
          thing5: '请携带预防接种证按时到达',
        })
      ]++;
    }
    return out;
  }

  /** Children's programme doses due within the reminder window that are not booked yet: one message per dose and guardian. */
  async remindDue(): Promise<Record<'sent' | 'refused' | 'failed', number>> {
    const today = this.c.today();
    const out = { sent: 0, refused: 0, failed: 0 };
    const members = await this.d.ds.getRepository(FamilyMember).find({
      where: { birthDate: MoreThan(addAge(today, { years: -this.c.schedule.rules.catchUpForChildrenUnderYears })), relation: Not('self') },
      order: { createdAt: 'ASC' },
      take: 1000,
    });
    for (const member of members) {
      let due;
      try {
        due = await this.q.dueWithin(member, this.d.settings.dueReminderDays);
      } catch {
        continue; // the platform is down: the next run tries again
      }
      if (due.length === 0) continue;
      const subject = await this.c.subjects.of(member);
      const booked = new Set((await this.q.openAppointments(subject.personKey)).map((a) => this.c.seriesOf(a.vaccineCode)));
      for (const e of due.filter((x) => !booked.has(x.series))) {
        const claimed = await this.claim(`due:${member.ownerUserId}:${subject.personKey}:${e.code}#${e.dose}`, { kind: 'due', userId: member.ownerUserId, memberId: member.id, appointmentId: null });
        if (!claimed) continue;
        const openid = await this.openidOf(member.ownerUserId);
        if (!openid) continue;
        const note = {
          title: e.status === 'overdue' ? '疫苗已逾期' : '疫苗可以预约了',
          body: `${member.name}的${e.name}第${e.dose}剂${e.status === 'overdue' ? '已逾期，请尽快预约补种' : '可以预约接种了'}`,
        };
        out[
          await this.send(claimed, openid, this.d.settings.templates.due, `/vaccines/pages/index/index?memberId=${member.id}`, note, {
            thing1: cut(`${e.name}第${e.dose}剂`, 20),
            name2: cut(member.name, 10),
            time3: cnDate(e.earliestDate && e.earliestDate > today ? e.earliestDate : today),
            thing4: e.status === 'overdue' ? '已逾期，请尽快预约补种' : '可以预约接种了',
          })
        ]++;
      }
    }
    return out;
  }

  /** One pass of everything (the job's tick; tests call it directly). */
  runOnce() {
    if (this.running) return this.running;
    const run = (async () => {
      const attendance = await this.settleAttendance();
      const sessions = await this.remindSessions();
      const due = await this.remindDue();
      const stockAlerts = await this.care.stockAlerts.fireDue();
      const aefiAccepted = await this.care.aefi.refreshSubmitted();
      return { attendance, sessions, due, stockAlerts, aefiAccepted };
    })().finally(() => {
      this.running = null;
    });
    this.running = run;
    return run;
  }

  private loop?: Job;
  get job(): Job {
    return (this.loop ??= intervalJob('vaccines', this.d.settings.jobIntervalMs, () => this.runOnce(), this.d.logger));
  }
}
