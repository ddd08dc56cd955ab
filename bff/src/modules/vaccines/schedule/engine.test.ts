import fs from 'node:fs';
import { checkProgrammeDose, computeTimeline, dueWithin, liveGapConflict, type DoseEntry, type GivenDose, type Person } from './engine';
import { addAge, ageInMonths } from './dates';
import { DEFAULT_SCHEDULE_FILE, loadSchedule, parseSchedule } from './schema';

const schedule = loadSchedule();
const TODAY = '2026-11-22';

const boy = (birthDate: string): Person => ({ birthDate, sex: 'male' });
const girl = (birthDate: string): Person => ({ birthDate, sex: 'female' });
/** `code` given at `age` after birth. */
const at = (birthDate: string, code: string, age: { years?: number; months?: number; days?: number }): GivenDose => ({ code, date: addAge(birthDate, age) });

/** "code#dose" → "status" or "status@earliest" (for doses not given), the shape the tables compare. */
function view(entries: DoseEntry[], withDates = true): Record<string, string> {
  return Object.fromEntries(
    entries.map((e) => [`${e.series === e.code ? e.code : `${e.series}:${e.code}`}#${e.dose}`, withDates && e.earliestDate && e.status !== 'not_needed' ? `${e.status}@${e.earliestDate}` : e.status]),
  );
}
const entry = (entries: DoseEntry[], code: string, dose: number) => entries.find((e) => (e.code === code || e.series === code) && e.dose === dose)!;

describe('schedule file', () => {
  it('loads as data and keeps every field of the national file', () => {
    const shared = JSON.parse(fs.readFileSync(DEFAULT_SCHEDULE_FILE, 'utf8'));
    expect(shared.programme.map((v: { code: string }) => v.code)).toEqual(['HepB', 'BCG', 'IPV', 'bOPV', 'DTaP', 'MMR', 'JE-L', 'JE-I', 'MPSV-A', 'MPSV-AC', 'HepA-L', 'HepA-I', 'HPV2']);
    expect(schedule.rules.twoInjectableLiveVaccinesNotSameDayMinGapDays).toBe(28);
  });

  it('follows a replaced file without code changes (IPV moved to 3 months)', () => {
    const raw = JSON.parse(fs.readFileSync(DEFAULT_SCHEDULE_FILE, 'utf8'));
    raw.programme.find((v: { code: string }) => v.code === 'IPV').doses[0].age = { months: 3 };
    const edited = parseSchedule(raw);
    const t = computeTimeline(edited, boy('2026-09-22'), [], TODAY);
    expect(entry(t, 'IPV', 1)).toMatchObject({ status: 'upcoming', earliestDate: '2026-12-22' });
  });

  it('runs on the bare national file without the structured extras', () => {
    const raw = JSON.parse(fs.readFileSync(DEFAULT_SCHEDULE_FILE, 'utf8'));
    delete raw.rules.overdueAfterDays;
    for (const v of raw.programme) {
      for (const k of [
        'completeBy',
        'maxAge',
        'series',
        'route',
        'equivalents',
        'minIntervalAfter',
        'eligibleBornOnOrAfter',
        'programmeFrom',
        'catchUpConditions',
        'catchUpEarlier',
        'catchUpSubstitutes',
        'catchUpRules',
      ])
        delete v[k];
      for (const d of v.doses) delete d.completeBy;
    }
    const t = computeTimeline(parseSchedule(raw), boy('2026-09-22'), [], TODAY);
    expect(entry(t, 'IPV', 1).status).toBe('due');
    expect(t.every((e) => e.status !== 'overdue')).toBe(true); // no completeBy, no default: nothing is called overdue
  });

  it('refuses a file that would mislead the engine', () => {
    const raw = JSON.parse(fs.readFileSync(DEFAULT_SCHEDULE_FILE, 'utf8'));
    raw.programme[0].doses[0].age = {};
    expect(() => parseSchedule(raw)).toThrow(/programme\.0\.doses\.0\.age/);
    const alt = JSON.parse(fs.readFileSync(DEFAULT_SCHEDULE_FILE, 'utf8'));
    alt.programme.find((v: { code: string }) => v.code === 'JE-L').alternative = 'JE-X';
    expect(() => parseSchedule(alt)).toThrow(/JE-X/);
  });
});

describe('computeTimeline', () => {
  it('birth only: birth doses due today, everything else upcoming from the schedule ages', () => {
    const b = '2026-11-22';
    const v = view(computeTimeline(schedule, boy(b), [], TODAY));
    expect(v).toMatchObject({
      'HepB#1': `due@${b}`,
      'HepB#2': 'upcoming@2026-12-22',
      'HepB#3': 'upcoming@2027-05-22', // 6 months; also ≥ 60 d after dose 2 and ≥ 120 d after dose 1
      'BCG#1': `due@${b}`,
      'polio:IPV#1': 'upcoming@2027-01-22',
      'polio:IPV#2': 'upcoming@2027-02-22',
      'polio:bOPV#3': 'upcoming@2027-03-22',
      'polio:bOPV#4': 'upcoming@2030-11-22',
      'DTaP#1': 'upcoming@2027-01-22',
      'DTaP#2': 'upcoming@2027-03-22',
      'DTaP#3': 'upcoming@2027-05-22',
      'DTaP#4': 'upcoming@2028-05-22',
      'DTaP#5': 'upcoming@2032-11-22',
      'MMR#1': 'upcoming@2027-07-22',
      'JE-L#1': 'upcoming@2027-07-22',
      'JE-I#1': 'upcoming@2027-07-22',
      'JE-I#2': 'upcoming@2027-07-29',
      'MPSV-A#1': 'upcoming@2027-05-22',
      'MPSV-AC#1': 'upcoming@2029-11-22',
      'HepA-L#1': 'upcoming@2028-05-22',
      'HepA-I#2': 'upcoming@2028-11-22',
    });
    expect(Object.keys(v).some((k) => k.startsWith('HPV2'))).toBe(false); // boys: not in their programme
    const t = computeTimeline(schedule, boy(b), [], TODAY);
    expect(entry(t, 'HepB', 2)).toMatchObject({ afterDose: 1, reason: expect.stringContaining('需先接种第1剂') });
    expect(entry(t, 'JE-L', 1).alternatives).toEqual(['JE-I']);
    expect(t.filter((e) => e.status === 'done')).toHaveLength(0);
  });

  it('partial history (14 months, missed MPSV-A 2): that dose is due, 18-month doses upcoming, JE-I not needed after JE-L', () => {
    const b = '2025-09-22';
    const h = [
      at(b, 'HepB', { days: 0 }),
      at(b, 'BCG', { days: 0 }),
      at(b, 'HepB', { months: 1 }),
      at(b, 'IPV', { months: 2 }),
      at(b, 'DTaP', { months: 2 }),
      at(b, 'IPV', { months: 3 }),
      at(b, 'bOPV', { months: 4 }),
      at(b, 'DTaP', { months: 4 }),
      at(b, 'HepB', { months: 6 }),
      at(b, 'DTaP', { months: 6 }),
      at(b, 'MPSV-A', { months: 6 }),
      at(b, 'MMR', { months: 8 }),
      at(b, 'JE-L', { months: 8 }),
    ];
    const t = computeTimeline(schedule, boy(b), h, TODAY);
    expect(view(t)).toMatchObject({
      'HepB#3': 'done',
      'polio:bOPV#3': 'done',
      'polio:bOPV#4': 'upcoming@2029-09-22',
      'MPSV-A#2': 'due@2026-06-22',
      'DTaP#4': 'upcoming@2027-03-22',
      'MMR#2': 'upcoming@2027-03-22',
      'JE-L#2': 'upcoming@2027-09-22',
      'JE-I#1': 'not_needed',
      'JE-I#4': 'not_needed',
      'HepA-L#1': 'upcoming@2027-03-22',
      'HepA-I#1': 'upcoming@2027-03-22',
    });
    expect(entry(t, 'JE-I', 1).reason).toBe('已接种乙脑减毒活疫苗，无需再接种乙脑灭活疫苗');
    expect(entry(t, 'MPSV-A', 2).overdueFrom).toBe('2027-03-22'); // 18 months
    expect(dueWithin(t, TODAY, 14).map((e) => `${e.code}#${e.dose}`)).toEqual(['MPSV-A#2']);
  });

  it('late start (30 months, nothing given): catch-up with intervals from today, BCG after PPD, MPSV-A no longer given', () => {
    const b = '2024-05-22';
    const t = computeTimeline(schedule, boy(b), [], TODAY);
    expect(view(t)).toMatchObject({
      'HepB#1': `overdue@${b}`,
      'HepB#2': 'upcoming@2026-12-20', // today + 28
      'HepB#3': 'upcoming@2027-03-22', // today + 120 (dose 1 to 3), later than dose 2 + 60
      'BCG#1': `overdue@${b}`,
      'polio:IPV#1': 'overdue@2024-07-22',
      'polio:IPV#2': 'upcoming@2026-12-20',
      'polio:bOPV#3': 'upcoming@2027-01-17',
      'polio:bOPV#4': 'upcoming@2028-05-22',
      'DTaP#1': 'overdue@2024-07-22',
      'DTaP#3': 'upcoming@2027-01-17',
      'DTaP#4': 'upcoming@2027-07-17', // 6 months after dose 3
      'MPSV-A#1': 'not_needed',
      'MPSV-A#2': 'not_needed',
      'MMR#1': 'overdue@2025-01-22',
      'MMR#2': 'upcoming@2026-12-20',
    });
    expect(entry(t, 'BCG', 1).conditions).toEqual(['3月龄至3岁补种前需做结核菌素试验（PPD），阴性方可补种']);
    expect(entry(t, 'MPSV-A', 1).reason).toBe('满2岁后不再接种A群流脑多糖疫苗');
    expect(entry(t, 'MMR', 1).reason).toContain('建议1岁前完成');
  });

  it('an over-age dose is no longer given (BCG at 4, MPSV-A 2 at 2), while other catch-up goes on', () => {
    const b = '2022-05-01';
    const t = computeTimeline(schedule, boy(b), [at(b, 'HepB', { days: 0 }), at(b, 'MPSV-A', { months: 6 })], TODAY);
    expect(entry(t, 'BCG', 1)).toMatchObject({ status: 'not_needed', reason: '满4岁后不再接种卡介苗' });
    expect(entry(t, 'MPSV-A', 1)).toMatchObject({ status: 'done' });
    expect(entry(t, 'MPSV-A', 2)).toMatchObject({ status: 'not_needed' });
    expect(entry(t, 'HepB', 2).status).toBe('overdue');
  });

  it('never restarts a series: a long gap continues from the last dose given', () => {
    const b = '2024-11-01';
    const t = computeTimeline(schedule, boy(b), [at(b, 'HepB', { days: 0 })], TODAY);
    expect(t.filter((e) => e.series === 'HepB').map((e) => `${e.dose}:${e.status}`)).toEqual(['1:done', '2:overdue', '3:upcoming']);
    expect(entry(t, 'HepB', 2).earliestDate).toBe('2024-12-01');
    expect(entry(t, 'HepB', 3).earliestDate).toBe('2027-01-21'); // today + 60 after dose 2 given today
  });

  it('alternatives: JE-I started keeps JE-I (dose 2 after 7–10 days), HepA-I started makes HepA-L not needed', () => {
    const b = '2025-01-10';
    const t = computeTimeline(
      schedule,
      girl(b),
      [
        { code: 'JE-I', date: '2026-11-18' },
        { code: 'HepA-I', date: '2026-07-10' },
      ],
      TODAY,
    );
    expect(view(t)).toMatchObject({
      'JE-I#1': 'done',
      'JE-I#2': 'upcoming@2026-11-25',
      'JE-I#3': 'upcoming@2027-01-10',
      'JE-L#1': 'not_needed',
      'JE-L#2': 'not_needed',
      'HepA-I#2': 'upcoming@2027-01-10',
      'HepA-L#1': 'not_needed',
    });
    // Neither started: both offered, one need in the "due soon" list.
    const open = computeTimeline(schedule, boy('2026-03-15'), [], TODAY);
    expect(entry(open, 'JE-L', 1)).toMatchObject({ status: 'due', alternatives: ['JE-I'] });
    expect(entry(open, 'JE-I', 1)).toMatchObject({ status: 'due', alternatives: ['JE-L'] });
    const soon = dueWithin(open, TODAY, 14).filter((e) => e.code.startsWith('JE'));
    expect(soon.map((e) => `${e.code}#${e.dose}`)).toEqual(['JE-L#1']);
  });

  describe('the DTaP change of 2025-01-01', () => {
    it('old schedule complete: DTaP at 3/4/5/18 months and DT at 6 count as five doses; no extra DTaP', () => {
      const b = '2018-06-01';
      const h = [3, 4, 5, 18].map((m) => at(b, 'DTaP', { months: m })).concat(at(b, 'DT', { years: 6 }));
      const t = computeTimeline(schedule, girl(b), h, TODAY).filter((e) => e.series === 'DTaP');
      expect(t.map((e) => `${e.dose}:${e.status}:${e.code}`)).toEqual(['1:done:DTaP', '2:done:DTaP', '3:done:DTaP', '4:done:DTaP', '5:done:DT']);
      expect(t[4].reason).toBe('已接种白破疫苗，计为百白破疫苗第5剂');
      expect(checkProgrammeDose(schedule, girl(b), h, [], 'DTaP', TODAY)).toMatchObject({ ok: false, reason: 'complete' });
    });

    it('begun under the old schedule (3/4/5/18 months), turning 6 now: dose 5 is DTaP, not DT', () => {
      const b = '2020-11-22';
      const h = [3, 4, 5, 18].map((m) => at(b, 'DTaP', { months: m }));
      const t = computeTimeline(schedule, girl(b), h, TODAY);
      expect(entry(t, 'DTaP', 5)).toMatchObject({ code: 'DTaP', status: 'due', earliestDate: '2026-11-22', overdueFrom: '2027-11-22' });
    });

    it('DTaP at 3 and 4 months in 2024: dose 3 follows the new schedule at 6 months', () => {
      const b = '2024-08-15';
      const h = [at(b, 'DTaP', { months: 3 }), at(b, 'DTaP', { months: 4 })];
      const t = computeTimeline(schedule, boy(b), h, '2025-01-20');
      expect(entry(t, 'DTaP', 3)).toMatchObject({ status: 'upcoming', earliestDate: '2025-02-15', reason: '满6月龄可接种' });
      expect(entry(t, 'DTaP', 4).earliestDate).toBe('2026-02-15'); // 18 months (≥ 6 months after dose 3)
    });
  });

  it('two live injectables: same day or 28 days apart; the oral polio vaccine is not held back', () => {
    const b = '2026-02-10';
    const t = computeTimeline(
      schedule,
      boy(b),
      [
        { code: 'MMR', date: '2026-11-10' },
        { code: 'IPV', date: '2026-04-10' },
        { code: 'IPV', date: '2026-05-10' },
      ],
      TODAY,
    );
    expect(entry(t, 'JE-L', 1)).toMatchObject({ status: 'upcoming', earliestDate: '2026-12-08', reason: '与麻腮风疫苗（2026-11-10接种）需间隔28天；与乙脑灭活疫苗任选其一' });
    expect(entry(t, 'JE-I', 1)).toMatchObject({ status: 'overdue', earliestDate: '2026-10-10' }); // inactivated: no gap
    expect(entry(t, 'polio', 3)).toMatchObject({ code: 'bOPV', status: 'due' });
    const mmr = [{ code: 'MMR', date: '2026-11-10' }];
    expect(liveGapConflict(schedule, 'JE-L', '2026-11-10', mmr)).toBeNull();
    expect(liveGapConflict(schedule, 'JE-L', '2026-11-20', mmr)).toContain('间隔至少28天');
    expect(liveGapConflict(schedule, 'JE-L', '2026-10-20', mmr)).toContain('间隔至少28天'); // a later booked live dose counts too
    expect(liveGapConflict(schedule, 'JE-L', '2026-12-08', mmr)).toBeNull();
    expect(liveGapConflict(schedule, 'bOPV', '2026-11-20', mmr)).toBeNull();
    expect(liveGapConflict(schedule, 'VAR', '2026-11-20', mmr, { liveInjectableCodes: ['VAR'], names: { VAR: '水痘疫苗' } })).toContain('水痘疫苗');
  });

  describe('HPV2 for girls born on or after 2011-11-10', () => {
    const table: Array<[string, Person, GivenDose[], string, string]> = [
      ['14-year-old girl, none given: due since the programme began, overdue after 30 days', girl('2012-03-01'), [], 'HPV2#1', 'overdue@2025-11-10'],
      ['12-year-old girl: upcoming at 13', girl('2013-12-01'), [], 'HPV2#1', 'upcoming@2026-12-01'],
      ['dose 2 six months after dose 1', girl('2012-03-01'), [{ code: 'HPV2', date: '2026-06-01' }], 'HPV2#2', 'upcoming@2026-12-01'],
      ['born 2011-11-09: not in the free programme', girl('2011-11-09'), [], 'HPV2#1', 'not_needed'],
      ['17-year-old? none: born before 2011-11-10, not eligible', girl('2009-06-01'), [], 'HPV2#1', 'not_needed'],
    ];
    it.each(table)('%s', (_name, person, h, key, expected) => {
      expect(view(computeTimeline(schedule, person, h, TODAY))[key]).toBe(expected);
    });
    it('boys have no HPV2 doses', () => {
      expect(computeTimeline(schedule, boy('2012-03-01'), [], TODAY).some((e) => e.code === 'HPV2')).toBe(false);
    });
  });

  it('catch-up under 18: a 17-year-old still gets a missed MMR 2; at 18 it is no longer given', () => {
    const b17 = '2009-06-01';
    const b18 = '2008-11-01';
    const t17 = computeTimeline(schedule, boy(b17), [at(b17, 'MMR', { months: 8 })], TODAY);
    expect(entry(t17, 'MMR', 2).status).toBe('overdue');
    const t18 = computeTimeline(schedule, boy(b18), [at(b18, 'MMR', { months: 8 })], TODAY);
    expect(entry(t18, 'MMR', 2)).toMatchObject({ status: 'not_needed', reason: '已满18周岁，不再补种' });
  });

  it('MPSV-AC waits 12 months after MPSV-A dose 2, but only 3 months after a single MPSV-A dose (流脑·补种原则（2）)', () => {
    const b = '2023-06-01';
    const two = computeTimeline(schedule, boy(b), [at(b, 'MPSV-A', { months: 6 }), { code: 'MPSV-A', date: '2026-01-15' }], '2026-06-10');
    expect(entry(two, 'MPSV-AC', 1)).toMatchObject({ status: 'upcoming', earliestDate: '2027-01-15', reason: '距A群流脑多糖疫苗末剂需间隔12个月' });
    const one = computeTimeline(schedule, boy(b), [{ code: 'MPSV-A', date: '2026-01-15' }], '2026-03-10');
    expect(entry(one, 'MPSV-AC', 1)).toMatchObject({ status: 'upcoming', earliestDate: '2026-04-15', reason: '距A群流脑多糖疫苗末剂需间隔3个月' });
  });

  it('a 2-month-old with the birth doses has IPV 1 and DTaP 1 due within 14 days', () => {
    const b = '2026-09-22';
    const t = computeTimeline(schedule, boy(b), [at(b, 'HepB', { days: 0 }), at(b, 'BCG', { days: 0 }), at(b, 'HepB', { months: 1 })], TODAY);
    expect(dueWithin(t, TODAY, 14).map((e) => `${e.code}#${e.dose}`)).toEqual(['IPV#1', 'DTaP#1']);
    expect(dueWithin(t, TODAY, 0).map((e) => e.code)).toEqual(['IPV', 'DTaP']);
  });
});

describe('checkProgrammeDose (booking eligibility)', () => {
  const b = '2025-09-22';
  const h = [at(b, 'HepB', { days: 0 }), at(b, 'HepB', { months: 1 }), at(b, 'IPV', { months: 2 }), at(b, 'MPSV-A', { months: 6 })];
  const table: Array<[string, string, string, GivenDose[], Record<string, unknown>]> = [
    ['the due dose on a date after its earliest', 'MPSV-A', TODAY, [], { ok: true }],
    ['an overdue catch-up dose (DTaP 1)', 'DTaP', TODAY, [], { ok: true }],
    ['MMR 1 missed at 8 months', 'MMR', TODAY, [], { ok: true }],
    ['bOPV while IPV 2 is missing', 'bOPV', TODAY, [], { ok: false, reason: 'previous_dose_missing', message: '下一剂应接种脊灰灭活疫苗（第2剂），不是脊灰减毒活疫苗' }],
    ['HepB 3 earlier than 6 months / 60 days', 'HepB', '2026-03-01', [], { ok: false, reason: 'too_early', earliestDate: '2026-03-22' }],
    ['MPSV-AC at 14 months', 'MPSV-AC', TODAY, [], { ok: false, reason: 'too_early', earliestDate: '2028-09-22' }],
    ['HPV2 for a boy', 'HPV2', TODAY, [], { ok: false, reason: 'not_applicable' }],
    ['an unknown code', 'Flu', TODAY, [], { ok: false, reason: 'not_in_programme' }],
    ['MMR 10 days after a booked live JE-L', 'MMR', '2026-12-02', [{ code: 'JE-L', date: '2026-11-22' }], { ok: false, reason: 'live_gap' }],
    ['MMR on the same day as a booked JE-L', 'MMR', TODAY, [{ code: 'JE-L', date: TODAY }], { ok: true }],
  ];
  it.each(table)('%s', (_name, code, date, planned, expected) => {
    expect(checkProgrammeDose(schedule, boy(b), h, planned, code, date)).toMatchObject(expected);
  });
  it('over-age MPSV-A is refused with the reason', () => {
    const older = '2024-01-01';
    expect(checkProgrammeDose(schedule, boy(older), [at(older, 'MPSV-A', { months: 6 })], [], 'MPSV-A', TODAY)).toEqual({ ok: false, reason: 'not_needed', message: '满2岁后不再接种A群流脑多糖疫苗' });
  });
});

describe('dates', () => {
  it.each([
    ['2025-01-31', '2025-02-27', 0],
    ['2025-01-31', '2025-02-28', 1],
    ['2025-01-31', '2025-03-01', 1],
    ['2025-09-22', '2026-11-22', 14],
    ['2025-09-22', '2026-11-21', 13],
  ])('ageInMonths(%s, %s) = %i', (birth, on, months) => {
    expect(ageInMonths(birth, on)).toBe(months);
  });
});
