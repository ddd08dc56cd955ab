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
};

const OVERRIDES: Record<string, Partial<BookingRules>> = {
  // 三级甲等综合医院: 14-day window released at 07:00, tomorrow closes at 15:00, cancel until 15:00 the day before.
  H001: {},
  // 妇幼保健院: 7-day window released at midnight, tomorrow closes at 16:00, cancel until the visit day begins.
  H002: { windowDays: 7, releaseTime: '00:00', nextDayCutoff: '16:00', cancelCutoff: { daysBefore: 0, time: '00:00' } },
  // 社区卫生服务中心: same-day booking allowed, tomorrow closes at 17:00, cancel until 07:00 on the visit day.
  H003: { releaseTime: '00:00', sameDayBooking: true, nextDayCutoff: '17:00', cancelCutoff: { daysBefore: 0, time: '07:00' } },
};

const RULES: Record<string, BookingRules> = Object.fromEntries(
  Object.entries(OVERRIDES).map(([id, o]) => [id, BookingRules.parse({ ...DEFAULT_RULES, ...o })]),
);

export function rulesFor(hospitalId: string): BookingRules {
  return RULES[hospitalId] ?? DEFAULT_RULES;
}
