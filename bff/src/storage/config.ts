import { z } from 'zod';
import { isLoopbackUrl, weakSecretReason } from '../config-checks';
import type { StorageSettings } from './index';

/**
 * The object storage section of the configuration (merged into config.ts's Env). Without S3_BUCKET
 * uploads stay on local disk (CHAT_UPLOAD_DIR, CONTENT_UPLOAD_DIR); with it they go to that bucket.
 */
export const StorageEnv = {
  /** An S3-compatible endpoint (MinIO, Ceph, a cloud's OSS/COS S3 endpoint); unset: AWS S3 itself. */
  S3_ENDPOINT: z.string().url().optional(),
  S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'S3_BUCKET must be a bucket name (3–63 lower-case letters, digits, dots, hyphens)')
    .optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** true for most self-hosted servers (MinIO): bucket in the path, not in the host name. */
  S3_FORCE_PATH_STYLE: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
};

type Parsed = z.output<z.ZodObject<typeof StorageEnv>>;

/** Secrets published in documentation and server defaults: anyone can sign with them. */
const PUBLIC_SECRETS = ['minioadmin', 's3rver', 'secret', 'password', 'changeme'];
const isPublicSecret = (v: string) => PUBLIC_SECRETS.includes(v.trim().toLowerCase()) || /example/i.test(v);

/**
 * Storage settings and their problems (naming the setting). A half-configured set is refused
 * everywhere; production also refuses public or weak secrets and plain http to another machine.
 */
export function storageConfig(e: Parsed, production: boolean): { settings: StorageSettings; problems: string[] } {
  const problems: string[] = [];
  if (!e.S3_BUCKET) {
    const stray = (['S3_ENDPOINT', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const).filter((k) => e[k]);
    if (stray.length) problems.push(`${stray.join(', ')} set without S3_BUCKET; set S3_BUCKET to store uploads in S3, or unset ${stray.length > 1 ? 'them' : 'it'}`);
    return { settings: { kind: 'local' }, problems };
  }
  if (!e.S3_ACCESS_KEY_ID !== !e.S3_SECRET_ACCESS_KEY) problems.push('S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together');
  if (production) {
    const secret = e.S3_SECRET_ACCESS_KEY;
    if (secret && isPublicSecret(secret)) problems.push('S3_SECRET_ACCESS_KEY is a default or documentation secret');
    else if (secret) {
      const weak = weakSecretReason(secret);
      if (weak) problems.push(`S3_SECRET_ACCESS_KEY ${weak}`);
    }
    if (e.S3_ENDPOINT && !e.S3_ENDPOINT.startsWith('https:') && !isLoopbackUrl(e.S3_ENDPOINT)) {
      problems.push(`S3_ENDPOINT must be https when it is not on this machine (${e.S3_ENDPOINT})`);
    }
  }
  return {
    settings: {
      kind: 's3',
      endpoint: e.S3_ENDPOINT,
      bucket: e.S3_BUCKET,
      region: e.S3_REGION,
      accessKeyId: e.S3_ACCESS_KEY_ID,
      secretAccessKey: e.S3_SECRET_ACCESS_KEY,
      forcePathStyle: e.S3_FORCE_PATH_STYLE,
    },
    problems,
  };
}
