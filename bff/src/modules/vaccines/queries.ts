import { In } from 'typeorm';
import type { VaccinationRecord, VaccineCatalogue, VaccineClinicView, VaccineSessionList, VaccineTimeline, VaccineTimelineEntry } from '@healthpocket/shared-types';
import { ageOn } from '@healthpocket/shared-types';
import type { Scope } from '../../audit/audit';
import type { FamilyMember } from '../../db/entities';
import { errors } from '../../errors';
import type { VaccinesContext } from './context';
import { checkSelfPaid } from './eligibility';
import { VaccineAppointment } from './entities';
import { quotaIdOf } from './inventory';
import type { PlatformProduct } from './platform';
import { chinaIso, presentMemberBrief } from './presenters';
import { ageLabel, type Age } from './schedule/dates';
import { checkProgrammeDose, computeTimeline, dueWithin, type DoseEntry } from './schedule/engine';
import type { Subject } from './subjects';

export const OPEN_STATUSES = ['pending_payment', 'confirmed'] as const;

/** Reads: the programme timeline, the 电子接种证, the catalogue, clinics and sessions. */
export class VaccineQueries {
  constructor(private readonly c: VaccinesContext) {}

  private get d() {
    return this.c.deps;
  }

  /** A member the actor may act for, with the separate consent health data needs (PIPL Art. 29). */
  async memberWithConsent(scope: Scope, memberId: string): Promise<FamilyMember> {
    const member = await this.d.family.memberFor(scope, memberId, 'health');
    await this.d.profile.requireConsent(scope.actor.userId, 'health_data');
    return member;
  }

  /** Open appointments of a person (all guardians'), as doses planned on their session dates. */
  async openAppointments(personKey: string): Promise<VaccineAppointment[]> {
    return this.d.ds.getRepository(VaccineAppointment).find({ where: { personKey, status: In([...OPEN_STATUSES]) }, order: { sessionStart: 'ASC' } });
  }

  timelineOf(subject: Subject, products: PlatformProduct[], today: string): DoseEntry[] {
    return computeTimeline(this.c.schedule, subject.person, subject.history, today, this.c.engineOptions(products));
  }

  async timeline(scope: Scope, memberId: string): Promise<VaccineTimeline> {
    const member = await this.memberWithConsent(scope, memberId);
    const today = this.c.today();
    const [subject, products] = await Promise.all([this.c.subjects.of(member), this.c.platform.products()]);
    const inProgramme = ageOn(member.birthDate, today) < this.c.schedule.rules.catchUpForChildrenUnderYears;
    const entries = inProgramme ? this.timelineOf(subject, products, today) : [];
    const open = await this.openAppointments(subject.personKey);
    const bySeries = new Map(open.map((a) => [this.c.seriesOf(a.vaccineCode), a]));
    const out: VaccineTimelineEntry[] = entries.map((e) => {
      const a = e.status === 'done' ? undefined : bySeries.get(e.series);
      // The appointment belongs to the first open dose of its series only.
      const first = a && entries.find((x) => x.series === e.series && x.status !== 'done' && x.status !== 'not_needed') === e;
      return { ...e, appointment: a && first ? { id: a.id, sessionDate: a.sessionDate, clinicName: a.clinicName, status: a.status } : null };
    });
    await this.d.audit.record(scope, { action: 'vaccines.timeline.read', subjectType: 'member', subjectId: member.id, detail: { onPlatform: !!subject.recordNumber } });
    const count = (s: DoseEntry['status']) => entries.filter((e) => e.status === s).length;
    return {
      member: presentMemberBrief(member, today),
      today,
      certNo: subject.certNo,
      inProgramme,
      note: inProgramme ? (subject.recordNumber ? null : '平台上暂未找到该成员的预防接种档案，以下按出生日期推算，已接种的剂次请以接种证为准') : '国家免疫规划疫苗面向0—17岁儿童；成人可预约自费疫苗',
      summary: { done: count('done'), due: count('due'), overdue: count('overdue'), upcoming: count('upcoming') },
      entries: out,
      scheduleTitle: this.c.schedule.title,
    };
  }

  /** 电子接种证: every dose on the platform (programme and self-paid), newest first. */
  async record(scope: Scope, memberId: string): Promise<VaccinationRecord> {
    const member = await this.memberWithConsent(scope, memberId);
    const today = this.c.today();
    const [subject, products] = await Promise.all([this.c.subjects.of(member), this.c.platform.products()]);
    const entries = ageOn(member.birthDate, today) < this.c.schedule.rules.catchUpForChildrenUnderYears ? this.timelineOf(subject, products, today) : [];
    await this.d.audit.record(scope, { action: 'vaccines.record.read', subjectType: 'member', subjectId: member.id, detail: { onPlatform: !!subject.recordNumber } });
    return {
      member: presentMemberBrief(member, today),
      certNo: subject.certNo,
      onPlatform: !!subject.recordNumber,
      items: subject.records.map((r) => ({
        id: r.id,
        vaccineCode: r.vaccineCode,
        vaccineName: r.vaccineName,
        dose: r.dose,
        date: r.date,
        kind: r.kind ?? (this.c.programmeVaccine(r.vaccineCode) ? 'programme' : 'self_paid'),
        institution: r.institution,
        site: r.site,
        batchNo: r.batchNo,
        manufacturer: r.manufacturer ?? '',
      })),
      programmeSummary: { done: entries.filter((e) => e.status === 'done').length, outstanding: entries.filter((e) => e.status === 'due' || e.status === 'overdue').length },
    };
  }

  /** Programme doses a member may be booked for within `days` (content targeting, reminders). No request scope: not audited. */
  async dueWithin(member: FamilyMember, days: number): Promise<DoseEntry[]> {
    const today = this.c.today();
    if (ageOn(member.birthDate, today) >= this.c.schedule.rules.catchUpForChildrenUnderYears) return [];
    const [subject, products] = await Promise.all([this.c.subjects.of(member), this.c.platform.products()]);
    return dueWithin(this.timelineOf(subject, products, today), today, days);
  }

  async catalogue(): Promise<VaccineCatalogue> {
    const products = await this.c.platform.products();
    return {
      programme: this.c.schedule.programme.map((v) => ({
        code: v.code,
        name: v.name,
        kind: 'programme' as const,
        priceFen: 0,
        manufacturer: null,
        live: v.live,
        doses: v.doses.length,
        eligibility: `国家免疫规划疫苗，免费接种；${v.doses.map((d) => ageLabel(d.age as Age)).join('、')}${v.sex === 'female' ? '（女童）' : ''}`,
        note: v.alternative ? `可与${this.c.programmeVaccine(v.alternative)?.name ?? v.alternative}任选其一` : '',
      })),
      selfPaid: products.map((p) => ({
        code: p.code,
        name: p.shortName,
        kind: 'self_paid' as const,
        priceFen: p.priceFen,
        manufacturer: p.manufacturer,
        live: p.live,
        doses: p.eligibility.doses,
        eligibility: p.note,
        note: p.name,
      })),
      templateIds: [this.d.settings.templates.appointment, this.d.settings.templates.due],
    };
  }

  /** Clinics (giving one vaccine); with a member, only those serving the member's age today. */
  async clinics(scope: Scope, vaccineCode?: string, memberId?: string): Promise<{ items: VaccineClinicView[] }> {
    const clinics = await this.c.platform.clinics();
    const member = memberId ? await this.memberWithConsent(scope, memberId) : null;
    const today = this.c.today();
    return {
      items: clinics
        .filter((c) => !vaccineCode || c.vaccineCodes.includes(vaccineCode))
        .filter((c) => !member || servesAge(c.serves, ageOn(member.birthDate, today)))
        .map((c) => ({ id: c.id, name: c.name, address: c.address, phone: c.phone, hours: c.hours, intro: c.intro, type: c.type, serves: c.serves, vaccineCodes: c.vaccineCodes })),
    };
  }

  async vaccineOf(code: string): Promise<{ kind: 'programme'; name: string; product: null } | { kind: 'self_paid'; name: string; product: PlatformProduct } | null> {
    const v = this.c.programmeVaccine(code);
    if (v) return { kind: 'programme', name: v.name, product: null };
    const product = (await this.c.platform.products()).find((p) => p.code === code);
    return product ? { kind: 'self_paid', name: product.shortName, product } : null;
  }

  /** A clinic's sessions for one vaccine: places left, stock, and (with a member) whether that member may be booked that day. */
  async sessions(scope: Scope, clinicId: string, vaccineCode: string, memberId?: string): Promise<VaccineSessionList> {
    const clinic = (await this.c.platform.clinics()).find((c) => c.id === clinicId);
    if (!clinic) throw errors.notFound('没有找到该接种门诊');
    const vaccine = await this.vaccineOf(vaccineCode);
    if (!vaccine || !clinic.vaccineCodes.includes(vaccineCode)) throw errors.of('VACCINE_NOT_OFFERED', `${clinic.name}不提供${vaccine?.name ?? '该疫苗'}`);
    const sessions = (await this.c.platform.sessions(clinicId)).filter((s) => s.quotas.some((q) => q.vaccineCode === vaccineCode));
    const booked = await this.c.inventory.booked(sessions.map((s) => quotaIdOf(s.id, vaccineCode)));
    const now = this.c.now();

    let stock: { remaining: number; nextReleaseAt: string | null } | null = null;
    if (vaccine.product) {
      await this.c.inventory.syncStock(vaccine.product, clinicId);
      const batches = await this.c.inventory.stockOf(clinicId, vaccine.product.id);
      const released = batches.filter((b) => b.releaseAt.getTime() <= now);
      const next = batches.find((b) => b.releaseAt.getTime() > now);
      stock = { remaining: released.reduce((n, b) => n + b.remaining, 0), nextReleaseAt: next ? chinaIso(next.releaseAt) : null };
    }

    let eligibleOn: ((date: string) => string | null) | null = null;
    if (memberId) {
      const member = await this.memberWithConsent(scope, memberId);
      const [subject, products] = await Promise.all([this.c.subjects.of(member), this.c.platform.products()]);
      const planned = (await this.openAppointments(subject.personKey)).map((a) => ({ code: a.vaccineCode, date: a.sessionDate }));
      const opts = this.c.engineOptions(products);
      await this.d.audit.record(scope, { action: 'vaccines.eligibility.read', subjectType: 'member', subjectId: member.id, detail: { vaccineCode } });
      eligibleOn = (date) => {
        if (vaccine.kind === 'programme') {
          const r = checkProgrammeDose(this.c.schedule, subject.person, subject.history, planned, vaccineCode, date, opts);
          return r.ok ? null : r.message;
        }
        const r = checkSelfPaid(vaccine.product, subject.person, subject.history, planned, date, {
          schedule: this.c.schedule,
          liveInjectableCodes: opts.liveInjectableCodes ?? [],
          names: opts.names ?? {},
        });
        return r.ok ? null : r.message;
      };
    }

    return {
      clinicId,
      vaccineCode,
      vaccineName: vaccine.name,
      items: sessions.map((s) => {
        const capacity = s.quotas.find((q) => q.vaccineCode === vaccineCode)!.capacity;
        const remaining = Math.max(0, capacity - (booked.get(quotaIdOf(s.id, vaccineCode)) ?? 0));
        let reason: string | null = null;
        if (Date.parse(s.start) <= now) reason = '该场次已开始';
        else if (remaining === 0) reason = '该场次已约满';
        else if (stock && stock.remaining === 0) reason = stock.nextReleaseAt ? '疫苗暂无余量，请等待下次放号' : '疫苗暂无库存';
        else if (eligibleOn) reason = eligibleOn(s.date);
        return {
          id: s.id,
          clinicId: s.clinicId,
          date: s.date,
          period: s.period,
          periodLabel: s.periodLabel,
          start: s.start,
          end: s.end,
          vaccineCode,
          capacity,
          remaining,
          priceFen: vaccine.product?.priceFen ?? 0,
          stock,
          bookable: reason === null,
          reason,
        };
      }),
    };
  }
}

/** Whether a clinic's age band (minYears inclusive, maxYears exclusive) takes a person of `age` whole years. */
export function servesAge(serves: { minYears: number | null; maxYears: number | null }, age: number): boolean {
  return (serves.minYears === null || age >= serves.minYears) && (serves.maxYears === null || age < serves.maxYears);
}
