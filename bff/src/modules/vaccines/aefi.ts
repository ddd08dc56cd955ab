import {
  AEFI_MAX_DAYS_AFTER_DOSE,
  AEFI_NEXT_STEP,
  AEFI_STATUS_LABELS,
  AEFI_SYMPTOMS,
  isSevere,
  type AefiReportList,
  type AefiReportView,
  type CreateAefiReportRequest,
} from '@healthpocket/shared-types';
import type { Scope } from '../../audit/audit';
import { derivedId } from '../../db/columns';
import { FamilyMember } from '../../db/entities';
import { isUniqueViolation } from '../../db/unique-violation';
import { errors } from '../../errors';
import type { IdempotencyAttempt } from '../../http/idempotency';
import { VaccineAefiReport } from './care-entities';
import type { VaccinesContext } from './context';
import { chinaIso } from './presenters';
import type { VaccineQueries } from './queries';
import { addAge } from './schedule/dates';

const AEFI_TOPIC = 'vaccines.aefi-report';
const LABEL = new Map<string, string>(AEFI_SYMPTOMS.map((s) => [s.code, s.label]));

function present(r: VaccineAefiReport): AefiReportView {
  return {
    id: r.id,
    memberId: r.memberId,
    doseId: r.doseId,
    vaccineName: r.vaccineName,
    batchNo: r.batchNo,
    manufacturer: r.manufacturer,
    vaccinatedOn: r.vaccinatedOn,
    institution: r.institution,
    onsetDate: r.onsetDate,
    symptoms: r.symptoms,
    symptomLabels: r.symptoms.map((c) => LABEL.get(c) ?? c),
    severe: r.severe === 1,
    treatment: r.treatment,
    status: r.status,
    statusLabel: AEFI_STATUS_LABELS[r.status],
    nextStep: AEFI_NEXT_STEP[r.status],
    platformReportNo: r.platformReportNo,
    createdAt: chinaIso(r.createdAt),
  };
}

/**
 * 疑似预防接种异常反应 reported by a resident (or a guardian) from a dose on the member's 接种记录,
 * with the 个案报告卡's items (全国疑似预防接种异常反应监测方案). The report and its outbox message
 * are written in one transaction; the outbox delivers it to the clinic through the platform
 * (idempotent by our id), and the clinic's 受理 is read back from the platform.
 */
export class VaccineAefiReports {
  constructor(
    private readonly c: VaccinesContext,
    private readonly q: VaccineQueries,
  ) {
    c.deps.outbox.register<{ reportId: string }>(AEFI_TOPIC, (p) => this.deliver(p.reportId));
  }

  private get d() {
    return this.c.deps;
  }

  private get repo() {
    return this.d.ds.getRepository(VaccineAefiReport);
  }

  async list(scope: Scope, memberId: string): Promise<AefiReportList> {
    const member = await this.q.memberWithConsent(scope, memberId);
    const rows = await this.repo.find({ where: { memberId: member.id }, order: { createdAt: 'DESC' }, take: 50 });
    // The clinic's answer, read live for reports still waiting for it (a platform outage shows the last known status).
    for (const r of rows.filter((x) => x.status === 'submitted' && x.platformReportNo)) await this.refresh(r).catch(() => undefined);
    return { items: rows.map(present) };
  }

  async create(scope: Scope, memberId: string, body: CreateAefiReportRequest, attempt: IdempotencyAttempt | undefined): Promise<AefiReportView> {
    const member = await this.q.memberWithConsent(scope, memberId);
    const requestKey = derivedId('aefi', scope.actor.userId, attempt?.key ?? `${memberId}|${body.doseId}|${body.onsetDate}|${body.description}`);
    const prior = await this.repo.findOneBy({ requestKey });
    if (prior) return present(prior);
    const subject = await this.c.subjects.of(member, { fresh: true });
    // Only a dose on this member's own record: another member's dose id is simply not there.
    const dose = subject.records.find((r) => r.id === body.doseId);
    if (!dose) throw errors.of('VACCINE_DOSE_NOT_FOUND');
    const today = this.c.today();
    if (body.onsetDate < dose.date || body.onsetDate > today) throw errors.of('AEFI_ONSET_INVALID');
    if (body.onsetDate > addAge(dose.date, { days: AEFI_MAX_DAYS_AFTER_DOSE })) {
      throw errors.of('AEFI_ONSET_INVALID', '反应发生在接种3个月以后，请直接联系接种门诊或到医院就诊说明情况');
    }
    const clinics = await this.c.platform.clinics();
    const clinic = clinics.find((x) => x.id === dose.clinicId) ?? clinics.find((x) => x.name === dose.institution);
    if (!clinic) throw errors.upstreamUnavailable('暂时找不到为该剂次接种的门诊，请直接致电接种门诊报告');
    const id = requestKey;
    const row: Partial<VaccineAefiReport> = {
      id,
      ownerUserId: member.ownerUserId,
      reportedByUserId: scope.actor.userId,
      memberId: member.id,
      requestKey,
      recordNumber: subject.recordNumber,
      doseId: dose.id,
      clinicId: clinic.id,
      vaccineCode: dose.vaccineCode,
      vaccineName: dose.vaccineName,
      dose: dose.dose,
      batchNo: dose.batchNo,
      manufacturer: dose.manufacturer ?? '',
      vaccinatedOn: dose.date,
      institution: dose.institution,
      onsetDate: body.onsetDate,
      symptoms: body.symptoms,
      temperatureDeci: body.temperatureC === undefined ? null : Math.round(body.temperatureC * 10),
      description: body.description,
      treatment: body.treatment,
      hospital: body.hospital || null,
      reporterName: body.reporterName,
      reporterPhone: body.reporterPhone,
      severe: isSevere(body.symptoms) ? 1 : 0,
      status: 'sending',
      platformReportNo: null,
      attempts: 0,
      lastError: null,
    };
    try {
      await this.d.tx.run(async (m) => {
        await m.getRepository(VaccineAefiReport).insert(row);
        await this.d.outbox.enqueue(m, AEFI_TOPIC, { reportId: id }, `aefi:${id}`);
      });
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
    }
    await this.d.audit.record(scope, { action: 'vaccines.aefi.report', subjectType: 'member', subjectId: member.id, detail: { doseId: dose.id, severe: row.severe === 1 } });
    return present(await this.repo.findOneByOrFail({ id }));
  }

  /** The outbox handler: send the 个案报告 (the platform answers a resend with the first receipt). */
  async deliver(reportId: string): Promise<void> {
    const r = await this.repo.findOneBy({ id: reportId });
    if (!r || r.platformReportNo) return;
    const member = await this.d.ds.getRepository(FamilyMember).findOneBy({ id: r.memberId });
    try {
      const receipt = await this.c.platform.submitAefi({
        clientRef: r.id,
        clinicId: r.clinicId,
        recordNumber: r.recordNumber,
        patient: { name: member?.name ?? '', sex: member?.sex ?? '', birthDate: member?.birthDate ?? '' },
        vaccine: { code: r.vaccineCode, name: r.vaccineName, batchNo: r.batchNo, manufacturer: r.manufacturer, dose: r.dose, vaccinatedOn: r.vaccinatedOn },
        onsetDate: r.onsetDate,
        symptoms: r.symptoms.map((c) => LABEL.get(c) ?? c),
        temperatureC: r.temperatureDeci === null ? null : r.temperatureDeci / 10,
        clinicalCourse: r.description,
        treatment: { kind: r.treatment, hospital: r.hospital },
        reporter: { name: r.reporterName, phone: r.reporterPhone },
        severe: r.severe === 1,
      });
      await this.repo.update({ id: r.id, status: 'sending' }, { status: receipt.status, platformReportNo: receipt.reportNo, attempts: r.attempts + 1, lastError: null });
    } catch (e) {
      await this.repo.update({ id: r.id }, { attempts: r.attempts + 1, lastError: (e as Error).message.slice(0, 200) });
      throw e;
    }
  }

  private async refresh(r: VaccineAefiReport): Promise<void> {
    const status = await this.c.platform.aefiStatus(r.platformReportNo!);
    if (status && status !== r.status) {
      await this.repo.update({ id: r.id, status: 'submitted' }, { status });
      r.status = status;
    }
  }

  /** The job's pass: reports the clinic has not accepted yet (a few hundred at most). */
  async refreshSubmitted(): Promise<number> {
    const rows = await this.repo.find({ where: { status: 'submitted' }, order: { updatedAt: 'ASC' }, take: 200 });
    let accepted = 0;
    for (const r of rows) {
      try {
        await this.refresh(r);
        if (r.status === 'accepted') accepted++;
      } catch {
        // the platform is down: the next pass asks again
      }
    }
    return accepted;
  }
}
