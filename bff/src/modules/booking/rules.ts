import type { BookingRuleName, BookingRules, ErrorCode, SessionCode } from '@healthpocket/shared-types';
import { addDays, chinaDateLabel, chinaInstant, chinaIso, chinaParts, monthStart, nextMonthStart, weekStart } from './china-time';

/**
 * The hospital's registration rules, evaluated as pure functions of (rules, facts, now) so that
 * each can be checked in a table test. The service gathers the facts and throws the refusal.
 */
export interface Refusal {
  code: ErrorCode;
  rule: BookingRuleName;
  message: string;
  /** ISO 8601 (+08:00): from when the refused thing becomes possible again, when that is known. */
  until?: string;
  limit?: number;
}

const SESSION_LABEL: Record<SessionCode, string> = { am: '上午', pm: '下午' };

/** The first day a date can be booked: `windowDays − 1` days before it, at the release time. */
export function opensAt(rules: BookingRules, date: string): Date {
  return chinaInstant(addDays(date, -(rules.windowDays - 1)), rules.releaseTime);
}

/** Whether a slot can be booked at `now` by the window, release time and cut-offs. */
export function openingRefusal(rules: BookingRules, slot: { date: string; start: string }, now: Date): Refusal | null {
  const { date: today, time } = chinaParts(now);
  if (Date.parse(slot.start) <= now.getTime() || slot.date < today) {
    return { code: 'BOOKING_CLOSED', rule: 'slot_started', message: '该时段已开始或已过去，请选择其他时段' };
  }
  if (slot.date === today && !rules.sameDayBooking) {
    return { code: 'BOOKING_CLOSED', rule: 'same_day', message: '该医院不提供当日线上预约，请到医院挂号窗口或自助机办理' };
  }
  if (slot.date === addDays(today, 1) && time >= rules.nextDayCutoff) {
    return { code: 'BOOKING_CLOSED', rule: 'next_day_cutoff', message: `明日的号源已于今天${rules.nextDayCutoff}停止线上预约，请选择其他日期` };
  }
  const opens = opensAt(rules, slot.date);
  if (now < opens) {
    const opensDate = chinaParts(opens).date;
    const when = opensDate === today ? `今天${rules.releaseTime}` : `${chinaDateLabel(opensDate)} ${rules.releaseTime}`;
    return {
      code: 'BOOKING_NOT_OPEN',
      rule: opensDate === today ? 'release_time' : 'booking_window',
      message: `${chinaDateLabel(slot.date)}的号源将于${when}开放预约（可预约${rules.windowDays}天内的号源）`,
      until: chinaIso(opensDate, rules.releaseTime),
    };
  }
  return null;
}

/** A visit the patient already has (not cancelled or expired), for the per-patient limits. */
export interface ExistingVisit {
  hospitalId: string;
  departmentId: string;
  date: string;
  session: SessionCode;
}

export function limitRefusal(rules: BookingRules, existing: ExistingVisit[], target: ExistingVisit): Refusal | null {
  const { perDepartmentSession, perWeek, perMonth } = rules.limits;
  const sameSession = existing.filter((v) => v.hospitalId === target.hospitalId && v.departmentId === target.departmentId && v.date === target.date && v.session === target.session).length;
  if (sameSession >= perDepartmentSession) {
    return {
      code: 'BOOKING_LIMIT_REACHED',
      rule: 'per_department_session',
      message: `该就诊人${chinaDateLabel(target.date)}${SESSION_LABEL[target.session]}已预约过该科室，同一科室每个时段限约${perDepartmentSession}个号`,
      limit: perDepartmentSession,
    };
  }
  const from = weekStart(target.date);
  const to = addDays(from, 6);
  const inWeek = existing.filter((v) => v.date >= from && v.date <= to).length;
  if (inWeek >= perWeek) {
    return {
      code: 'BOOKING_LIMIT_REACHED',
      rule: 'per_week',
      message: `该就诊人${chinaDateLabel(from)}–${chinaDateLabel(to)}这一周已有${inWeek}个预约，每周最多预约${perWeek}次，请选择其他周的日期`,
      until: chinaIso(addDays(to, 1), '00:00'),
      limit: perWeek,
    };
  }
  const month = monthStart(target.date);
  const next = nextMonthStart(target.date);
  const inMonth = existing.filter((v) => v.date >= month && v.date < next).length;
  if (inMonth >= perMonth) {
    return {
      code: 'BOOKING_LIMIT_REACHED',
      rule: 'per_month',
      message: `该就诊人${Number(month.slice(5, 7))}月已有${inMonth}个预约，每月最多预约${perMonth}次，请选择下个月的日期`,
      until: chinaIso(next, '00:00'),
      limit: perMonth,
    };
  }
  return null;
}

/**
 * No-shows counted per calendar year: reaching a tier's count suspends booking for `blockDays`
 * from the date of the no-show that reached it. A block begun in December runs into January, so
 * the previous year is looked at too; the longest block wins.
 */
export function noShowBlockUntil(rules: BookingRules, noShowDates: string[]): { until: string; count: number } | null {
  const byYear = new Map<string, string[]>();
  for (const d of noShowDates) byYear.set(d.slice(0, 4), [...(byYear.get(d.slice(0, 4)) ?? []), d]);
  let best: { until: string; count: number } | null = null;
  for (const dates of byYear.values()) {
    dates.sort();
    for (const tier of rules.noShow.tiers) {
      if (dates.length < tier.count) continue;
      const until = addDays(dates[tier.count - 1], tier.blockDays);
      if (!best || until > best.until) best = { until, count: dates.length };
    }
  }
  return best;
}

export function noShowRefusal(rules: BookingRules, noShowDates: string[], now: Date): Refusal | null {
  const block = noShowBlockUntil(rules, noShowDates);
  const today = chinaParts(now).date;
  if (!block || block.until <= today) return null;
  return {
    code: 'BOOKING_SUSPENDED',
    rule: 'no_show',
    message: `该就诊人一年内爽约${block.count}次，${chinaDateLabel(block.until)}前暂停线上预约挂号`,
    until: chinaIso(block.until, '00:00'),
  };
}

/** The moment after which a visit on `date` can no longer be cancelled (and refunded). */
export function cancelDeadline(rules: BookingRules, slot: { date: string; start: string }): Date {
  const cut = chinaInstant(addDays(slot.date, -rules.cancelCutoff.daysBefore), rules.cancelCutoff.time);
  const start = new Date(slot.start);
  return cut < start ? cut : start;
}

export function cancelRefusal(rules: BookingRules, slot: { date: string; start: string }, now: Date): Refusal | null {
  const deadline = cancelDeadline(rules, slot);
  if (now < deadline) return null;
  return {
    code: 'CANCEL_NOT_ALLOWED',
    rule: 'cancel_cutoff',
    message: `已过退号截止时间（${deadlineText(rules)}），不能取消。如不能按时就诊，请联系医院；未就诊将记为爽约`,
  };
}

function deadlineText(rules: BookingRules): string {
  const { daysBefore, time } = rules.cancelCutoff;
  if (daysBefore === 0) return time === '00:00' ? '就诊当日0点前' : `就诊当日${time}前`;
  return `就诊日${daysBefore === 1 ? '前一天' : `前${daysBefore}天`}${time}前`;
}

/** 预约须知: the rules in words. */
export function rulesNotice(rules: BookingRules): string[] {
  const tiers = rules.noShow.tiers.map((t) => `爽约${t.count}次暂停预约${t.blockDays}天`).join('，');
  return [
    `可预约${rules.windowDays}天内的号源，每天${rules.releaseTime}放出新一天的号源。`,
    rules.sameDayBooking ? '可预约当日号源。' : '不提供当日线上预约，当日就诊请到医院挂号窗口或自助机办理。',
    `次日号源于当天${rules.nextDayCutoff}停止线上预约。`,
    `每位就诊人同一科室每个时段限约${rules.limits.perDepartmentSession}个号，每周最多${rules.limits.perWeek}次，每月最多${rules.limits.perMonth}次。`,
    `锁号后请在15分钟内完成支付，超时号源将自动释放。`,
    `${deadlineText(rules)}可取消预约，挂号费原路退回；之后不能取消。`,
    `未取消又未就诊记为爽约：一个自然年内${tiers}。`,
    `就诊当日可在就诊时段开始前${rules.checkIn.opensMinutesBefore}分钟至开始后${rules.checkIn.closesMinutesAfter}分钟内在线签到，签到后可查看候诊排队；请携带就诊人身份证或医保卡。`,
  ];
}

/** The 签到 window of a slot: [opens, closes). */
export function checkInWindow(rules: BookingRules, slotStart: Date): { opens: Date; closes: Date } {
  return {
    opens: new Date(slotStart.getTime() - rules.checkIn.opensMinutesBefore * 60_000),
    closes: new Date(slotStart.getTime() + rules.checkIn.closesMinutesAfter * 60_000),
  };
}

const hhmm = (d: Date) => chinaParts(d).time;

/** Why a confirmed visit cannot be checked in at `now` (null: it can). */
export function checkInRefusal(rules: BookingRules, slotStart: Date, now: Date): { code: ErrorCode; message: string; until?: string } | null {
  const w = checkInWindow(rules, slotStart);
  if (now < w.opens) {
    const day = chinaParts(w.opens).date === chinaParts(now).date ? '今天' : chinaDateLabel(chinaParts(w.opens).date);
    return { code: 'CHECK_IN_NOT_OPEN', message: `还未到签到时间，请于${day}${hhmm(w.opens)}–${hhmm(w.closes)}签到`, until: chinaIso(chinaParts(w.opens).date, hhmm(w.opens)) };
  }
  if (now >= w.closes) return { code: 'CHECK_IN_CLOSED', message: `签到时间已于${hhmm(w.closes)}截止，请到分诊台由护士为您签到` };
  return null;
}
