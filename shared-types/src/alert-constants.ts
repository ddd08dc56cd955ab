/** Zod-free (the miniapp imports it by path): how a doctor handled an urgent-reading alert. */
export const ALERT_OUTCOMES = ['phoned', 'advised_visit', 'referred_120', 'device_error'] as const;
export type AlertOutcome = (typeof ALERT_OUTCOMES)[number];
export const ALERT_OUTCOME_LABELS: Record<AlertOutcome, string> = {
  phoned: '已电话联系',
  advised_visit: '建议就诊',
  referred_120: '已转120',
  device_error: '设备误报',
};
export const ALERT_NOTE_MAX = 500;
