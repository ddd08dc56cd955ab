import { ageOn, maskIdNumber, maskPhone, RELATION_LABELS, type MemberView, type UserView } from '@healthpocket/shared-types';
import type { FamilyMember, User } from '../../db/entities';
import type { FieldCrypto } from '../../crypto/field-crypto';

export function presentUser(u: User, crypto: FieldCrypto): UserView {
  return {
    id: u.id,
    roles: u.roles,
    realNameVerified: !!u.realNameVerifiedAt,
    name: u.name,
    idNumberMasked: u.idNumberEnc ? maskIdNumber(crypto.decrypt(u.idNumberEnc)) : null,
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
