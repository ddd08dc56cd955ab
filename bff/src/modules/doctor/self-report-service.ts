import type { DataSource } from 'typeorm';
import {
  addDays,
  chinaToday,
  FOLLOWUP_DUE_WINDOW_DAYS,
  SELF_REPORT_MAX_READINGS,
  SELF_REPORT_READING_DAYS,
  type SelfReportAnswers,
  type SelfReportPage,
  type SelfReportRequest,
  type SelfReportView,
} from '@healthpocket/shared-types';
import type { Audit, Scope } from '../../audit/audit';
import { newId } from '../../db/columns';
import { isUniqueViolation } from '../../db/unique-violation';
import { errors } from '../../errors';
import type { FamilyService } from '../family/service';
import type { ProfileService } from '../profile/service';
import type { FollowupService } from './followup-service';
import type { PlatformDirectory } from './platform';
import type { ReadingsService } from './readings-service';
import { FollowupSelfReport, openSelfReports, presentSelfReport } from './self-report-entities';

const SHORT = { hypertension: '高血压随访', diabetes: '糖尿病随访' } as const;

/**
 * The resident's self-report (自报) before a 随访 (issue 13 §5): for a member with a managed
 * follow-up that is due (within two weeks, or overdue), the resident — or a family member holding
 * the 查看健康信息 scope, or a guardian — sends the form's own lines (symptoms, lifestyle, adherence,
 * adverse reactions), and the home readings of the last 14 days are attached by the BFF at that
 * moment. One self-report per due follow-up: sending again replaces it. The doctor sees it on the
 * patient panel and starts the form from it; classifying and signing stay with the doctor.
 */
export class SelfReportService {
  clock: () => Date = () => new Date();

  constructor(
    private readonly ds: DataSource,
    private readonly family: FamilyService,
    private readonly profile: ProfileService,
    private readonly platform: PlatformDirectory,
    private readonly followups: FollowupService,
    private readonly readings: ReadingsService,
    private readonly audit: Audit,
  ) {}

  /** The member (through the member policy, health), their record, team and managed follow-ups. */
  private async context(scope: Scope, memberId: string) {
    const member = await this.family.memberFor(scope, memberId, 'health');
    await this.profile.requireConsent(scope.actor.userId, 'health_data');
    const recordNumber = await this.platform.recordNumberOf(member);
    if (!recordNumber) throw errors.of('MEMBER_RECORD_UNAVAILABLE');
    const contract = await this.platform.contract(recordNumber);
    if (!contract) throw errors.of('CONTRACT_REQUIRED');
    const due = await this.followups.dueFor(contract.teamId, recordNumber);
    if (!due || due.followups.length === 0) throw errors.of('NOT_MANAGED', '该成员未纳入高血压或2型糖尿病患者健康管理，无需随访自报');
    const today = chinaToday(this.clock());
    const items = due.followups.map((f) => ({ ...f, open: f.dueDate <= addDays(today, FOLLOWUP_DUE_WINDOW_DAYS) }));
    return { member, recordNumber, teamId: contract.teamId, items, today };
  }

  private recentReadings(memberId: string, today: string) {
    // From the start of the day 13 days ago (China time): 14 calendar days including today.
    const since = new Date(`${addDays(today, -(SELF_REPORT_READING_DAYS - 1))}T00:00:00+08:00`);
    return this.readings.recentFor(memberId, SELF_REPORT_MAX_READINGS, since);
  }

  async page(scope: Scope, memberId: string): Promise<SelfReportPage> {
    const c = await this.context(scope, memberId);
    const reports = await openSelfReports(this.ds, c.recordNumber, c.items);
    const readings = await this.recentReadings(c.member.id, c.today);
    await this.audit.record(scope, { action: 'followup.self_report.view', subjectType: 'member', subjectId: c.member.id });
    return {
      memberId: c.member.id,
      memberName: c.member.name,
      items: c.items.map((f) => ({ kind: f.kind, dueDate: f.dueDate, overdue: f.overdue, open: f.open, report: reports.find((r) => r.kind === f.kind) ?? null })),
      readings,
      today: c.today,
    };
  }

  /** Sends (or replaces) the self-report for the member's due follow-up of `body.kind`. */
  async submit(scope: Scope, memberId: string, body: SelfReportRequest): Promise<SelfReportView> {
    const c = await this.context(scope, memberId);
    const item = c.items.find((f) => f.kind === body.kind);
    if (!item) throw errors.of('NOT_MANAGED', `该成员未纳入${body.kind === 'hypertension' ? '高血压' : '2型糖尿病'}患者健康管理，无需${SHORT[body.kind]}自报`);
    if (!item.open) throw errors.of('FOLLOWUP_NOT_DUE', `下次${SHORT[body.kind]}应于${item.dueDate}前完成，到期前两周内（${addDays(item.dueDate, -FOLLOWUP_DUE_WINDOW_DAYS)}起）可以提交自报`);
    const answers: SelfReportAnswers = {
      symptoms: body.symptoms,
      smokingPerDay: body.smokingPerDay,
      drinkingLiangPerDay: body.drinkingLiangPerDay,
      exerciseTimesPerWeek: body.exerciseTimesPerWeek,
      exerciseMinutes: body.exerciseMinutes,
      salt: body.kind === 'hypertension' ? body.salt : null,
      stapleGramsPerDay: body.kind === 'diabetes' ? body.stapleGramsPerDay : null,
      adherence: body.adherence,
      adverseReaction: body.adverseReaction,
    };
    const readings = await this.recentReadings(c.member.id, c.today);
    const repo = this.ds.getRepository(FollowupSelfReport);
    const key = { recordNumber: c.recordNumber, kind: body.kind, dueDate: item.dueDate };
    const change = { teamId: c.teamId, memberId: c.member.id, memberName: c.member.name, userId: scope.actor.userId, answers, readings };
    const replace = async () => {
      await repo.update(key, { ...change, updatedAt: this.clock() });
      return true;
    };
    let replaced = (await repo.findOneBy(key)) ? await replace() : false;
    if (!replaced) {
      try {
        await repo.insert({ id: newId(), ...key, ...change });
      } catch (e) {
        // Sent at the same moment from another device: the later one replaces it.
        if (!isUniqueViolation(e)) throw e;
        replaced = await replace();
      }
    }
    const row = await repo.findOneByOrFail(key);
    await this.audit.record(scope, {
      action: 'followup.self_report',
      subjectType: 'member',
      subjectId: c.member.id,
      detail: { kind: body.kind, dueDate: item.dueDate, readings: readings.length, replaced },
    });
    return presentSelfReport(row);
  }
}
