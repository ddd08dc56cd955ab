import { IsNull, type DataSource } from 'typeorm';
import { Consent, User } from '../../db/entities';
import type { FieldCrypto } from '../../crypto/field-crypto';
import { plain, type AccountDataHandler } from '../account/registry';

/**
 * The account itself and its consents. Deletion removes the user row: the WeChat openid is free
 * (the same WeChat user signs up afresh), so is the ID number (it can be bound again), and no
 * segment or job finds the account any more. Consents are withdrawn and kept under the retention
 * id as proof.
 */
export function profileAccountData(ds: DataSource, crypto: FieldCrypto): AccountDataHandler {
  return {
    section: 'account',
    phase: 'account',
    async export({ userId }) {
      const u = await ds.getRepository(User).findOneByOrFail({ id: userId });
      const consents = await ds.getRepository(Consent).find({ where: { userId }, order: { grantedAt: 'ASC' } });
      return {
        user: {
          id: u.id,
          wechatOpenid: u.openid,
          name: u.name,
          idNumber: u.idNumberEnc ? crypto.decrypt(u.idNumberEnc) : null,
          phone: u.phoneEnc ? crypto.decrypt(u.phoneEnc) : null,
          sex: u.sex,
          birthDate: u.birthDate,
          realNameVerifiedAt: u.realNameVerifiedAt?.toISOString() ?? null,
          identityMethod: u.identityMethod,
          createdAt: u.createdAt.toISOString(),
        },
        consents: plain(consents, ['userId']),
      };
    },
    retained: [{ category: 'consents', purge: async (m, r) => void (await m.getRepository(Consent).delete({ userId: r.retentionId })) }],
    async erase(m, e) {
      const consents = m.getRepository(Consent);
      await consents.update({ userId: e.userId, withdrawnAt: IsNull() }, { withdrawnAt: e.now });
      await consents.update({ userId: e.userId }, { userId: e.retentionId });
      await m.getRepository(User).delete({ id: e.userId });
    },
  };
}
