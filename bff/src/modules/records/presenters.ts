import {
  FOLLOWUP_KIND_LABELS,
  classifyBp,
  classifyGlucose,
  maskIdNumber,
  maskPhone,
  type BpPoint,
  type GlucosePoint,
  type RecordBasicInfo,
  type RecordCheckup,
  type RecordFollowup,
  type RecordVisit,
} from '@healthpocket/shared-types';
import type * as P from './platform-types';

const RH_LABELS: Record<string, string> = { positive: 'Rh阳性', negative: 'Rh阴性', unknown: 'Rh不详' };
const SEX_LABELS: Record<number, string> = { 0: '未知的性别', 1: '男', 2: '女', 9: '未说明的性别' };
const VISIT_TYPE_LABELS: Record<P.Visit['type'], string> = { outpatient: '接诊记录', referral: '双向转诊单', consultation: '会诊记录' };
export const SOURCE_LABELS = { followup: '随访', checkup: '体检', visit: '门诊', home: '家庭自测' } as const;

/** Keeps the township and community (enough to recognise the address), hides street and door number. */
function maskAddress(address: string, township: string, community: string): string {
  const prefix = `${township}${community}`;
  if (prefix && address.startsWith(prefix)) return `${prefix}****`;
  return `${address.slice(0, Math.min(6, Math.max(0, address.length - 4)))}****`;
}

export function presentBasic(r: P.Resident, s: P.BasicSupplement, age: number): RecordBasicInfo {
  return {
    recordNumber: r.recordNumber,
    name: r.name,
    sex: r.sex,
    sexCode: r.sexCode,
    sexLabel: SEX_LABELS[r.sexCode] ?? '未说明的性别',
    birthDate: r.birthDate,
    age,
    idNumberMasked: r.idNumber ? maskIdNumber(r.idNumber) : null,
    phoneMasked: r.phone ? maskPhone(r.phone) : null,
    addressMasked: maskAddress(r.address, r.township, r.community),
    township: r.township,
    community: r.community,
    bloodType: { abo: r.bloodType.abo, aboLabel: r.bloodType.aboLabel, rh: r.bloodType.rh, rhLabel: RH_LABELS[r.bloodType.rh] ?? 'Rh不详' },
    allergies: r.allergies,
    chronicConditions: r.chronicConditions.map((c) => ({ code: c.code, name: c.name, diagnosedOn: c.diagnosedOn ?? null })),
    pastHistory: s.pastHistory,
    familyHistory: s.familyHistory,
    disability: s.disability,
    insurancePaymentType: s.insurancePaymentType,
    status: r.status,
    closedReason: r.closedReason,
    createdOn: r.createdOn,
  };
}

export function presentFollowup(f: P.Followup, age: number): RecordFollowup {
  return {
    ...f,
    kindLabel: FOLLOWUP_KIND_LABELS[f.kind],
    bpCategory: classifyBp(f.sbp, f.dbp, 'followup', age),
    glucoseCategory: f.fastingGlucose === null ? null : classifyGlucose(f.fastingGlucose, true),
  };
}

export function presentCheckup(c: P.Checkup, age: number): RecordCheckup {
  return { ...c, bpCategory: classifyBp(c.vitals.bpLeft.sbp, c.vitals.bpLeft.dbp, 'checkup', age) };
}

export function presentVisit(v: P.Visit): RecordVisit {
  return { ...v, typeLabel: VISIT_TYPE_LABELS[v.type] };
}

/** Dates from the platform are China calendar dates; a reading on a date is shown at 09:00 that day. */
const atDate = (date: string) => `${date}T09:00:00+08:00`;

export function bpPointsOf(followups: P.Followup[], checkups: P.Checkup[], age: number): BpPoint[] {
  const points: BpPoint[] = [];
  const seen = new Set<string>();
  // A hypertension and a diabetes form filled at one visit share one measurement.
  for (const f of followups) {
    if (seen.has(f.date)) continue;
    seen.add(f.date);
    points.push({ at: atDate(f.date), sbp: f.sbp, dbp: f.dbp, heartRate: f.heartRate, source: 'followup', sourceLabel: SOURCE_LABELS.followup, category: classifyBp(f.sbp, f.dbp, 'followup', age) });
  }
  for (const c of checkups) {
    if (seen.has(c.date)) continue;
    seen.add(c.date);
    const { sbp, dbp } = c.vitals.bpLeft;
    points.push({ at: atDate(c.date), sbp, dbp, heartRate: c.vitals.pulse, source: 'checkup', sourceLabel: SOURCE_LABELS.checkup, category: classifyBp(sbp, dbp, 'checkup', age) });
  }
  return points;
}

export function glucosePointsOf(followups: P.Followup[], checkups: P.Checkup[]): GlucosePoint[] {
  const points: GlucosePoint[] = [];
  for (const f of followups) {
    if (f.fastingGlucose === null) continue;
    points.push({ at: atDate(f.date), value: f.fastingGlucose, fasting: true, source: 'followup', sourceLabel: SOURCE_LABELS.followup, category: classifyGlucose(f.fastingGlucose, true) });
  }
  for (const c of checkups) {
    const g = c.exams.find((e) => e.name.startsWith('空腹血糖'));
    const value = g ? Number(g.value) : NaN;
    if (!Number.isFinite(value) || points.some((p) => p.at === atDate(c.date))) continue;
    points.push({ at: atDate(c.date), value, fasting: true, source: 'checkup', sourceLabel: SOURCE_LABELS.checkup, category: classifyGlucose(value, true) });
  }
  return points;
}

export const byTime = <T extends { at: string }>(a: T, b: T) => Date.parse(a.at) - Date.parse(b.at);
