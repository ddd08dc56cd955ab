import { MoreThanOrEqual, type DataSource, type ObjectLiteral, type Repository } from 'typeorm';
import { classifyBp, classifyGlucose, toChinaIso, type BpPoint, type GlucosePoint } from '@healthpocket/shared-types';
import { SOURCE_LABELS } from './presenters';

interface ReadingRow {
  memberId: string;
  kind: 'bp' | 'glucose';
  values: Record<string, unknown>;
  /** The doctor module's own label (it also applies the diabetic pulse rule); ours when absent. */
  category?: string;
  measuredAt: Date;
}

const CATEGORIES = ['normal', 'uncontrolled', 'urgent'] as const;
const stored = (c: string | undefined) => ((CATEGORIES as readonly string[]).includes(c ?? '') ? (c as (typeof CATEGORIES)[number]) : null);

/**
 * Home (家庭自测) readings of a member, from the family-doctor module's `health_readings` table,
 * labelled by the home threshold (135/85) and urgent by the referral threshold. Found through the
 * DataSource's metadata so the records module does not depend on the doctor module's code.
 */
export class HomeReadings {
  constructor(private readonly ds: DataSource) {}

  private repo(): Repository<ObjectLiteral> | null {
    const meta = this.ds.entityMetadatas.find((m) => m.tableName === 'health_readings');
    return meta ? this.ds.getRepository(meta.target) : null;
  }

  async forMember(memberId: string | null, since: Date, age: number): Promise<{ bp: BpPoint[]; glucose: GlucosePoint[] }> {
    const repo = memberId ? this.repo() : null;
    if (!repo) return { bp: [], glucose: [] };
    const rows = (await repo.find({ where: { memberId, measuredAt: MoreThanOrEqual(since) }, order: { measuredAt: 'ASC' }, take: 2000 })) as ReadingRow[];
    const bp: BpPoint[] = [];
    const glucose: GlucosePoint[] = [];
    for (const r of rows) {
      const v = r.values ?? {};
      if (r.kind === 'bp' && typeof v.systolic === 'number' && typeof v.diastolic === 'number') {
        bp.push({
          at: toChinaIso(r.measuredAt),
          sbp: v.systolic,
          dbp: v.diastolic,
          heartRate: typeof v.pulse === 'number' ? v.pulse : null,
          source: 'home',
          sourceLabel: SOURCE_LABELS.home,
          category: stored(r.category) ?? classifyBp(v.systolic, v.diastolic, 'home', age),
        });
      } else if (r.kind === 'glucose' && typeof v.mmol === 'number') {
        const fasting = v.context === 'fasting';
        glucose.push({ at: toChinaIso(r.measuredAt), value: v.mmol, fasting, source: 'home', sourceLabel: SOURCE_LABELS.home, category: stored(r.category) ?? classifyGlucose(v.mmol, fasting) });
      }
    }
    return { bp, glucose };
  }
}
