import { In, IsNull, LessThan, MoreThan } from 'typeorm';
import { AuditChainHead, AuditLog } from '../db/entities';
import type { Tx } from '../db/data-source';
import type { Logger } from '../logger';
import { intervalJob } from '../jobs';
import { HEAD_ID, lockHead, rowHash } from './chain';

export interface RetentionResult {
  pruned: number;
  anchorSeq: number;
  /** Set when an old row does not fit the chain: it is kept (evidence), and pruning stops before it. */
  stoppedAt: number | null;
}

/**
 * The one code path that deletes audit rows. Rows older than the retention period go from the
 * chain's start only, oldest first, and the head remembers the last pruned row's hash as the new
 * anchor: what is kept still verifies from there. A pruned row is checked against the chain
 * first, so retention never erases the evidence of a row that was tampered with.
 */
export class AuditRetention {
  constructor(
    private readonly tx: Tx,
    private readonly logger: Logger,
    private readonly opts: { retentionDays: number; everyMs: number; batch?: number },
  ) {}

  async runOnce(now = new Date()): Promise<RetentionResult> {
    const cutoff = new Date(now.getTime() - this.opts.retentionDays * 86_400_000);
    const batch = this.opts.batch ?? 500;
    let pruned = 0;
    let stoppedAt: number | null = null;
    for (;;) {
      const step = await this.tx.run(async (m) => {
        const head = await lockHead(m, this.tx.dialect);
        const rows = await m.getRepository(AuditLog).find({ where: { seq: MoreThan(Number(head.anchorSeq)) }, order: { seq: 'ASC' }, take: batch });
        let prev = head.anchorHash;
        let expected = Number(head.anchorSeq) + 1;
        const old: AuditLog[] = [];
        let broken: number | null = null;
        for (const r of rows) {
          if (r.createdAt >= cutoff) break;
          if (r.seq !== expected || r.prevHash !== prev || rowHash(r) !== r.hash) {
            broken = expected;
            break;
          }
          old.push(r);
          prev = r.hash!;
          expected++;
        }
        if (old.length) {
          await m.getRepository(AuditLog).delete({ id: In(old.map((r) => r.id)) });
          const last = old.at(-1)!;
          await m.getRepository(AuditChainHead).update({ id: HEAD_ID }, { anchorSeq: last.seq!, anchorHash: last.hash!, pruned: head.pruned + old.length });
        }
        return { n: old.length, more: old.length === rows.length && rows.length === batch, broken, head };
      });
      pruned += step.n;
      if (step.broken !== null) {
        stoppedAt = step.broken;
        this.logger.error({ seq: step.broken }, 'audit retention stopped: a row past retention does not fit the chain (kept as evidence)');
        break;
      }
      if (!step.more) break;
    }
    // Rows written before the chain existed are outside it: they go by age alone.
    const legacy = await this.tx.run((m) => m.getRepository(AuditLog).delete({ seq: IsNull(), createdAt: LessThan(cutoff) }));
    const head = await this.tx.ds.getRepository(AuditChainHead).findOneByOrFail({ id: HEAD_ID });
    // The head's hash in the application log each run: an anchor outside the database.
    this.logger.info({ job: 'audit-retention', pruned, legacyPruned: legacy.affected ?? 0, anchorSeq: Number(head.anchorSeq), headSeq: Number(head.seq), headHash: head.hash }, 'audit chain head');
    return { pruned, anchorSeq: Number(head.anchorSeq), stoppedAt };
  }

  job() {
    return intervalJob('audit-retention', this.opts.everyMs, () => this.runOnce(), this.logger);
  }
}
