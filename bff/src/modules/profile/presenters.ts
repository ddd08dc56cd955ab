import { ageOn, maskIdNumber, maskPhone, RELATION_LABELS, type MemberView, type UserView } from '@healthpocket/shared-types';
import type { FamilyMember, User } from '../../db/entities';
import type { FieldCrypto } from '../../crypto/field-crypto';

/**
 * The user as the app sees it. `claim` is the self member of an unverified account (name + ID number
 * entered, not proven): it is shown masked so the app can lead the user to verify.
 */
export function presentUser(u: User, crypto: FieldCrypto, claim: FamilyMember | null = null): UserView {
  const verified = !!u.realNameVerifiedAt;
  const claimed = !verified && !!claim?.idNumberEnc;
  const idNumberEnc = verified ? u.idNumberEnc : claimed ? claim!.idNumberEnc : null;
  return {
    id: u.id,
    roles: u.roles,
    realNameVerified: verified,
    identity: { state: verified ? 'verified' : claimed ? 'claimed' : 'none', method: verified ? u.identityMethod : null },
    name: verified ? u.name : claimed ? claim!.name : null,
    idNumberMasked: idNumberEnc ? maskIdNumber(crypto.decrypt(idNumberEnc)) : null,
    phoneMasked: u.phoneEnc ? maskPhone(crypto.decrypt(u.phoneEnc)) : null,
    sex: u.sex,
    birthDate: u.birthDate,
    doctorId: u.doctorId,
  };
}

export function presentMember(m: FamilyMember, crypto: FieldCrypto): MemberView {
  return {
    id: m.id,
    name: m.name,
    relation: m.relation,
    relationLabel: RELATION_LABELS[m.relation],
    sex: m.sex,
    birthDate: m.birthDate,
    age: ageOn(m.birthDate),
    idNumberMasked: m.idNumberEnc ? maskIdNumber(crypto.decrypt(m.idNumberEnc)) : null,
    phoneMasked: m.phoneEnc ? maskPhone(crypto.decrypt(m.phoneEnc)) : null,
    verified: m.verified,
    createdAt: m.createdAt.toISOString(),
  };
}
