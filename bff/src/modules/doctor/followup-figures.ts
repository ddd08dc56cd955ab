import { LessThanOrEqual, type DataSource } from 'typeorm';
import { FollowupRecord } from './followup-entities';
import type { FollowUpCounts, FollowUpFigures } from './workload';

type Counts = FollowUpCounts;
const counts = (): Counts => ({ due: 0, done: 0, byKind: { hypertension: { due: 0, done: 0 }, diabetes: { due: 0, done: 0 } } });
const day = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

/**
 * 随访 completion for the 考核 figures: a follow-up is due in the period when an earlier visit set
 * its next date inside it, and done when a later visit of the same resident and disease was
 * recorded by the period's end. It counts for the doctor who recorded the visit that set the date.
 */
export class FollowupCompletion implements FollowUpFigures {
  constructor(private readonly ds: DataSource) {}

  async completion(teamId: string, from: Date, to: Date) {
    const [start, end] = [day(from), day(to)];
    const rows = await this.ds.getRepository(FollowupRecord).find({
      where: { teamId, date: LessThanOrEqual(end) },
      select: { recordNumber: true, kind: true, date: true, nextVisitDate: true, doctorId: true },
      order: { date: 'ASC' },
      take: 50_000,
    });
    const visits = new Map<string, string[]>();
    for (const r of rows) (visits.get(`${r.recordNumber}|${r.kind}`) ?? visits.set(`${r.recordNumber}|${r.kind}`, []).get(`${r.recordNumber}|${r.kind}`)!).push(r.date);
    const total = counts();
    const byStaff: Record<string, Counts> = {};
    for (const r of rows) {
      if (r.nextVisitDate < start || r.nextVisitDate > end) continue;
      const later = (visits.get(`${r.recordNumber}|${r.kind}`) ?? []).some((d) => d > r.date && d <= end);
      for (const c of [total, (byStaff[r.doctorId] ??= counts())]) {
        c.due++;
        c.byKind[r.kind].due++;
        if (later) {
          c.done++;
          c.byKind[r.kind].done++;
        }
      }
    }
    return { ...total, byStaff };
  }
}
