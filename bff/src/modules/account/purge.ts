import { LessThanOrEqual, type DataSource } from 'typeorm';
import type { Tx } from '../../db/data-source';
import { lockRow } from '../../db/lock';
import type { Logger } from '../../logger';
import { AccountRetention } from './entities';
import type { AccountDataRegistry } from './registry';

const BATCH = 50;

/**
 * Deletes what a deleted account left under its retention id once the law no longer requires it:
 * each category when its retainUntil has passed, the members and the retention row itself with
 * the last one. Safe to repeat (a run killed midway leaves each retention as it was or done).
 */
export class RetentionPurge {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: Tx,
    private readonly registry: AccountDataRegistry,
    private readonly logger: Logger,
  ) {}

  async run(now = new Date()): Promise<{ purged: number; finished: number }> {
    const due = await this.ds.getRepository(AccountRetention).find({ where: { nextPurgeAt: LessThanOrEqual(now) }, select: { id: true }, order: { nextPurgeAt: 'ASC' }, take: BATCH });
    let purged = 0;
    let finished = 0;
    for (const { id } of due) {
      const done = await this.tx.run(async (m) => {
        const r = await lockRow(m, this.tx.dialect, AccountRetention, id);
        if (!r || r.nextPurgeAt > now) return null;
        const ref = { retentionId: r.id, formerUserId: r.subjects.userId, memberIds: r.subjects.memberIds };
        const categories = r.categories.map((c) => ({ ...c }));
        for (const c of categories) {
          if (c.purgedAt || Date.parse(c.retainUntil) > now.getTime()) continue;
          await this.registry.purge(m, c.key, ref);
          c.purgedAt = now.toISOString();
          purged++;
        }
        const pending = categories.filter((c) => !c.purgedAt);
        if (!pending.length) {
          await this.registry.purge(m, 'last', ref);
          await m.getRepository(AccountRetention).delete({ id: r.id });
          return 'finished' as const;
        }
        await m.getRepository(AccountRetention).update({ id: r.id }, { categories, nextPurgeAt: new Date(Math.min(...pending.map((c) => Date.parse(c.retainUntil)))) });
        return 'purged' as const;
      });
      if (done === 'finished') finished++;
    }
    if (purged) this.logger.info({ purged, finished }, 'retained records purged');
    return { purged, finished };
  }
}
