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
    // After a deletion the trail is kept for its minimum period (DELETION_KEEPS 'audit'), then deleted.
    retained: [
      {
        category: 'audit',
        purge: async (m, r) => {
          const logs = m.getRepository(AuditLog);
          await logs.delete({ actorUserId: r.formerUserId });
          await logs.delete({ subjectType: 'user', subjectId: r.formerUserId });
          if (r.memberIds.length) await logs.delete({ subjectType: 'member', subjectId: In(r.memberIds) });
        },
      },
    ],
  };
}
