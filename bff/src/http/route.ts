import type Koa from 'koa';
import { z } from 'zod';
import type { ErrorCode } from '@healthpocket/shared-types';
import { AppError, errors } from '../errors';
import type { Actor } from '../auth/tokens';
import type { MemberPurpose } from '../policies/member-access';
import { can, type Permission } from '../policies/permissions';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
/** 'public', any signed-in 'user', or the staff permission the route needs (policies/permissions.ts). */
export type Auth = 'public' | 'user' | Permission;

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

interface HandlerInput<P, Q, B, A extends Auth> {
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
  /** OpenAPI operationId; derived from method and path when absent (openapi.ts). */
  operationId?: string;
  /** Error codes the route answers beyond those its shape implies (validation, auth, 404, 409, 429); documented per status. */
  errors?: ErrorCode[];
  /** The request is a multipart/form-data upload of one file in this field (the handler reads ctx.req). */
  upload?: { field: string; types: string[]; maxBytes: number };
  /** The answer is bytes of one of these media types (the handler sets ctx.body to a stream or buffer). */
  produces?: string[];
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
  admit?: (input: HandlerInput<P, Q, B, A>) => Promise<void | (() => void)>;
  /**
   * A route that takes a family member says what it does for them; the one member policy
   * (policies/member-access.ts) decides before the handler runs. `key` names the field in params,
   * query or body (default memberId). The app refuses to start with a member field undeclared.
   */
  member?: { purpose: MemberPurpose; key?: string };
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
  /** Throws the member policy's refusal (404, or 403 with what is missing). */
  memberAccess: (scope: { actor: Actor; requestId: string }, memberId: string, purpose: MemberPurpose) => Promise<void>;
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
      // The access log names the signed-in user, refused or not (http/middleware.ts).
      ctx.state.userId = actor.userId;
      if (def.auth !== 'user' && !can(actor, def.auth)) throw errors.forbidden();
    }
    if (actor) ctx.state.userId = actor.userId;
    if (def.rateLimit) {
      await rt.consume(def.rateLimit, def.rateLimit.by === 'user' && actor ? `u:${actor.userId}` : `ip:${ctx.ip}`);
    }
    // A body the JSON parser skipped (text/plain, a form, no type) is not the JSON the route reads.
    const sentBody = Number(ctx.get('content-length') || 0) > 0 || ctx.get('transfer-encoding') !== '';
    if (def.body && sentBody && !ctx.request.is('json')) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
    const input = {
      params: parse(def.params, ctx.params),
      query: parse(def.query, ctx.query),
      body: def.body ? parse(def.body, ctx.request.body ?? {}) : undefined,
      actor,
      ctx,
      requestId: ctx.state.requestId as string,
    };
    // A rush's admission comes before the member policy's read (a full slot is no one's secret), so
    // its losers cost no database work beyond the replay check. The place is given back unless the
    // handler used it: refused by the policy, failed, a replay, or a re-run adopting what a dead
    // attempt already took.
    let giveBack: (() => void) | undefined;
    if (def.admit) {
      try {
        giveBack = (await def.admit(input as never)) ?? undefined;
      } catch (e) {
        const replay = def.idempotent && actor && (await rt.idempotency.seen(actor.userId, ctx.get('idempotency-key')));
        if (!replay) throw e;
      }
    }
    let used = false;
    const respond = async () => {
      const result = await def.handler(input as never);
      used = !(ctx.state.idempotency as { recovering?: boolean } | undefined)?.recovering;
      if (result === undefined) {
        if (ctx.body === undefined) ctx.status = 204;
        return;
      }
      ctx.status = def.status ?? 200;
      ctx.body = def.response ? (def.response as z.ZodType).parse(result) : result;
    };
    try {
      if (def.member) {
        const key = def.member.key ?? 'memberId';
        const id = [input.params, input.query, input.body].map((x) => (x as Record<string, unknown> | undefined)?.[key]).find((v) => v !== undefined);
        if (typeof id === 'string') {
          if (!actor) throw errors.unauthenticated();
          await rt.memberAccess(input as never, id, def.member.purpose);
        }
      }
      if (def.idempotent && actor) await rt.idempotency.run(ctx, actor.userId, `${def.method} ${def.path}`, { params: input.params, body: input.body }, respond);
      else await respond();
    } finally {
      if (!used) giveBack?.();
    }
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

/** Field names a request schema accepts (objects, and the branches of unions). */
function fieldsOf(schema: unknown): string[] {
  if (!schema) return [];
  try {
    const js = z.toJSONSchema(schema as z.ZodType, { io: 'input', unrepresentable: 'any' }) as { properties?: object; anyOf?: unknown[]; oneOf?: unknown[] };
    const branches = [js, ...((js.anyOf ?? js.oneOf ?? []) as (typeof js)[])];
    return branches.flatMap((b) => Object.keys(b.properties ?? {}));
  } catch {
    return [];
  }
}

/** Routes whose params, query or body carry a family member (memberId, or the id of /family/members/:id). */
function takesMember(def: AnyRoute): boolean {
  const fields = [def.params, def.query, def.body].flatMap(fieldsOf);
  return fields.includes('memberId') || /\/family\/members\/:id(\/|$)/.test(def.path);
}

/** Refuses to build an app in which a route takes a member without a member-policy decision. */
export function assertMemberPolicies(routes: AnyRoute[]): void {
  const missing = routes.filter((r) => takesMember(r) && !r.member).map((r) => `${r.method.toUpperCase()} ${r.path}`);
  if (missing.length) throw new Error(`routes take a family member without a member policy (route.member): ${missing.join(', ')}`);
}
