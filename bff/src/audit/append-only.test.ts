import fs from 'node:fs';
import path from 'node:path';

/**
 * The audit trail is append-only: no code path changes or removes audit rows but the retention
 * job, and only the chain code moves the head. A static check over the BFF's sources, so a new
 * UPDATE or DELETE of audit rows fails here before review.
 */
const SRC = path.resolve(__dirname, '..');
const WRITE = '(update|delete|save|remove|softDelete|softRemove|restore|upsert|increment|decrement|clear|query)';
const PATTERNS: Array<[RegExp, string]> = [
  [new RegExp(`getRepository\\(\\s*(AuditLog|AuditChainHead)\\s*\\)\\s*\\.\\s*${WRITE}\\b`, 'g'), 'repository'],
  [new RegExp(`\\.\\s*${WRITE}\\(\\s*(AuditLog|AuditChainHead)\\b`, 'g'), 'manager'],
  [/\.(update|delete)\(\)\s*\.\s*(from|set)\(\s*(AuditLog|AuditChainHead)/g, 'query builder'],
  [/\.update\(\s*(AuditLog|AuditChainHead)\s*\)/g, 'query builder'],
  [/(UPDATE|DELETE\s+FROM|TRUNCATE(\s+TABLE)?|REPLACE\s+INTO)\s+[`"]?audit_(logs|chain_head)/gi, 'raw SQL'],
];
const ALLOWED: Record<string, string[]> = {
  'audit/chain.ts': ['getRepository(AuditChainHead).update'],
  'audit/retention.ts': ['getRepository(AuditLog).delete', 'getRepository(AuditChainHead).update'],
};

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'migrations' ? [] : sources(p);
    return /\.ts$/.test(e.name) && !/\.test\.ts$|\.fixture\.ts$/.test(e.name) ? [p] : [];
  });
}

it('no code path updates or deletes audit rows except the retention job (and the chain moving its head)', () => {
  const found: string[] = [];
  for (const file of sources(SRC)) {
    const rel = path.relative(SRC, file).split(path.sep).join('/');
    const text = fs.readFileSync(file, 'utf8');
    for (const [re, kind] of PATTERNS) {
      for (const m of text.matchAll(re)) {
        const hit = m[0].replace(/\s+/g, '');
        if (!(ALLOWED[rel] ?? []).includes(hit)) found.push(`${rel}: ${kind} ${hit}`);
      }
    }
  }
  expect(found).toEqual([]);
});

it('the check finds what it looks for', () => {
  const sample = "await m.getRepository(AuditLog).update({ id }, {}); await ds.query('DELETE FROM audit_logs'); await m.delete(AuditLog, {});";
  expect(PATTERNS.flatMap(([re]) => [...sample.matchAll(re)].map((x) => x[0]))).toHaveLength(3);
});
