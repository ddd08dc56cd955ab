import type { DataSource } from 'typeorm';
import { maskIdNumber } from '@healthpocket/shared-types';
import type { FieldCrypto } from '../../crypto/field-crypto';
import type { AccountDataHandler } from '../account/registry';
import { IdentityVerification } from './verification-entity';

/** Face-verification attempts: listed in the export, deleted with the account. */
export function identityAccountData(ds: DataSource, crypto: FieldCrypto): AccountDataHandler {
  return {
    section: 'identityVerifications',
    async export({ userId }) {
      const rows = await ds.getRepository(IdentityVerification).find({ where: { userId }, order: { createdAt: 'ASC' } });
      return rows.map((r) => ({
        name: r.name,
        idNumber: maskIdNumber(crypto.decrypt(r.idNumberEnc)),
        status: r.status,
        startedAt: r.createdAt.toISOString(),
        finishedAt: r.finishedAt?.toISOString() ?? null,
      }));
    },
    async erase(m, e) {
      await m.getRepository(IdentityVerification).delete({ userId: e.userId });
    },
  };
}
