import Router from '@koa/router';
import { toChinaIso } from '@healthpocket/shared-types';
import type { SandboxContext } from '../context';
import { addDays, PERSONA_RESIDENTS as P, sendError, worldOf, type Resident } from '../seed/world';
import { CLINICS, PRODUCTS, PROGRAMME_NAMES } from '../vaccines/catalogue';

/**
 * The immunization information system's 接种记录 per resident (预防接种证 contents), consistent
 * with the world's children: 张小宝 (14 months) missed MPSV-A dose 2; 张一诺 (6 years today) began
 * under the old 3/4/5-month DTaP schedule and had polio as IPV + 3 bOPV; 陈沐阳 (2 months) has the
 * birth doses and HepB 2. Doses recorded through the sandbox helper (a clinic giving a dose) are kept
 * per sandbox instance.
 */

/**
 * One dose as the platform lists it. The first seven fields are the shape the records service
 * reads (RecordImmunization); the rest serve vaccination booking.
 */
interface ImmunizationRecord {
  vaccineCode: string;
  vaccineName: string;
  /** Dose number in its series: polio counts IPV and bOPV together, DTaP counts DT. */
  dose: number;
  date: string;
  site: string;
  institution: string;
  batchNo: string;
  id: string;
  clinicId: string;
  manufacturer: string;
  kind: 'programme' | 'self_paid';
  /** Set when the dose was given against an appointment (the booking system's id). */
  appointmentRef: string | null;
  /**
   * When the clinic recorded the dose (接种时间, ISO +08:00): the 留观 30 minutes run from it. The
   * seeded history predates the clinic client and carries the date only (null).
   */
  givenAt: string | null;
}

type Planned = [code: string, age: { months?: number; years?: number; days?: number }];

const SON: Planned[] = [
  ['HepB', { days: 0 }],
  ['BCG', { days: 0 }],
  ['HepB', { months: 1 }],
  ['IPV', { months: 2 }],
  ['DTaP', { months: 2 }],
  ['PCV13', { months: 2 }],
  ['IPV', { months: 3 }],
  ['bOPV', { months: 4 }],
  ['DTaP', { months: 4 }],
  ['PCV13', { months: 4 }],
  ['HepB', { months: 6 }],
  ['DTaP', { months: 6 }],
  ['MPSV-A', { months: 6 }],
  ['PCV13', { months: 6 }],
  ['EV71', { months: 6 }],
  ['EV71', { months: 7 }],
  ['MMR', { months: 8 }],
  ['JE-L', { months: 8 }],
];
/** Born in 2020: polio IPV + bOPV ×3 and DTaP at 3/4/5/18 months as the schedule then was. */
const DAUGHTER: Planned[] = [
  ['HepB', { days: 0 }],
  ['BCG', { days: 0 }],
  ['HepB', { months: 1 }],
  ['IPV', { months: 2 }],
  ['bOPV', { months: 3 }],
  ['DTaP', { months: 3 }],
  ['bOPV', { months: 4 }],
  ['DTaP', { months: 4 }],
  ['DTaP', { months: 5 }],
  ['HepB', { months: 6 }],
  ['MPSV-A', { months: 6 }],
  ['MMR', { months: 8 }],
  ['JE-L', { months: 8 }],
  ['MPSV-A', { months: 9 }],
  ['VAR', { months: 12 }],
  ['DTaP', { months: 18 }],
  ['MMR', { months: 18 }],
  ['HepA-L', { months: 18 }],
  ['JE-L', { years: 2 }],
  ['MPSV-AC', { years: 3 }],
  ['bOPV', { years: 4 }],
  ['VAR', { years: 4 }],
  ['Flu', { years: 5 }],
];
const BABY: Planned[] = [
  ['HepB', { days: 0 }],
  ['BCG', { days: 0 }],
  ['HepB', { months: 1 }],
];

const HISTORY_BY_RECORD: Record<string, Planned[]> = {
  [P.son.recordNumber]: SON,
  [P.daughter.recordNumber]: DAUGHTER,
  [P.baby.recordNumber]: BABY,
};

function plusAge(date: string, age: { months?: number; years?: number; days?: number }): string {
  const months = (age.years ?? 0) * 12 + (age.months ?? 0);
  const [y, m, d] = date.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const ty = Math.floor(total / 12);
  const tm = (total % 12) + 1;
  const last = new Date(Date.UTC(ty, tm, 0)).getUTCDate();
  const base = `${ty}-${String(tm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
  return addDays(base, age.days ?? 0);
}

const nameOf = (code: string) => PROGRAMME_NAMES[code] ?? PRODUCTS.find((p) => p.code === code)?.shortName ?? code;
const manufacturerOf = (code: string) => PRODUCTS.find((p) => p.code === code)?.manufacturer ?? (['HepB', 'IPV', 'DTaP'].includes(code) ? '北京生物' : '中国生物');

interface Recorded {
  recordNumber: string;
  code: string;
  date: string;
  clinicId: string;
  appointmentRef: string | null;
  givenAt: string | null;
}

const recorded = new WeakMap<SandboxContext, Recorded[]>();
const recordedOf = (ctx: SandboxContext) => {
  let list = recorded.get(ctx);
  if (!list) recorded.set(ctx, (list = []));
  return list;
};

/** Codes that count in one series with another (the platform numbers doses per series). */
const SERIES: Record<string, string> = { IPV: 'polio', bOPV: 'polio', DT: 'DTaP' };
const SITES: Record<string, string> = {
  HepB: '右上臂三角肌',
  BCG: '左上臂三角肌',
  IPV: '左大腿前外侧',
  bOPV: '口服',
  DTaP: '右上臂三角肌',
  DT: '右上臂三角肌',
  MMR: '右上臂外侧',
  'JE-L': '左上臂外侧',
  'JE-I': '左上臂外侧',
  'MPSV-A': '左上臂三角肌',
  'MPSV-AC': '左上臂三角肌',
  'HepA-L': '左上臂外侧',
  'HepA-I': '左上臂三角肌',
  VAR: '左上臂外侧',
};

/** A resident's records up to today, newest first: the seeded history plus doses given in this sandbox's life. */
function immunizationsOf(ctx: SandboxContext, resident: Resident, today: string): ImmunizationRecord[] {
  const birthClinic = resident.community === '新华社区' ? 'VC002' : 'VC001';
  const seeded = (HISTORY_BY_RECORD[resident.recordNumber] ?? []).map(([code, age]) => ({
    code,
    date: plusAge(resident.birthDate, age),
    // Birth doses are given where the child was born (the maternity hospital's clinic).
    clinicId: age.days === 0 && !age.months && !age.years ? 'VC002' : birthClinic,
    appointmentRef: null as string | null,
    givenAt: null as string | null,
  }));
  const extra = recordedOf(ctx).filter((r) => r.recordNumber === resident.recordNumber);
  const all = [...seeded, ...extra].filter((r) => r.date <= today).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const counts = new Map<string, number>();
  return all
    .map((r, i): ImmunizationRecord => {
      const series = SERIES[r.code] ?? r.code;
      const dose = (counts.get(series) ?? 0) + 1;
      counts.set(series, dose);
      const clinic = CLINICS.find((c) => c.id === r.clinicId)!;
      return {
        vaccineCode: r.code,
        vaccineName: nameOf(r.code),
        dose,
        date: r.date,
        site: SITES[r.code] ?? '上臂三角肌',
        institution: clinic.name,
        batchNo: `${r.code.replace(/[^A-Za-z0-9]/g, '').toUpperCase()}${r.date.replaceAll('-', '').slice(0, 6)}${String(dose).padStart(2, '0')}`,
        id: `IM-${resident.recordNumber}-${String(i + 1).padStart(3, '0')}`,
        clinicId: clinic.id,
        manufacturer: manufacturerOf(r.code),
        kind: r.code in PROGRAMME_NAMES ? 'programme' : 'self_paid',
        appointmentRef: r.appointmentRef,
        givenAt: r.givenAt,
      };
    })
    .reverse();
}

export function immunizationRoutes(sctx: SandboxContext): Router {
  const r = new Router({ prefix: '/platform' });

  // Registered before the records part's route of the same path: one history for records and vaccines.
  r.get('/residents/:recordNumber/immunizations', (ctx) => {
    const w = worldOf(sctx);
    const resident = w.residents.get(ctx.params.recordNumber);
    if (!resident) return sendError(ctx, 404, 'NOT_FOUND', `健康档案 ${ctx.params.recordNumber} 不存在`);
    ctx.body = { recordNumber: resident.recordNumber, immunizationCertNo: resident.immunizationCertNo, items: immunizationsOf(sctx, resident, w.today) };
  });

  // Sandbox-only: a clinic records a dose it gave (stands in for the clinic's own client).
  r.post('/sandbox/immunizations', (ctx) => {
    const b = (ctx.request.body ?? {}) as Record<string, unknown>;
    const w = worldOf(sctx);
    const resident = typeof b.recordNumber === 'string' ? w.residents.get(b.recordNumber) : undefined;
    if (!resident) return sendError(ctx, 404, 'NOT_FOUND', '健康档案不存在');
    const code = typeof b.code === 'string' ? b.code : '';
    if (!(code in PROGRAMME_NAMES) && !PRODUCTS.some((p) => p.code === code)) return sendError(ctx, 400, 'BAD_REQUEST', `未知的疫苗代码 ${code}`);
    const date = typeof b.date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(b.date) ? b.date : w.today;
    const clinicId = typeof b.clinicId === 'string' && CLINICS.some((c) => c.id === b.clinicId) ? b.clinicId : 'VC001';
    // 接种时间: the moment the clinic records it, or the time it enters for a dose given earlier
    // today (not in the future); a dose recorded for another day has no time.
    const nowMs = sctx.wechat.now();
    const asked = typeof b.givenAt === 'string' ? Date.parse(b.givenAt) : NaN;
    if (typeof b.givenAt === 'string' && (Number.isNaN(asked) || asked > nowMs || toChinaIso(asked).slice(0, 10) !== date)) {
      return sendError(ctx, 400, 'BAD_REQUEST', 'givenAt 应为接种当天、不晚于现在的时间');
    }
    const at = toChinaIso(Number.isNaN(asked) ? nowMs : asked, 's');
    const givenAt = at.slice(0, 10) === date ? at : null;
    recordedOf(sctx).push({ recordNumber: resident.recordNumber, code, date, clinicId, appointmentRef: typeof b.appointmentRef === 'string' ? b.appointmentRef : null, givenAt });
    ctx.status = 201;
    ctx.body = { items: immunizationsOf(sctx, resident, addDays(w.today, 3650)) };
  });

  return r;
}
