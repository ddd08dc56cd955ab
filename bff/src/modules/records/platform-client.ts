import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { Upstream, UpstreamResult } from '../../upstream/http';
import { AppError, errors } from '../../errors';
import type { RecordsSettings } from './settings';
import type * as P from './platform-types';
import { upstreamPath } from '../../upstream/path';

/** How fresh a combined answer is: stale if any part came from the stale cache; fetchedAt of the oldest part. */
export class Freshness {
  stale = false;
  fetchedAt = Number.POSITIVE_INFINITY;

  note(r: { stale: boolean; fetchedAt: number }): void {
    this.stale ||= r.stale;
    this.fetchedAt = Math.min(this.fetchedAt, r.fetchedAt);
  }

  get at(): number {
    return Number.isFinite(this.fetchedAt) ? this.fetchedAt : Date.now();
  }
}

const MINUTE = 60_000;

/**
 * Typed reads of the regional health platform's record API (bff/sandbox/API.md), through the
 * shared resilient Upstream: time budget, retries for reads, breaker, short-TTL cache with
 * stale-if-error and single-flight. A 404 from the platform comes back as null.
 */
export class PlatformRecords {
  /** The child match is a POST: its answers are cached here, with the same stale-if-error rule. */
  private readonly matches = new LRUCache<string, { recordNumber: string | null; at: number }>({ max: 5000 });

  constructor(
    private readonly http: Upstream,
    private readonly settings: RecordsSettings,
  ) {}

  private async read<T>(path: string, f: Freshness, opts: { query?: Record<string, string>; ttlMs?: number } = {}): Promise<T | null> {
    const res: UpstreamResult<T> = await this.http.get<T>(path, {
      query: opts.query,
      cacheTtlMs: opts.ttlMs ?? this.settings.cacheTtlMs,
      staleIfErrorMs: this.settings.staleIfErrorMs,
    });
    if (res.status === 404) return null;
    if (res.status >= 400) throw errors.upstreamUnavailable('健康档案平台暂时无法访问，请稍后再试');
    f.note(res);
    return res.body;
  }

  private rn(recordNumber: string) {
    return upstreamPath`/residents/${recordNumber}`;
  }

  /** Identity look-ups change rarely: cache them longer than clinical sections. */
  byIdNumber(idNumber: string, f: Freshness) {
    return this.read<P.ResidentBasic>(upstreamPath`/residents/by-id-number/${idNumber}`, f, { ttlMs: Math.max(this.settings.cacheTtlMs, 10 * MINUTE) });
  }

  async matchChild(input: { name: string; birthDate: string; guardianIdNumber: string }, f: Freshness): Promise<string | null> {
    const key = createHash('sha256').update(`${input.name}|${input.birthDate}|${input.guardianIdNumber}`).digest('hex');
    const cached = this.matches.get(key);
    const ttl = Math.max(this.settings.cacheTtlMs, 10 * MINUTE);
    if (cached && Date.now() - cached.at < ttl) {
      f.note({ stale: false, fetchedAt: cached.at });
      return cached.recordNumber;
    }
    try {
      // A look-up, not a change: safe to retry.
      const res = await this.http.post<P.ResidentBasic>('/residents/match', input, { idempotent: true });
      if (res.status !== 200 && res.status !== 404) throw errors.upstreamUnavailable('健康档案平台暂时无法访问，请稍后再试');
      const recordNumber = res.status === 200 ? res.body.recordNumber : null;
      this.matches.set(key, { recordNumber, at: res.fetchedAt });
      f.note(res);
      return recordNumber;
    } catch (e) {
      if (e instanceof AppError && e.code === 'UPSTREAM_UNAVAILABLE' && cached && Date.now() - cached.at < ttl + this.settings.staleIfErrorMs) {
        f.note({ stale: true, fetchedAt: cached.at });
        return cached.recordNumber;
      }
      throw e;
    }
  }

  resident(recordNumber: string, f: Freshness) {
    return this.read<P.Resident>(this.rn(recordNumber), f);
  }
  basicInfo(recordNumber: string, f: Freshness) {
    return this.read<P.BasicSupplement>(`${this.rn(recordNumber)}/basic-info`, f);
  }
  contract(recordNumber: string, f: Freshness) {
    return this.read<P.Contract>(`${this.rn(recordNumber)}/contract`, f);
  }
  async followups(recordNumber: string, f: Freshness) {
    return (await this.read<{ items: P.Followup[] }>(`${this.rn(recordNumber)}/followups`, f))?.items ?? null;
  }
  async checkups(recordNumber: string, f: Freshness) {
    return (await this.read<{ items: P.Checkup[] }>(`${this.rn(recordNumber)}/checkups`, f))?.items ?? null;
  }
  async visits(recordNumber: string, f: Freshness) {
    return (await this.read<{ items: P.Visit[] }>(`${this.rn(recordNumber)}/visits`, f))?.items ?? null;
  }
  async reports(recordNumber: string, f: Freshness) {
    return (await this.read<{ items: P.ReportSummary[] }>(`${this.rn(recordNumber)}/reports`, f))?.items ?? null;
  }
  report(recordNumber: string, reportId: string, f: Freshness) {
    return this.read<P.Report>(this.rn(recordNumber) + upstreamPath`/reports/${reportId}`, f);
  }
  async immunizations(recordNumber: string, f: Freshness) {
    return (await this.read<{ items: P.Immunization[] }>(`${this.rn(recordNumber)}/immunizations`, f))?.items ?? null;
  }
}
