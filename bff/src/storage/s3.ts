import type { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { errors } from '../errors';
import { checkKey, readAll, type ObjectStore, type StoredObject } from './port';

export interface S3Settings {
  endpoint?: string;
  bucket: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
}

/** One client for the process (it pools its connections); areas share it. */
export function createS3Client(s: S3Settings): S3Client {
  return new S3Client({
    endpoint: s.endpoint,
    region: s.region,
    forcePathStyle: s.forcePathStyle,
    credentials: s.accessKeyId && s.secretAccessKey ? { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey } : undefined,
    // Checksums only where S3 requires them: other S3-compatible servers (MinIO, Ceph …) may not
    // know the newer checksum headers.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 3,
  });
}

const status = (e: unknown) => (e as S3ServiceException).$metadata?.httpStatusCode;
const isMissing = (e: unknown) => status(e) === 404 || ['NoSuchKey', 'NotFound'].includes((e as Error).name);

/**
 * Objects in a private bucket under a prefix (`chat/`, `content/`). Nothing is public: the BFF
 * streams objects to clients after its own checks. A storage outage answers 503, not 500.
 * @public storage/index.ts loads it with require(), only when S3 is configured.
 */
export class S3Store implements ObjectStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly prefix: string,
  ) {
    if (prefix) checkKey(prefix);
  }

  private key(key: string): string {
    checkKey(key);
    return this.prefix ? `${this.prefix}/${key}` : key;
  }

  private unavailable(e: unknown): never {
    const code = status(e);
    // A 4xx other than 404 (AccessDenied, NoSuchBucket) is a configuration fault: a 500, logged.
    if (code !== undefined && code >= 400 && code < 500) throw e;
    throw errors.upstreamUnavailable('图片存储暂时无法访问，请稍后再试');
  }

  async put(key: string, bytes: Buffer, contentType: string): Promise<void> {
    const Key = this.key(key);
    try {
      await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key, Body: bytes, ContentType: contentType, ContentLength: bytes.length }));
    } catch (e) {
      this.unavailable(e);
    }
  }

  async get(key: string): Promise<StoredObject | null> {
    const Key = this.key(key);
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key }));
      return { body: res.Body as Readable, length: Number(res.ContentLength ?? 0) };
    } catch (e) {
      if (isMissing(e)) return null;
      this.unavailable(e);
    }
  }

  async read(key: string): Promise<Buffer | null> {
    const obj = await this.get(key);
    return obj ? readAll(obj.body) : null;
  }

  async exists(key: string): Promise<boolean> {
    const Key = this.key(key);
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key }));
      return true;
    } catch (e) {
      if (isMissing(e)) return false;
      this.unavailable(e);
    }
  }

  async delete(key: string): Promise<void> {
    const Key = this.key(key);
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key }));
    } catch (e) {
      if (isMissing(e)) return;
      this.unavailable(e);
    }
  }
}
