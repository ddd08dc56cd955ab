import { createHash } from 'node:crypto';
import busboy from 'busboy';
import sharp from 'sharp';
import type Koa from 'koa';
import type { DataSource } from 'typeorm';
import { COVER_LIMITS, type UploadedImage } from '@healthpocket/shared-types';
import { ContentImage } from '../../db/entities';
import { newId } from '../../db/columns';
import type { Audit, Scope } from '../../audit/audit';
import { AppError, errors } from '../../errors';
import type { ObjectStore } from '../../storage';
import { imageUrl } from './presenters';

const FORMATS: Record<string, string> = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };
const MAX_PIXELS = 40_000_000;
const OUTPUT_WIDTH = 1600;

/** Reads the one file of a multipart/form-data request, refusing more than `maxBytes`. */
function readOneFile(ctx: Koa.Context, maxBytes: number): Promise<Buffer> {
  if (!ctx.is('multipart/form-data')) return Promise.reject(errors.of('UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 上传图片'));
  const declared = Number(ctx.get('content-length') || 0);
  if (declared > maxBytes + 64 * 1024) return Promise.reject(errors.of('IMAGE_TOO_LARGE'));
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: ctx.req.headers, limits: { files: 1, fileSize: maxBytes, fields: 10, parts: 12 } });
    } catch {
      return reject(errors.of('MALFORMED_REQUEST'));
    }
    let file: Buffer | null = null;
    let failure: AppError | null = null;
    bb.on('file', (_name, stream) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('limit', () => {
        failure = errors.of('IMAGE_TOO_LARGE');
        stream.resume();
      });
      stream.on('end', () => {
        if (!failure && !file) file = Buffer.concat(chunks);
      });
    });
    bb.on('filesLimit', () => (failure ??= errors.badInput([{ path: 'file', message: '一次只能上传一张图片' }], '一次只能上传一张图片')));
    bb.on('error', () => reject(errors.of('MALFORMED_REQUEST')));
    bb.on('close', () => {
      if (failure) return reject(failure);
      if (!file || file.length === 0) return reject(errors.badInput([{ path: 'file', message: '请选择要上传的图片' }], '请选择要上传的图片'));
      resolve(file);
    });
    ctx.req.pipe(bb);
  });
}

/**
 * Cover images: the type is decided from the bytes (not the file name or the declared type), then
 * the image is re-encoded as JPEG, which drops EXIF (GPS positions from phones) and anything
 * hidden after the image data, and bounds the size residents download.
 */
export class Uploads {
  constructor(
    private readonly ds: DataSource,
    private readonly store: ObjectStore,
    private readonly audit: Audit,
  ) {}

  async upload(scope: Scope, ctx: Koa.Context): Promise<UploadedImage> {
    const input = await readOneFile(ctx, COVER_LIMITS.maxBytes);
    let meta: sharp.Metadata;
    try {
      meta = await sharp(input, { limitInputPixels: MAX_PIXELS }).metadata();
    } catch {
      throw errors.of('IMAGE_INVALID');
    }
    if (!meta.format || !FORMATS[meta.format]) throw errors.of('IMAGE_TYPE_UNSUPPORTED');
    if ((meta.width ?? 0) > COVER_LIMITS.maxSide || (meta.height ?? 0) > COVER_LIMITS.maxSide) {
      throw errors.badInput([{ path: 'file', message: `图片边长不能超过${COVER_LIMITS.maxSide}像素` }], `图片边长不能超过${COVER_LIMITS.maxSide}像素`);
    }
    let out: { data: Buffer; info: sharp.OutputInfo };
    try {
      out = await sharp(input, { limitInputPixels: MAX_PIXELS })
        .rotate()
        .resize({ width: OUTPUT_WIDTH, withoutEnlargement: true })
        .flatten({ background: '#ffffff' })
        .jpeg({ quality: 82, mozjpeg: true })
        .toBuffer({ resolveWithObject: true });
    } catch {
      throw errors.of('IMAGE_INVALID');
    }
    const id = newId();
    await this.store.put(this.keyOf(id), out.data, 'image/jpeg');
    const row: ContentImage = {
      id,
      sha256: createHash('sha256').update(out.data).digest('hex'),
      mime: 'image/jpeg',
      bytes: out.data.length,
      width: out.info.width,
      height: out.info.height,
      uploadedByUserId: scope.actor.userId,
      createdAt: new Date(),
    };
    try {
      await this.ds.getRepository(ContentImage).insert(row);
    } catch (e) {
      // No row, no way to reach the object: remove it rather than leave an orphan.
      await this.store.delete(this.keyOf(id)).catch(() => undefined);
      throw e;
    }
    await this.audit.record(scope, { action: 'content.image.upload', subjectType: 'image', subjectId: id, detail: { sourceFormat: meta.format, bytes: input.length } });
    return { id, url: imageUrl(id)!, width: row.width, height: row.height, bytes: row.bytes };
  }

  private keyOf(id: string): string {
    return `${id}.jpg`;
  }

  /** Streams a stored image; ids are UUIDs, checked before touching the store. */
  async serve(ctx: Koa.Context, id: string): Promise<void> {
    if (!/^[0-9a-f-]{36}$/.test(id)) throw errors.notFound('图片不存在');
    const row = await this.ds.getRepository(ContentImage).findOneBy({ id });
    const obj = row && (await this.store.get(this.keyOf(id)));
    if (!row || !obj) throw errors.notFound('图片不存在');
    ctx.set('Cache-Control', 'public, max-age=31536000, immutable');
    ctx.set('Content-Security-Policy', "default-src 'none'");
    ctx.type = row.mime;
    ctx.length = obj.length;
    ctx.body = obj.body;
  }
}
