import { ERROR_CODES, type ErrorCode } from '@healthpocket/shared-types';
import type { AnyRoute } from './route';
import { rolesWith } from '../policies/permissions';
import { buildSchemas, type OpenApiSchemas } from './openapi-schemas';

type Json = Record<string, unknown>;

/** What each tag groups; a tag not listed here is still published (Redocly warns on the missing description). */
const TAG_DESCRIPTIONS: Record<string, string> = {
  admin: '系统管理：账号、角色与审计',
  auth: '微信登录与令牌',
  bills: '诊间缴费',
  booking: '预约挂号',
  content: '健康资讯与推送',
  doctor: '家庭医生签约与咨询',
  family: '家庭成员与授权',
  healthcard: '电子健康卡',
  me: '本人实名与设置',
  payments: '支付订单与退款',
  records: '健康档案',
  system: '健康检查与运行状态',
  vaccines: '疫苗接种预约',
  workbench: '医生工作台',
};

const IDEMPOTENCY_KEY =
  '8–64 characters [A-Za-z0-9_-]; a retry with the same key replays the first answer (409 IDEMPOTENCY_CONFLICT while the first is still running; if the server running it died, a retry after its lease finishes the work and answers as the first would have)';

/** A stable operationId from method and path: `GET /api/v1/family/members/:id` → `getFamilyMembersById`. */
function operationIdOf(r: AnyRoute): string {
  const words = r.path
    .replace(/^\/api\/v\d+\//, '/')
    .split('/')
    .filter(Boolean)
    .flatMap((seg) => (seg.startsWith(':') ? ['by', seg.slice(1)] : seg.split(/[^A-Za-z0-9]+/)))
    .filter(Boolean);
  return r.method + words.map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}

/** The error codes a route can answer, derived from its shape plus those it declares. */
function errorCodesOf(r: AnyRoute): ErrorCode[] {
  const codes = new Set<ErrorCode>(['MALFORMED_REQUEST']);
  if (r.params || r.query || r.body || r.upload) codes.add('VALIDATION_FAILED');
  if (r.body || r.upload) ['UNSUPPORTED_MEDIA_TYPE', 'PAYLOAD_TOO_LARGE'].forEach((c) => codes.add(c as ErrorCode));
  if (r.auth !== 'public') ['UNAUTHENTICATED', 'TOKEN_EXPIRED'].forEach((c) => codes.add(c as ErrorCode));
  if (r.auth !== 'public' && r.auth !== 'user') codes.add('FORBIDDEN');
  if (r.member) ['FORBIDDEN', 'NOT_FOUND'].forEach((c) => codes.add(c as ErrorCode));
  if (r.params) codes.add('NOT_FOUND');
  if (r.idempotent) codes.add('IDEMPOTENCY_CONFLICT');
  if (r.rateLimit) codes.add('RATE_LIMITED');
  for (const c of r.errors ?? []) codes.add(c);
  return [...codes];
}

/** One component per set of codes a status answers (`Error_UNAUTHENTICATED_or_TOKEN_EXPIRED`), shared by the operations. */
function errorResponses(r: AnyRoute, components: Record<string, Json>): Record<string, Json> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of errorCodesOf(r)) {
    const status = ERROR_CODES[code].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const out: Record<string, Json> = {};
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    const name = `Error_${codes.join('_or_')}`;
    components[name] ??= {
      allOf: [
        { $ref: '#/components/schemas/Error' },
        { type: 'object', required: ['error'], properties: { error: { type: 'object', required: ['code'], properties: { code: { type: 'string', enum: codes } } } } },
      ],
    };
    out[String(status)] = {
      description: codes.map((c) => `${c}: ${ERROR_CODES[c].message}`).join('\n'),
      content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } },
    };
  }
  return out;
}

function parametersOf(r: AnyRoute, schemas: OpenApiSchemas): Json[] {
  const parameters: Json[] = [];
  for (const [which, where] of [
    ['params', 'path'],
    ['query', 'query'],
  ] as const) {
    const found = schemas.slot(r, which);
    const ref = typeof found?.$ref === 'string' ? found.$ref.split('/').pop()! : undefined;
    const js = (ref ? schemas.components[ref] : found) as { properties?: Record<string, Json>; required?: string[] } | undefined;
    for (const [name, s] of Object.entries(js?.properties ?? {})) {
      const { description, ...schema } = s;
      parameters.push({ name, in: where, required: where === 'path' || (js?.required ?? []).includes(name), ...(description ? { description } : {}), schema });
    }
  }
  const headers = { ...(r.idempotent ? { 'Idempotency-Key': { required: true, description: IDEMPOTENCY_KEY } } : {}), ...(r.headers ?? {}) };
  for (const [name, h] of Object.entries(headers)) {
    parameters.push({
      name,
      in: 'header',
      required: h.required,
      description: h.description,
      schema: name === 'Idempotency-Key' ? { type: 'string', pattern: '^[A-Za-z0-9_-]{8,64}$' } : { type: 'string' },
    });
  }
  return parameters;
}

function requestBodyOf(r: AnyRoute, body: Json | undefined): Json | undefined {
  if (r.upload) {
    const { field, types, maxBytes } = r.upload;
    return {
      required: true,
      description: `One file in the field \`${field}\` (${types.join(', ')}; at most ${maxBytes} bytes)`,
      content: {
        'multipart/form-data': {
          schema: { type: 'object', required: [field], properties: { [field]: { type: 'string', contentMediaType: 'application/octet-stream' } } },
          encoding: { [field]: { contentType: types.join(', ') } },
        },
      },
    };
  }
  return body ? { required: true, content: { 'application/json': { schema: body } } } : undefined;
}

function successOf(r: AnyRoute, response: Json | undefined): [string, Json] {
  if (r.produces) return [String(r.status ?? 200), { description: 'The file', content: Object.fromEntries(r.produces.map((t) => [t, { schema: { type: 'string', contentMediaType: t } }])) }];
  const status = String(r.status ?? (r.response ? 200 : 204));
  return [status, response ? { description: 'OK', content: { 'application/json': { schema: response } } } : { description: 'No content' }];
}

/** OpenAPI 3.1 generated from the same zod schemas that validate requests (route() is the one source). */
export function buildOpenApi(routes: AnyRoute[], version: string) {
  const schemas = buildSchemas(routes);
  const paths: Record<string, Record<string, unknown>> = {};
  const errorSchemas: Record<string, Json> = {};
  for (const r of routes) {
    const path = r.path.replace(/:(\w+)/g, '{$1}');
    const [status, success] = successOf(r, schemas.slot(r, 'response'));
    const op: Json = {
      operationId: r.operationId ?? operationIdOf(r),
      summary: r.summary,
      tags: r.tags,
      security: r.auth === 'public' ? [] : [{ bearer: [] }],
      'x-permission': r.auth === 'public' || r.auth === 'user' ? undefined : r.auth,
      'x-roles': r.auth === 'public' || r.auth === 'user' ? undefined : rolesWith(r.auth),
      parameters: parametersOf(r, schemas),
      requestBody: requestBodyOf(r, schemas.slot(r, 'body')),
      responses: {
        [status]: success,
        ...errorResponses(r, errorSchemas),
        default: { description: 'Server or upstream failure (INTERNAL, UPSTREAM_UNAVAILABLE …)', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      },
    };
    paths[path] ??= {};
    paths[path][r.method] = JSON.parse(JSON.stringify(op));
  }
  const tags = [...new Set(routes.flatMap((r) => r.tags ?? []))].sort().map((name) => (TAG_DESCRIPTIONS[name] ? { name, description: TAG_DESCRIPTIONS[name] } : { name }));
  return {
    openapi: '3.1.0',
    info: {
      title: 'HealthPocket BFF',
      version,
      license: { name: 'Proprietary', identifier: 'LicenseRef-HealthPocket' },
      description: 'The API of the HealthPocket miniapp and staff console; generated from the route() definitions.',
    },
    servers: [{ url: '/', description: 'The BFF itself (the miniapp and the H5 build call the origin they were served from)' }],
    tags,
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: {
        ...schemas.components,
        ...errorSchemas,
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: {
                code: { type: 'string', enum: Object.keys(ERROR_CODES) },
                message: { type: 'string', description: 'Chinese, for the resident' },
                requestId: { type: 'string' },
                details: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } },
              },
            },
          },
        },
      },
    },
  };
}
