import { fieldHashKeyOf, type FieldKeyring } from './field-crypto';

export interface FieldKeyEnv {
  FIELD_ENCRYPTION_KEY?: string;
  FIELD_KEYS?: string;
  FIELD_KEY_CURRENT?: number;
  FIELD_HASH_KEY?: string;
}

export interface ParsedFieldKeys {
  ring: FieldKeyring;
  /** Every key that was set, named as the refusals name it (for the development-key and strength checks). */
  configured: Array<{ name: string; key: Buffer; hash?: boolean }>;
  /** Malformed or contradictory settings: refused in any mode. */
  errors: string[];
}

const b64key = (v: string): Buffer | null => {
  const b = Buffer.from(v.trim(), 'base64');
  return b.length === 32 ? b : null;
};

/**
 * The field keys from the environment:
 *   FIELD_KEYS="2:<base64>,1:<base64>"  numbered keys (version 1–9999, 32 bytes each)
 *   FIELD_KEY_CURRENT=2                 the one new values are encrypted with (required with several)
 *   FIELD_ENCRYPTION_KEY=<base64>       the single key of before: it is version 1
 *   FIELD_HASH_KEY=<base64>             the look-up HMAC key itself; defaults to the one derived from
 *                                       key 1 and must be set before key 1 leaves the set
 * With none set, the development key is version 1 (the checks in config.ts refuse it where it matters).
 */
export function parseFieldKeys(e: FieldKeyEnv, devKey: Buffer): ParsedFieldKeys {
  const errors: string[] = [];
  const keys = new Map<number, Buffer>();
  const configured: ParsedFieldKeys['configured'] = [];
  if (e.FIELD_KEYS !== undefined) {
    for (const entry of e.FIELD_KEYS.split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      const m = /^(\d{1,4}):(.+)$/.exec(entry);
      const version = m ? Number(m[1]) : NaN;
      const key = m ? b64key(m[2]) : null;
      if (!m || version < 1) errors.push(`FIELD_KEYS: each entry is <version 1–9999>:<32 bytes, base64> (got "${entry.split(':')[0]}:…")`);
      else if (!key) errors.push(`FIELD_KEYS version ${version} must be 32 bytes, base64`);
      else if (keys.has(version)) errors.push(`FIELD_KEYS names version ${version} twice`);
      else {
        keys.set(version, key);
        configured.push({ name: `FIELD_KEYS version ${version}`, key });
      }
    }
    if (!keys.size && !errors.length) errors.push('FIELD_KEYS is empty');
  }
  if (e.FIELD_ENCRYPTION_KEY !== undefined) {
    const key = b64key(e.FIELD_ENCRYPTION_KEY);
    if (!key) errors.push('FIELD_ENCRYPTION_KEY must be 32 bytes, base64');
    else if (keys.has(1) && !keys.get(1)!.equals(key)) errors.push('FIELD_ENCRYPTION_KEY is key version 1 but FIELD_KEYS gives version 1 another key');
    else if (!keys.has(1)) {
      keys.set(1, key);
      configured.push({ name: 'FIELD_ENCRYPTION_KEY', key });
    }
  }
  const anySet = configured.length > 0;
  if (!anySet && !errors.length) keys.set(1, devKey);

  let hashKey: Buffer | null = null;
  if (e.FIELD_HASH_KEY !== undefined) {
    hashKey = b64key(e.FIELD_HASH_KEY);
    if (!hashKey) errors.push('FIELD_HASH_KEY must be 32 bytes, base64');
    else {
      configured.push({ name: 'FIELD_HASH_KEY', key: hashKey, hash: true });
      if (keys.has(1) && !fieldHashKeyOf(keys.get(1)!).equals(hashKey)) {
        errors.push('FIELD_HASH_KEY is not the look-up key of key version 1: every stored hash would stop matching (print the right one with `npm run admin -- hash-key`)');
      }
    }
  } else if (keys.size && !keys.has(1)) {
    errors.push('FIELD_HASH_KEY must be set once key version 1 is not configured: it keeps the look-up hashes valid (print it with `npm run admin -- hash-key` while key 1 is still set)');
  }

  const versions = [...keys.keys()].sort((a, b) => a - b);
  let current = e.FIELD_KEY_CURRENT ?? (versions.length === 1 ? versions[0] : undefined);
  if (current === undefined) {
    if (versions.length) errors.push(`FIELD_KEY_CURRENT must name the key new values are encrypted with (one of ${versions.join(', ')})`);
  } else if (versions.length && !keys.has(current)) {
    errors.push(`FIELD_KEY_CURRENT is ${current}, which is not among the configured keys (${versions.join(', ')})`);
  }
  if (errors.length) return { ring: { current: 1, keys: new Map([[1, devKey]]), hashKey: fieldHashKeyOf(devKey) }, configured, errors };
  current ??= 1;
  return { ring: { current, keys, hashKey: hashKey ?? fieldHashKeyOf(keys.get(1)!) }, configured, errors };
}
