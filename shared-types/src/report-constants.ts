/**
 * Lab and imaging report vocabulary without zod, for the BFF and the weapp bundle alike
 * (pattern: followup-constants.ts). Flags follow HL7 v2 table 0078 (OBX-8: N, H, L, HH, LL, A),
 * statuses FHIR DiagnosticReport.status (registered, final); see bff/sandbox/API.md "Report status".
 */
export type ReportFlag = 'normal' | 'high' | 'low' | 'critical_high' | 'critical_low' | 'abnormal';
export type ReportStatus = 'registered' | 'final';
/** Where an item's flag came from: the laboratory sent it, or the BFF compared the value with the range. */
export type ReportFlagSource = 'report' | 'range';

export const REPORT_STATUS_LABELS: Record<ReportStatus, string> = { registered: '待出报告', final: '已出报告' };

/** What the flag looks like on screen (arrows and words, never colour alone). */
export const REPORT_FLAG_MARKS: Record<ReportFlag, string> = {
  normal: '',
  high: '↑ 偏高',
  low: '↓ 偏低',
  critical_high: '↑↑ 危急值',
  critical_low: '↓↓ 危急值',
  abnormal: '异常',
};

/** What a screen reader says for the flag (the arrows alone read as nothing useful). */
export const REPORT_FLAG_SPOKEN: Record<ReportFlag, string> = {
  normal: '正常',
  high: '高于参考范围',
  low: '低于参考范围',
  critical_high: '危急值，远高于参考范围',
  critical_low: '危急值，远低于参考范围',
  abnormal: '结果异常',
};

export const isCriticalFlag = (flag: ReportFlag): boolean => flag === 'critical_high' || flag === 'critical_low';

/** The next step a resident can take (危急值: the hospital also phones the patient; we do not replace that). */
export const REPORT_NEXT_STEPS = {
  critical: '结果达到危急值，请尽快联系您的医生或前往医院就医；如有胸闷、意识不清等不适，请立即拨打 120',
  abnormal: '部分结果超出参考范围，请带上报告咨询开单医生或您的家庭医生',
} as const;

/**
 * A flag from the reference range when the laboratory sent none. Understands the range forms the
 * platform uses: "3.50–5.30" (also "-", "~"), "<5.20", "≤5.20", ">1.04", "≥1.04", and a text result
 * equal to the expected text ("阴性"). Returns null when the range cannot be read (then the item
 * stays unflagged rather than guessed). Critical limits are not in a range: only the laboratory can
 * mark a 危急值.
 */
export function flagFromRange(value: string, range: string): Exclude<ReportFlag, 'critical_high' | 'critical_low'> | null {
  const v = value.trim();
  const r = range.trim();
  const num = (s: string) => (/^[-+]?\d+(\.\d+)?$/.test(s.trim()) ? Number(s) : null);
  const x = num(v);
  const between = /^([-+]?\d+(?:\.\d+)?)\s*[–\-~～]\s*([-+]?\d+(?:\.\d+)?)$/.exec(r);
  if (between) {
    if (x === null) return null;
    const [lo, hi] = [Number(between[1]), Number(between[2])];
    return x < lo ? 'low' : x > hi ? 'high' : 'normal';
  }
  const bound = /^(<|≤|<=|>|≥|>=)\s*([-+]?\d+(?:\.\d+)?)$/.exec(r);
  if (bound) {
    if (x === null) return null;
    const limit = Number(bound[2]);
    switch (bound[1]) {
      case '<':
        return x < limit ? 'normal' : 'high';
      case '≤':
      case '<=':
        return x <= limit ? 'normal' : 'high';
      case '>':
        return x > limit ? 'normal' : 'low';
      default:
        return x >= limit ? 'normal' : 'low';
    }
  }
  if (x === null && r && num(r) === null) return v === r ? 'normal' : 'abnormal';
  return null;
}
