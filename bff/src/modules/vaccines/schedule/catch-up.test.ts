import fc from 'fast-check';
import { checkProgrammeDose, computeTimeline, type DoseEntry, type GivenDose, type Person } from './engine';
import { addAge, addDays } from './dates';
import { loadSchedule } from './schema';

/** The 补种原则 of the 2021 说明, one table row per rule (see catchUpRules in immunization-schedule.json). */
const schedule = loadSchedule();
const boy = (birthDate: string): Person => ({ birthDate, sex: 'male' });
const at = (b: string, code: string, age: { years?: number; months?: number; days?: number }): GivenDose => ({ code, date: addAge(b, age) });
const find = (t: DoseEntry[], series: string, dose: number) => t.find((e) => e.series === series && e.dose === dose)!;

describe('catch-up rules per vaccine (补种原则)', () => {
  const T = '2026-11-22';
  const table: Array<[string, string, GivenDose[], string, string, number, Record<string, unknown>]> = [
    // 流脑
    ['流脑 (1): under 24 months, MPSV-A is completed', '2025-05-01', [at('2025-05-01', 'MPSV-A', { months: 6 })], T, 'MPSV-A', 2, { status: 'overdue', code: 'MPSV-A' }],
    ['流脑 (2): 30 months, no MPSV-A: MPSV-A not given, MPSV-AC now instead of at 3 years', '2024-05-22', [], T, 'MPSV-AC', 1, { status: 'due', earliestDate: '2026-05-22' }],
    [
      '流脑 (2): 30 months, one MPSV-A 2 months ago: MPSV-AC 3 months after it',
      '2024-05-22',
      [{ code: 'MPSV-A', date: '2026-09-22' }],
      T,
      'MPSV-AC',
      1,
      { status: 'upcoming', earliestDate: '2026-12-22' },
    ],
    [
      '流脑 (2): still two MPSV-AC doses, 3 years apart (dose 2 not before 6 years)',
      '2024-05-22',
      [{ code: 'MPSV-AC', date: '2026-06-01' }],
      T,
      'MPSV-AC',
      2,
      { status: 'upcoming', earliestDate: '2030-05-22' },
    ],
    [
      '流脑 其他事项: two MPSV-A doses: MPSV-AC 1 at 3 years and 12 months after dose 2',
      '2023-06-01',
      [at('2023-06-01', 'MPSV-A', { months: 6 }), at('2023-06-01', 'MPSV-A', { months: 30 })],
      '2026-06-10',
      'MPSV-AC',
      1,
      { earliestDate: '2026-12-01' },
    ],
    // 脊灰
    ['脊灰 (1): a 5-year-old with nothing starts with IPV now', '2021-06-01', [], T, 'polio', 1, { code: 'IPV', status: 'overdue' }],
    ['脊灰 (1): doses 28 days apart in catch-up', '2021-06-01', [{ code: 'IPV', date: '2026-11-01' }], T, 'polio', 2, { code: 'IPV', earliestDate: '2026-11-29' }],
    ['脊灰 (3): born before 2019-10-01, one IPV: the rest is bOPV', '2019-03-01', [{ code: 'IPV', date: '2026-10-01' }], T, 'polio', 2, { code: 'bOPV', earliestDate: '2026-10-29' }],
    ['脊灰 (3): tOPV history: no more IPV, bOPV instead', '2015-03-01', [at('2015-03-01', 'tOPV', { months: 2 })], T, 'polio', 2, { code: 'bOPV', status: 'overdue' }],
    // 乙肝
    ['乙肝 (1)(2): birth dose missed: give it as soon as possible, nothing restarted', '2026-10-01', [], T, 'HepB', 1, { status: 'overdue', earliestDate: '2026-10-01' }],
    [
      '乙肝 (3): dose 3 ≥ 60 days after dose 2 and ≥ 4 months after dose 1',
      '2025-01-01',
      [
        { code: 'HepB', date: '2026-09-01' },
        { code: 'HepB', date: '2026-10-01' },
      ],
      T,
      'HepB',
      3,
      { earliestDate: '2026-12-30' },
    ],
    // 卡介苗
    ['卡介苗 (2): 2 years old: after a negative PPD test', '2024-11-01', [], T, 'BCG', 1, { status: 'overdue', conditions: ['3月龄至3岁补种前需做结核菌素试验（PPD），阴性方可补种'] }],
    ['卡介苗 (3): 4 years and older: not given', '2022-06-01', [], T, 'BCG', 1, { status: 'not_needed' }],
    // 百白破
    ['百白破 (1): first three doses 28 days apart', '2024-01-01', [{ code: 'DTaP', date: '2026-11-01' }], T, 'DTaP', 2, { earliestDate: '2026-11-29' }],
    [
      '百白破 (1): dose 4 six months after dose 3',
      '2024-01-01',
      ['2026-03-01', '2026-04-01', '2026-05-01'].map((date) => ({ code: 'DTaP', date })),
      T,
      'DTaP',
      4,
      { status: 'overdue', earliestDate: '2026-11-01' },
    ],
    ['百白破 (2): 6 and older: the clinic decides the product and count', '2019-06-01', [], T, 'DTaP', 1, { conditions: ['≥6岁补种百白破/白破的剂次和疫苗由接种门诊按累计剂次确定'] }],
    // 麻腮风
    ['麻腮风 (2): two catch-up doses 28 days apart', '2022-01-01', [{ code: 'MMR', date: '2026-11-10' }], T, 'MMR', 2, { earliestDate: '2026-12-08' }],
    // 乙脑
    ['乙脑 (1): JE-L dose 2 ≥ 12 months after dose 1', '2022-01-01', [{ code: 'JE-L', date: '2026-06-01' }], T, 'JE-L', 2, { earliestDate: '2027-06-01' }],
    [
      '乙脑 (2): JE-I dose 3 ≥ 1 month after dose 2, dose 4 ≥ 3 years after dose 3',
      '2022-01-01',
      [
        { code: 'JE-I', date: '2026-10-01' },
        { code: 'JE-I', date: '2026-10-08' },
      ],
      T,
      'JE-I',
      3,
      { earliestDate: '2026-11-08' },
    ],
    // 甲肝
    ['甲肝 (1): HepA-I dose 2 ≥ 6 months after dose 1', '2020-01-01', [{ code: 'HepA-I', date: '2026-10-01' }], T, 'HepA-I', 2, { earliestDate: '2027-04-01' }],
  ];
  it.each(table)('%s', (_n, birth, history, today, series, dose, expected) => {
    expect(find(computeTimeline(schedule, boy(birth), history, today), series, dose)).toMatchObject(expected);
  });

  it('booking follows the catch-up rule: MPSV-AC for a 30-month-old who had no MPSV-A is allowed; MPSV-A is refused', () => {
    const b = '2024-05-22';
    expect(checkProgrammeDose(schedule, boy(b), [], [], 'MPSV-AC', T)).toMatchObject({ ok: true, entry: { dose: 1 } });
    expect(checkProgrammeDose(schedule, boy(b), [], [], 'MPSV-A', T)).toMatchObject({ ok: false, reason: 'not_needed' });
    // …but not before 24 months, and not for a child on the routine path (two MPSV-A doses) before 3 years.
    expect(checkProgrammeDose(schedule, boy(b), [], [], 'MPSV-AC', '2026-05-21')).toMatchObject({ ok: false, reason: 'too_early' });
    const routine = [at(b, 'MPSV-A', { months: 6 }), at(b, 'MPSV-A', { months: 9 })];
    expect(checkProgrammeDose(schedule, boy(b), routine, [], 'MPSV-AC', T)).toMatchObject({ ok: false, reason: 'too_early', earliestDate: '2027-05-22' });
  });

  it('booking follows the polio substitutes: IPV is refused after tOPV, bOPV is the next dose', () => {
    const b = '2015-03-01';
    const h = [at(b, 'tOPV', { months: 2 })];
    expect(checkProgrammeDose(schedule, boy(b), h, [], 'IPV', T)).toMatchObject({ ok: false, reason: 'previous_dose_missing', message: '下一剂应接种脊灰减毒活疫苗（第2剂），不是脊灰灭活疫苗' });
    expect(checkProgrammeDose(schedule, boy(b), h, [], 'bOPV', T)).toMatchObject({ ok: true });
  });

  it('every rule the engine does not follow says why, and every rule names its source', () => {
    for (const v of schedule.programme) {
      for (const r of (v.catchUpRules ?? []) as Array<Record<string, unknown>>) {
        expect(r.source).toMatch(/免疫|HPV/);
        expect(typeof r.quote).toBe('string');
        if ((r.modelledBy as string[]).length === 0) expect(typeof r.why).toBe('string');
      }
    }
  });
});

describe('catch-up properties', () => {
  const day = fc.integer({ min: 0, max: 17 * 365 }).map((n) => addDays('2009-12-01', n));
  const codes = ['HepB', 'IPV', 'bOPV', 'DTaP', 'MMR', 'JE-L', 'MPSV-A', 'MPSV-AC', 'HepA-I'];
  it('never restarts: a dose given stays done, and no open dose is dated before the dose before it plus its interval floor (≥ previous dose)', () => {
    fc.assert(
      fc.property(day, fc.array(fc.record({ code: fc.constantFrom(...codes), offset: fc.integer({ min: 0, max: 6000 }) }), { maxLength: 8 }), (birth, hs) => {
        const today = '2026-11-22';
        if (birth > today) return;
        const history = hs.map((h) => ({ code: h.code, date: addDays(birth, h.offset) })).filter((h) => h.date <= today);
        const t = computeTimeline(schedule, boy(birth), history, today);
        for (const s of new Set(t.map((e) => e.series))) {
          const doses = t.filter((e) => e.series === s).sort((a, b) => a.dose - b.dose);
          let prev: string | null = null;
          for (const e of doses) {
            if (e.status === 'done') prev = e.givenOn;
            else if (e.earliestDate && prev) expect(e.earliestDate > prev).toBe(true);
          }
          // done doses come first: no gap filled later by a restart
          const firstOpen = doses.findIndex((e) => e.status !== 'done');
          if (firstOpen >= 0) expect(doses.slice(firstOpen).every((e) => e.status !== 'done')).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
  it('MPSV-A is never offered at 24 months or older, and MPSV-AC never before 24 months', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 2 }), (birth, nA) => {
        const today = '2026-11-22';
        if (birth > today) return;
        const history = Array.from({ length: nA }, (_, i) => at(birth, 'MPSV-A', { months: 6 + 3 * i }));
        const t = computeTimeline(
          schedule,
          boy(birth),
          history.filter((h) => h.date <= today),
          today,
        );
        const m24 = addAge(birth, { months: 24 });
        for (const e of t) {
          if (e.code === 'MPSV-A' && e.status !== 'done' && e.status !== 'not_needed') expect(e.earliestDate! < m24).toBe(true);
          if (e.code === 'MPSV-AC' && e.earliestDate && e.status !== 'not_needed') expect(e.earliestDate >= m24).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
