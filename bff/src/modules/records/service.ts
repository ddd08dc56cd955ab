import { In, type DataSource } from 'typeorm';
import {
  BP_THRESHOLDS,
  GLUCOSE_THRESHOLDS,
  RECORD_SECTION_LABELS,
  ageOn,
  bpLimitFor,
  chinaToday,
  toChinaIso,
  upstream,
  type BpPoint,
  type FollowupKind,
  type GlucosePoint,
  type RecordAccess,
  type RecordAuditEntry,
  type RecordOverview,
  type RecordSummary,
} from '@healthpocket/shared-types';
import { AuditLog, FamilyMember, User } from '../../db/entities';
import type { Audit, Scope } from '../../audit/audit';
import type { FamilyService } from '../family/service';
import type { ProfileService } from '../profile/service';
import type { Upstream } from '../../upstream/http';
import { authorize, rules, type HealthRecordSubject } from '../../policies';
import { AppError, errors } from '../../errors';
import { Freshness, type PlatformRecords } from './platform-client';
import { HomeReadings } from './home-readings';
import { bpPointsOf, byTime, glucosePointsOf, presentBasic, presentCheckup, presentFollowup, presentVisit } from './presenters';
import { upstreamPath } from '../../upstream/path';
import { newId } from '../../db/columns';
import { isUniqueViolation } from '../../db/unique-violation';
import { ReportOpen } from './entities';
import { isNewReport, presentReport, presentReportSummary } from './report-presenters';

/** A member id (residents) or a 17-digit record number (family doctors). */
export type RecordRef = string | { memberId: string } | { recordNumber: string };

interface Resolved {
  recordNumber: string;
  access: RecordAccess;
  subject: HealthRecordSubject;
  memberId: string | null;
  /** When the member was added to the actor's list (reports published before are not 新). */
  memberAddedAt: Date | null;
  f: Freshness;
}

const RECORD_NUMBER = /^\d{17}$/;
const NO_RECORD_MESSAGE = '健康档案平台上没有找到该成员的档案，请核对成员的姓名和身份证号（儿童请核对出生日期）';

/**
 * The resident's electronic health record, read from the regional platform through the resilient
 * upstream. Every read goes: resolve the reference → policy (record.read) → platform → audit row.
 */
export class RecordsService {
  private readonly home: HomeReadings;

  constructor(
    private readonly ds: DataSource,
    private readonly platform: PlatformRecords,
    private readonly his: Upstream,
    private readonly family: FamilyService,
    private readonly profile: ProfileService,
    private readonly audit: Audit,
    private readonly alerts: { reportReadyTemplateId: string },
  ) {
    this.home = new HomeReadings(ds);
  }

  // ---- resolution and policy ----------------------------------------------------------------

  private async resolve(scope: Scope, ref: RecordRef): Promise<Resolved> {
    const f = new Freshness();
    const r = typeof ref === 'string' ? (RECORD_NUMBER.test(ref) ? { recordNumber: ref } : { memberId: ref }) : ref;
    if ('recordNumber' in r) {
      const subject: HealthRecordSubject = { viaMemberOfUserId: null, member: null, contractStaffIds: () => this.contractStaff(r.recordNumber, f) };
      await authorize(scope.actor, 'record.read', subject);
      return { recordNumber: r.recordNumber, access: 'contract', subject, memberId: null, memberAddedAt: null, f };
    }
    // One 404 for "not yours" and "no such member" (memberFor words the two differently).
    const member = await this.family.memberFor(scope, r.memberId, 'health').catch((e: unknown) => {
      throw e instanceof AppError && e.code === 'NOT_FOUND' ? errors.notFound() : e;
    });
    // Health data needs the resident's separate consent (PIPL Art. 29), before anything is fetched.
    await this.profile.requireConsent(scope.actor.userId, 'health_data');
    const recordNumber = await this.match(member, f);
    if (!recordNumber) throw errors.notFound(NO_RECORD_MESSAGE);
    const subject: HealthRecordSubject = {
      viaMemberOfUserId: member.ownerUserId,
      member: { relation: member.relation, age: ageOn(member.birthDate) },
      // memberFor decided it (policies/member-access.ts): self proven, a confirmed guardian, or the adult's 家人授权.
      familyAuthorized: true,
      contractStaffIds: () => this.contractStaff(recordNumber, f),
    };
    await authorize(scope.actor, 'record.read', subject);
    return { recordNumber, access: member.relation === 'self' ? 'self' : 'family', subject, memberId: member.id, memberAddedAt: member.createdAt, f };
  }

  /** The member's record number on the platform, or null (the report-alert job asks it, for the member's owner). */
  recordNumberOf(member: FamilyMember): Promise<string | null> {
    return this.match(member, new Freshness());
  }

  /** By verified ID number (and the same name), or a child without one by name + birth date + the guardian's ID number. */
  private async match(member: FamilyMember, f: Freshness): Promise<string | null> {
    const idNumber = this.family.idNumberOf(member);
    if (idNumber) {
      if (!member.verified) return null;
      const basic = await this.platform.byIdNumber(idNumber, f);
      return basic && basic.name === member.name ? basic.recordNumber : null;
    }
    const self = await this.ds.getRepository(FamilyMember).findOneBy({ ownerUserId: member.ownerUserId, relation: 'self' });
    const guardianIdNumber = self ? this.family.idNumberOf(self) : null;
    if (!guardianIdNumber) return null;
    return this.platform.matchChild({ name: member.name, birthDate: member.birthDate, guardianIdNumber }, f);
  }

  /** Staff of the team of a contract in force today; none when the resident has not signed. */
  private async contractStaff(recordNumber: string, f: Freshness): Promise<string[]> {
    const c = await this.platform.contract(recordNumber, f);
    const today = chinaToday();
    if (!c || c.status !== 'active' || c.validFrom > today || c.validTo < today) return [];
    return c.team.members.map((m) => m.id);
  }

  private async recordRead(scope: Scope, res: Resolved, sections: string[], extra: Record<string, unknown> = {}) {
    await this.audit.record(scope, {
      action: 'record.read',
      subjectType: 'health_record',
      subjectId: res.recordNumber,
      detail: { sections, access: res.access, memberId: res.memberId, stale: res.f.stale, ...extra },
    });
  }

  private freshness(f: Freshness) {
    return { stale: f.stale, fetchedAt: toChinaIso(f.at) };
  }

  private async residentOf(res: Resolved) {
    const resident = await this.platform.resident(res.recordNumber, res.f);
    if (!resident) throw errors.notFound();
    return resident;
  }

  // ---- sections -------------------------------------------------------------------------------

  async overview(scope: Scope, ref: RecordRef): Promise<RecordOverview> {
    const res = await this.resolve(scope, ref);
    const { f, recordNumber } = res;
    const [resident, supplement, contract, followups, checkups, visits, reports] = await Promise.all([
      this.residentOf(res),
      this.platform.basicInfo(recordNumber, f),
      this.platform.contract(recordNumber, f),
      this.platform.followups(recordNumber, f),
      this.platform.checkups(recordNumber, f),
      this.platform.visits(recordNumber, f),
      this.platform.reports(recordNumber, f),
    ]);
    if (!supplement) throw errors.notFound();
    const age = ageOn(resident.birthDate);
    const latest = await this.latest(res, age, followups ?? [], checkups ?? []);
    const result: RecordOverview = {
      access: res.access,
      canSeeAudit: rules['record.audit.view'](scope.actor, res.subject),
      basic: presentBasic(resident, supplement, age),
      contract: contract
        ? {
            teamName: contract.team.name,
            doctorName: contract.doctorName,
            phone: contract.team.phone,
            signedOn: contract.signedOn,
            validTo: contract.validTo,
            packages: contract.packages.map((p) => p.name),
          }
        : null,
      latest,
      counts: {
        followups: followups?.length ?? 0,
        checkups: checkups?.length ?? 0,
        visits: visits?.length ?? 0,
        reports: reports?.length ?? 0,
        abnormalReports: (reports ?? []).filter((r) => r.abnormalCount > 0).length,
      },
      ...this.freshness(f),
    };
    await this.recordRead(scope, res, ['overview', 'basic']);
    return result;
  }

  /** For the family-doctor chat: basic info, conditions and the latest BP/glucose. Audited like any read. */
  async summaryFor(scope: Scope, ref: RecordRef): Promise<RecordSummary> {
    const res = await this.resolve(scope, ref);
    const [resident, followups, checkups] = await Promise.all([this.residentOf(res), this.platform.followups(res.recordNumber, res.f), this.platform.checkups(res.recordNumber, res.f)]);
    const age = ageOn(resident.birthDate);
    const latest = await this.latest(res, age, followups ?? [], checkups ?? []);
    await this.recordRead(scope, res, ['summary']);
    return {
      recordNumber: resident.recordNumber,
      name: resident.name,
      sex: resident.sex,
      age,
      allergies: resident.allergies,
      conditions: resident.chronicConditions.map((c) => ({ code: c.code, name: c.name, diagnosedOn: c.diagnosedOn ?? null })),
      latestBp: latest.bp,
      latestGlucose: latest.glucose,
      ...this.freshness(res.f),
    };
  }

  private async latest(res: Resolved, age: number, followups: Parameters<typeof bpPointsOf>[0], checkups: Parameters<typeof bpPointsOf>[1]) {
    const since = new Date(Date.now() - 365 * 86_400_000);
    const home = await this.home.forMember(res.memberId, since, age);
    const bp = [...bpPointsOf(followups, checkups, age), ...home.bp].sort(byTime).at(-1) ?? null;
    const glucose = [...glucosePointsOf(followups, checkups), ...home.glucose].sort(byTime).at(-1) ?? null;
    return { bp, glucose };
  }

  async followups(scope: Scope, ref: RecordRef, kind?: FollowupKind) {
    const res = await this.resolve(scope, ref);
    const [resident, items] = await Promise.all([this.residentOf(res), this.platform.followups(res.recordNumber, res.f)]);
    const age = ageOn(resident.birthDate);
    await this.recordRead(scope, res, ['followups'], kind ? { kind } : {});
    return { items: (items ?? []).filter((x) => !kind || x.kind === kind).map((x) => presentFollowup(x, age)), ...this.freshness(res.f) };
  }

  async followup(scope: Scope, ref: RecordRef, id: string) {
    const res = await this.resolve(scope, ref);
    const [resident, items] = await Promise.all([this.residentOf(res), this.platform.followups(res.recordNumber, res.f)]);
    const item = (items ?? []).find((x) => x.id === id);
    if (!item) throw errors.notFound('没有找到这次随访记录');
    await this.recordRead(scope, res, ['followups'], { itemId: id });
    return { ...presentFollowup(item, ageOn(resident.birthDate)), ...this.freshness(res.f) };
  }

  async checkups(scope: Scope, ref: RecordRef) {
    const res = await this.resolve(scope, ref);
    const [resident, items] = await Promise.all([this.residentOf(res), this.platform.checkups(res.recordNumber, res.f)]);
    const age = ageOn(resident.birthDate);
    await this.recordRead(scope, res, ['checkups']);
    return { items: (items ?? []).map((x) => presentCheckup(x, age)), ...this.freshness(res.f) };
  }

  async checkup(scope: Scope, ref: RecordRef, id: string) {
    const res = await this.resolve(scope, ref);
    const [resident, items] = await Promise.all([this.residentOf(res), this.platform.checkups(res.recordNumber, res.f)]);
    const item = (items ?? []).find((x) => x.id === id);
    if (!item) throw errors.notFound('没有找到这次体检记录');
    await this.recordRead(scope, res, ['checkups'], { itemId: id });
    return { ...presentCheckup(item, ageOn(resident.birthDate)), ...this.freshness(res.f) };
  }

  async visits(scope: Scope, ref: RecordRef) {
    const res = await this.resolve(scope, ref);
    const items = await this.platform.visits(res.recordNumber, res.f);
    if (!items) throw errors.notFound();
    await this.recordRead(scope, res, ['visits']);
    return { items: items.map(presentVisit), ...this.freshness(res.f) };
  }

  async visit(scope: Scope, ref: RecordRef, id: string) {
    const res = await this.resolve(scope, ref);
    const item = (await this.platform.visits(res.recordNumber, res.f))?.find((x) => x.id === id);
    if (!item) throw errors.notFound('没有找到这条就诊记录');
    await this.recordRead(scope, res, ['visits'], { itemId: id });
    return { ...presentVisit(item), ...this.freshness(res.f) };
  }

  async reports(scope: Scope, ref: RecordRef) {
    const res = await this.resolve(scope, ref);
    const items = await this.platform.reports(res.recordNumber, res.f);
    if (!items) throw errors.notFound();
    const opened = await this.openedReports(scope.actor.userId, res.memberId);
    await this.recordRead(scope, res, ['reports']);
    return {
      items: items.map((r) => presentReportSummary(r, !!res.memberAddedAt && isNewReport(r, res.memberAddedAt, opened.has(r.id)))),
      subscribeTemplateIds: [this.alerts.reportReadyTemplateId],
      ...this.freshness(res.f),
    };
  }

  async report(scope: Scope, ref: RecordRef, reportId: string) {
    const res = await this.resolve(scope, ref);
    const report = await this.platform.report(res.recordNumber, reportId, res.f);
    if (!report) throw errors.notFound('没有找到这份报告');
    await this.recordRead(scope, res, ['report'], { itemId: reportId });
    if (res.memberId && report.status === 'final') await this.markOpened(scope.actor.userId, res.memberId, reportId);
    return { ...presentReport(report), ...this.freshness(res.f) };
  }

  private async openedReports(userId: string, memberId: string | null): Promise<Set<string>> {
    if (!memberId) return new Set();
    const rows = await this.ds.getRepository(ReportOpen).find({ where: { userId, memberId }, select: { reportId: true } });
    return new Set(rows.map((r) => r.reportId));
  }

  private async markOpened(userId: string, memberId: string, reportId: string): Promise<void> {
    try {
      await this.ds.getRepository(ReportOpen).insert({ id: newId(), userId, memberId, reportId });
    } catch (e) {
      if (!isUniqueViolation(e)) throw e; // opened before
    }
  }

  async immunizations(scope: Scope, ref: RecordRef) {
    const res = await this.resolve(scope, ref);
    const [resident, items] = await Promise.all([this.residentOf(res), this.platform.immunizations(res.recordNumber, res.f)]);
    await this.recordRead(scope, res, ['immunizations']);
    return { items: items ?? [], certNo: resident.immunizationCertNo, ...this.freshness(res.f) };
  }

  /** Clinic readings (follow-ups, check-ups) plus home readings, each labelled by its own threshold. */
  async trend(scope: Scope, ref: RecordRef, metric: 'bp' | 'glucose', months = 36) {
    const res = await this.resolve(scope, ref);
    const [resident, followups, checkups] = await Promise.all([this.residentOf(res), this.platform.followups(res.recordNumber, res.f), this.platform.checkups(res.recordNumber, res.f)]);
    const age = ageOn(resident.birthDate);
    const since = new Date(Date.now() - months * 30.44 * 86_400_000);
    const inWindow = <T extends { at: string }>(p: T) => Date.parse(p.at) >= since.getTime();
    const home = await this.home.forMember(res.memberId, since, age);
    await this.recordRead(scope, res, [metric === 'bp' ? 'trend_bp' : 'trend_glucose'], { months });
    if (metric === 'bp') {
      const points: BpPoint[] = [...bpPointsOf(followups ?? [], checkups ?? [], age), ...home.bp].filter(inWindow).sort(byTime);
      return {
        metric: 'bp' as const,
        age,
        points,
        thresholds: { uncontrolled: bpLimitFor('followup', age), home: BP_THRESHOLDS.home, urgent: BP_THRESHOLDS.urgent },
        ...this.freshness(res.f),
      };
    }
    const points: GlucosePoint[] = [...glucosePointsOf(followups ?? [], checkups ?? []), ...home.glucose].filter(inWindow).sort(byTime);
    return { metric: 'glucose' as const, age, points, thresholds: { ...GLUCOSE_THRESHOLDS }, ...this.freshness(res.f) };
  }

  /** The full ID number, phone or address: a separate request, audited on its own. */
  async reveal(scope: Scope, ref: RecordRef, field: 'idNumber' | 'phone' | 'address') {
    const res = await this.resolve(scope, ref);
    const resident = await this.residentOf(res);
    await this.audit.record(scope, {
      action: 'record.reveal',
      subjectType: 'health_record',
      subjectId: res.recordNumber,
      detail: { sections: [field], access: res.access, memberId: res.memberId, field },
    });
    return { field, value: resident[field] ?? null };
  }

  // ---- 谁查看了我的档案 ----------------------------------------------------------------------

  async auditTrail(scope: Scope, ref: RecordRef, opts: { cursor?: string; limit?: number }): Promise<{ items: RecordAuditEntry[]; nextCursor: string | null }> {
    const res = await this.resolve(scope, ref);
    if (!rules['record.audit.view'](scope.actor, res.subject)) {
      throw errors.forbidden('只能查看本人或未满14周岁子女档案的查看记录');
    }
    const limit = opts.limit ?? 20;
    const qb = this.ds
      .getRepository(AuditLog)
      .createQueryBuilder('a')
      .where('a.subjectType = :t AND a.subjectId = :id', { t: 'health_record', id: res.recordNumber })
      .andWhere('a.action IN (:...actions)', { actions: ['record.read', 'record.reveal'] })
      .orderBy('a.createdAt', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .take(limit + 1);
    // The cursor carries the time exactly as the database stores it (SQLite: text to the second;
    // MySQL: microseconds), so "older than the cursor" is exact on both.
    const sqlite = this.ds.options.type === 'better-sqlite3';
    qb.addSelect(sqlite ? "a.createdAt || ''" : "DATE_FORMAT(a.createdAt, '%Y-%m-%d %H:%i:%s.%f')", 'cursorAt');
    const cursor = decodeCursor(opts.cursor);
    if (cursor) qb.andWhere('(a.createdAt < :at OR (a.createdAt = :at AND a.id < :cid))', { at: cursor.at, cid: cursor.id });
    const { entities: rows, raw } = await qb.getRawAndEntities<{ cursorAt: string }>();
    const page = rows.slice(0, limit);
    const users = await this.viewerNames(page.map((r) => r.actorUserId).filter((x): x is string => !!x));
    const items = page.map((row): RecordAuditEntry => {
      const sections = Array.isArray(row.detail?.sections) ? (row.detail!.sections as string[]) : [];
      const isSelf = row.actorUserId === scope.actor.userId;
      const viewer = users.get(row.actorUserId ?? '');
      const role = row.actorRole === 'doctor' || row.detail?.access === 'contract' ? 'doctor' : isSelf ? 'self' : 'family';
      return {
        id: row.id,
        at: toChinaIso(row.createdAt),
        viewer: role === 'doctor' ? `家庭医生 ${viewer?.doctorName ?? ''}`.trim() : isSelf ? '本人' : `家属 ${maskName(viewer?.name ?? '')}`.trim(),
        viewerRole: role === 'doctor' ? '家庭医生' : isSelf ? '本人' : '家属',
        action: row.action === 'record.reveal' ? 'reveal' : 'read',
        actionLabel:
          row.action === 'record.reveal'
            ? `查看${sections.map((s) => RECORD_SECTION_LABELS[s] ?? s).join('、')}`
            : `查看${sections
                .filter((s) => s !== 'basic')
                .map((s) => RECORD_SECTION_LABELS[s] ?? s)
                .join('、')}`,
        sections: sections.map((s) => RECORD_SECTION_LABELS[s] ?? s),
        requestId: row.requestId,
      };
    });
    const last = page.at(-1);
    return { items, nextCursor: rows.length > limit && last ? encodeCursor(String(raw[limit - 1].cursorAt), last.id) : null };
  }

  private async viewerNames(userIds: string[]) {
    const out = new Map<string, { name: string | null; doctorName: string | null }>();
    if (!userIds.length) return out;
    const users = await this.ds.getRepository(User).findBy({ id: In([...new Set(userIds)]) });
    await Promise.all(
      users.map(async (u) => {
        let doctorName: string | null = null;
        if (u.doctorId) {
          try {
            const d = await this.his.get(upstreamPath`/doctors/${u.doctorId}`, upstream.his.Doctor, { cacheTtlMs: 3600_000, staleIfErrorMs: 24 * 3600_000 });
            doctorName = d.ok ? d.body.name : null;
          } catch {
            doctorName = null; // the list still shows "家庭医生" when the HIS is down
          }
        }
        out.set(u.id, { name: u.name, doctorName: doctorName ?? u.name });
      }),
    );
    return out;
  }
}

/** 张伟 → 张*, 欧阳娜娜 → 欧**娜 */
function maskName(name: string): string {
  if (name.length <= 1) return name || '';
  if (name.length === 2) return `${name[0]}*`;
  return `${name[0]}${'*'.repeat(name.length - 2)}${name.at(-1)}`;
}

function encodeCursor(at: string, id: string): string {
  return Buffer.from(`${at}|${id}`).toString('base64url');
}

function decodeCursor(c: string | undefined): { at: string; id: string } | null {
  if (!c) return null;
  const [at, id] = Buffer.from(c, 'base64url').toString('utf8').split('|');
  if (!id || !/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?$/.test(at ?? '') || !/^[0-9a-f-]{36}$/.test(id))
    throw errors.badInput([{ path: 'cursor', message: '翻页参数无效' }], '翻页参数无效，请刷新后重试');
  return { at, id };
}
