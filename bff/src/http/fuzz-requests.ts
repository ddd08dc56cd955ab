/**
 * Malformed requests for one OpenAPI operation (used by fuzz.test.ts, not by the BFF): wrong types,
 * missing fields, 1 MB strings, deep JSON, impossible dates, traversal in path ids, wrong content
 * types and encodings. Property mutations are drawn by fast-check with a fixed seed, so a failure
 * reproduces.
 */
import zlib from 'node:zlib';
import fc from 'fast-check';

export interface Operation {
  method: string;
  path: string;
  op: {
    security?: unknown[];
    'x-roles'?: string[];
    parameters?: Array<{ name: string; in: string; required?: boolean; schema?: JsonSchema }>;
    requestBody?: { content: Record<string, { schema: JsonSchema }> };
  };
}

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  format?: string;
  pattern?: string;
  minimum?: number;
  minLength?: number;
  minItems?: number;
  nullable?: boolean;
}

/**
 * The document with every `#/components/schemas/…` $ref replaced by the schema it names, so the
 * generator (and tests reading request shapes) see plain schemas. A schema that refers to itself
 * (RichNode) is expanded once; the inner reference becomes `{}` (any value).
 */
export function inlineRefs<T>(doc: T): T {
  const schemas = ((doc as { components?: { schemas?: Record<string, unknown> } }).components?.schemas ?? {}) as Record<string, unknown>;
  const expand = (node: unknown, open: string[]): unknown => {
    if (Array.isArray(node)) return node.map((n) => expand(n, open));
    if (!node || typeof node !== 'object') return node;
    const { $ref, ...rest } = node as Record<string, unknown>;
    if (typeof $ref === 'string' && $ref.startsWith('#/components/schemas/')) {
      const name = $ref.slice('#/components/schemas/'.length);
      if (open.includes(name)) return {};
      return { ...(expand(schemas[name], [...open, name]) as object), ...(expand(rest, open) as object) };
    }
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, expand(v, open)]));
  };
  return { ...doc, paths: expand((doc as { paths: unknown }).paths, []) } as T;
}

export interface FuzzRequest {
  label: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

const MB_STRING = 'x'.repeat(1024 * 1024);
const deepArray = (n: number) => '['.repeat(n) + ']'.repeat(n);
const deepObject = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);

/** A plausible value for a schema: the base that mutations start from. */
function sample(s: JsonSchema | undefined, hints: Record<string, string> = {}, name = ''): unknown {
  if (!s) return 'x';
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return s.enum[0];
  const alt = s.anyOf ?? s.oneOf ?? s.allOf;
  if (alt?.length) return sample(alt.find((a) => a.type !== 'null') ?? alt[0], hints, name);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const key of s.required ?? []) out[key] = sample(s.properties?.[key], hints, key);
      return out;
    }
    case 'array':
      return Array.from({ length: s.minItems ?? 1 }, () => sample(s.items, hints, name));
    case 'integer':
    case 'number':
      return Math.max(s.minimum ?? 1, 1);
    case 'boolean':
      return true;
    case 'string':
      if (hints[name]) return hints[name];
      if (s.format === 'date-time') return '2026-12-03T09:00:00+08:00';
      if (/date/i.test(name)) return '2026-12-03';
      return 'H001'.padEnd(Math.max(4, s.minLength ?? 0), '0');
    default:
      return 'x';
  }
}

/** Values of the wrong type or shape, tried in place of any field. */
const WRONG: unknown[] = [
  null,
  0,
  -1,
  1.5,
  1e308,
  -1e308,
  true,
  '',
  ' ',
  'null',
  '2026-02-30',
  '2026-13-45T99:99:99Z',
  '9999-12-31',
  '../../etc/passwd',
  '%2e%2e%2f',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '\u0000',
  '\ud800',
  '😀'.repeat(100),
  [],
  [[[[]]]],
  {},
  { $gt: '' },
  { __proto__: { admin: true } },
  'x'.repeat(10_000),
  Number.MAX_SAFE_INTEGER + 2,
];

const TRAVERSAL_IDS = ['..', '.', '%2e%2e', '%2E%2E%2F%2E%2E', '..%2f..%2fetc%2fpasswd', '%00', '%', '%E0%A4%A', 'a%5cb', 'x'.repeat(3000), '-1', '1e309', '%E5%86%85%E7%A7%91', '%20'];

const QUERY_VALUES = ['', 'abc', '-1', '1e309', 'NaN', '2026-02-30', '2026-13-45', '9'.repeat(400), '%00', '..%2f..', '[object Object]', 'x'.repeat(5000)];

export function requestsFor(o: Operation, hints: Record<string, string>, seed: number): FuzzRequest[] {
  const params = o.op.parameters ?? [];
  const pathParams = params.filter((p) => p.in === 'path');
  const query = params.filter((p) => p.in === 'query');
  const idempotent = params.some((p) => p.in === 'header' && p.name === 'Idempotency-Key');
  const fill = (overrides: Record<string, string> = {}) =>
    o.path.replace(/\{(\w+)\}/g, (_m, n: string) => overrides[n] ?? encodeURIComponent(String(sample(pathParams.find((p) => p.name === n)?.schema, hints, n))));
  const baseQuery: Record<string, string> = {};
  for (const q of query) if (q.required) baseQuery[q.name] = String(sample(q.schema, hints, q.name));
  const qs = (q: Record<string, string>) => {
    const s = new URLSearchParams(q).toString();
    return s ? `?${s}` : '';
  };
  const base = fill() + qs(baseQuery);
  const headers = (): Record<string, string> => (idempotent ? { 'idempotency-key': `fuzz-${seed}-${Math.random().toString(36).slice(2, 12)}` } : {});
  const out: FuzzRequest[] = [];
  const add = (label: string, path: string, extra: Record<string, string> = {}, body?: Buffer | string) =>
    out.push({ label, method: o.method, path, headers: { ...headers(), ...extra }, body: body === undefined ? undefined : Buffer.from(body) });

  // Path ids: traversal, broken encodings, absurd lengths.
  for (const p of pathParams) for (const bad of TRAVERSAL_IDS) add(`path ${p.name}=${bad.slice(0, 20)}`, fill({ [p.name]: bad }) + qs(baseQuery));
  if (pathParams.length) add('path as-is ..', o.path.replace(/\{(\w+)\}/g, '..'));

  // Query: missing required, wrong values, repeated keys.
  if (query.some((q) => q.required)) add('query missing', fill());
  for (const q of query) {
    for (const v of fc.sample(fc.constantFrom(...QUERY_VALUES), { seed: seed + q.name.length, numRuns: 4 })) add(`query ${q.name}=${v.slice(0, 20)}`, fill() + qs({ ...baseQuery, [q.name]: v }));
    add(`query ${q.name} repeated`, `${fill()}?${q.name}=a&${q.name}=b`);
  }
  add('query junk keys', `${base}${base.includes('?') ? '&' : '?'}__proto__=x&constructor[prototype]=y&%=1`);

  // Headers: broken bearer tokens, a broken Idempotency-Key.
  add('auth garbage', base, { authorization: 'Bearer x.y.z' });
  add('auth huge', base, { authorization: `Bearer ${'a'.repeat(6000)}` });
  add('auth basic', base, { authorization: 'Basic Zm9vOmJhcg==' });
  if (idempotent) add('idempotency key bad', base, { 'idempotency-key': '../../x' });

  if (!['POST', 'PUT', 'PATCH', 'DELETE'].includes(o.method)) return out;
  const schema = o.op.requestBody?.content['application/json']?.schema;
  const good = JSON.stringify(schema ? sample(schema, hints) : {});
  const json = { 'content-type': 'application/json' };

  // Bodies: each property in turn given a wrong value (drawn by fast-check), missing fields, 1 MB strings.
  if (schema?.properties) {
    const baseBody = sample(schema, hints) as Record<string, unknown>;
    const keys = Object.keys(schema.properties);
    const picks = fc.sample(fc.tuple(fc.constantFrom(...keys), fc.constantFrom(...WRONG)), { seed, numRuns: Math.min(30, keys.length * 6) });
    for (const [key, value] of picks) add(`body ${key}=${JSON.stringify(value)?.slice(0, 20)}`, base, json, JSON.stringify({ ...baseBody, [key]: value }));
    for (const key of keys) add(`body ${key} 1MB`, base, json, JSON.stringify({ ...baseBody, [key]: MB_STRING.slice(0, 1024 * 1024 - 200) }));
    for (const key of schema.required ?? []) {
      const { [key]: _drop, ...rest } = baseBody;
      add(`body missing ${key}`, base, json, JSON.stringify(rest));
    }
  }
  for (const raw of ['{}', 'null', '[]', '"str"', '123', 'true', '{"a":', '{"a":1}}', '\u00ef\u00bb\u00bf{}', '{"__proto__":{"isAdmin":true}}', '{"constructor":{"prototype":{"x":1}}}'])
    add(`body raw ${raw.slice(0, 16)}`, base, json, raw);
  add('body deep array', base, json, deepArray(100_000));
  add('body deep object', base, json, deepObject(50_000));
  add('body deep 40', base, json, `{"x":${deepObject(40)}}`);
  add('body over the limit', base, json, JSON.stringify({ x: 'y'.repeat(1024 * 1024 + 10) }));
  add('body invalid utf-8', base, json, Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d]) as unknown as string);

  // Content types and encodings.
  add('gzip not gzip', base, { ...json, 'content-encoding': 'gzip' }, good);
  add('deflate not deflate', base, { ...json, 'content-encoding': 'deflate' }, good);
  add('br not br', base, { ...json, 'content-encoding': 'br' }, good);
  add('gzip truncated', base, { ...json, 'content-encoding': 'gzip' }, zlib.gzipSync(good).subarray(0, 12) as unknown as string);
  add('gzip valid', base, { ...json, 'content-encoding': 'gzip' }, zlib.gzipSync(good) as unknown as string);
  add('gzip bomb', base, { ...json, 'content-encoding': 'gzip' }, zlib.gzipSync(Buffer.alloc(8 * 1024 * 1024, 0x20)) as unknown as string);
  add('encoding unsupported', base, { ...json, 'content-encoding': 'compress' }, good);
  add('encoding zstd', base, { ...json, 'content-encoding': 'zstd' }, good);
  add('encoding chained', base, { ...json, 'content-encoding': 'gzip, br' }, good);
  add('charset koi8-r', base, { 'content-type': 'application/json; charset=koi8-r' }, good);
  add('charset bogus', base, { 'content-type': 'application/json; charset=x-nope' }, good);
  add('text/plain', base, { 'content-type': 'text/plain' }, good);
  add('form', base, { 'content-type': 'application/x-www-form-urlencoded' }, 'a=1&b=2');
  add('multipart garbage', base, { 'content-type': 'multipart/form-data; boundary=zz' }, '--zz\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\nnot an image\r\n--zz--');
  add('multipart no boundary', base, { 'content-type': 'multipart/form-data' }, 'garbage');
  add('content-type garbage', base, { 'content-type': '/;;;=' }, good);
  add('no content-type', base, {}, good);
  return out;
}

/** Paths outside every route: traversal toward the file system, in every spelling. */
export const TRAVERSAL_PATHS = [
  '/../../etc/passwd',
  '/..%2f..%2fetc%2fpasswd',
  '/%2e%2e/%2e%2e/etc/passwd',
  '/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd',
  '/.%2e/.%2e/etc/passwd',
  '/api/../../etc/passwd',
  '/api/v1/../../../etc/passwd',
  '/js/..%5c..%5cetc%5cpasswd',
  '/index.html/../../etc/passwd',
  '//etc/passwd',
  '/%00',
  '/%',
  '/%E0%A4%A',
  '/\\..\\..\\etc\\passwd',
  '/' + 'a/'.repeat(1500),
  '/api/openapi.json/..',
];
