import type Koa from 'koa';
import Router from '@koa/router';

/**
 * Latency and failure injection per route, for reliability tests and demos.
 * `POST /sandbox/faults {pathPrefix, method?, latencyMs?, status?, times?}` installs a fault;
 * `DELETE /sandbox/faults` clears them. A fault with `status` answers that status instead of the
 * route; `latencyMs` delays the request first; `times` limits how many requests it hits.
 *
 * `pause: true` holds each request it hits until `POST /sandbox/faults/:id/release` (or `DELETE
 * /sandbox/faults`); `waiting` counts the requests it holds, so a test can wait until a call is in
 * flight, kill the caller, and then let the upstream finish the work nobody will read the answer of.
 * A released pause lets later requests through.
 *
 * `malformed: true` lets the route answer and then breaks the shape of a 2xx JSON answer: every
 * top-level field gets a value of another type (`{items: […]}` becomes `{items: "malformed"}`), so
 * no upstream contract schema accepts it. It stands for an upstream that changed or garbled its
 * answer, which the BFF must treat as an upstream fault, not read.
 */
export interface Fault {
  id: number;
  pathPrefix: string;
  method?: string;
  latencyMs?: number;
  status?: number;
  times?: number;
  pause?: boolean;
  malformed?: boolean;
  hits: number;
  /** Requests a pause holds right now. */
  waiting: number;
}

export class Faults {
  private list: Fault[] = [];
  private nextId = 1;
  /** Per paused fault: the release its held requests wait for. */
  private gates = new Map<number, { promise: Promise<void>; open: () => void }>();

  add(f: Omit<Fault, 'id' | 'hits' | 'waiting'>): Fault {
    const fault: Fault = { ...f, id: this.nextId++, hits: 0, waiting: 0 };
    if (fault.pause) {
      let open!: () => void;
      const promise = new Promise<void>((r) => (open = r));
      this.gates.set(fault.id, { promise, open });
    }
    this.list.push(fault);
    return fault;
  }

  /** Lets the requests a pause holds go on (and later ones through). False when there is no such pause. */
  release(id: number): boolean {
    const fault = this.list.find((f) => f.id === id);
    const gate = this.gates.get(id);
    if (!fault || !gate) return false;
    fault.pause = false;
    this.gates.delete(id);
    gate.open();
    return true;
  }

  clear(): void {
    for (const f of this.list) this.release(f.id);
    this.list = [];
  }

  all(): Fault[] {
    return this.list;
  }

  middleware(): Koa.Middleware {
    return async (ctx, next) => {
      const fault = this.list.find((f) => ctx.path.startsWith(f.pathPrefix) && (!f.method || f.method.toUpperCase() === ctx.method) && (f.times === undefined || f.hits < f.times));
      if (!fault) return next();
      fault.hits++;
      const gate = fault.pause ? this.gates.get(fault.id) : undefined;
      if (gate) {
        fault.waiting++;
        await gate.promise;
        fault.waiting--;
      }
      if (fault.latencyMs) await new Promise((r) => setTimeout(r, fault.latencyMs));
      if (fault.status) {
        ctx.status = fault.status;
        ctx.body = { code: 'SANDBOX_FAULT', message: `injected fault ${fault.id}` };
        return;
      }
      await next();
      if (fault.malformed && ctx.status >= 200 && ctx.status < 300) ctx.body = malform(ctx.body);
    };
  }

  routes(): Router {
    const r = new Router({ prefix: '/sandbox/faults' });
    r.get('/', (ctx) => {
      ctx.body = { items: this.all() };
    });
    r.post('/', (ctx) => {
      const b = (ctx.request.body ?? {}) as Partial<Fault>;
      if (typeof b.pathPrefix !== 'string' || !b.pathPrefix.startsWith('/')) {
        ctx.status = 400;
        ctx.body = { code: 'BAD_FAULT', message: 'pathPrefix must start with /' };
        return;
      }
      ctx.status = 201;
      ctx.body = this.add({
        pathPrefix: b.pathPrefix,
        method: b.method,
        latencyMs: b.latencyMs,
        status: b.status,
        times: b.times,
        pause: b.pause === true,
        malformed: b.malformed === true,
      });
    });
    r.post('/:id/release', (ctx) => {
      if (!this.release(Number(ctx.params.id))) {
        ctx.status = 404;
        ctx.body = { code: 'NO_PAUSE', message: 'no such pause (or it was released)' };
        return;
      }
      ctx.status = 204;
    });
    r.delete('/', (ctx) => {
      this.clear();
      ctx.status = 204;
    });
    return r;
  }
}

/** A value of another type than `v`, so a schema that names the field refuses it. */
function otherType(v: unknown): unknown {
  if (typeof v === 'string') return 0;
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || Array.isArray(v)) return 'malformed';
  return typeof v === 'object' ? 'malformed' : null;
}

/** The answer with every top-level field of another type; a signed text answer (WeChat Pay) stays text. */
function malform(body: unknown): unknown {
  if (typeof body === 'string' || Buffer.isBuffer(body)) {
    try {
      return JSON.stringify(malform(JSON.parse(String(body))));
    } catch {
      return body;
    }
  }
  if (Array.isArray(body)) return 'malformed';
  if (!body || typeof body !== 'object') return { malformed: true };
  return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, otherType(v)]));
}
