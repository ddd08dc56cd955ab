import { flagFromRange, isCriticalFlag, type RecordReport, type RecordReportItem, type RecordReportSummary } from '@healthpocket/shared-types';
import type * as P from './platform-types';

/**
 * One result line. The laboratory's own flag (HL7 OBX-8) is shown as sent (flagSource 'report');
 * only when it sent none is the value compared with the printed reference range (flagSource
 * 'range'). A range that cannot be read leaves the line unflagged rather than guessed. A 危急值
 * can only come from the laboratory: its critical limits are not printed on the report.
 */
function presentReportItem(i: P.Report['items'][number]): RecordReportItem {
  if (i.flag) return { ...i, flag: i.flag, flagSource: 'report' };
  return { ...i, flag: flagFromRange(i.value, i.referenceRange) ?? 'normal', flagSource: 'range' };
}

export function presentReportSummary(r: P.ReportSummary, isNew: boolean): RecordReportSummary {
  return {
    id: r.id,
    kind: r.kind,
    title: r.title,
    date: r.date,
    institution: r.institution,
    department: r.department,
    status: r.status,
    reportedAt: r.reportedAt,
    abnormalCount: r.abnormalCount,
    criticalCount: r.criticalCount,
    isNew,
  };
}

/** The whole report; the counts are taken again from the lines as shown, so the page and its summary agree. */
export function presentReport(r: P.Report): Omit<RecordReport, 'stale' | 'fetchedAt'> {
  const items = r.items.map(presentReportItem);
  const abnormal = items.filter((i) => i.flag !== 'normal').length + (r.imaging?.abnormal ? 1 : 0);
  return {
    ...presentReportSummary(r, false),
    abnormalCount: abnormal,
    criticalCount: items.filter((i) => isCriticalFlag(i.flag)).length,
    specimen: r.specimen,
    orderedBy: r.orderedBy,
    reportedBy: r.reportedBy,
    reviewedBy: r.reviewedBy,
    items,
    imaging: r.imaging,
  };
}

/** 新: published after the member was added to the list (older ones were there before) and not opened yet. */
export function isNewReport(r: Pick<P.ReportSummary, 'status' | 'reportedAt'>, memberAddedAt: Date, opened: boolean): boolean {
  return r.status === 'final' && !!r.reportedAt && Date.parse(r.reportedAt) > memberAddedAt.getTime() && !opened;
}
