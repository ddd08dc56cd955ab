import type { Readable } from 'node:stream';

/** One stored object, opened for reading. */
export interface StoredObject {
  body: Readable;
  /** Size in bytes. */
  length: number;
}

/**
 * Where uploaded files live: a directory on local disk (the embedded default) or an S3-compatible
 * bucket shared by every BFF instance. Keys are relative, `/`-separated names (see checkKey); the
 * store never decides who may read what: callers check access (signed URLs, roles) first.
 */
export interface ObjectStore {
  /** Stores `bytes` under `key`, replacing any object already there. */
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  /** Opens an object for streaming, or null when there is none. */
  get(key: string): Promise<StoredObject | null>;
  /** Reads a whole object into memory, or null when there is none. */
  read(key: string): Promise<Buffer | null>;
  exists(key: string): Promise<boolean>;
  /** Removes an object; removing a missing one is not an error. */
  delete(key: string): Promise<void>;
}

export class UnsafeKeyError extends Error {}

const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/;

/**
 * A key is one to eight segments of letters, digits, `.`, `_` and `-`, joined by `/`; no segment
 * starts with a dot (so no `..`, `.` or hidden/temporary names), none is empty (no leading `/`,
 * no `//`), and no backslash. Anything else is a programming error, refused before any I/O.
 */
export function checkKey(key: string): string {
  const segments = typeof key === 'string' ? key.split('/') : [];
  if (segments.length === 0 || segments.length > 8 || !segments.every((s) => SEGMENT.test(s))) {
    throw new UnsafeKeyError(`unsafe storage key ${JSON.stringify(key)}`);
  }
  return key;
}

/** Collects a stream into one buffer. */
export async function readAll(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of body) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c as Uint8Array));
  return Buffer.concat(chunks);
}
