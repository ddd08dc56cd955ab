import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * The field keys: a numbered set of 32-byte master keys, the one new values are encrypted with,
 * and the look-up (HMAC) key.
 *
 * Rotation and the look-up hash: the HMAC key does NOT rotate with the encryption keys. Hashes sit
 * in unique indexes (users.idNumberHash) and are compared on every real-name check and booking, so
 * a new hash key would need every row re-hashed at once (and a look-up made mid-job would miss).
 * The hash key is therefore derived once from key version 1 ("healthpocket field hash v1") and kept
 * stable; before key 1 is retired it moves to FIELD_HASH_KEY (`npm run admin -- hash-key` prints
 * it), which holds the derived HMAC key itself, so the retired encryption key is gone for good.
 */
export interface FieldKeyring {
  current: number;
  keys: ReadonlyMap<number, Buffer>;
  hashKey: Buffer;
}

/** The look-up key every deployment has used so far: derived from key version 1. */
export function fieldHashKeyOf(key1: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', key1, Buffer.alloc(0), 'healthpocket field hash v1', 32));
}

/** `v1.` is the first format (key 1, no associated data); later versions are `k<version>.`. */
export function cipherPrefix(version: number): string {
  return version === 1 ? 'v1.' : `k${version}.`;
}

/** Our ciphertext's shape: a known prefix, then base64 of iv (12) + tag (16) + ciphertext. */
const SHAPE = /^(?:v1|k([1-9]\d{0,3}))\.([A-Za-z0-9+/]{38,}={0,2})$/;

interface Key {
  version: number;
  prefix: string;
  enc: Buffer;
}

/**
 * Personal identifiers at rest: AES-256-GCM ciphertext for reading back, and a keyed hash
 * (HMAC-SHA256 under a derived key) for exact-match look-ups without decrypting. Ciphertexts name
 * their key version, so old ones stay readable while the re-encryption job (crypto/rotation.ts)
 * moves them to the current key.
 */
export class FieldCrypto {
  private readonly keys = new Map<number, Key>();
  private readonly current: Key;
  private readonly hashKey: Buffer;

  constructor(ring: Buffer | FieldKeyring) {
    const r: FieldKeyring = Buffer.isBuffer(ring) ? { current: 1, keys: new Map([[1, ring]]), hashKey: Buffer.alloc(0) } : ring;
    for (const [version, master] of r.keys) {
      if (master.length !== 32) throw new Error('field key must be 32 bytes');
      if (!Number.isInteger(version) || version < 1 || version > 9999) throw new Error(`field key version ${version} must be 1–9999`);
      const info = version === 1 ? 'healthpocket field enc v1' : `healthpocket field enc k${version}`;
      this.keys.set(version, { version, prefix: cipherPrefix(version), enc: Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), info, 32)) });
    }
    const current = this.keys.get(r.current);
    if (!current) throw new Error(`the current field key version ${r.current} is not configured`);
    this.current = current;
    this.hashKey = Buffer.isBuffer(ring) ? fieldHashKeyOf(ring) : r.hashKey;
    if (this.hashKey.length !== 32) throw new Error('field hash key must be 32 bytes');
  }

  get currentVersion(): number {
    return this.current.version;
  }

  get versions(): number[] {
    return [...this.keys.keys()].sort((a, b) => a - b);
  }

  /** Always under the current key. */
  encrypt(plain: string): string {
    const k = this.current;
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', k.enc, iv);
    if (k.version !== 1) c.setAAD(Buffer.from(k.prefix));
    const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return `${k.prefix}${Buffer.concat([iv, c.getAuthTag(), ct]).toString('base64')}`;
  }

  /** Under the key the ciphertext names; throws when that version is not configured or the text was altered. */
  decrypt(token: string): string {
    const version = this.versionOf(token);
    if (version === null) throw new Error('unknown field cipher version');
    const k = this.keys.get(version);
    if (!k) throw new Error(`field key version ${version} is not configured`);
    const buf = Buffer.from(token.slice(k.prefix.length), 'base64');
    const d = createDecipheriv('aes-256-gcm', k.enc, buf.subarray(0, 12));
    if (k.version !== 1) d.setAAD(Buffer.from(k.prefix));
    d.setAuthTag(buf.subarray(12, 28));
    return Buffer.concat([d.update(buf.subarray(28)), d.final()]).toString('utf8');
  }

  /** The key version a value is encrypted under, or null when it does not have our ciphertext's shape. */
  versionOf(value: string): number | null {
    const m = SHAPE.exec(value);
    if (!m || m[1] === '1') return null; // key 1 only ever wrote `v1.`
    return m[1] ? Number(m[1]) : 1;
  }

  /**
   * For columns that held plaintext before they were encrypted (chat bodies): our ciphertext is
   * decrypted, anything else is a row from before and is returned as it is. A text that merely
   * looks like ciphertext under a configured key fails GCM's check and reads as the text it is;
   * one naming a key that is not configured throws (a retired key still in use is a misconfiguration).
   */
  decryptOrPlaintext(value: string): string {
    const version = this.versionOf(value);
    if (version === null) return value;
    if (!this.keys.has(version)) return this.decrypt(value);
    try {
      return this.decrypt(value);
    } catch {
      return value;
    }
  }

  hash(plain: string): string {
    return createHmac('sha256', this.hashKey).update(plain).digest('hex');
  }
}
