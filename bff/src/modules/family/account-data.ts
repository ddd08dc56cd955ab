import { In, IsNull, Not, type DataSource, type EntityManager } from 'typeorm';
import { FamilyMember } from '../../db/entities';
import type { FieldCrypto } from '../../crypto/field-crypto';
import type { AccountDataHandler } from '../account/registry';
import { FamilyAccessGrant } from './access-entity';

/** Every member the user manages or managed (removed ones too: their bookings and payments name them). */
export async function memberIdsOf(ds: DataSource | EntityManager, userId: string): Promise<string[]> {
  const rows = await ds.getRepository(FamilyMember).find({ where: { ownerUserId: userId }, select: { id: true }, withDeleted: true });
  return rows.map((r) => r.id);
}

/**
 * Family members and 家人授权. Deletion revokes every grant the user asked for or gave; members
 * that retained records name are kept (soft-deleted, phone cleared) under the retention id, the
 * rest are deleted.
 */
export function familyAccountData(ds: DataSource, crypto: FieldCrypto): AccountDataHandler {
  return {
    section: 'family',
    phase: 'people',
    async export({ userId }) {
      const members = await ds.getRepository(FamilyMember).find({ where: { ownerUserId: userId }, order: { createdAt: 'ASC' } });
      const grants = await ds.getRepository(FamilyAccessGrant).find({ where: [{ requesterUserId: userId }, { grantorUserId: userId }], order: { createdAt: 'ASC' } });
      return {
        members: members.map((m) => ({
          id: m.id,
          name: m.name,
          relation: m.relation,
          idNumber: m.idNumberEnc ? crypto.decrypt(m.idNumberEnc) : null,
          phone: m.phoneEnc ? crypto.decrypt(m.phoneEnc) : null,
          sex: m.sex,
          birthDate: m.birthDate,
          verified: m.verified,
          addedAt: m.createdAt.toISOString(),
        })),
        accessGrants: grants.map((g) => ({
          id: g.id,
          direction: g.requesterUserId === userId ? 'asked_by_me' : 'given_by_me',
          memberId: g.memberId,
          scopes: g.scopes,
          status: g.status,
          requestedAt: g.requestedAt.toISOString(),
          decidedAt: g.decidedAt?.toISOString() ?? null,
          revokedAt: g.revokedAt?.toISOString() ?? null,
        })),
      };
    },
    retained: [
      {
        category: 'consents',
        purge: async (m, r) => {
          await m.getRepository(FamilyAccessGrant).delete({ requesterUserId: r.retentionId });
          await m.getRepository(FamilyAccessGrant).delete({ grantorUserId: r.retentionId });
        },
      },
      // The members retained records named go with the last of those records.
      { category: 'last', purge: async (m, r) => void (await m.getRepository(FamilyMember).delete({ ownerUserId: r.retentionId })) },
    ],
    async erase(m, e) {
      const grants = m.getRepository(FamilyAccessGrant);
      const open = { status: In(['pending', 'approved']) };
      await grants.update({ requesterUserId: e.userId, ...open }, { status: 'revoked', revokedAt: e.now });
      await grants.update({ grantorUserId: e.userId, ...open }, { status: 'revoked', revokedAt: e.now });
      await grants.update({ requesterUserId: e.userId }, { requesterUserId: e.retentionId, inviteCode: null });
      await grants.update({ grantorUserId: e.userId }, { grantorUserId: e.retentionId, inviteCode: null });

      const members = m.getRepository(FamilyMember);
      const kept = [...e.keptMemberIds];
      if (kept.length) {
        await members.update({ id: In(kept), ownerUserId: e.userId }, { ownerUserId: e.retentionId, phoneEnc: null });
        await members.softDelete({ id: In(kept), deletedAt: IsNull() });
      }
      await members.delete({ ownerUserId: e.userId, ...(kept.length ? { id: Not(In(kept)) } : {}) });
    },
  };
}
