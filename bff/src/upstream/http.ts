import {
  BrokenCircuitError,
  ConsecutiveBreaker,
  ExponentialBackoff,
  TaskCancelledError,
  TimeoutStrategy,
  circuitBreaker,
  handleWhen,
  retry,
  timeout,
  wrap,
  type IPolicy,
} from 'cockatiel';
import { LRUCache } from 'lru-cache';
import { errors } from '../errors';
import type { Logger } from '../logger';
import { assertSafePath } from './path';

export interface UpstreamOptions {
  name: string;
  baseUrl: string;
  /** Total time budget of one call, retries included. */
  timeoutMs: number;
  /** Shown to the resident when this upstream is down. */
  unavailableMessage: string;
  logger: Logger;
  breaker?: { consecutiveFailures: number; halfOpenAfterMs: number };
  cacheMaxEntries?: number;
}

export interface UpstreamResult<T> {
  status: number;
  body: T;
  /** True when served from cache after the upstream failed (stale-if-error). */
  stale: boolean;
  fetchedAt: number;
}

export interface GetOptions {
  query?: Record<string, string | number | undefined>;
  /** Fresh for this long; identical concurrent reads share one request either way. */
  cacheTtlMs?: number;
  /** After the TTL, a cached answer may still be served for this long if the upstream fails. */
  staleIfErrorMs?: number;
  headers?: Record<string, string>;
}

/** Paths can carry identifiers (an ID number in a look-up URL): logs get them masked. */
export function redactPath(path: string): string {
  return path.replace(/\d{6,}[\dXx]?/g, (m) => `${m.slice(0, 3)}…${m.length}`);
}

export type UpstreamFailure = 'timeout' | 'circuit-open' | 'http' | 'network';

/** An upstream fault: no connection, a 5xx, a 429. Retried (reads) and counted by the breaker. */
class TransientUpstreamError extends Error {
  constructor(readonly status: number | null, message: string) {
    super(message);
  }
}

/** A 2xx/3xx whose body is not JSON: the upstream broke its contract. Not retried, not counted. */
class UpstreamProtocolError extends Error {
  constructor(readonly status: number) {
    super('upstream answered non-JSON');
  }
}

/**
 * The one resilient HTTP helper for every upstream (WeChat, HIS, platform): a time budget per call,
 * retries with jittered backoff for idempotent reads only, a circuit breaker per upstream,
 * a short-TTL cache with stale-if-error, and single-flight for identical concurrent reads.
 */
export class Upstream {
  private readonly breaker;
  private readonly readPolicy: IPolicy;
  private readonly writePolicy: IPolicy;
  private readonly cache: LRUCache<string, UpstreamResult<unknown>>;
  private readonly inflight = new Map<string, Promise<UpstreamResult<unknown>>>();
  private readonly listeners: Array<(result: 'ok' | UpstreamFailure, seconds: number) => void> = [];

  constructor(private readonly o: UpstreamOptions) {
    const isTransient = handleWhen((e) => e instanceof TransientUpstreamError || e instanceof TaskCancelledError);
    this.breaker = circuitBreaker(isTransient, {
      halfOpenAfter: o.breaker?.halfOpenAfterMs ?? 10_000,
      breaker: new ConsecutiveBreaker(o.breaker?.consecutiveFailures ?? 5),
    });
    const attemptTimeout = timeout(Math.max(50, Math.floor(o.timeoutMs * 0.45)), TimeoutStrategy.Aggressive);
    const budget = timeout(o.timeoutMs, TimeoutStrategy.Aggressive);
    const retries = retry(isTransient, {
      maxAttempts: 2,
      backoff: new ExponentialBackoff({ initialDelay: 50, maxDelay: Math.floor(o.timeoutMs * 0.1) }),
    });
    this.readPolicy = wrap(budget, retries, this.breaker, attemptTimeout);
    this.writePolicy = wrap(budget, this.breaker);
    this.cache = new LRUCache({ max: o.cacheMaxEntries ?? 2000 });
  }

  get name() {
    return this.o.name;
  }

  /** Called after every call with its result (metrics): `ok` for any answer below 500, else the failure. */
  onCall(listener: (result: 'ok' | UpstreamFailure, seconds: number) => void): void {
    this.listeners.push(listener);
  }

  private observe(result: 'ok' | UpstreamFailure, t0: number): void {
    const seconds = (performance.now() - t0) / 1000;
    for (const l of this.listeners) l(result, seconds);
  }

  get breakerState() {
    return this.breaker.state;
  }

  /** Refuses (NOT_FOUND) a path with dot segments or slashes in a segment, however it was built. */
  url(path: string, query?: GetOptions['query']): string {
    assertSafePath(path);
    const u = new URL(this.o.baseUrl.replace(/\/$/, '') + path);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) u.searchParams.set(k, String(v));
    return u.toString();
  }

  async get<T>(path: string, opts: GetOptions = {}): Promise<UpstreamResult<T>> {
    const url = this.url(path, opts.query);
    const cached = this.cache.get(url) as UpstreamResult<T> | undefined;
    const ttl = opts.cacheTtlMs ?? 0;
    if (cached && ttl > 0 && Date.now() - cached.fetchedAt < ttl) return cached;
    let flight = this.inflight.get(url) as Promise<UpstreamResult<T>> | undefined;
    if (!flight) {
      flight = this.call<T>(this.readPolicy, url, { method: 'GET', headers: opts.headers });
      this.inflight.set(url, flight);
      flight.finally(() => this.inflight.delete(url)).catch(() => undefined);
    }
    try {
      const res = await flight;
      if (ttl > 0 && res.status < 400) this.cache.set(url, res);
      return res;
    } catch (e) {
      const staleFor = opts.staleIfErrorMs ?? 0;
      if (cached && Date.now() - cached.fetchedAt < ttl + staleFor) {
        this.o.logger.warn({ upstream: this.o.name, path: redactPath(path) }, 'serving stale upstream answer');
        return { ...cached, stale: true };
      }
      throw e;
    }
  }

  /** Non-idempotent calls: no retry (a retry could repeat a side effect), still timed and breaker-guarded. */
  post<T>(path: string, body: unknown, opts: { query?: GetOptions['query']; headers?: Record<string, string>; idempotent?: boolean } = {}) {
    return this.call<T>(opts.idempotent ? this.readPolicy : this.writePolicy, this.url(path, opts.query), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...opts.headers },
      body: JSON.stringify(body),
    });
  }

  invalidate(path: string, query?: GetOptions['query']) {
    this.cache.delete(this.url(path, query));
  }

  private async call<T>(policy: IPolicy, url: string, init: RequestInit): Promise<UpstreamResult<T>> {
    const t0 = performance.now();
    try {
      const result = await policy.execute(async ({ signal }) => {
        let res: Response;
        try {
          res = await fetch(url, { ...init, signal });
        } catch (e) {
          throw new TransientUpstreamError(null, (e as Error).message);
        }
        if (res.status >= 500 || res.status === 429) {
          await res.body?.cancel();
          throw new TransientUpstreamError(res.status, `HTTP ${res.status}`);
        }
        const text = await res.text();
        let body: unknown = null;
        if (text) {
          try {
            body = JSON.parse(text);
          } catch {
            // A 4xx is the upstream's answer about this request (a plain-text 404 for an unknown
            // id), however it is written: the caller reads the status. Never a breaker failure.
            if (res.status >= 400) body = null;
            else throw new UpstreamProtocolError(res.status);
          }
        }
        return { status: res.status, body: body as T, stale: false, fetchedAt: Date.now() };
      });
      this.observe('ok', t0);
      return result;
    } catch (e) {
      const reason: UpstreamFailure =
        e instanceof BrokenCircuitError
          ? 'circuit-open'
          : e instanceof TaskCancelledError
            ? 'timeout'
            : (e instanceof TransientUpstreamError && e.status) || e instanceof UpstreamProtocolError
              ? 'http'
              : 'network';
      this.observe(reason, t0);
      this.o.logger.warn({ upstream: this.o.name, path: redactPath(new URL(url).pathname), reason }, 'upstream unavailable');
      // The reason stays on the error for callers (e.g. "may a timed-out send have arrived?"), not in the response.
      throw Object.assign(errors.upstreamUnavailable(this.o.unavailableMessage), { upstreamReason: reason });
    }
  }
}
