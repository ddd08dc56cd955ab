import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { startS3, type TestS3 } from '../../test/s3';
import { AppError } from '../errors';
import { createStorage, UnsafeKeyError, type ObjectStore, type Storage } from './index';
import { readAll } from './port';

jest.setTimeout(30_000);

let s3: TestS3;
const localRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'hp-storage-'));
const storages: Record<'local' | 's3', Storage> = {} as never;

beforeAll(async () => {
  s3 = await startS3();
  storages.local = createStorage({ kind: 'local' });
  storages.s3 = createStorage({ kind: 's3', ...s3.settings });
});
afterAll(async () => {
  storages.s3.close();
  await s3.close();
  fs.rmSync(localRoot, { recursive: true, force: true });
});

/** The area `name` of a backend: on local disk, its own directory under the test root. */
const area = (kind: 'local' | 's3', name: string): ObjectStore => storages[kind].area(name, path.join(localRoot, name));

const UNSAFE_KEYS = ['', '..', '../x', 'a/../../x', '/etc/passwd', 'a//b', 'a/', '.hidden', 'a/./b', 'a\\b', 'a b', 'x'.repeat(129), 'a/b/c/d/e/f/g/h/i'];

describe.each(['local', 's3'] as const)('object store contract: %s', (kind) => {
  let store: ObjectStore;
  beforeAll(() => {
    store = area(kind, 'chat');
  });

  it('reads back exactly the bytes it was given, as a stream with its length or as one buffer', async () => {
    const bytes = randomBytes(300_000);
    await store.put('img-1', bytes, 'image/png');
    const obj = await store.get('img-1');
    expect(obj?.length).toBe(bytes.length);
    expect((await readAll(obj!.body)).equals(bytes)).toBe(true);
    expect((await store.read('img-1'))!.equals(bytes)).toBe(true);
    expect(await store.exists('img-1')).toBe(true);
  });

  it('answers null / false for a key that was never stored', async () => {
    expect(await store.get('never-stored')).toBeNull();
    expect(await store.read('never-stored')).toBeNull();
    expect(await store.exists('never-stored')).toBe(false);
    expect(await store.get('no-such-dir/never-stored')).toBeNull();
  });

  it('replaces an object on a second put and keeps nested keys apart', async () => {
    await store.put('img-2', Buffer.from('first'), 'image/jpeg');
    await store.put('img-2', Buffer.from('second, longer'), 'image/jpeg');
    await store.put('2026/12/img-2.thumb.jpg', Buffer.from('thumb'), 'image/jpeg');
    expect((await store.read('img-2'))!.toString()).toBe('second, longer');
    expect((await store.read('2026/12/img-2.thumb.jpg'))!.toString()).toBe('thumb');
  });

  it('deletes an object; deleting a missing one is not an error', async () => {
    await store.put('img-3', Buffer.from('x'), 'image/jpeg');
    await store.delete('img-3');
    expect(await store.get('img-3')).toBeNull();
    expect(await store.exists('img-3')).toBe(false);
    await expect(store.delete('img-3')).resolves.toBeUndefined();
  });

  it('concurrent writers of one key leave one whole object, never a mix', async () => {
    const versions = Array.from({ length: 8 }, (_, i) => Buffer.alloc(64 * 1024, i + 1));
    await Promise.all(versions.map((v) => store.put('contended', v, 'image/jpeg')));
    const got = (await store.read('contended'))!;
    expect(versions.some((v) => v.equals(got))).toBe(true);
  });

  it('keeps areas apart: one area does not see another area’s keys', async () => {
    const other = area(kind, 'content');
    await store.put('shared-name', Buffer.from('chat'), 'image/jpeg');
    await other.put('shared-name', Buffer.from('content'), 'image/jpeg');
    expect((await store.read('shared-name'))!.toString()).toBe('chat');
    expect((await other.read('shared-name'))!.toString()).toBe('content');
    await other.delete('shared-name');
    expect(await store.exists('shared-name')).toBe(true);
  });

  it.each(UNSAFE_KEYS)('refuses the unsafe key %j on every method before any I/O', async (key) => {
    const bytes = Buffer.from('should never be written');
    await expect(store.put(key, bytes, 'image/jpeg')).rejects.toBeInstanceOf(UnsafeKeyError);
    await expect(store.get(key)).rejects.toBeInstanceOf(UnsafeKeyError);
    await expect(store.read(key)).rejects.toBeInstanceOf(UnsafeKeyError);
    await expect(store.exists(key)).rejects.toBeInstanceOf(UnsafeKeyError);
    await expect(store.delete(key)).rejects.toBeInstanceOf(UnsafeKeyError);
  });
});

describe('local disk', () => {
  it('writes under its own directory only, leaving no temporary files', async () => {
    const dir = path.join(localRoot, 'isolated');
    const store = storages.local.area('isolated', dir);
    await store.put('a/b.jpg', Buffer.from('x'), 'image/jpeg');
    await store.put('c', Buffer.from('y'), 'image/jpeg');
    await expect(store.put('../escaped', Buffer.from('z'), 'image/jpeg')).rejects.toBeInstanceOf(UnsafeKeyError);
    expect(fs.existsSync(path.join(localRoot, 'escaped'))).toBe(false);
    expect(fs.readdirSync(dir, { recursive: true }).map(String).sort()).toEqual(['a', path.join('a', 'b.jpg'), 'c']);
  });

  it('keeps the file names chat images and covers have always had on disk', async () => {
    const dir = path.join(localRoot, 'legacy');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, '0c6f3c1e-4a7b-4f7e-9a3b-6a1f8d2c9e01.thumb.jpg'), 'old thumb');
    const store = storages.local.area('chat', dir);
    expect((await store.read('0c6f3c1e-4a7b-4f7e-9a3b-6a1f8d2c9e01.thumb.jpg'))!.toString()).toBe('old thumb');
  });
});

describe('S3', () => {
  it('stores each area under its prefix in the one bucket, with the content type', async () => {
    const store = area('s3', 'covers');
    await store.put('c1.jpg', Buffer.from('jpeg'), 'image/jpeg');
    expect(await s3.keys('covers/')).toEqual(['covers/c1.jpg']);
    const head = await s3.client.send(new HeadObjectCommand({ Bucket: s3.settings.bucket, Key: 'covers/c1.jpg' }));
    expect(head.ContentType).toBe('image/jpeg');
  });

  it('answers 503 UPSTREAM_UNAVAILABLE (not a 500) when the storage server cannot be reached', async () => {
    const down = await startS3('hp-down');
    const settings = down.settings;
    await down.close();
    const storage = createStorage({ kind: 's3', ...settings });
    try {
      const err = await storage
        .area('chat', localRoot)
        .get('img-1')
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect(err).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', status: 503 });
    } finally {
      storage.close();
    }
  });
});
