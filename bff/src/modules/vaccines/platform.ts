import { LRUCache } from 'lru-cache';
import type { Upstream } from '../../upstream/http';
import { errors } from '../../errors';
import { upstreamPath } from '../../upstream/path';

/** The immunization information system's answers (bff/sandbox/vaccines/API.md). */
export interface PlatformClinic {
  id: string;
  name: string;
  hospitalId: string;
  address: string;
  phone: string;
  type: 'children' | 'adult';
  hours: string;
  intro: string;
  vaccineCodes: string[];
}

export interface PlatformSession {
  id: string;
  clinicId: string;
  date: string;
  period: 'am' | 'pm';
  periodLabel: string;
  start: string;
  end: string;
  quotas: Array<{ vaccineCode: string; capacity: number }>;
}

export interface Age {
  years?: number;
  months?: number;
  days?: number;
}

export interface PlatformProduct {
  id: string;
  code: string;
  name: string;
  shortName: string;
  manufacturer: string;
  priceFen: number;
  live: boolean;
  route: string;
  eligibility: { sex?: 'female' | 'male'; minAge: Age; maxAge?: Age; doses: number; minIntervalDays: number[]; seasonal?: boolean };
  note: string;
  batches: Array<{ id: string; clinicId: string; productId: string; batchNo: string; quantity: number; releaseAt: string }>;
}

export interface PlatformImmunization {
  id: string;
  vaccineCode: string;
  vaccineName: string;
  dose: number;
  date: string;
  site: string;
  institution: string;
  batchNo: string;
  manufacturer?: string;
  kind?: 'programme' | 'self_paid';
  appointmentRef?: string | null;
}

const MINUTE = 60_000;

/**
 * Reads of the platform's vaccination API through the shared resilient Upstream. Reference data
 * (clinics, sessions, products) is cached briefly and served stale when the platform is down;
 * a resident's history is cached for a few seconds only, and read fresh by the attendance job.
 */
export class VaccinationPlatform {
  private readonly matches = new LRUCache<string, { recordNumber: string | null }>({ max: 5000, ttl: 10 * MINUTE });
  private readonly identities = new LRUCache<string, { basic: { recordNumber: string; name: string } | null }>({ max: 20000, ttl: 10 * MINUTE });

  constructor(private readonly http: Upstream) {}

  private async read<T>(path: string, ttlMs: number, staleMs = 60 * MINUTE): Promise<T | null> {
    const res = await this.http.get<T>(path, { cacheTtlMs: ttlMs, staleIfErrorMs: staleMs });
    if (res.status === 404) return null;
    if (res.status >= 400) throw errors.upstreamUnavailable('预防接种系统暂时无法访问，请稍后再试');
    return res.body;
  }

  async clinics(): Promise<PlatformClinic[]> {
    return (await this.read<{ items: PlatformClinic[] }>('/vaccination/clinics', 5 * MINUTE))?.items ?? [];
  }

  async sessions(clinicId: string): Promise<PlatformSession[]> {
    return (await this.read<{ items: PlatformSession[] }>(upstreamPath`/vaccination/clinics/${clinicId}/sessions`, MINUTE))?.items ?? [];
  }

  /** Products with their stock batches: new batches must show up quickly, so a short TTL. */
  async products(): Promise<PlatformProduct[]> {
    return (await this.read<{ items: PlatformProduct[] }>('/vaccination/products', 10_000))?.items ?? [];
  }

  /** Found or not, the answer is kept a while: a rush of residents without a record must not each ask again. */
  async byIdNumber(idNumber: string): Promise<{ recordNumber: string; name: string } | null> {
    const hit = this.identities.get(idNumber);
    if (hit) return hit.basic;
    const basic = await this.read<{ recordNumber: string; name: string }>(upstreamPath`/residents/by-id-number/${idNumber}`, 10 * MINUTE);
    this.identities.set(idNumber, { basic: basic ? { recordNumber: basic.recordNumber, name: basic.name } : null }, { ttl: basic ? 10 * MINUTE : MINUTE });
    return basic;
  }

  async matchChild(input: { name: string; birthDate: string; guardianIdNumber: string }): Promise<string | null> {
    const key = `${input.name}|${input.birthDate}|${input.guardianIdNumber}`;
    const hit = this.matches.get(key);
    if (hit) return hit.recordNumber;
    const res = await this.http.post<{ recordNumber?: string }>('/residents/match', input, { idempotent: true });
    if (res.status >= 400 && res.status !== 404) throw errors.upstreamUnavailable('预防接种系统暂时无法访问，请稍后再试');
    const recordNumber = res.status === 404 ? null : (res.body?.recordNumber ?? null);
    this.matches.set(key, { recordNumber });
    return recordNumber;
  }

  async immunizations(recordNumber: string, opts: { fresh?: boolean } = {}): Promise<{ certNo: string | null; items: PlatformImmunization[] }> {
    const path = upstreamPath`/residents/${recordNumber}/immunizations`;
    if (opts.fresh) this.http.invalidate(path);
    const body = await this.read<{ immunizationCertNo?: string | null; items: PlatformImmunization[] }>(path, 5_000, 10 * MINUTE);
    return { certNo: body?.immunizationCertNo ?? null, items: body?.items ?? [] };
  }
}
