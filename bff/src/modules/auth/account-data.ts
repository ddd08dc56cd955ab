import type { DataSource } from 'typeorm';
import { RefreshToken } from '../../db/entities';
import type { AccountDataHandler } from '../account/registry';

/** Logins (refresh-token families): listed in the export, deleted with the account. */
export function authAccountData(ds: DataSource): AccountDataHandler {
  return {
    section: 'logins',
    async export({ userId }) {
      const rows = await ds.getRepository(RefreshToken).find({ where: { userId }, order: { createdAt: 'ASC' } });
      return rows.map((r) => ({ loginId: r.familyId, issuedAt: r.createdAt.toISOString(), expiresAt: r.expiresAt.toISOString(), revokedAt: r.revokedAt?.toISOString() ?? null }));
    },
    async erase(m, e) {
      await m.getRepository(RefreshToken).delete({ userId: e.userId });
    },
  };
}
