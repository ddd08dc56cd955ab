import type { DataSource } from 'typeorm';
import type { Scope } from '../../audit/audit';
import type { FieldCrypto } from '../../crypto/field-crypto';
import { User, type FamilyMember } from '../../db/entities';
import { errors } from '../../errors';
import type { FamilyService } from '../family/service';
import type { PatientQuery } from './his-bills';

/**
 * How the HIS finds a member (outpatient bills, inpatient accounts): ID number, or a child's name
 * + birth date + the guardian's (the actor's) ID. Call only after the member policy allowed it.
 */
export async function hisPatientOf(d: { ds: DataSource; family: FamilyService; crypto: FieldCrypto }, scope: Scope, member: FamilyMember): Promise<PatientQuery> {
  const idNumber = d.family.idNumberOf(member);
  // An ID number only claimed (self member of an unverified account) opens no one's records.
  if (idNumber && !member.verified) throw errors.of('IDENTITY_UNVERIFIED');
  if (idNumber) return { idNumber, name: member.name };
  const owner = await d.ds.getRepository(User).findOneBy({ id: scope.actor.userId });
  if (!owner?.idNumberEnc) throw errors.of('PATIENT_IDENTITY_MISSING');
  return { name: member.name, birthDate: member.birthDate, guardianIdNumber: d.crypto.decrypt(owner.idNumberEnc) };
}
