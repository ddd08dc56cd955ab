import type { DataSource } from 'typeorm';
import { plain, type AccountDataHandler } from '../account/registry';
import { InpatientDeposit } from './entities';

/**
 * The resident's inpatient top-ups. Accounting records like the payment orders they belong to:
 * kept after deletion under the retention id (category payments), then purged with them.
 */
export function inpatientAccountData(ds: DataSource): AccountDataHandler {
  return {
    section: 'inpatient',
    async export({ userId }) {
      const rows = await ds.getRepository(InpatientDeposit).find({ where: { userId }, order: { createdAt: 'ASC' } });
      return { deposits: plain(rows, ['userId']) };
    },
    retained: [{ category: 'payments', purge: async (m, r) => void (await m.getRepository(InpatientDeposit).delete({ userId: r.retentionId })) }],
    async erase(m, e) {
      const rows = await m.getRepository(InpatientDeposit).find({ where: { userId: e.userId }, select: { id: true, memberId: true } });
      for (const r of rows) e.keptMemberIds.add(r.memberId);
      await m.getRepository(InpatientDeposit).update({ userId: e.userId }, { userId: e.retentionId });
    },
  };
}
