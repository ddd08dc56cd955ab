import type { paths } from './generated/api-types';
import { http, type RequestOptions } from './http';

/**
 * The BFF's API, typed by its own OpenAPI document (generated/api-types.ts, `npm run gen:client`):
 * `client.GET('/api/v1/family/members')` is typed by what that route answers, and a call whose
 * path, parameters or body the BFF does not accept is a type error.
 *
 * Every call goes through `http` (api.ts): the access token, the one refresh on TOKEN_EXPIRED,
 * the login page when the session ends and the ApiError mapping are those of every request.
 * Types only come from the generated file; there is no fetch in the weapp, nor zod in the bundle.
 */

type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** The paths that have an operation for `M`. */
type PathsWith<M extends HttpMethod> = { [P in keyof paths]: paths[P][M] extends { responses: unknown } ? P : never }[keyof paths];
/** The operation of `M` on `P`. */
type Operation<P extends keyof paths, M extends HttpMethod> = NonNullable<paths[P][M]>;

type Responses<O> = O extends { responses: infer R } ? R : never;
type SuccessStatus = 200 | 201 | 202 | 204;
type JsonOf<R> = R extends { content: { 'application/json': infer B } } ? B : R extends { content?: never } ? void : unknown;
type Success<O> = { [S in SuccessStatus & keyof Responses<O>]: JsonOf<Responses<O>[S]> }[SuccessStatus & keyof Responses<O>];

/** What a successful call of `M` on `P` answers (void for 204 No Content). */
export type ApiResponse<P extends keyof paths, M extends HttpMethod = 'get'> = Success<Operation<P, M>>;
/** The JSON body a call of `M` on `P` sends. */
export type ApiBody<P extends keyof paths, M extends HttpMethod> = NonNullable<Operation<P, M>['requestBody']> extends { content: { 'application/json': infer B } } ? B : never;
/** The query parameters of a call of `M` on `P`. */
export type ApiQuery<P extends keyof paths, M extends HttpMethod = 'get'> = NonNullable<Params<Operation<P, M>>['query']>;

type Params<O> = O extends { parameters: infer P } ? P : never;
type ParamsInit<O> = Omit<Params<O>, 'cookie'>;
// `{} extends X` asks whether every key of X is optional (the only use of `{}` here).
/* eslint-disable @typescript-eslint/no-empty-object-type */
type BodyInit<O> = [NonNullable<O extends { requestBody?: infer B } ? B : never>] extends [never]
  ? { body?: never }
  : { body: NonNullable<O extends { requestBody?: infer B } ? B : never> extends { content: { 'application/json': infer J } } ? J : never };
type ParamsPart<O> = {} extends ParamsInit<O> ? { params?: ParamsInit<O> } : { params: ParamsInit<O> };

type CallInit<O> = ParamsPart<O> & BodyInit<O> & Omit<RequestOptions, 'header'>;
type InitArgs<O> = {} extends CallInit<O> ? [init?: CallInit<O>] : [init: CallInit<O>];
/* eslint-enable @typescript-eslint/no-empty-object-type */

type Scalar = string | number | boolean;
interface RawInit {
  params?: { path?: Record<string, Scalar>; query?: Record<string, Scalar | null | undefined>; header?: Record<string, string> };
  body?: unknown;
  auth?: boolean;
  baseUrl?: string;
  noLoginRedirect?: boolean;
}

/**
 * `/a/{id}/b` with `{ id }` filled in (URI-encoded), then the query parameters that have a value,
 * in the order given (`?k=v&…`, URI-encoded; undefined and null left out).
 */
export function urlOf(path: string, params: RawInit['params'] = {}): string {
  const filled = path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = params.path?.[name];
    if (v === undefined) throw new Error(`missing path parameter ${name} of ${path}`);
    return encodeURIComponent(String(v));
  });
  const qs = Object.entries(params.query ?? {})
    .filter((e): e is [string, Scalar] => e[1] !== undefined && e[1] !== null)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  return qs ? `${filled}?${qs}` : filled;
}

function call(method: HttpMethod, path: string, init: RawInit = {}): Promise<unknown> {
  const { params, body, ...rest } = init;
  const url = urlOf(path, params);
  const opts: RequestOptions = { ...rest, ...(params?.header ? { header: params.header } : {}) };
  switch (method) {
    case 'get':
      return http.get(url, opts);
    case 'post':
      return http.post(url, body, opts);
    case 'put':
      return http.put(url, body, opts);
    case 'patch':
      return http.patch(url, body, opts);
    case 'delete':
      return http.del(url, opts);
  }
}

function method<M extends HttpMethod>(m: M) {
  return <P extends PathsWith<M>>(path: P, ...init: InitArgs<Operation<P, M>>): Promise<ApiResponse<P, M>> => call(m, path, init[0] as RawInit | undefined) as Promise<ApiResponse<P, M>>;
}

export const client = {
  GET: method('get'),
  POST: method('post'),
  PUT: method('put'),
  PATCH: method('patch'),
  DELETE: method('delete'),
};
