import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import * as shared from '@healthpocket/shared-types';
import { startStack, type Stack } from '../../test/harness';
import { OPENAPI_EXAMPLES } from './openapi-examples';
import { buildDocument } from '../../../scripts/gen-client';

type Op = { operationId?: string; parameters?: Array<{ name: string }>; responses: Record<string, unknown>; requestBody?: { content: Record<string, unknown> } };

let s: Stack;
let checked: { swaggerParser: string[]; redocly: Array<{ severity: string; ruleId: string; message: string; where?: string }>; typescript: string; typescriptError: string | null };
let doc: { paths: Record<string, Record<string, Op>>; components: { schemas: Record<string, unknown> } };
/** The error codes a response lists as its enum (through its Error_… component). */
const codesOf = (response: unknown): string[] => {
  const ref = (response as { content: Record<string, { schema: { $ref: string } }> }).content['application/json'].schema.$ref;
  const schema = doc.components.schemas[ref.split('/').pop()!] as { allOf: Array<{ properties?: { error: { properties: { code: { enum: string[] } } } } }> };
  return schema.allOf[1].properties!.error.properties.code.enum;
};
const ops = () => Object.entries(doc.paths).flatMap(([p, methods]) => Object.entries(methods).map(([m, op]) => ({ name: `${m.toUpperCase()} ${p}`, op })));

beforeAll(async () => {
  s = await startStack();
  doc = (await s.api('GET', '/api/openapi.json')).body;
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hp-openapi-')), 'openapi.json');
  fs.writeFileSync(file, JSON.stringify(doc));
  const out = execFileSync(process.execPath, [path.join(__dirname, '../../test/openapi-check.mjs'), file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  checked = JSON.parse(out);
}, 120_000);
afterAll(() => s.close());

describe('the OpenAPI document', () => {
  it('validates under swagger-parser with 0 errors', () => {
    expect(checked.swaggerParser).toEqual([]);
  });

  it('keeps no local definitions: shared schemas are components, RichNode refers to itself', () => {
    const text = JSON.stringify(doc);
    expect(text).not.toContain('"definitions"');
    expect(text).not.toContain('"$defs"');
    expect(text).not.toContain('__route_');
    expect(JSON.stringify(doc.components.schemas.RichNode)).toContain('"$ref":"#/components/schemas/RichNode"');
    expect(Object.keys(doc.components.schemas).length).toBeGreaterThan(100);
  });

  it('gives every operation a unique operationId and at least one 4xx answer with its codes as an enum', () => {
    const all = ops();
    expect(all.length).toBeGreaterThan(100);
    const ids = all.map((o) => o.op.operationId);
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { name, op } of all) {
      const fourxx = Object.keys(op.responses).filter((st) => /^4\d\d$/.test(st));
      expect([name, fourxx.length > 0]).toEqual([name, true]);
      for (const st of fourxx) expect(codesOf(op.responses[st]).length).toBeGreaterThan(0);
    }
    const login = doc.paths['/api/v1/auth/wechat-login'].post;
    expect(codesOf(login.responses['400'])).toEqual(['MALFORMED_REQUEST', 'VALIDATION_FAILED', 'WECHAT_CODE_INVALID']);
    expect(codesOf(login.responses['429'])).toEqual(['RATE_LIMITED']);
    // Declared by the route (route.errors), next to those its shape implies.
    const book = doc.paths['/api/v1/bookings'].post;
    expect(codesOf(book.responses['409'])).toEqual(expect.arrayContaining(['SLOT_FULL', 'IDEMPOTENCY_CONFLICT']));
    expect(Object.keys(book.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '403', '404', '409', '429', '503']));
    // The Idempotency-Key header once, however the route documents it.
    const keys = (book.parameters ?? []).filter((p) => p.name === 'Idempotency-Key');
    expect(keys).toHaveLength(1);
  });

  it('documents uploads as multipart and image answers as bytes', () => {
    expect(Object.keys(doc.paths['/api/v1/doctor/conversations/{id}/images'].post.requestBody!.content)).toEqual(['multipart/form-data']);
    expect(Object.keys(doc.paths['/api/v1/content/images/{id}'].get.responses)).toContain('200');
    expect(Object.keys((doc.paths['/api/v1/doctor/images/{id}'].get.responses['200'] as { content: object }).content)).toContain('image/jpeg');
  });

  it('has examples that parse with their own schemas', () => {
    expect(Object.keys(OPENAPI_EXAMPLES).length).toBeGreaterThanOrEqual(4);
    for (const [name, example] of Object.entries(OPENAPI_EXAMPLES)) {
      const schema = (shared as Record<string, unknown>)[name] as z.ZodType;
      expect([name, schema.safeParse(example).error?.issues ?? []]).toEqual([name, []]);
      expect((doc.components.schemas[name] as { examples?: unknown[] }).examples).toEqual([example]);
    }
  });

  it('is the document `npm run gen:client` builds without a server (the miniapp types come from it)', async () => {
    expect(JSON.parse(JSON.stringify(await buildDocument()))).toEqual(doc);
  });

  it('generates TypeScript types with openapi-typescript', () => {
    expect(checked.typescriptError).toBeNull();
    expect(checked.typescript).toContain('getFamilyMembers');
    expect(checked.typescript).toContain('RichNode');
  });

  it('lints with 0 errors under Redocly recommended rules', () => {
    expect(checked.redocly.filter((p) => p.severity === 'error')).toEqual([]);
    // Every component is used: params and query are inlined as parameters, not left behind as schemas.
    expect(checked.redocly.filter((p) => p.ruleId === 'no-unused-components')).toEqual([]);
  });
});
