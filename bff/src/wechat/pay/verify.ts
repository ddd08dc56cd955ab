import { createDecipheriv, createPublicKey, verify, type KeyObject } from 'node:crypto';

/**
 * Verification and decryption of what WeChat Pay sends (answers and notifications), with Node's
 * crypto rather than the SDK: wechatpay-node-v3's decipher_gcm never calls final(), so it accepts a
 * tampered ciphertext, and its verifySign has no public-key mode and no timestamp check.
 */

export interface SignatureHeaders {
  timestamp: string;
  nonce: string;
  signature: string;
  serial: string;
}

export function signatureHeaders(get: (name: string) => string | null | undefined): SignatureHeaders | null {
  const timestamp = get('wechatpay-timestamp');
  const nonce = get('wechatpay-nonce');
  const signature = get('wechatpay-signature');
  const serial = get('wechatpay-serial');
  if (!timestamp || !nonce || !signature || !serial) return null;
  return { timestamp, nonce, signature, serial };
}

export type SignatureCheck = 'ok' | 'unknown_serial' | 'bad_signature' | 'stale';

/** Platform keys by Wechatpay-Serial (PUB_KEY_ID_… or a platform certificate serial). */
export class PlatformKeys {
  private readonly keys = new Map<string, KeyObject>();
  constructor(pems: Map<string, string>) {
    for (const [id, pem] of pems) this.keys.set(id, createPublicKey(pem));
  }

  /**
   * Checks the signature over TIMESTAMP\nNONCE\nBODY\n with the key the serial names, and (when
   * maxSkewSeconds is given) that the timestamp is within that many seconds of `nowMs`.
   */
  check(h: SignatureHeaders, body: string, opts: { nowMs?: number; maxSkewSeconds?: number } = {}): SignatureCheck {
    const key = this.keys.get(h.serial);
    if (!key) return 'unknown_serial';
    let ok = false;
    try {
      ok = verify('RSA-SHA256', Buffer.from(`${h.timestamp}\n${h.nonce}\n${body}\n`, 'utf8'), key, Buffer.from(h.signature, 'base64'));
    } catch {
      ok = false;
    }
    if (!ok) return 'bad_signature';
    if (opts.maxSkewSeconds !== undefined) {
      if (!/^\d{1,12}$/.test(h.timestamp)) return 'stale';
      const skew = Math.abs((opts.nowMs ?? Date.now()) / 1000 - Number(h.timestamp));
      if (skew > opts.maxSkewSeconds) return 'stale';
    }
    return 'ok';
  }
}

export class DecryptError extends Error {}

/**
 * AEAD_AES_256_GCM with the APIv3 key: the last 16 bytes of the base64 ciphertext are the tag;
 * final() throws unless both the tag and the associated data are authentic.
 */
export function decryptResource(apiV3Key: string, r: { algorithm: string; ciphertext: string; nonce: string; associated_data?: string }): string {
  if (r.algorithm !== 'AEAD_AES_256_GCM') throw new DecryptError(`unsupported algorithm ${r.algorithm}`);
  const data = Buffer.from(r.ciphertext, 'base64');
  const nonce = Buffer.from(r.nonce, 'utf8');
  if (data.length <= 16) throw new DecryptError('ciphertext too short');
  if (nonce.length !== 12) throw new DecryptError('nonce must be 12 bytes');
  try {
    const decipher = createDecipheriv('aes-256-gcm', Buffer.from(apiV3Key, 'utf8'), nonce, { authTagLength: 16 });
    decipher.setAuthTag(data.subarray(data.length - 16));
    decipher.setAAD(Buffer.from(r.associated_data ?? '', 'utf8'));
    return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString('utf8');
  } catch {
    throw new DecryptError('authentication tag or associated data mismatch');
  }
}
