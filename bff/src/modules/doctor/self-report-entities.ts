import { Entity, Index, type DataSource } from 'typeorm';
import { toChinaIso, type FollowupKind, type ReadingView, type SelfReportAnswers, type SelfReportView } from '@healthpocket/shared-types';
import { CreatedAt, IdColumn, JsonColumn, StrColumn, UpdatedAt } from '../../db/columns';

/**
 * A resident's self-report (自报) for one due 随访 (self-report-service.ts): the form's own lines the
 * resident can answer and the home readings attached when it was sent. One per record, kind and due
 * date: sending again replaces it. Read by the team's staff on the patient panel; the doctor still
 * classifies and signs the follow-up.
 */
@Entity('followup_self_reports')
@Index(['recordNumber', 'kind', 'dueDate'], { unique: true })
export class FollowupSelfReport {
  @IdColumn() id: string;
  @StrColumn(17) recordNumber: string;
  @StrColumn(16) teamId: string;
  @StrColumn(16) kind: FollowupKind;
  @StrColumn(10) dueDate: string;
  @StrColumn(64) memberId: string;
  @StrColumn(64) memberName: string;
  /** The account that sent it (the resident, or a guardian / family member with the health scope). */
  @StrColumn(64) userId: string;
  @JsonColumn() answers: SelfReportAnswers;
  @JsonColumn() readings: ReadingView[];
  @CreatedAt() createdAt: Date;
  @UpdatedAt() updatedAt: Date;
}

export function presentSelfReport(r: FollowupSelfReport): SelfReportView {
  return { id: r.id, recordNumber: r.recordNumber, kind: r.kind, dueDate: r.dueDate, memberName: r.memberName, answers: r.answers, readings: r.readings, submittedAt: toChinaIso(r.updatedAt, 'ms') };
}

/** The self-reports sent for the follow-ups now due (one per kind at most): what the doctor's form starts from. */
export async function openSelfReports(ds: DataSource, recordNumber: string, due: Array<{ kind: FollowupKind; dueDate: string }>): Promise<SelfReportView[]> {
  if (!due.length) return [];
  const rows = await ds.getRepository(FollowupSelfReport).find({ where: due.map((d) => ({ recordNumber, kind: d.kind, dueDate: d.dueDate })) });
  return rows.map(presentSelfReport);
}
