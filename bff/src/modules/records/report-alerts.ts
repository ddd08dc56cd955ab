import { MoreThan, type DataSource } from 'typeorm';
import { FamilyMember, User } from '../../db/entities';
import { newId } from '../../db/columns';
import { isUniqueViolation } from '../../db/unique-violation';
import { intervalJob } from '../../jobs';
import type { Logger } from '../../logger';
import type { Job } from '../../job';
import type { WechatClient } from '../../wechat/client';
import type { FamilyService } from '../family/service';
import type { ProfileService } from '../profile/service';
import { ReportAlert } from './entities';
import { Freshness, type PlatformRecords } from './platform-client';
import type * as P from './platform-types';
import type { ReportNotices } from './ports';
import type { RecordsSettings } from './settings';

const MAX_ATTEMPTS = 5;
const BATCH = 500;

/** WeChat's subscribe-message limits: thing ≤ 20 characters, name ≤ 10. */
const cut = (s: string, n: number) => ([...s].length > n ? [...s].slice(0, n - 1).join('') + '…' : s);
/** 2026-12-03T15:20:00+08:00 → 2026年12月03日 15:20 */
const cnTime = (iso: string) => `${iso.slice(0, 4)}年${iso.slice(5, 7)}月${iso.slice(8, 10)}日 ${iso.slice(11, 16)}`;

const reportPage = (memberId: string, reportId: string) => `/records/pages/report/index?member=${encodeURIComponent(memberId)}&id=${encodeURIComponent(reportId)}`;

export interface ReportAlertDeps {
  ds: DataSource;
  platform: PlatformRecords;
  family: FamilyService;
  profile: ProfileService;
  wechat: Pick<WechatClient, 'sendSubscribeMessage'>;
  settings: RecordsSettings;
  logger: Logger;
  /** The member's record number on the platform (RecordsService.recordNumberOf). */
  recordNumberOf: (member: FamilyMember) => Promise<string | null>;
  /** The message centre; optional until the composition root wires it. */
  notices?: ReportNotices;
  now?: () => number;
  /** Members read per query (tests use 1 to cross pages). */
  pageSize?: number;
}

type Outcome = 'sent' | 'refused' | 'failed';

/**
 * 报告已出: finds reports the platform published for the members residents keep, and tells each
 * member's owner once per report — a subscribe message and a notice in the message centre. The
 * owner is told only while the member policy lets them read the member's health information
 * (self proven; a child's confirmed guardian; an adult's 家人授权 with the 查看健康信息 scope, not
 * revoked) and they hold the health-data consent. Neither message carries a result value: the
 * report's name and who it is for, nothing more (a lock screen shows them).
 */
export class ReportAlerts {
  private running: Promise<unknown> | null = null;

  constructor(private readonly d: ReportAlertDeps) {}

  private now() {
    return (this.d.now ?? Date.now)();
  }

  async runOnce(): Promise<Record<Outcome | 'skipped', number>> {
    if (this.running) return this.running as Promise<Record<Outcome | 'skipped', number>>;
    const run = this.pass().finally(() => {
      this.running = null;
    });
    this.running = run;
    return run;
  }

  private async pass(): Promise<Record<Outcome | 'skipped', number>> {
    const out = { sent: 0, refused: 0, failed: 0, skipped: 0 };
    const since = this.now() - this.d.settings.reportAlertLookbackMs;
    for await (const member of this.members()) {
      if (!(await this.d.family.ownerMay(member.id, 'health'))) continue;
      if (!(await this.d.profile.hasConsent(member.ownerUserId, 'health_data'))) continue;
      let published: P.ReportSummary[];
      let recordNumber: string | null;
      try {
        recordNumber = await this.d.recordNumberOf(member);
        if (!recordNumber) continue;
        published = ((await this.d.platform.reports(recordNumber, new Freshness(), { fresh: true })) ?? []).filter(
          (r) => r.status === 'final' && !!r.reportedAt && Date.parse(r.reportedAt) > Math.max(member.createdAt.getTime(), since),
        );
      } catch (err) {
        this.d.logger.warn({ err, memberId: member.id }, 'report alerts: platform unavailable, next run retries');
        continue;
      }
      for (const report of published) {
        const r = await this.tell(member, recordNumber, report);
        out[r]++;
      }
    }
    return out;
  }

  /** Every member residents keep, a page at a time, by id (keyset paging: no page is read twice or skipped). */
  private async *members(): AsyncGenerator<FamilyMember> {
    let after = '';
    for (;;) {
      const size = this.d.pageSize ?? BATCH;
      const page = await this.d.ds.getRepository(FamilyMember).find({ ...(after ? { where: { id: MoreThan(after) } } : {}), order: { id: 'ASC' }, take: size });
      yield* page;
      if (page.length < size) return;
      after = page[page.length - 1].id;
    }
  }

  private async tell(member: FamilyMember, recordNumber: string, report: P.ReportSummary): Promise<Outcome | 'skipped'> {
    const key = `report-ready:${member.ownerUserId}:${member.id}:${report.id}`;
    const alert = await this.claim(key, { userId: member.ownerUserId, memberId: member.id, reportId: report.id });
    if (!alert) return 'skipped';
    if (alert.attempts === 0) this.d.platform.forgetReports(recordNumber, report.id);
    const link = reportPage(member.id, report.id);
    const state = alert.state === 'pending' ? await this.subscribe(alert, member, report, link) : alert.state;
    if (!alert.noticePostedAt && this.d.notices && !(await this.notice(alert, member, report, link, key))) return 'failed';
    return state;
  }

  /** The message-centre notice; false when it failed (the row stays retryable; the dedupeKey makes a repeat harmless). */
  private async notice(alert: ReportAlert, member: FamilyMember, report: P.ReportSummary, link: string, key: string): Promise<boolean> {
    const repo = this.d.ds.getRepository(ReportAlert);
    const who = member.relation === 'self' ? '您' : member.name;
    try {
      await this.d.notices!.post(member.ownerUserId, {
        category: 'report',
        title: `${report.title}报告已出`,
        body: `${who}的${report.title}（${report.institution}）已出报告，请点击查看。`,
        link,
        memberId: member.id,
        dedupeKey: key,
      });
      await repo.update({ id: alert.id }, { noticePostedAt: new Date(this.now()) });
      return true;
    } catch (err) {
      this.d.logger.warn({ err, alertId: alert.id }, 'report alerts: the message centre did not take the notice');
      await repo.increment({ id: alert.id }, 'attempts', 1);
      return false;
    }
  }

  /**
   * Claims the key for this run; null when it needs nothing more. A row whose subscribe message
   * failed is taken over (back to pending) only if nobody else took it since; a row whose notice
   * is missing is handed back as it is. Both up to MAX_ATTEMPTS.
   */
  private async claim(key: string, row: Pick<ReportAlert, 'userId' | 'memberId' | 'reportId'>): Promise<ReportAlert | null> {
    const repo = this.d.ds.getRepository(ReportAlert);
    try {
      await repo.insert({ id: newId(), key, state: 'pending', attempts: 0, lastError: null, noticePostedAt: null, ...row });
      return repo.findOneByOrFail({ key });
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
    }
    const prior = await repo.findOneByOrFail({ key });
    if (prior.attempts >= MAX_ATTEMPTS) return null;
    if (prior.state === 'failed') {
      const taken = await repo.update({ id: prior.id, state: 'failed', attempts: prior.attempts }, { state: 'pending' });
      return taken.affected === 1 ? { ...prior, state: 'pending' } : null;
    }
    return prior.state !== 'pending' && !prior.noticePostedAt && this.d.notices ? prior : null;
  }

  /** The subscribe message: names the report and the member, never a value. */
  private async subscribe(alert: ReportAlert, member: FamilyMember, report: P.ReportSummary, page: string): Promise<Outcome> {
    const repo = this.d.ds.getRepository(ReportAlert);
    const openid = (await this.d.ds.getRepository(User).findOne({ where: { id: member.ownerUserId }, select: { id: true, openid: true } }))?.openid;
    if (!openid) {
      await repo.update({ id: alert.id }, { state: 'refused', lastError: 'no openid' });
      return 'refused';
    }
    try {
      const r = await this.d.wechat.sendSubscribeMessage({
        touser: openid,
        templateId: this.d.settings.reportReadyTemplateId,
        page,
        data: {
          thing1: cut(report.title, 20),
          name2: cut(member.name, 10),
          time3: cnTime(report.reportedAt!),
          thing4: '报告已出，请进入小程序查看',
        },
      });
      const state = r.result === 'sent' ? 'sent' : 'refused';
      await repo.update({ id: alert.id }, { state, attempts: alert.attempts + 1, lastError: r.result === 'sent' ? null : `${r.errcode} ${r.errmsg ?? ''}`.slice(0, 200) });
      return state;
    } catch (e) {
      await repo.update({ id: alert.id }, { state: 'failed', attempts: alert.attempts + 1, lastError: (e as Error).message.slice(0, 200) });
      return 'failed';
    }
  }

  /** The same job telling a message centre too (the composition root's wiring; tests pass a fake). */
  withNotices(notices: ReportNotices, opts: Pick<ReportAlertDeps, 'now' | 'pageSize'> = {}): ReportAlerts {
    return new ReportAlerts({ ...this.d, notices, ...opts });
  }

  private loop?: Job;
  get job(): Job {
    return (this.loop ??= intervalJob('report-alerts', this.d.settings.reportAlertEveryMs, () => this.runOnce(), this.d.logger));
  }
}
