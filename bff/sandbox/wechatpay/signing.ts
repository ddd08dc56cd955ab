import { createCipheriv, createPublicKey, randomBytes, randomUUID, sign, verify, type KeyObject } from 'node:crypto';

/**
 * The cryptography of WeChat Pay API v3, from WeChat's side: checking a merchant's Authorization
 * header, signing answers and notifications with the platform key, and encrypting a notification's
 * resource with the APIv3 key (AEAD_AES_256_GCM). Tests use the same functions to forge notifies.
 */

const AUTH_SCHEME = 'WECHATPAY2-SHA256-RSA2048';

export interface AuthParts {
  mchid: string;
  nonce_str: string;
  timestamp: string;
  serial_no: string;
  signature: string;
}

/** Parses `WECHATPAY2-SHA256-RSA2048 mchid="…",nonce_str="…",…`; null when malformed. */
export function parseAuthorization(header: string | undefined): AuthParts | null {
  if (!header || !header.startsWith(`${AUTH_SCHEME} `)) return null;
  const parts: Record<string, string> = {};
  for (const m of header.slice(AUTH_SCHEME.length + 1).matchAll(/([a-z_]+)="([^"]*)"/g)) parts[m[1]] = m[2];
  const { mchid, nonce_str, timestamp, serial_no, signature } = parts;
  if (!mchid || !nonce_str || !timestamp || !serial_no || !signature) return null;
  return { mchid, nonce_str, timestamp, serial_no, signature };
}

/** The merchant request message: METHOD\nURL\nTIMESTAMP\nNONCE\nBODY\n. */
export function requestMessage(method: string, urlPathAndQuery: string, timestamp: string, nonce: string, body: string): string {
  return `${method}\n${urlPathAndQuery}\n${timestamp}\n${nonce}\n${body}\n`;
}

export function verifyRsa(message: string, signatureB64: string, key: KeyObject | string): boolean {
  try {
    return verify('RSA-SHA256', Buffer.from(message, 'utf8'), typeof key === 'string' ? createPublicKey(key) : key, Buffer.from(signatureB64, 'base64'));
  } catch {
    return false;
  }
}

export function signRsa(message: string, privateKeyPem: string | KeyObject): string {
  return sign('RSA-SHA256', Buffer.from(message, 'utf8'), privateKeyPem).toString('base64');
}

export interface SignedHeaders {
  'Wechatpay-Timestamp': string;
  'Wechatpay-Nonce': string;
  'Wechatpay-Signature': string;
  'Wechatpay-Serial': string;
  'Wechatpay-Signature-Type': string;
}

/** Headers WeChat puts on answers and notifications: signature over TIMESTAMP\nNONCE\nBODY\n. */
export function signedHeaders(body: string, platformPrivateKeyPem: string, serial: string, timestamp = Math.floor(Date.now() / 1000)): SignedHeaders {
  const nonce = randomBytes(16).toString('hex').toUpperCase();
  return {
    'Wechatpay-Timestamp': String(timestamp),
    'Wechatpay-Nonce': nonce,
    'Wechatpay-Signature': signRsa(`${timestamp}\n${nonce}\n${body}\n`, platformPrivateKeyPem),
    'Wechatpay-Serial': serial,
    'Wechatpay-Signature-Type': AUTH_SCHEME,
  };
}

export interface EncryptedResource {
  original_type: string;
  algorithm: 'AEAD_AES_256_GCM';
  ciphertext: string;
  associated_data: string;
  nonce: string;
}

/** AES-256-GCM with the 32-byte APIv3 key; the 16-byte tag is appended to the ciphertext, base64. */
export function encryptResource(plaintext: string, apiV3Key: string, associatedData: string, originalType: string): EncryptedResource {
  const nonce = randomBytes(6).toString('hex'); // 12 ASCII characters, as WeChat sends
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(apiV3Key, 'utf8'), Buffer.from(nonce, 'utf8'));
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return { original_type: originalType, algorithm: 'AEAD_AES_256_GCM', ciphertext: ct.toString('base64'), associated_data: associatedData, nonce };
}

/** RFC 3339 with +08:00, as WeChat formats times. */
export function wechatTime(ms: number = Date.now()): string {
  const d = new Date(ms + 8 * 3600_000);
  return `${d.toISOString().slice(0, 19)}+08:00`;
}

export type NotifyEvent = 'TRANSACTION.SUCCESS' | 'REFUND.SUCCESS' | 'REFUND.ABNORMAL' | 'REFUND.CLOSED';

const SUMMARY: Record<NotifyEvent, string> = {
  'TRANSACTION.SUCCESS': '支付成功',
  'REFUND.SUCCESS': '退款成功',
  'REFUND.ABNORMAL': '退款异常',
  'REFUND.CLOSED': '退款关闭',
};

/** The notification envelope WeChat POSTs to notify_url (body only; sign it with signedHeaders). */
export function notifyEnvelope(event: NotifyEvent, resource: object, apiV3Key: string, id: string = randomUUID()): string {
  const isRefund = event.startsWith('REFUND');
  return JSON.stringify({
    id,
    create_time: wechatTime(),
    resource_type: 'encrypt-resource',
    event_type: event,
    summary: SUMMARY[event],
    resource: encryptResource(JSON.stringify(resource), apiV3Key, isRefund ? 'refund' : 'transaction', isRefund ? 'refund' : 'transaction'),
  });
}
