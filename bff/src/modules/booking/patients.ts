import type { DataSource } from 'typeorm';
import { LRUCache } from 'lru-cache';
import { upstream } from '@healthpocket/shared-types';
import { FamilyMember, User } from '../../db/entities';
import type { FieldCrypto } from '../../crypto/field-crypto';
import type { Upstream } from '../../upstream/http';
import { errors } from '../../errors';
import type { FamilyService } from '../family/service';
import type { HisPatient } from './his-client';

export interface Patient {
  /** The same person gets the same key from every account that has them as a member. */
  key: string;
  name: string;
  his: HisPatient;
}

/**
 * Who the patient (就诊人) is, for the HIS and for the per-patient rules: an adult or a child with
 * an ID card by ID number; a child without one by the platform record, matched by name + birth
 * date + the booking guardian's ID number (the child is booked in the child's own name).
 */
export class PatientResolver {
  private readonly records = new LRUCache<string, string>({ max: 5000, ttl: 10 * 60_000 });

  constructor(
    private readonly ds: DataSource,
    private readonly crypto: FieldCrypto,
    private readonly family: FamilyService,
    private readonly platform: Upstream,
  ) {}

  async resolve(member: FamilyMember): Promise<Patient> {
    if (member.idNumberHash) {
      const idNumber = this.family.idNumberOf(member)!;
      return { key: member.idNumberHash, name: member.name, his: { name: member.name, idNumber } };
    }
    const recordNumber = await this.childRecord(member);
    return { key: this.crypto.hash(`record:${recordNumber}`), name: member.name, his: { name: member.name, recordNumber } };
  }

  private async childRecord(member: FamilyMember): Promise<string> {
    const cached = this.records.get(member.id);
    if (cached) return cached;
    const owner = await this.ds.getRepository(User).findOneBy({ id: member.ownerUserId });
    if (!owner?.idNumberEnc) throw errors.of('REAL_NAME_REQUIRED', '为孩子预约前请先完成本人实名认证');
    const res = await this.platform.post(
      '/residents/match',
      upstream.platform.ResidentBasic,
      { name: member.name, birthDate: member.birthDate, guardianIdNumber: this.crypto.decrypt(owner.idNumberEnc) },
      { idempotent: true },
    );
    if (res.status === 404) {
      throw errors.of('PATIENT_NOT_IDENTIFIED', `未在居民健康档案中找到${member.name}（${member.birthDate}），请核对姓名和出生日期，或为孩子补充身份证号后再预约`);
    }
    if (!res.ok) throw errors.upstreamUnavailable('健康档案平台暂时无法核实就诊人，请稍后再试');
    this.records.set(member.id, res.body.recordNumber);
    return res.body.recordNumber;
  }
}

export type { FamilyMember };
