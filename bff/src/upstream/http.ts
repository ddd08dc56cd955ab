import { BrokenCircuitError, ConsecutiveBreaker, ExponentialBackoff, TaskCancelledError, TimeoutStrategy, circuitBreaker, handleWhen, retry, timeout, wrap, type IPolicy } from 'cockatiel';
import { LRUCache } from 'lru-cache';
import type { z } from 'zod';
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

interface ResultMeta {
  status: number;
  /** True when served from cache after the upstream failed (stale-if-error). */
  stale: boolean;
  fetchedAt: number;
}

/** What an upstream's 4xx says: its own code and message when it gave them (the HIS, the platform), else nothing. */
export interface UpstreamRefusalBody {
  code?: string;
  message?: string;
}

/**
 * An upstream's answer. `ok` (2xx): the body passed the call's contract schema
 * (`upstream.*` in @healthpocket/shared-types) and has its type. Not ok (4xx): the upstream's
 * answer about this request, with its code and message if it gave them.
 */
export type UpstreamResult<T> = (ResultMeta & { ok: true; body: T }) | (ResultMeta & { ok: false; body: UpstreamRefusalBody });

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

/** `contract`: a 2xx whose body is not the shape the contract schema says (an upstream fault). */
export type UpstreamFailure = 'timeout' | 'circuit-open' | 'http' | 'network' | 'contract';

/** An upstream fault: no connection, a 5xx, a 429. Retried (reads) and counted by the breaker. */
class TransientUpstreamError extends Error {
  constructor(
    readonly status: number | null,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A 2xx whose body is not JSON or fails the contract schema: an upstream fault, counted by the breaker (a
 * run of them opens it) but not retried (the same upstream will answer the same shape again).
 * Carries the failing paths only: the body can hold health data and is never logged.
 */
class UpstreamContractError extends Error {
  constructor(readonly issues: string[]) {
    super('upstream answer broke its contract');
  }
}

/** Where a body broke the schema, e.g. `items.0.remaining (invalid_type)`: paths and zod codes, never values. */
function issuePaths(error: z.ZodError): string[] {
  return error.issues.slice(0, 10).map((i) => `${redactPath(i.path.map(String).join('.')) || '(root)'} (${i.code})`);
}

function refusalBody(body: unknown): UpstreamRefusalBody {
  if (!body || typeof body !== 'object') return {};
  const b = body as Record<string, unknown>;
  return { ...(typeof b.code === 'string' ? { code: b.code } : {}), ...(typeof b.message === 'string' ? { message: b.message } : {}) };
}

/** One key per schema: two callers of one URL with different schemas never share a parsed answer. */
const schemaIds = new WeakMap<z.ZodType, number>();
let nextSchemaId = 1;
function schemaId(schema: z.ZodType): number {
  let id = schemaIds.get(schema);
  if (id === undefined) schemaIds.set(schema, (id = nextSchemaId++));
  return id;
}

/**
 * The one resilient HTTP helper for every upstream (WeChat, HIS, platform): a time budget per call,
 * retries with jittered backoff for idempotent reads only, a circuit breaker per upstream,
 * a short-TTL cache with stale-if-error, and single-flight for identical concurrent reads.
 * Every call names the zod schema of the answer it expects: a 2xx body is parsed with it before
 * anyone reads it, and one that does not fit is an upstream fault (UPSTREAM_UNAVAILABLE), never a
 * crash or a wrong screen.
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
    const isFault = handleWhen((e) => e instanceof TransientUpstreamError || e instanceof TaskCancelledError || e instanceof UpstreamContractError);
    this.breaker = circuitBreaker(isFault, {
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

  async get<S extends z.ZodType>(path: string, schema: S, opts: GetOptions = {}): Promise<UpstreamResult<z.output<S>>> {
    const url = this.url(path, opts.query);
    const key = `${schemaId(schema)} ${url}`;
    const cached = this.cache.get(key) as UpstreamResult<z.output<S>> | undefined;
    const ttl = opts.cacheTtlMs ?? 0;
    if (cached && ttl > 0 && Date.now() - cached.fetchedAt < ttl) return cached;
    let flight = this.inflight.get(key) as Promise<UpstreamResult<z.output<S>>> | undefined;
    if (!flight) {
      flight = this.call(this.readPolicy, url, schema, { method: 'GET', headers: opts.headers });
      this.inflight.set(key, flight);
      flight.finally(() => this.inflight.delete(key)).catch(() => undefined);
    }
    try {
      const res = await flight;
      if (ttl > 0 && res.status < 400) this.cache.set(key, res);
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
  post<S extends z.ZodType>(
    path: string,
    schema: S,
    body: unknown,
    opts: { query?: GetOptions['query']; headers?: Record<string, string>; idempotent?: boolean } = {},
  ): Promise<UpstreamResult<z.output<S>>> {
    return this.call(opts.idempotent ? this.readPolicy : this.writePolicy, this.url(path, opts.query), schema, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...opts.headers },
      body: JSON.stringify(body),
    });
  }

  invalidate(path: string, query?: GetOptions['query']) {
    const url = this.url(path, query);
    for (const key of [...this.cache.keys()]) if (key.slice(key.indexOf(' ') + 1) === url) this.cache.delete(key);
  }

  private async call<S extends z.ZodType>(policy: IPolicy, url: string, schema: S, init: RequestInit): Promise<UpstreamResult<z.output<S>>> {
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
            else throw new UpstreamContractError(['(root) (not_json)']);
          }
        }
        const meta = { status: res.status, stale: false, fetchedAt: Date.now() };
        if (res.status >= 400) return { ...meta, ok: false as const, body: refusalBody(body) };
        const parsed = schema.safeParse(body);
        if (!parsed.success) throw new UpstreamContractError(issuePaths(parsed.error));
        return { ...meta, ok: true as const, body: parsed.data as z.output<S> };
      });
      this.observe('ok', t0);
      return result;
    } catch (e) {
      const reason: UpstreamFailure =
        e instanceof BrokenCircuitError
          ? 'circuit-open'
          : e instanceof TaskCancelledError
            ? 'timeout'
            : e instanceof UpstreamContractError
              ? 'contract'
              : e instanceof TransientUpstreamError && e.status
                ? 'http'
                : 'network';
      this.observe(reason, t0);
      const issues = e instanceof UpstreamContractError ? { issues: e.issues } : {};
      this.o.logger.warn({ upstream: this.o.name, path: redactPath(new URL(url).pathname), reason, ...issues }, 'upstream unavailable');
      // The reason stays on the error for callers (e.g. "may a timed-out send have arrived?"), not in the response.
      throw Object.assign(errors.upstreamUnavailable(this.o.unavailableMessage), { upstreamReason: reason });
    }
  }
}
