import { In, type DataSource } from 'typeorm';
import { AuditLog } from '../db/entities';
import type { AccountDataHandler } from '../modules/account/registry';

/** The audit trail of the resident's data: what they did, and who read or changed their or their members' data. Kept after deletion for its minimum period. */
export function auditAccountData(ds: DataSource): AccountDataHandler {
  return {
    section: 'accessLog',
    async export({ userId, memberIds }) {
      const rows = await ds.getRepository(AuditLog).find({
        where: [{ actorUserId: userId }, { subjectType: 'user', subjectId: userId }, ...(memberIds.length ? [{ subjectType: 'member', subjectId: In(memberIds) }] : [])],
        order: { createdAt: 'ASC' },
        take: 5000,
      });
      return rows.map((r) => ({ at: r.createdAt.toISOString(), action: r.action, byMe: r.actorUserId === userId, actorRole: r.actorRole, subjectType: r.subjectType, subjectId: r.subjectId }));
    },
    // After a deletion the trail stays for its minimum period like every other row: the audit
    // retention job (retention.ts) prunes the whole chain from its start once rows are 180 days
    // old. Picking this account's rows out of the middle would break the hash chain.
    retained: [{ category: 'audit', purge: async () => undefined }],
  };
}
