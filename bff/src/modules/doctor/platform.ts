import type { DataSource } from 'typeorm';
import { upstream } from '@healthpocket/shared-types';
import type { z } from 'zod';
import type { Upstream } from '../../upstream/http';
import type { FieldCrypto } from '../../crypto/field-crypto';
import { FamilyMember, User } from '../../db/entities';
import { errors } from '../../errors';
import { upstreamPath } from '../../upstream/path';

const P = upstream.platform;

/** The platform's shapes this module reads (bff/sandbox/API.md): the contract schemas' types. */
export type PlatformResident = Pick<
  z.infer<typeof P.Resident>,
  'recordNumber' | 'name' | 'sex' | 'birthDate' | 'phone' | 'community' | 'allergies' | 'chronicConditions' | 'contractedTeamId' | 'status'
>;
export type PlatformTeam = z.infer<typeof P.Team>;
export type PlatformContract = Omit<z.infer<typeof P.Contract>, 'signedOn'>;
export type PlatformApplication = z.infer<typeof P.ContractApplication>;

const MINUTE = 60_000;

/**
 * Platform look-ups for family-doctor features: a member's health record (by ID number, or for a
 * child without one by name + birth date + the guardian's ID number), contracts, teams and
 * contract applications. Reads are cached briefly and served stale if the platform is down.
 */
export class PlatformDirectory {
  constructor(
    private readonly http: Upstream,
    private readonly ds: DataSource,
    private readonly crypto: FieldCrypto,
  ) {}

  /** The member's record number, or null when the platform has no record for them. */
  async recordNumberOf(member: FamilyMember): Promise<string | null> {
    if (member.idNumberEnc) {
      const id = this.crypto.decrypt(member.idNumberEnc);
      const res = await this.http.get(upstreamPath`/residents/by-id-number/${id}`, P.ResidentBasic, { cacheTtlMs: 10 * MINUTE, staleIfErrorMs: 60 * MINUTE });
      return res.ok ? res.body.recordNumber : null;
    }
    const owner = await this.ds.getRepository(User).findOneBy({ id: member.ownerUserId });
    if (!owner?.idNumberEnc) return null;
    const res = await this.http.post(
      '/residents/match',
      P.ResidentBasic,
      { name: member.name, birthDate: member.birthDate, guardianIdNumber: this.crypto.decrypt(owner.idNumberEnc) },
      { idempotent: true },
    );
    return res.ok ? res.body.recordNumber : null;
  }

  async resident(recordNumber: string): Promise<PlatformResident | null> {
    const res = await this.http.get(upstreamPath`/residents/${recordNumber}`, P.Resident, { cacheTtlMs: 5 * MINUTE, staleIfErrorMs: 60 * MINUTE });
    return res.ok ? res.body : null;
  }

  async contract(recordNumber: string, fresh = false): Promise<PlatformContract | null> {
    const path = upstreamPath`/residents/${recordNumber}/contract`;
    if (fresh) this.http.invalidate(path);
    const res = await this.http.get(path, P.Contract, { cacheTtlMs: 30_000, staleIfErrorMs: 60 * MINUTE });
    if (res.status === 404) return null;
    if (!res.ok) throw errors.upstreamUnavailable('健康档案平台暂时无法访问，请稍后再试');
    return res.body;
  }

  async teams(): Promise<PlatformTeam[]> {
    const res = await this.http.get('/teams', P.TeamList, { cacheTtlMs: 5 * MINUTE, staleIfErrorMs: 24 * 60 * MINUTE });
    if (!res.ok) throw errors.upstreamUnavailable('健康档案平台暂时无法访问，请稍后再试');
    return res.body.items;
  }

  async team(teamId: string): Promise<PlatformTeam | null> {
    return (await this.teams()).find((t) => t.id === teamId) ?? null;
  }

  /** The teams a staff member (doctor, nurse …) belongs to: their workbench shows these teams' residents. */
  async teamIdsOf(staffId: string | null | undefined): Promise<string[]> {
    if (!staffId) return [];
    return (await this.teams()).filter((t) => t.members.some((m) => m.id === staffId)).map((t) => t.id);
  }

  async staffName(teamId: string, staffId: string | null | undefined): Promise<string> {
    const team = await this.team(teamId);
    return team?.members.find((m) => m.id === staffId)?.name ?? '家庭医生';
  }

  async apply(body: { recordNumber: string; teamId: string; packageIds: string[]; note?: string; kind?: 'new' | 'renewal' }) {
    return this.http.post('/contract-applications', P.ContractApplication, body);
  }

  async applications(query: { teamId?: string; status?: string; recordNumber?: string }): Promise<PlatformApplication[]> {
    const res = await this.http.get('/contract-applications', P.ContractApplicationList, { query });
    if (!res.ok) throw errors.upstreamUnavailable('健康档案平台暂时无法访问，请稍后再试');
    return res.body.items;
  }

  async application(id: string): Promise<PlatformApplication | null> {
    const res = await this.http.get(upstreamPath`/contract-applications/${id}`, P.ContractApplication);
    return res.ok ? res.body : null;
  }

  async decide(id: string, verdict: 'approve' | 'decline', body: { staffId: string; reason?: string }) {
    return this.http.post(upstreamPath`/contract-applications/${id}/${verdict}`, P.ContractApplication, body, { idempotent: true });
  }
}
