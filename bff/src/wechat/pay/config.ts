import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import fs from 'node:fs';
import { z } from 'zod';

/**
 * The payments section of the configuration (merged into config.ts's Env). WeChat Pay's keys come
 * from files; without them payments answer PAYMENT_NOT_CONFIGURED outside production, and
 * production refuses to start.
 */
export const PaymentsEnv = {
  WECHATPAY_MCHID: z
    .string()
    .regex(/^\d{8,12}$/, 'WECHATPAY_MCHID must be the 8–12 digit merchant id')
    .optional(),
  WECHATPAY_MCH_PRIVATE_KEY_FILE: z.string().optional(),
  WECHATPAY_MCH_CERT_FILE: z.string().optional(),
  WECHATPAY_MCH_CERT_SERIAL: z
    .string()
    .regex(/^[0-9A-Fa-f]{8,64}$/, 'WECHATPAY_MCH_CERT_SERIAL must be the certificate serial in hex')
    .optional(),
  WECHATPAY_APIV3_KEY: z
    .string()
    .refine((v) => Buffer.byteLength(v, 'utf8') === 32, 'WECHATPAY_APIV3_KEY must be exactly 32 bytes')
    .optional(),
  WECHATPAY_PLATFORM_PUBLIC_KEY_FILE: z.string().optional(),
  WECHATPAY_PLATFORM_KEY_ID: z.string().min(1).optional(),
  /** Minutes before an unpaid order closes (default 15). */
  PAYMENT_ORDER_TTL_MINUTES: z.coerce.number().int().min(1).max(120).default(15),
  /** How often reconciliation runs, and how old an open order must be before it is queried. */
  PAYMENT_RECONCILE_INTERVAL_MS: z.coerce.number().int().min(1000).max(3_600_000).default(60_000),
  PAYMENT_RECONCILE_AFTER_MS: z.coerce.number().int().min(0).max(3_600_000).default(180_000),
  /** Notifies whose timestamp is further than this from our clock are refused (WeChat: 5 minutes). */
  WECHATPAY_NOTIFY_MAX_SKEW_SECONDS: z.coerce.number().int().min(30).max(300).default(300),
  /** Outbox: poll interval and first retry delay (doubling up to 10 minutes). */
  OUTBOX_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  OUTBOX_RETRY_BASE_MS: z.coerce.number().int().min(10).max(600_000).default(2000),
};

type Parsed = z.output<z.ZodObject<typeof PaymentsEnv>>;

const KEY_SETTINGS = [
  'WECHATPAY_MCHID',
  'WECHATPAY_MCH_PRIVATE_KEY_FILE',
  'WECHATPAY_MCH_CERT_FILE',
  'WECHATPAY_MCH_CERT_SERIAL',
  'WECHATPAY_APIV3_KEY',
  'WECHATPAY_PLATFORM_PUBLIC_KEY_FILE',
  'WECHATPAY_PLATFORM_KEY_ID',
] as const;

export interface WechatPayKeys {
  mchid: string;
  merchantPrivateKeyPem: string;
  merchantCertPem: string;
  merchantCertSerial: string;
  apiV3Key: string;
  /** Wechatpay-Serial → PEM of the key that verifies it (a PUB_KEY_ID_… or a platform cert serial). */
  platformKeys: Map<string, string>;
  platformKeyId: string;
}

export interface PaymentsConfig {
  /** null when the WECHATPAY_* settings are absent (payments answer PAYMENT_NOT_CONFIGURED). */
  keys: WechatPayKeys | null;
  orderTtlMinutes: number;
  reconcileIntervalMs: number;
  reconcileAfterMs: number;
  notifyMaxSkewSeconds: number;
  outboxPollMs: number;
  outboxRetryBaseMs: number;
}

function read(file: string, setting: string, problems: string[]): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    problems.push(`${setting}: cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    return null;
  }
}

/**
 * Loads and checks the WeChat Pay keys. Returns problems (naming the setting) instead of throwing,
 * so config.ts can report them with the rest; in production any problem refuses the start.
 */
export function paymentsConfig(e: Parsed, production: boolean): { config: PaymentsConfig; problems: string[] } {
  const problems: string[] = [];
  const base = {
    orderTtlMinutes: e.PAYMENT_ORDER_TTL_MINUTES,
    reconcileIntervalMs: e.PAYMENT_RECONCILE_INTERVAL_MS,
    reconcileAfterMs: e.PAYMENT_RECONCILE_AFTER_MS,
    notifyMaxSkewSeconds: e.WECHATPAY_NOTIFY_MAX_SKEW_SECONDS,
    outboxPollMs: e.OUTBOX_POLL_MS,
    outboxRetryBaseMs: e.OUTBOX_RETRY_BASE_MS,
  };
  const missing = KEY_SETTINGS.filter((k) => !e[k]);
  if (missing.length === KEY_SETTINGS.length) {
    if (production) problems.push(`WeChat Pay is not configured: set ${KEY_SETTINGS.join(', ')}`);
    return { config: { ...base, keys: null }, problems };
  }
  if (missing.length) {
    problems.push(...missing.map((k) => `${k} is missing (the other WeChat Pay settings are set)`));
    return { config: { ...base, keys: null }, problems };
  }
  const privatePem = read(e.WECHATPAY_MCH_PRIVATE_KEY_FILE!, 'WECHATPAY_MCH_PRIVATE_KEY_FILE', problems);
  const certPem = read(e.WECHATPAY_MCH_CERT_FILE!, 'WECHATPAY_MCH_CERT_FILE', problems);
  const platformPem = read(e.WECHATPAY_PLATFORM_PUBLIC_KEY_FILE!, 'WECHATPAY_PLATFORM_PUBLIC_KEY_FILE', problems);
  const serial = e.WECHATPAY_MCH_CERT_SERIAL!.toUpperCase();
  const keyId = e.WECHATPAY_PLATFORM_KEY_ID!;
  if (privatePem) {
    try {
      createPrivateKey(privatePem);
    } catch {
      problems.push('WECHATPAY_MCH_PRIVATE_KEY_FILE does not hold a PEM private key');
    }
  }
  if (certPem) {
    try {
      const cert = new X509Certificate(certPem);
      if (cert.serialNumber.toUpperCase() !== serial) problems.push(`WECHATPAY_MCH_CERT_SERIAL (${serial}) is not the serial of WECHATPAY_MCH_CERT_FILE (${cert.serialNumber})`);
      if (production && /SANDBOX/i.test(cert.subject + cert.issuer))
        problems.push('WECHATPAY_MCH_CERT_FILE is a sandbox certificate; use the merchant certificate WeChat Pay issued (apiclient_cert.pem)');
      if (privatePem && !cert.checkPrivateKey(createPrivateKey(privatePem))) problems.push('WECHATPAY_MCH_PRIVATE_KEY_FILE does not match WECHATPAY_MCH_CERT_FILE');
    } catch {
      problems.push('WECHATPAY_MCH_CERT_FILE does not hold a PEM certificate');
    }
  }
  let platformVerifyPem: string | null = null;
  if (platformPem) {
    try {
      // A platform certificate (older mode) or a bare public key (PUB_KEY_ID_… mode).
      platformVerifyPem = platformPem.includes('CERTIFICATE')
        ? new X509Certificate(platformPem).publicKey.export({ type: 'spki', format: 'pem' }).toString()
        : createPublicKey(platformPem).export({ type: 'spki', format: 'pem' }).toString();
    } catch {
      problems.push('WECHATPAY_PLATFORM_PUBLIC_KEY_FILE does not hold a PEM public key or certificate');
    }
  }
  if (production) {
    if (/SANDBOX/i.test(keyId)) problems.push('WECHATPAY_PLATFORM_KEY_ID is a sandbox key id; use the PUB_KEY_ID_… shown in the WeChat Pay merchant platform');
    if (e.WECHATPAY_MCHID === '1900009191') problems.push('WECHATPAY_MCHID is the sandbox merchant id');
  }
  if (problems.length || !privatePem || !certPem || !platformVerifyPem) return { config: { ...base, keys: null }, problems };
  return {
    config: {
      ...base,
      keys: {
        mchid: e.WECHATPAY_MCHID!,
        merchantPrivateKeyPem: privatePem,
        merchantCertPem: certPem,
        merchantCertSerial: serial,
        apiV3Key: e.WECHATPAY_APIV3_KEY!,
        platformKeys: new Map([[keyId, platformVerifyPem]]),
        platformKeyId: keyId,
      },
    },
    problems,
  };
}
