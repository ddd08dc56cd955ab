import type { DataSource } from 'typeorm';
import { FamilyMember } from '../../db/entities';
import type { FamilyService } from '../family/service';
import type { GivenDose, Person } from './schedule/engine';
import type { PlatformImmunization, VaccinationPlatform } from './platform';

/** A member as vaccination sees them: who they are on the platform and what they were given. */
export interface Subject {
  member: FamilyMember;
  person: Person;
  /** The person across users: platform record, else keyed ID hash, else the member row. */
  personKey: string;
  recordNumber: string | null;
  certNo: string | null;
  records: PlatformImmunization[];
  history: GivenDose[];
}

export class Subjects {
  constructor(
    private readonly ds: DataSource,
    private readonly family: FamilyService,
    private readonly platform: VaccinationPlatform,
  ) {}

  /** By verified ID number (and the same name), or a child without one by name + birth date + the guardian's ID number. */
  private async recordNumberOf(member: FamilyMember): Promise<string | null> {
    const idNumber = this.family.idNumberOf(member);
    if (idNumber) {
      if (!member.verified) return null;
      const basic = await this.platform.byIdNumber(idNumber);
      return basic && basic.name === member.name ? basic.recordNumber : null;
    }
    const self = await this.ds.getRepository(FamilyMember).findOneBy({ ownerUserId: member.ownerUserId, relation: 'self' });
    const guardianIdNumber = self ? this.family.idNumberOf(self) : null;
    if (!guardianIdNumber) return null;
    return this.platform.matchChild({ name: member.name, birthDate: member.birthDate, guardianIdNumber });
  }

  async of(member: FamilyMember, opts: { fresh?: boolean } = {}): Promise<Subject> {
    const recordNumber = await this.recordNumberOf(member);
    const { certNo, items } = recordNumber ? await this.platform.immunizations(recordNumber, opts) : { certNo: null, items: [] };
    return {
      member,
      person: { birthDate: member.birthDate, sex: member.sex },
      personKey: recordNumber ? `rn:${recordNumber}` : member.idNumberHash ? `id:${member.idNumberHash}` : `m:${member.id}`,
      recordNumber,
      certNo,
      records: items,
      history: items.map((i) => ({ code: i.vaccineCode, date: i.date })),
    };
  }
}
