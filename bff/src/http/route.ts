import type Koa from 'koa';
import { z } from 'zod';
import { AppError, errors } from '../errors';
import type { Actor } from '../auth/tokens';
import { can, type Permission } from '../policies/permissions';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
/** 'public', any signed-in 'user', or the staff permission the route needs (policies/permissions.ts). */
export type Auth = 'public' | 'user' | Permission;

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface HandlerInput<P, Q, B, A extends Auth> {
  params: Out<P>;
  query: Out<Q>;
  body: Out<B>;
  actor: [A] extends ['public'] ? Actor | null : Actor;
  ctx: Koa.Context;
  requestId: string;
}

export interface RouteDef<P = unknown, Q = unknown, B = unknown, R = unknown, A extends Auth = Auth> {
  method: Method;
  path: string;
  summary: string;
  tags?: string[];
  auth: A;
  params?: P;
  query?: Q;
  body?: B;
  response?: R;
  /** Status for a returned body (default 200); a handler returning undefined answers 204. */
  status?: number;
  /** Request headers the route reads, documented in OpenAPI (e.g. Idempotency-Key). */
  headers?: Record<string, { required: boolean; description: string }>;
  /** Fixed-window limit; shared between instances through Redis when REDIS_URL is set. */
  rateLimit?: RateLimit;
  /** Requires an Idempotency-Key header; retries replay the first answer (money and bookings). */
  idempotent?: boolean;
  /**
   * A cheap early refusal run before the Idempotency-Key write (e.g. a sold-out gate in a rush).
   * A retry of a key already used skips it, so a replay still answers what the first request got.
   */
  admit?: (input: HandlerInput<P, Q, B, A>) => Promise<void>;
  handler: (input: HandlerInput<P, Q, B, A>) => Promise<(R extends z.ZodType ? z.input<R> : unknown) | void>;
}

export interface RateLimit {
  name: string;
  points: number;
  durationSeconds: number;
  by: 'ip' | 'user';
}

export type AnyRoute = RouteDef<any, any, any, any, any>;

/** Typed route definition; the registry turns it into a Koa handler and an OpenAPI operation. */
export function route<
  P extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
  R extends z.ZodType | undefined = undefined,
  const A extends Auth = 'user',
>(def: RouteDef<P, Q, B, R, A>): RouteDef<P, Q, B, R, A> {
  return def;
}

export function zodDetails(err: z.ZodError) {
  return err.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

function parse<S extends z.ZodType>(schema: S | undefined, value: unknown): unknown {
  if (!schema) return undefined;
  const r = schema.safeParse(value);
  if (!r.success) {
    const details = zodDetails(r.error);
    // The first problem is the one a resident should fix first; say it in the message.
    throw errors.badInput(details, details.length === 1 ? details[0].message : undefined);
  }
  return r.data;
}

export interface RouteRuntime {
  authenticate: (ctx: Koa.Context) => Promise<Actor | null>;
  /** Throws RATE_LIMITED when `key` used up its points. */
  consume: (limit: RateLimit, key: string) => Promise<void>;
  idempotency: {
    run: (ctx: Koa.Context, userId: string, route: string, body: unknown, handler: () => Promise<void>) => Promise<void>;
    seen: (userId: string, key: string) => Promise<boolean>;
  };
}

export function toMiddleware(def: AnyRoute, rt: RouteRuntime): Koa.Middleware {
  return async (ctx) => {
    let actor: Actor | null = null;
    if (def.auth === 'public') {
      actor = ctx.get('authorization') ? await safeAuth(rt, ctx) : null;
    } else {
      actor = await rt.authenticate(ctx);
      if (!actor) throw errors.unauthenticated();
      if (def.auth !== 'user' && !can(actor, def.auth)) throw errors.forbidden();
    }
    if (def.rateLimit) {
      await rt.consume(def.rateLimit, def.rateLimit.by === 'user' && actor ? `u:${actor.userId}` : `ip:${ctx.ip}`);
    }
    const input = {
      params: parse(def.params, ctx.params),
      query: parse(def.query, ctx.query),
      body: def.body ? parse(def.body, ctx.request.body ?? {}) : undefined,
      actor,
      ctx,
      requestId: ctx.state.requestId as string,
    };
    if (def.admit) {
      try {
        await def.admit(input as never);
      } catch (e) {
        const replay = def.idempotent && actor && (await rt.idempotency.seen(actor.userId, ctx.get('idempotency-key')));
        if (!replay) throw e;
      }
    }
    const respond = async () => {
      const result = await def.handler(input as never);
      if (result === undefined) {
        if (ctx.body === undefined) ctx.status = 204;
        return;
      }
      ctx.status = def.status ?? 200;
      ctx.body = def.response ? (def.response as z.ZodType).parse(result) : result;
    };
    if (def.idempotent && actor) await rt.idempotency.run(ctx, actor.userId, `${def.method} ${def.path}`, { params: input.params, body: input.body }, respond);
    else await respond();
  };
}

async function safeAuth(rt: RouteRuntime, ctx: Koa.Context): Promise<Actor | null> {
  try {
    return await rt.authenticate(ctx);
  } catch (e) {
    if (e instanceof AppError) return null;
    throw e;
  }
}
