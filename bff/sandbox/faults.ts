import type Koa from 'koa';
import Router from '@koa/router';

/**
 * Latency and failure injection per route, for reliability tests and demos.
 * `POST /sandbox/faults {pathPrefix, method?, latencyMs?, status?, times?}` installs a fault;
 * `DELETE /sandbox/faults` clears them. A fault with `status` answers that status instead of the
 * route; `latencyMs` delays the request first; `times` limits how many requests it hits.
 */
export interface Fault {
  id: number;
  pathPrefix: string;
  method?: string;
  latencyMs?: number;
  status?: number;
  times?: number;
  hits: number;
}

export class Faults {
  private list: Fault[] = [];
  private nextId = 1;

  add(f: Omit<Fault, 'id' | 'hits'>): Fault {
    const fault: Fault = { ...f, id: this.nextId++, hits: 0 };
    this.list.push(fault);
    return fault;
  }

  clear(): void {
    this.list = [];
  }

  all(): Fault[] {
    return this.list;
  }

  middleware(): Koa.Middleware {
    return async (ctx, next) => {
      const fault = this.list.find(
        (f) =>
          ctx.path.startsWith(f.pathPrefix) &&
          (!f.method || f.method.toUpperCase() === ctx.method) &&
          (f.times === undefined || f.hits < f.times),
      );
      if (!fault) return next();
      fault.hits++;
      if (fault.latencyMs) await new Promise((r) => setTimeout(r, fault.latencyMs));
      if (fault.status) {
        ctx.status = fault.status;
        ctx.body = { code: 'SANDBOX_FAULT', message: `injected fault ${fault.id}` };
        return;
      }
      return next();
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
      });
    });
    r.delete('/', (ctx) => {
      this.clear();
      ctx.status = 204;
    });
    return r;
  }
}
