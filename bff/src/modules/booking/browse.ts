import type { DepartmentGroups, DoctorSchedule, DoctorView, HospitalDetail, HospitalView, SearchResult, SessionView } from '@healthpocket/shared-types';
import { errors } from '../../errors';
import { addDays, chinaParts, toChinaIso } from './china-time';
import type { DoctorIndex } from './doctor-index';
import type { HisClient, HisDoctor, HisSession } from './his-client';
import { rulesFor } from './hospital-rules';
import { openingRefusal, opensAt, rulesNotice } from './rules';

/** The order departments are grouped in on the picker (the HIS's own groups). */
const GROUP_ORDER = ['内科', '外科', '妇产科', '儿科', '五官科', '皮肤科', '中医科', '康复医学科', '全科医疗科', '保健科'];

/** The HIS keeps 14 days of schedules. */
const HIS_SCHEDULE_DAYS = 14;

/** Hospitals → departments → doctors → schedules, with the hospital's rules applied to what can be booked. */
export class BrowseService {
  constructor(
    private readonly his: HisClient,
    private readonly clock: () => Date = () => new Date(),
    /** Doctors by what they treat, from the database's full-text index (synced from the HIS). */
    private readonly index?: DoctorIndex,
  ) {}

  async hospitals(): Promise<{ items: HospitalView[] }> {
    return { items: (await this.his.hospitals()).map(hospitalView) };
  }

  async hospital(id: string): Promise<HospitalDetail> {
    const h = await this.his.hospital(id);
    const rules = rulesFor(h.id);
    return { ...hospitalView(h), rules, notice: rulesNotice(rules) };
  }

  async departments(hospitalId: string): Promise<DepartmentGroups> {
    const items = await this.his.departments(hospitalId);
    const groups = new Map<string, typeof items>();
    for (const d of items) groups.set(d.group, [...(groups.get(d.group) ?? []), d]);
    const rank = (g: string) => (GROUP_ORDER.includes(g) ? GROUP_ORDER.indexOf(g) : GROUP_ORDER.length);
    return {
      hospitalId,
      groups: [...groups.entries()].sort((a, b) => rank(a[0]) - rank(b[0])).map(([group, list]) => ({ group, items: list.map(departmentView) })),
    };
  }

  async doctors(departmentId: string): Promise<{ departmentId: string; items: DoctorView[] }> {
    return { departmentId, items: (await this.his.doctors(departmentId)).map(doctorView) };
  }

  /** The window the hospital's rules allow (capped by what the HIS schedules), from today. */
  window(hospitalId: string): { from: string; to: string } {
    const today = chinaParts(this.clock()).date;
    const days = Math.min(rulesFor(hospitalId).windowDays, HIS_SCHEDULE_DAYS);
    return { from: today, to: addDays(today, days - 1) };
  }

  async schedule(doctorId: string, query: { from?: string; to?: string } = {}): Promise<DoctorSchedule> {
    const doctor = await this.his.doctor(doctorId);
    const win = this.window(doctor.hospitalId);
    const from = query.from && query.from > win.from ? query.from : win.from;
    const to = query.to && query.to < win.to ? query.to : win.to;
    if (to < from) throw errors.badInput([{ path: 'to', message: '结束日期不能早于开始日期' }], '查询的日期不在可预约范围内');
    // Always the whole window from the HIS (one cache entry per doctor), then the asked-for part.
    const { items, stale } = await this.his.schedule(doctorId, win.from, win.to);
    const now = this.clock();
    return {
      doctor: doctorView(doctor),
      from,
      to,
      items: items.filter((s) => s.date >= from && s.date <= to).map((s) => this.sessionView(doctor, s, now)),
      stale,
    };
  }

  forgetSchedule(doctorId: string, hospitalId: string) {
    const win = this.window(hospitalId);
    this.his.forgetSchedule(doctorId, win.from, win.to);
  }

  private sessionView(doctor: HisDoctor, s: HisSession, now: Date): SessionView {
    const rules = rulesFor(doctor.hospitalId);
    const slots = s.slots.map((x) => ({
      id: x.id,
      start: x.start,
      end: x.end,
      remaining: x.remaining,
      bookable: x.remaining > 0 && openingRefusal(rules, { date: s.date, start: x.start }, now) === null,
    }));
    const bookable = slots.some((x) => x.bookable);
    // The session's state: judged by its last slot (the one that stays bookable longest).
    const last = s.slots[s.slots.length - 1];
    const refusal = last ? openingRefusal(rules, { date: s.date, start: last.start }, now) : null;
    let status: SessionView['status'];
    let statusText: string;
    let opens: string | null = null;
    if (bookable) {
      status = 'open';
      statusText = `余${s.remaining}`;
    } else if (refusal?.code === 'BOOKING_NOT_OPEN') {
      status = 'not_open';
      opens = toChinaIso(opensAt(rules, s.date));
      const o = chinaParts(opensAt(rules, s.date));
      statusText = o.date === chinaParts(now).date ? `${o.time}放号` : `${Number(o.date.slice(5, 7))}月${Number(o.date.slice(8, 10))}日${o.time}放号`;
    } else if (refusal) {
      status = 'closed';
      statusText = refusal.rule === 'same_day' ? '到院挂号' : '停止预约';
    } else {
      status = 'full';
      statusText = '约满';
    }
    return {
      id: s.id,
      date: s.date,
      session: s.session,
      sessionLabel: s.sessionLabel,
      start: s.start,
      end: s.end,
      slotMinutes: s.slotMinutes,
      feeFen: s.feeFen,
      capacity: s.capacity,
      remaining: s.remaining,
      bookable,
      status,
      statusText,
      opensAt: opens,
      slots,
    };
  }

  /**
   * Doctors by name, department or what they treat (擅长…: the BFF's full-text index, or the HIS's
   * name search until the index has been filled), and departments by name across hospitals.
   */
  async search(q: string, hospitalId?: string): Promise<SearchResult> {
    const hospitals = (await this.his.hospitals()).filter((h) => !hospitalId || h.id === hospitalId);
    const [doctors, deptLists] = await Promise.all([
      this.index ? this.indexedDoctors(q, hospitalId) : this.his.searchDoctors(q, hospitalId),
      Promise.all(hospitals.map(async (h) => ({ h, items: await this.his.departments(h.id) }))),
    ]);
    const departments = deptLists.flatMap(({ h, items }) => items.filter((d) => d.name.includes(q)).map((d) => ({ ...departmentView(d), hospitalName: h.name })));
    return { q, departments, doctors: doctors.map(doctorView) };
  }

  /** An empty index (a fresh database) is filled on the first search rather than after the job's first period. */
  private async indexedDoctors(q: string, hospitalId?: string): Promise<HisDoctor[]> {
    const index = this.index!;
    const found = await index.search(q, hospitalId);
    if (found) return found;
    await index.sync();
    return (await index.search(q, hospitalId)) ?? this.his.searchDoctors(q, hospitalId);
  }
}

function hospitalView(h: HospitalView): HospitalView {
  const { id, name, shortName, level, type, address, phone, outpatientHours, intro, departmentCount } = h;
  return { id, name, shortName, level, type, address, phone, outpatientHours, intro, departmentCount };
}

function departmentView(d: { id: string; hospitalId: string; name: string; group: string; intro: string; location: string; doctorCount: number }) {
  const { id, hospitalId, name, group, intro, location, doctorCount } = d;
  return { id, hospitalId, name, group, intro, location, doctorCount };
}

function doctorView(d: HisDoctor): DoctorView {
  const { id, hospitalId, hospitalName, departmentId, departmentName, name, sex, title, registrationLevel, feeFen, specialty, intro, nextAvailableDate } = d;
  return { id, hospitalId, hospitalName, departmentId, departmentName, name, sex, title, registrationLevel, feeFen, specialty, intro, nextAvailableDate };
}
