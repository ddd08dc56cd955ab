import { BookingRules } from '@healthpocket/shared-types';

/**
 * Registration rules as data, per hospital (../shared/domain/health-rules.md: real hospitals'
 * practice; Beijing's unified platform limits as the default). A hospital absent here gets the
 * defaults; every entry is checked by the BookingRules schema when the module loads, so a typo
 * stops the BFF at boot rather than mis-applying a rule.
 */
export const DEFAULT_RULES: BookingRules = {
  windowDays: 14,
  releaseTime: '07:00',
  sameDayBooking: false,
  nextDayCutoff: '15:00',
  limits: { perDepartmentSession: 1, perWeek: 8, perMonth: 12 },
  cancelCutoff: { daysBefore: 1, time: '15:00' },
  noShow: {
    tiers: [
      { count: 3, blockDays: 90 },
      { count: 6, blockDays: 180 },
    ],
  },
  // 签到 window, modelled on published hospital rules: "预约成功后请于就诊当日就诊时间点前30分钟到医院
  // …挂号候诊…超过预约时间点未取号者预约号自动作废" (https://guahaoe.com/department/0c8c1489-4dfa-48e8-a37d-affab54a35ba000);
  // "在线预约的号源，请在就诊前30分钟内候诊。若未按时就诊…将排号顺序自动顺延五位"
  // (临沧市人民医院, https://lcrmyy.com/html/2021/xinwendongtai_0302/4064.html); "上午号请于11:30前、下午号请于
  // 16:30前办理报道、就诊。逾时无法接诊，视为爽约" (http://hgsyiyuan.com/Mobile/SchedulingAppointments/OPIndex).
  // Default: from 60 minutes before the slot until 30 minutes after its start.
  checkIn: { opensMinutesBefore: 60, closesMinutesAfter: 30 },
};

const OVERRIDES: Record<string, Partial<BookingRules>> = {
  // 三级甲等综合医院: 14-day window released at 07:00, tomorrow closes at 15:00, cancel until 15:00 the day before.
  H001: {},
  // 妇幼保健院: 7-day window released at midnight, tomorrow closes at 16:00, cancel until the visit day begins.
  // 签到 from 30 minutes before the slot until 15 minutes after its start.
  H002: { windowDays: 7, releaseTime: '00:00', nextDayCutoff: '16:00', cancelCutoff: { daysBefore: 0, time: '00:00' }, checkIn: { opensMinutesBefore: 30, closesMinutesAfter: 15 } },
  // 社区卫生服务中心: same-day booking allowed, tomorrow closes at 17:00, cancel until 07:00 on the visit day.
  // 签到 from two hours before the slot until an hour after its start (a community centre's slower clinic).
  H003: { releaseTime: '00:00', sameDayBooking: true, nextDayCutoff: '17:00', cancelCutoff: { daysBefore: 0, time: '07:00' }, checkIn: { opensMinutesBefore: 120, closesMinutesAfter: 60 } },
};

const RULES: Record<string, BookingRules> = Object.fromEntries(Object.entries(OVERRIDES).map(([id, o]) => [id, BookingRules.parse({ ...DEFAULT_RULES, ...o })]));

export function rulesFor(hospitalId: string): BookingRules {
  return RULES[hospitalId] ?? DEFAULT_RULES;
}
