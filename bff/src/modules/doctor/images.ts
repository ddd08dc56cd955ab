import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import busboy from 'busboy';
import sharp from 'sharp';
import { errors } from '../../errors';
import type { ObjectStore, StoredObject } from '../../storage';

const IMAGE_MAX_BYTES = 5 * 1024 * 1024;
const IMAGE_TYPES = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' } as const;
const THUMB_EDGE = 320;
/** Decompression bombs: a small file that decodes to a gigantic bitmap. */
const MAX_PIXELS = 40_000_000;
const URL_TTL_SECONDS = 3600;

export interface StoredImage {
  mime: string;
  bytes: number;
  width: number;
  height: number;
  sha256: string;
}

/**
 * Chat images in the object store (a local directory, or a private S3 bucket every instance
 * shares); clients reach them only through the BFF, by signed, expiring URLs. Images are
 * re-encoded, which drops EXIF (GPS position, device) and checks the bytes are really an image of
 * an allowed type whatever the file name or content type said.
 */
export class ImageStore {
  constructor(
    private readonly store: ObjectStore,
    private readonly signingKey: Buffer,
  ) {}

  /** Reads the one `file` part of a multipart upload, refusing it past the size limit. */
  async readUpload(req: IncomingMessage): Promise<Buffer> {
    const type = req.headers['content-type'] ?? '';
    if (!type.startsWith('multipart/form-data')) throw errors.of('UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 上传图片（字段名 file）');
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > IMAGE_MAX_BYTES + 64 * 1024) throw errors.of('CHAT_IMAGE_TOO_LARGE');
    return new Promise<Buffer>((resolve, reject) => {
      let bb: busboy.Busboy;
      try {
        bb = busboy({ headers: req.headers, limits: { files: 1, fileSize: IMAGE_MAX_BYTES, fields: 5, parts: 6 } });
      } catch {
        return reject(errors.of('MALFORMED_REQUEST'));
      }
      let file: Buffer | null = null;
      let failed: Error | null = null;
      bb.on('file', (name, stream) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('limit', () => {
          failed = errors.of('CHAT_IMAGE_TOO_LARGE');
          stream.resume();
        });
        stream.on('end', () => {
          if (name === 'file' && !failed) file = Buffer.concat(chunks);
        });
      });
      bb.on('error', () => reject(errors.of('MALFORMED_REQUEST')));
      bb.on('close', () => {
        if (failed) return reject(failed);
        if (!file || file.length === 0) return reject(errors.badInput([{ path: 'file', message: '请选择要发送的图片' }], '请选择要发送的图片'));
        resolve(file);
      });
      req.pipe(bb);
    });
  }

  /** Validates, re-encodes and stores an image and its thumbnail under `id`. */
  async save(id: string, input: Buffer): Promise<StoredImage> {
    let meta: sharp.Metadata;
    try {
      meta = await sharp(input, { limitInputPixels: MAX_PIXELS }).metadata();
    } catch {
      throw errors.of('CHAT_IMAGE_TYPE_UNSUPPORTED');
    }
    const format = meta.format as keyof typeof IMAGE_TYPES;
    if (!(format in IMAGE_TYPES)) throw errors.of('CHAT_IMAGE_TYPE_UNSUPPORTED');
    let full: { data: Buffer; info: sharp.OutputInfo };
    let thumb: Buffer;
    try {
      // rotate() applies the EXIF orientation before the metadata is dropped.
      const base = () => sharp(input, { limitInputPixels: MAX_PIXELS }).rotate();
      full = await base().toFormat(format).toBuffer({ resolveWithObject: true });
      thumb = await base().resize(THUMB_EDGE, THUMB_EDGE, { fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 75 }).toBuffer();
    } catch {
      throw errors.of('CHAT_IMAGE_TYPE_UNSUPPORTED', '图片已损坏或无法识别，请换一张');
    }
    // The thumbnail first: a message is sent with the full image, which must then have both.
    await this.store.put(this.key(id, true), thumb, 'image/jpeg');
    await this.store.put(this.key(id), full.data, IMAGE_TYPES[format]);
    return {
      mime: IMAGE_TYPES[format],
      bytes: full.data.length,
      width: full.info.width,
      height: full.info.height,
      sha256: createHash('sha256').update(full.data).digest('hex'),
    };
  }

  /** Removes an image and its thumbnail (an upload whose row could not be written). */
  async remove(id: string): Promise<void> {
    await Promise.all([this.store.delete(this.key(id)), this.store.delete(this.key(id, true))]);
  }

  /** Opens an image or its thumbnail for streaming (null when there is none). */
  async open(id: string, thumb: boolean): Promise<StoredObject | null> {
    return this.store.get(this.key(id, thumb));
  }

  /** Image URLs carry an expiring signature: an <Image> tag cannot send the Authorization header. */
  urls(id: string, now = Date.now()): { url: string; thumbUrl: string } {
    const exp = Math.floor(now / 1000) + URL_TTL_SECONDS;
    const base = `/api/v1/doctor/images/${id}`;
    return {
      url: `${base}?exp=${exp}&sig=${this.sig(id, exp, false)}`,
      thumbUrl: `${base}?exp=${exp}&thumb=1&sig=${this.sig(id, exp, true)}`,
    };
  }

  verify(id: string, exp: number, thumb: boolean, sig: string): boolean {
    if (!Number.isFinite(exp) || exp * 1000 < Date.now()) return false;
    const want = Buffer.from(this.sig(id, exp, thumb));
    const got = Buffer.from(sig);
    return want.length === got.length && timingSafeEqual(want, got);
  }

  private sig(id: string, exp: number, thumb: boolean) {
    return createHmac('sha256', this.signingKey)
      .update(`${id}|${exp}|${thumb ? 't' : 'f'}`)
      .digest('base64url')
      .slice(0, 32);
  }

  /** The keys of an image and its thumbnail (the file names chat images have always had on disk). */
  private key(id: string, thumb = false) {
    if (!/^[0-9a-f-]{36}$/.test(id)) throw errors.notFound();
    return thumb ? `${id}.thumb.jpg` : id;
  }
}
