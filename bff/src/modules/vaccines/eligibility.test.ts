import { checkSelfPaid, fluSeasonStart } from './eligibility';
import type { GivenDose, Person } from './schedule/engine';
import { loadSchedule } from './schedule/schema';
import type { PlatformProduct } from './platform';

const schedule = loadSchedule();
const product = (code: string, eligibility: PlatformProduct['eligibility'], live = false): PlatformProduct => ({
  id: `P-${code}`,
  code,
  name: code,
  shortName: { HPV9: '九价HPV疫苗', Flu: '流感疫苗', VAR: '水痘疫苗', Rabies: '狂犬病疫苗', EV71: '手足口疫苗' }[code] ?? code,
  manufacturer: 'x',
  priceFen: 100,
  live,
  route: live ? 'subcutaneous' : 'intramuscular',
  eligibility,
  note: '',
  batches: [],
});
const HPV9 = product('HPV9', { sex: 'female', minAge: { years: 9 }, maxAge: { years: 46 }, doses: 3, minIntervalDays: [30, 90] });
const FLU = product('Flu', { minAge: { months: 6 }, doses: 2, minIntervalDays: [28], seasonal: true });
const VAR = product('VAR', { minAge: { months: 12 }, doses: 2, minIntervalDays: [28] }, true);
const RABIES = product('Rabies', { minAge: { months: 0 }, doses: 5, minIntervalDays: [3, 4, 7, 14] });
const EV71 = product('EV71', { minAge: { months: 6 }, maxAge: { months: 72 }, doses: 2, minIntervalDays: [30] });
const gap = { schedule, liveInjectableCodes: ['VAR'], names: { VAR: '水痘疫苗' } };

const woman: Person = { birthDate: '1996-05-01', sex: 'female' };
const D = '2026-11-24';

describe('self-paid eligibility (label rules)', () => {
  const table: Array<[string, PlatformProduct, Person, GivenDose[], GivenDose[], string, Record<string, unknown>]> = [
    ['HPV9 for a 30-year-old woman: dose 1', HPV9, woman, [], [], D, { ok: true, dose: 1 }],
    ['HPV9 for a man', HPV9, { birthDate: '1990-03-07', sex: 'male' }, [], [], D, { ok: false, reason: 'sex', message: '九价HPV疫苗仅适用于女性' }],
    ['HPV9 for an 8-year-old girl', HPV9, { birthDate: '2018-06-01', sex: 'female' }, [], [], D, { ok: false, reason: 'too_young', earliestDate: '2027-06-01' }],
    ['HPV9 at 46', HPV9, { birthDate: '1980-11-01', sex: 'female' }, [], [], D, { ok: false, reason: 'too_old', message: '九价HPV疫苗适用于9岁至46岁前，已超过适用年龄' }],
    ['HPV9 dose 2 twenty days after dose 1', HPV9, woman, [{ code: 'HPV9', date: '2026-11-04' }], [], D, { ok: false, reason: 'too_early', earliestDate: '2026-12-04' }],
    [
      'HPV9 dose 3 ninety days after dose 2',
      HPV9,
      woman,
      [
        { code: 'HPV9', date: '2026-05-01' },
        { code: 'HPV9', date: '2026-08-26' },
      ],
      [],
      D,
      { ok: true, dose: 3 },
    ],
    ['HPV9 after three doses', HPV9, woman, ['2026-01-01', '2026-03-01', '2026-07-01'].map((date) => ({ code: 'HPV9', date })), [], D, { ok: false, reason: 'complete' }],
    ['Rabies dose 4 late: the course goes on, not restarted', RABIES, woman, ['2026-10-01', '2026-10-04', '2026-10-08'].map((date) => ({ code: 'Rabies', date })), [], D, { ok: true, dose: 4 }],
    ['EV71 at 6 years is past the label', EV71, { birthDate: '2020-11-01', sex: 'male' }, [], [], D, { ok: false, reason: 'too_old' }],
    ['VAR 10 days after MMR (two live injectables)', VAR, { birthDate: '2025-09-22', sex: 'male' }, [{ code: 'MMR', date: '2026-11-14' }], [], D, { ok: false, reason: 'live_gap' }],
    ['VAR on the day a booked MMR is given', VAR, { birthDate: '2025-09-22', sex: 'male' }, [], [{ code: 'MMR', date: D }], D, { ok: true, dose: 1 }],
  ];
  it.each(table)('%s', (_n, p, person, history, planned, date, expected) => {
    expect(checkSelfPaid(p, person, history, planned, date, gap)).toMatchObject(expected);
  });

  describe('flu seasons (from 1 September)', () => {
    const child: Person = { birthDate: '2022-03-01', sex: 'female' };
    it.each([
      ['a child in her first season gets 2 doses, 28 days apart', child, [{ code: 'Flu', date: '2026-10-01' }], '2026-10-20', { ok: false, reason: 'too_early', earliestDate: '2026-10-29' }],
      ['…and then dose 2', child, [{ code: 'Flu', date: '2026-10-01' }], '2026-11-01', { ok: true, dose: 2 }],
      ['a child vaccinated last season needs 1 dose this season', child, [{ code: 'Flu', date: '2025-10-01' }], D, { ok: true, dose: 1 }],
      [
        '…and not a second',
        child,
        [
          { code: 'Flu', date: '2025-10-01' },
          { code: 'Flu', date: '2026-10-01' },
        ],
        D,
        { ok: false, reason: 'complete', message: '本流感季已完成流感疫苗接种' },
      ],
      ['an adult gets 1 dose a season', woman, [{ code: 'Flu', date: '2026-09-15' }], D, { ok: false, reason: 'complete' }],
    ] as Array<[string, Person, GivenDose[], string, Record<string, unknown>]>)('%s', (_n, person, history, date, expected) => {
      expect(checkSelfPaid(FLU, person, history, [], date, gap)).toMatchObject(expected);
    });
    it('season start', () => {
      expect(fluSeasonStart('2026-11-24')).toBe('2026-09-01');
      expect(fluSeasonStart('2027-03-01')).toBe('2026-09-01');
    });
  });
});
