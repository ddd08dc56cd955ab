import { z } from 'zod';
import type { AnyRoute } from './route';
import { rolesWith } from '../policies/permissions';

function schemaOf(s: unknown, io: 'input' | 'output') {
  return z.toJSONSchema(s as z.ZodType, { io, unrepresentable: 'any', target: 'openapi-3.0' });
}

/** OpenAPI 3 generated from the same zod schemas that validate requests. */
export function buildOpenApi(routes: AnyRoute[], version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.path.replace(/:(\w+)/g, '{$1}');
    const parameters: unknown[] = [];
    const addParams = (schema: unknown, where: 'path' | 'query') => {
      if (!schema) return;
      const js = schemaOf(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, s] of Object.entries(js.properties ?? {})) {
        parameters.push({ name, in: where, required: where === 'path' || (js.required ?? []).includes(name), schema: s });
      }
    };
    addParams(r.params, 'path');
    addParams(r.query, 'query');
    if (r.idempotent) parameters.push({ name: 'Idempotency-Key', in: 'header', required: true, description: '8–64 characters [A-Za-z0-9_-]; a retry with the same key replays the first answer (409 IDEMPOTENCY_CONFLICT while the first is still running; if the server running it died, a retry after its lease finishes the work and answers as the first would have)', schema: { type: 'string' } });
    for (const [name, h] of Object.entries(r.headers ?? {})) {
      parameters.push({ name, in: 'header', required: h.required, description: h.description, schema: { type: 'string' } });
    }
    const status = String(r.status ?? (r.response ? 200 : 204));
    paths[path] ??= {};
    paths[path][r.method] = {
      summary: r.summary,
      tags: r.tags,
      security: r.auth === 'public' ? [] : [{ bearer: [] }],
      'x-permission': r.auth === 'public' || r.auth === 'user' ? undefined : r.auth,
      'x-roles': r.auth === 'public' || r.auth === 'user' ? undefined : rolesWith(r.auth),
      parameters,
      requestBody: r.body ? { required: true, content: { 'application/json': { schema: schemaOf(r.body, 'input') } } } : undefined,
      responses: {
        [status]: r.response
          ? { description: 'OK', content: { 'application/json': { schema: schemaOf(r.response, 'output') } } }
          : { description: 'No content' },
        default: { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      },
    };
  }
  return {
    openapi: '3.0.3',
    info: { title: 'HealthPocket BFF', version },
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: {
                code: { type: 'string' },
                message: { type: 'string' },
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
