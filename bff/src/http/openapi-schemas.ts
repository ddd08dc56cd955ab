import { z } from 'zod';
import * as shared from '@healthpocket/shared-types';
import type { AnyRoute } from './route';
import { OPENAPI_EXAMPLES } from './openapi-examples';

type Json = Record<string, unknown>;
type Io = 'input' | 'output';
type SchemaSlot = 'params' | 'query' | 'body' | 'response';

const REF = '#/components/schemas/';
/** Ids of route-local schemas: generated together with the shared ones, then inlined into their operation. */
const LOCAL = '__route_';

/** The exported zod schemas of shared-types, by export name ("RichNodeSchema" → "RichNode"). */
function sharedSchemas(): Array<[string, z.ZodType]> {
  const seen = new Set<z.ZodType>();
  const out: Array<[string, z.ZodType]> = [];
  for (const [name, value] of Object.entries(shared)) {
    if (!(value instanceof z.ZodType) || !/^[A-Z]/.test(name) || seen.has(value)) continue;
    seen.add(value);
    out.push([name.replace(/Schema$/, ''), value]);
  }
  return out;
}

function walk(node: unknown, visit: (o: Json) => void): void {
  if (Array.isArray(node)) node.forEach((n) => walk(n, visit));
  else if (node && typeof node === 'object') {
    visit(node as Json);
    Object.values(node).forEach((n) => walk(n, visit));
  }
}

const refsOf = (schema: unknown): string[] => {
  const out: string[] = [];
  walk(schema, (o) => typeof o.$ref === 'string' && out.push((o.$ref as string).slice(REF.length)));
  return out;
};

function clean(schema: unknown): Json {
  const copy = JSON.parse(JSON.stringify(schema)) as Json;
  walk(copy, (o) => {
    delete o.$id;
    delete o.$schema;
    // z.unknown().nullable(): "any value or null" is any value.
    if (Array.isArray(o.anyOf) && o.anyOf.some((a) => a && typeof a === 'object' && Object.keys(a).length === 0)) delete o.anyOf;
  });
  return copy;
}

export interface OpenApiSchemas {
  /** components/schemas: the shared schemas the routes use, by name (input variants named `<Name>Input` where they differ). */
  components: Record<string, Json>;
  /** The JSON schema for one slot of one route (inline object, or a $ref to a shared component). */
  slot: (route: AnyRoute, slot: SchemaSlot) => Json | undefined;
}

/**
 * All schemas of all routes in one zod registry, rendered by zod's own `toJSONSchema` (JSON Schema
 * 2020-12, as OpenAPI 3.1 uses): the shared-types schemas become components referenced by $ref
 * (recursive ones included), route-local schemas are inlined into their operation.
 */
export function buildSchemas(routes: AnyRoute[]): OpenApiSchemas {
  const registry = z.registry<{ id: string; examples?: unknown[] }>();
  const sharedIds = new Set<string>();
  for (const [id, schema] of sharedSchemas()) {
    const example = OPENAPI_EXAMPLES[id];
    registry.add(schema, example ? { id, examples: [example] } : { id });
    sharedIds.add(id);
  }
  const idOf = new Map<z.ZodType, string>();
  for (const [i, r] of routes.entries()) {
    for (const slot of ['params', 'query', 'body', 'response'] as const) {
      const s = r[slot] as z.ZodType | undefined;
      if (!s || registry.has(s)) continue;
      registry.add(s, { id: `${LOCAL}${i}_${slot}` });
    }
  }
  for (const [schema, meta] of registryEntries(registry, routes)) idOf.set(schema, meta);

  const render = (io: Io) =>
    (z.toJSONSchema(registry, { io, metadata: registry, target: 'draft-2020-12', unrepresentable: 'any', uri: (id) => `${REF}${id}` }) as { schemas: Record<string, Json> }).schemas;
  const output = render('output');
  const input = render('input');

  // An input schema differs when its own text does, or when it refers to one that differs.
  const differs = new Set(Object.keys(input).filter((id) => JSON.stringify(clean(input[id])) !== JSON.stringify(clean(output[id]))));
  for (let grew = true; grew;) {
    grew = false;
    for (const id of Object.keys(input)) {
      if (!differs.has(id) && refsOf(input[id]).some((ref) => differs.has(ref))) {
        differs.add(id);
        grew = true;
      }
    }
  }
  const inputName = (id: string) => (differs.has(id) ? `${id}Input` : id);
  const rewrite = (schema: Json, io: Io): Json => {
    const copy = clean(schema);
    if (io === 'input') walk(copy, (o) => typeof o.$ref === 'string' && (o.$ref = REF + inputName((o.$ref as string).slice(REF.length))));
    return copy;
  };

  const components: Record<string, Json> = {};
  const used = new Set<string>();
  const use = (schema: Json) => {
    const todo = refsOf(schema);
    while (todo.length) {
      const name = todo.pop()!;
      if (used.has(name)) continue;
      used.add(name);
      const isInput = name.endsWith('Input') && !sharedIds.has(name);
      const id = isInput ? name.slice(0, -'Input'.length) : name;
      components[name] = rewrite((isInput ? input : output)[id], isInput ? 'input' : 'output');
      todo.push(...refsOf(components[name]));
    }
    return schema;
  };

  const slot = (r: AnyRoute, which: SchemaSlot): Json | undefined => {
    const s = r[which] as z.ZodType | undefined;
    if (!s) return undefined;
    const id = idOf.get(s)!;
    const io: Io = which === 'response' ? 'output' : 'input';
    // Params and query become parameters one by one: their own schema is inlined, never a component.
    if (sharedIds.has(id) && (which === 'body' || which === 'response')) return use({ $ref: REF + (io === 'input' ? inputName(id) : id) });
    return use(rewrite((io === 'input' ? input : output)[id], io));
  };
  return { components, slot };
}

function registryEntries(registry: z.core.$ZodRegistry<{ id: string }>, routes: AnyRoute[]): Array<[z.ZodType, string]> {
  const out: Array<[z.ZodType, string]> = [];
  for (const [, schema] of sharedSchemas()) out.push([schema, registry.get(schema)!.id]);
  for (const r of routes)
    for (const slot of ['params', 'query', 'body', 'response'] as const) {
      const s = r[slot] as z.ZodType | undefined;
      if (s) out.push([s, registry.get(s)!.id]);
    }
  return out;
}
