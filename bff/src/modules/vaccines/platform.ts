import { LRUCache } from 'lru-cache';
import { upstream } from '@healthpocket/shared-types';
import type { z } from 'zod';
import type { Upstream } from '../../upstream/http';
import { errors } from '../../errors';
import { upstreamPath } from '../../upstream/path';

const P = upstream.platform;

/** The immunization information system's answers (bff/sandbox/API.md): the contract schemas' types. */
export type PlatformClinic = z.infer<typeof P.Clinic>;
export type PlatformSession = z.infer<typeof P.VaccinationSession>;
export type PlatformProduct = z.infer<typeof P.Product>;
export type PlatformImmunization = z.infer<typeof P.Immunization>;

/** An AEFI 个案报告 as the platform takes it (bff/sandbox/vaccines/API.md). */
export interface PlatformAefiReport {
  clientRef: string;
  clinicId: string;
  recordNumber: string | null;
  patient: { name: string; sex: string; birthDate: string };
  vaccine: { code: string; name: string; batchNo: string; manufacturer: string; dose: number; vaccinatedOn: string };
  onsetDate: string;
  symptoms: string[];
  temperatureC: number | null;
  clinicalCourse: string;
  treatment: { kind: string; hospital: string | null };
  reporter: { name: string; phone: string };
  severe: boolean;
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

  private async read<S extends z.ZodType>(path: string, schema: S, ttlMs: number, staleMs = 60 * MINUTE): Promise<z.output<S> | null> {
    const res = await this.http.get(path, schema, { cacheTtlMs: ttlMs, staleIfErrorMs: staleMs });
    if (res.status === 404) return null;
    if (!res.ok) throw errors.upstreamUnavailable('预防接种系统暂时无法访问，请稍后再试');
    return res.body;
  }

  async clinics(): Promise<PlatformClinic[]> {
    return (await this.read('/vaccination/clinics', P.ClinicList, 5 * MINUTE))?.items ?? [];
  }

  async sessions(clinicId: string): Promise<PlatformSession[]> {
    return (await this.read(upstreamPath`/vaccination/clinics/${clinicId}/sessions`, P.VaccinationSessionList, MINUTE))?.items ?? [];
  }

  /** Products with their stock batches: new batches must show up quickly, so a short TTL. */
  async products(opts: { fresh?: boolean } = {}): Promise<PlatformProduct[]> {
    if (opts.fresh) this.http.invalidate('/vaccination/products');
    return (await this.read('/vaccination/products', P.ProductList, 10_000))?.items ?? [];
  }

  /** Found or not, the answer is kept a while: a rush of residents without a record must not each ask again. */
  async byIdNumber(idNumber: string): Promise<{ recordNumber: string; name: string } | null> {
    const hit = this.identities.get(idNumber);
    if (hit) return hit.basic;
    const basic = await this.read(upstreamPath`/residents/by-id-number/${idNumber}`, P.ResidentBasic, 10 * MINUTE);
    this.identities.set(idNumber, { basic: basic ? { recordNumber: basic.recordNumber, name: basic.name } : null }, { ttl: basic ? 10 * MINUTE : MINUTE });
    return basic;
  }

  async matchChild(input: { name: string; birthDate: string; guardianIdNumber: string }): Promise<string | null> {
    const key = `${input.name}|${input.birthDate}|${input.guardianIdNumber}`;
    const hit = this.matches.get(key);
    if (hit) return hit.recordNumber;
    const res = await this.http.post('/residents/match', P.ResidentBasic, input, { idempotent: true });
    if (!res.ok && res.status !== 404) throw errors.upstreamUnavailable('预防接种系统暂时无法访问，请稍后再试');
    const recordNumber = res.ok ? res.body.recordNumber : null;
    this.matches.set(key, { recordNumber });
    return recordNumber;
  }

  async immunizations(recordNumber: string, opts: { fresh?: boolean } = {}): Promise<{ certNo: string | null; items: PlatformImmunization[] }> {
    const path = upstreamPath`/residents/${recordNumber}/immunizations`;
    if (opts.fresh) this.http.invalidate(path);
    const body = await this.read(path, P.ImmunizationHistory, 5_000, 10 * MINUTE);
    return { certNo: body?.immunizationCertNo ?? null, items: body?.items ?? [] };
  }

  /** Sends an AEFI report to the clinic; the same clientRef answers the first receipt (safe to retry). */
  async submitAefi(report: PlatformAefiReport): Promise<{ reportNo: string; status: 'submitted' | 'accepted' }> {
    const res = await this.http.post('/vaccination/aefi-reports', P.AefiReceipt, report, { idempotent: true });
    if (!res.ok) throw new Error(`platform aefi-reports answered ${res.status} ${res.body.code ?? ''} ${res.body.message ?? ''}`.trim());
    return { reportNo: res.body.reportNo, status: res.body.status };
  }

  async aefiStatus(reportNo: string): Promise<'submitted' | 'accepted' | null> {
    const body = await this.read(upstreamPath`/vaccination/aefi-reports/${reportNo}`, P.AefiStatus, 0, 0);
    return body?.status ?? null;
  }
}
