import { BookingRules } from '@healthpocket/shared-types';
import { DEFAULT_RULES, rulesFor } from './hospital-rules';
import { cancelDeadline, cancelRefusal, limitRefusal, noShowBlockUntil, noShowRefusal, openingRefusal, rulesNotice, type ExistingVisit } from './rules';
import { chinaParts, toChinaIso, weekStart } from './china-time';

/** An instant from China wall-clock time. */
const at = (date: string, time: string) => new Date(`${date}T${time}:00+08:00`);
const slot = (date: string, time = '09:00') => ({ date, start: `${date}T${time}:00+08:00` });

// 2026-11-23 is a Monday. H001: window 14 days, release 07:00, no same-day, next-day cut-off 15:00.
const H001 = rulesFor('H001');
const H002 = rulesFor('H002');
const H003 = rulesFor('H003');

describe('hospital rules data', () => {
  it('is valid for every hospital, and unknown hospitals get the defaults', () => {
    for (const id of ['H001', 'H002', 'H003']) expect(BookingRules.safeParse(rulesFor(id)).success).toBe(true);
    expect(rulesFor('H999')).toEqual(DEFAULT_RULES);
    expect(H001.limits).toEqual({ perDepartmentSession: 1, perWeek: 8, perMonth: 12 });
    expect(H002.windowDays).toBe(7);
    expect(H003.sameDayBooking).toBe(true);
  });
});

describe('openingRefusal (window, release time, cut-offs)', () => {
  const cases: Array<[string, typeof H001, { date: string; start: string }, Date, string | null, string?]> = [
    ['a slot tomorrow morning, booked before the cut-off', H001, slot('2026-11-24'), at('2026-11-23', '14:59'), null],
    ['tomorrow after the 15:00 cut-off', H001, slot('2026-11-24'), at('2026-11-23', '15:00'), 'next_day_cutoff'],
    ['tomorrow at H003 until 17:00', H003, slot('2026-11-24'), at('2026-11-23', '16:59'), null],
    ['tomorrow at H003 after 17:00', H003, slot('2026-11-24'), at('2026-11-23', '17:00'), 'next_day_cutoff'],
    ['today where same-day booking is not offered', H001, slot('2026-11-23', '16:00'), at('2026-11-23', '08:00'), 'same_day'],
    ['today at the community centre (same-day allowed)', H003, slot('2026-11-23', '16:00'), at('2026-11-23', '08:00'), null],
    ['a slot that has begun', H003, slot('2026-11-23', '08:00'), at('2026-11-23', '08:00'), 'slot_started'],
    ['a date in the past', H003, slot('2026-11-22'), at('2026-11-23', '06:00'), 'slot_started'],
    ['the last day of the window after 07:00', H001, slot('2026-12-06'), at('2026-11-23', '07:00'), null],
    ['the last day of the window before 07:00', H001, slot('2026-12-06'), at('2026-11-23', '06:59'), 'release_time'],
    ['beyond the window', H001, slot('2026-12-07'), at('2026-11-23', '12:00'), 'booking_window'],
    ['H002 7-day window, released at midnight', H002, slot('2026-11-29'), at('2026-11-23', '00:00'), null],
    ['H002 beyond 7 days', H002, slot('2026-11-30'), at('2026-11-23', '23:59'), 'booking_window'],
  ];
  it.each(cases)('%s', (_name, rules, s, now, rule) => {
    const r = openingRefusal(rules, s, now);
    expect(r?.rule ?? null).toBe(rule);
  });

  it('says when a not-yet-released date opens', () => {
    expect(openingRefusal(H001, slot('2026-12-06'), at('2026-11-23', '06:30'))).toEqual({
      code: 'BOOKING_NOT_OPEN',
      rule: 'release_time',
      message: '12月6日的号源将于今天07:00开放预约（可预约14天内的号源）',
      until: '2026-11-23T07:00:00+08:00',
    });
    expect(openingRefusal(H001, slot('2026-12-09'), at('2026-11-23', '12:00'))).toMatchObject({
      code: 'BOOKING_NOT_OPEN',
      rule: 'booking_window',
      until: '2026-11-26T07:00:00+08:00',
    });
    expect(openingRefusal(H001, slot('2026-11-24'), at('2026-11-23', '15:30'))).toMatchObject({ code: 'BOOKING_CLOSED', message: expect.stringContaining('15:00') });
  });
});

describe('limitRefusal (per patient)', () => {
  const target: ExistingVisit = { hospitalId: 'H001', departmentId: 'H001-D02', date: '2026-11-25', session: 'am' };
  const visits = (n: number, base: Partial<ExistingVisit>, dates: string[]) =>
    Array.from({ length: n }, (_, i) => ({ hospitalId: 'H001', departmentId: `H001-D0${(i % 8) + 3}`, session: 'pm' as const, date: dates[i % dates.length], ...base }));
  const week = ['2026-11-23', '2026-11-24', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29'];

  const cases: Array<[string, ExistingVisit[], string | null]> = [
    ['no visits', [], null],
    ['the same department, date and session', [{ ...target }], 'per_department_session'],
    ['the same department in the other session', [{ ...target, session: 'pm' }], null],
    ['the same department on another day', [{ ...target, date: '2026-11-26' }], null],
    ['another department in the same session', [{ ...target, departmentId: 'H001-D03' }], null],
    ['the same department id at another hospital is another department', [{ ...target, hospitalId: 'H002' }], null],
    ['7 visits this week', visits(7, {}, week), null],
    ['8 visits this week', visits(8, {}, week), 'per_week'],
    ['8 visits, but last week', visits(8, {}, ['2026-11-16', '2026-11-17', '2026-11-18']), null],
    ['11 visits this month, spread over weeks', visits(11, {}, ['2026-11-02', '2026-11-03', '2026-11-10', '2026-11-11', '2026-11-17', '2026-11-24']), null],
    ['12 visits this month', visits(12, {}, ['2026-11-02', '2026-11-03', '2026-11-10', '2026-11-11', '2026-11-17', '2026-11-24']), 'per_month'],
    ['12 visits, but in October and December', visits(12, {}, ['2026-10-30', '2026-12-01']), null],
  ];
  it.each(cases)('%s', (_name, existing, rule) => {
    expect(limitRefusal(H001, existing, target)?.rule ?? null).toBe(rule);
  });

  it('says which week or month and when it frees up', () => {
    expect(limitRefusal(H001, visits(8, {}, week), target)).toMatchObject({
      code: 'BOOKING_LIMIT_REACHED',
      limit: 8,
      until: '2026-11-30T00:00:00+08:00',
      message: expect.stringContaining('11月23日–11月29日'),
    });
    expect(limitRefusal(H001, visits(12, {}, ['2026-11-02', '2026-11-10', '2026-11-17']), target)).toMatchObject({
      rule: 'per_month',
      limit: 12,
      until: '2026-12-01T00:00:00+08:00',
    });
  });

  it('counts the week from Monday, also across a month and a year end', () => {
    expect(weekStart('2026-11-29')).toBe('2026-11-23');
    expect(weekStart('2026-11-23')).toBe('2026-11-23');
    expect(weekStart('2027-01-01')).toBe('2026-12-28');
  });
});

describe('no-show suspension', () => {
  const cases: Array<[string, string[], string, string | null]> = [
    ['no no-shows', [], '2026-11-23', null],
    ['two no-shows', ['2026-03-01', '2026-06-01'], '2026-06-02', null],
    ['three no-shows: 90 days from the third', ['2026-03-01', '2026-06-01', '2026-09-01'], '2026-09-02', '2026-11-30'],
    ['three no-shows, 90 days later it is over', ['2026-03-01', '2026-06-01', '2026-09-01'], '2026-11-30', null],
    ['three no-shows spread over two years do not count together', ['2025-11-01', '2025-12-01', '2026-01-05'], '2026-01-06', null],
    ['six no-shows: 180 days from the sixth', ['2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01', '2026-05-01', '2026-06-01'], '2026-06-02', '2026-11-28'],
    ['a December block runs into January', ['2025-12-01', '2025-12-10', '2025-12-20'], '2026-01-15', '2026-03-20'],
  ];
  it.each(cases)('%s', (_name, dates, today, until) => {
    const r = noShowRefusal(H001, dates, at(today, '10:00'));
    expect(r?.until ?? null).toBe(until === null ? null : `${until}T00:00:00+08:00`);
    if (r) expect(r).toMatchObject({ code: 'BOOKING_SUSPENDED', rule: 'no_show' });
  });

  it('reports the count with the block', () => {
    expect(noShowBlockUntil(H001, ['2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01'])).toEqual({ until: '2026-05-30', count: 4 });
  });
});

describe('cancellation cut-off', () => {
  const cases: Array<[string, typeof H001, string, Date, boolean]> = [
    ['H001: the day before at 14:59', H001, '2026-11-25', at('2026-11-24', '14:59'), true],
    ['H001: the day before at 15:00', H001, '2026-11-25', at('2026-11-24', '15:00'), false],
    ['H002: until the visit day begins', H002, '2026-11-25', at('2026-11-24', '23:59'), true],
    ['H002: on the visit day', H002, '2026-11-25', at('2026-11-25', '00:00'), false],
    ['H003: until 07:00 on the visit day', H003, '2026-11-25', at('2026-11-25', '06:59'), true],
    ['H003: after 07:00 on the visit day', H003, '2026-11-25', at('2026-11-25', '07:00'), false],
  ];
  it.each(cases)('%s', (_name, rules, date, now, allowed) => {
    expect(cancelRefusal(rules, slot(date), now) === null).toBe(allowed);
  });

  it('never lies after the visit has begun, and explains the refusal', () => {
    // A same-day slot at 08:00 at H003 with a 07:00 cut-off: the cut-off comes first; a slot at 06:30 would end it earlier.
    expect(toChinaIso(cancelDeadline(H003, slot('2026-11-25', '08:00')))).toBe('2026-11-25T07:00:00+08:00');
    expect(toChinaIso(cancelDeadline(H003, slot('2026-11-25', '06:30')))).toBe('2026-11-25T06:30:00+08:00');
    expect(cancelRefusal(H001, slot('2026-11-25'), at('2026-11-24', '16:00'))).toMatchObject({
      code: 'CANCEL_NOT_ALLOWED',
      rule: 'cancel_cutoff',
      message: expect.stringContaining('就诊日前一天15:00前'),
    });
  });
});

describe('rulesNotice', () => {
  it('puts each hospital’s numbers into words', () => {
    expect(rulesNotice(H002)).toEqual(expect.arrayContaining(['可预约7天内的号源，每天00:00放出新一天的号源。', '次日号源于当天16:00停止线上预约。']));
    expect(rulesNotice(H001).join('')).toContain('爽约3次暂停预约90天，爽约6次暂停预约180天');
    expect(chinaParts(at('2026-11-23', '23:30'))).toEqual({ date: '2026-11-23', time: '23:30' });
  });
});
