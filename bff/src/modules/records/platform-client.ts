import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { upstream } from '@healthpocket/shared-types';
import type { z } from 'zod';
import type { Upstream } from '../../upstream/http';
import { AppError, errors } from '../../errors';
import type { RecordsSettings } from './settings';
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
const P = upstream.platform;

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

  private async read<S extends z.ZodType>(path: string, schema: S, f: Freshness, opts: { query?: Record<string, string>; ttlMs?: number } = {}): Promise<z.output<S> | null> {
    const res = await this.http.get(path, schema, {
      query: opts.query,
      cacheTtlMs: opts.ttlMs ?? this.settings.cacheTtlMs,
      staleIfErrorMs: this.settings.staleIfErrorMs,
    });
    if (res.status === 404) return null;
    if (!res.ok) throw errors.upstreamUnavailable('健康档案平台暂时无法访问，请稍后再试');
    f.note(res);
    return res.body;
  }

  private rn(recordNumber: string) {
    return upstreamPath`/residents/${recordNumber}`;
  }

  /** Identity look-ups change rarely: cache them longer than clinical sections. */
  byIdNumber(idNumber: string, f: Freshness) {
    return this.read(upstreamPath`/residents/by-id-number/${idNumber}`, P.ResidentBasic, f, { ttlMs: Math.max(this.settings.cacheTtlMs, 10 * MINUTE) });
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
      const res = await this.http.post('/residents/match', P.ResidentBasic, input, { idempotent: true });
      if (res.status !== 200 && res.status !== 404) throw errors.upstreamUnavailable('健康档案平台暂时无法访问，请稍后再试');
      const recordNumber = res.ok ? res.body.recordNumber : null;
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
    return this.read(this.rn(recordNumber), P.Resident, f);
  }
  basicInfo(recordNumber: string, f: Freshness) {
    return this.read(`${this.rn(recordNumber)}/basic-info`, P.BasicSupplement, f);
  }
  contract(recordNumber: string, f: Freshness) {
    return this.read(`${this.rn(recordNumber)}/contract`, P.Contract, f);
  }
  async followups(recordNumber: string, f: Freshness) {
    return (await this.read(`${this.rn(recordNumber)}/followups`, P.FollowupList, f))?.items ?? null;
  }
  async checkups(recordNumber: string, f: Freshness) {
    return (await this.read(`${this.rn(recordNumber)}/checkups`, P.CheckupList, f))?.items ?? null;
  }
  async visits(recordNumber: string, f: Freshness) {
    return (await this.read(`${this.rn(recordNumber)}/visits`, P.VisitList, f))?.items ?? null;
  }
  /** fresh: the alert job reads past the cache (a report just published must not wait out the TTL). */
  async reports(recordNumber: string, f: Freshness, opts: { fresh?: boolean } = {}) {
    return (await this.read(`${this.rn(recordNumber)}/reports`, P.ReportSummaryList, f, opts.fresh ? { ttlMs: 0 } : {}))?.items ?? null;
  }
  /** A report was published: the resident's next look must not be served the cached "待出报告". */
  forgetReports(recordNumber: string, reportId: string) {
    this.http.invalidate(`${this.rn(recordNumber)}/reports`);
    this.http.invalidate(this.rn(recordNumber) + upstreamPath`/reports/${reportId}`);
  }
  report(recordNumber: string, reportId: string, f: Freshness) {
    return this.read(this.rn(recordNumber) + upstreamPath`/reports/${reportId}`, P.Report, f);
  }
  async immunizations(recordNumber: string, f: Freshness) {
    return (await this.read(`${this.rn(recordNumber)}/immunizations`, P.ImmunizationHistory, f))?.items ?? null;
  }
}
