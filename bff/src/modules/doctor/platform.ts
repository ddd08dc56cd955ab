import type { DataSource } from 'typeorm';
import type { Upstream } from '../../upstream/http';
import type { FieldCrypto } from '../../crypto/field-crypto';
import { FamilyMember, User } from '../../db/entities';
import { errors } from '../../errors';
import { upstreamPath } from '../../upstream/path';

/** The platform's shapes this module reads (bff/sandbox/API.md). */
export interface PlatformResident {
  recordNumber: string;
  name: string;
  sex: 'male' | 'female';
  birthDate: string;
  phone: string | null;
  community: string;
  allergies: string[];
  chronicConditions: Array<{ code: string; name: string }>;
  contractedTeamId: string | null;
  status: 'active' | 'closed';
}
export interface PlatformTeam {
  id: string;
  name: string;
  centreName: string;
  phone: string;
  leaderId: string;
  members: Array<{ id: string; name: string; role: string; title: string; isLeader: boolean }>;
  packages: Array<{ id: string; name: string; priceFen: number; validMonths: number; items: string[] }>;
  area: { township: string; communities: string[] };
  intro: string;
  contractedCount: number;
}
export interface PlatformContract {
  id: string;
  recordNumber: string;
  teamId: string;
  doctorId: string;
  doctorName: string;
  packageIds: string[];
  packages: PlatformTeam['packages'];
  validFrom: string;
  validTo: string;
  status: string;
  team: PlatformTeam;
}
export interface PlatformApplication {
  id: string;
  recordNumber: string;
  residentName: string;
  teamId: string;
  packageIds: string[];
  note: string | null;
  status: 'pending' | 'approved' | 'declined';
  reason: string | null;
  appliedAt: string;
  decidedAt: string | null;
}

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
      const res = await this.http.get<{ recordNumber: string }>(upstreamPath`/residents/by-id-number/${id}`, { cacheTtlMs: 10 * MINUTE, staleIfErrorMs: 60 * MINUTE });
      return res.status === 200 ? res.body.recordNumber : null;
    }
    const owner = await this.ds.getRepository(User).findOneBy({ id: member.ownerUserId });
    if (!owner?.idNumberEnc) return null;
    const res = await this.http.post<{ recordNumber: string }>(
      '/residents/match',
      { name: member.name, birthDate: member.birthDate, guardianIdNumber: this.crypto.decrypt(owner.idNumberEnc) },
      { idempotent: true },
    );
    return res.status === 200 ? res.body.recordNumber : null;
  }

  async resident(recordNumber: string): Promise<PlatformResident | null> {
    const res = await this.http.get<PlatformResident>(upstreamPath`/residents/${recordNumber}`, { cacheTtlMs: 5 * MINUTE, staleIfErrorMs: 60 * MINUTE });
    return res.status === 200 ? res.body : null;
  }

  async contract(recordNumber: string, fresh = false): Promise<PlatformContract | null> {
    const path = upstreamPath`/residents/${recordNumber}/contract`;
    if (fresh) this.http.invalidate(path);
    const res = await this.http.get<PlatformContract>(path, { cacheTtlMs: 30_000, staleIfErrorMs: 60 * MINUTE });
    if (res.status === 404) return null;
    if (res.status !== 200) throw errors.upstreamUnavailable('健康档案平台暂时无法访问，请稍后再试');
    return res.body;
  }

  async teams(): Promise<PlatformTeam[]> {
    const res = await this.http.get<{ items: PlatformTeam[] }>('/teams', { cacheTtlMs: 5 * MINUTE, staleIfErrorMs: 24 * 60 * MINUTE });
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

  async apply(body: { recordNumber: string; teamId: string; packageIds: string[]; note?: string }) {
    return this.http.post<PlatformApplication & { code?: string; message?: string }>('/contract-applications', body);
  }

  async applications(query: { teamId?: string; status?: string; recordNumber?: string }): Promise<PlatformApplication[]> {
    const res = await this.http.get<{ items: PlatformApplication[] }>('/contract-applications', { query });
    return res.body.items;
  }

  async application(id: string): Promise<PlatformApplication | null> {
    const res = await this.http.get<PlatformApplication>(upstreamPath`/contract-applications/${id}`);
    return res.status === 200 ? res.body : null;
  }

  async decide(id: string, verdict: 'approve' | 'decline', body: { staffId: string; reason?: string }) {
    return this.http.post<PlatformApplication & { code?: string; message?: string }>(upstreamPath`/contract-applications/${id}/${verdict}`, body, { idempotent: true });
  }
}
