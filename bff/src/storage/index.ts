import { LocalDiskStore } from './local-disk';
import type { S3Settings } from './s3';
import type { ObjectStore } from './port';

export type { ObjectStore, StoredObject } from './port';
export { UnsafeKeyError } from './port';

export type StorageSettings = { kind: 'local' } | ({ kind: 's3' } & S3Settings);

/** The uploads of every module: local directories by default, one S3 bucket when S3_BUCKET is set. */
export interface Storage {
  kind: StorageSettings['kind'];
  /**
   * The store of one kind of upload: `name` is its prefix in the bucket (`chat`, `content`),
   * `localDir` its directory on local disk.
   */
  area(name: string, localDir: string): ObjectStore;
  close(): void;
}

export function createStorage(settings: StorageSettings): Storage {
  if (settings.kind === 'local') return { kind: 'local', area: (_name, dir) => new LocalDiskStore(dir), close: () => {} };
  // Loaded only when configured: the AWS SDK adds ~150 ms to a start that keeps uploads on disk.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load, see above
  const { S3Store, createS3Client } = require('./s3') as typeof import('./s3');
  const client = createS3Client(settings);
  return { kind: 's3', area: (name) => new S3Store(client, settings.bucket, name), close: () => client.destroy() };
}
