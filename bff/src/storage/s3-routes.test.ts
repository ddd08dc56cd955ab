import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { startStack, type Stack } from '../../test/harness';
import { startS3, type TestS3 } from '../../test/s3';
import { operatorToken } from '../modules/content/test-helpers';
import { ZHANG_WEI, clientId, residentWithConsent } from '../modules/doctor/test-helpers';
import { ChatImage } from '../modules/doctor/entities';
import { ContentImage } from '../db/entities';

jest.setTimeout(60_000);

let s: Stack;
let s3: TestS3;
let op: string;
let zw: Awaited<ReturnType<typeof residentWithConsent>>;
let convId: string;
const localDirs = { chat: fs.mkdtempSync(path.join(os.tmpdir(), 'hp-chat-')), content: fs.mkdtempSync(path.join(os.tmpdir(), 'hp-content-')) };
let s3Closed = false;

beforeAll(async () => {
  s3 = await startS3();
  // The local directories are set too: with S3_BUCKET nothing may land in them.
  s = await startStack({ ...s3.env, CHAT_UPLOAD_DIR: localDirs.chat, CONTENT_UPLOAD_DIR: localDirs.content });
  op = await operatorToken(s);
  zw = await residentWithConsent(s, ZHANG_WEI);
  const conv = await s.api('POST', '/api/v1/doctor/conversations', { token: zw.token, body: { memberId: zw.selfId } });
  if (!conv.body?.id) throw new Error(`opening the conversation failed: ${conv.status} ${JSON.stringify(conv.body)}`);
  convId = conv.body.id;
});
afterAll(async () => {
  await s.close();
  if (!s3Closed) await s3.close();
  for (const dir of Object.values(localDirs)) fs.rmSync(dir, { recursive: true, force: true });
});

async function postFile(url: string, token: string, bytes: Buffer, filename: string, type: string) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), filename);
  const res = await fetch(s.bff.url + url, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  return { status: res.status, body: (await res.json()) as any };
}

const png = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: '#2a6f97' } })
    .png()
    .toBuffer();

describe('uploads with S3 configured', () => {
  it('stores a cover in the bucket (not on local disk) and serves it back through the BFF', async () => {
    expect(s.bff.services.storage.kind).toBe('s3');
    const up = await postFile('/api/v1/console/content/images', op, await png(64, 32), 'cover.png', 'image/png');
    expect(up.status).toBe(201);
    expect(await s3.keys('content/')).toEqual([`content/${up.body.id}.jpg`]);
    const img = await fetch(s.bff.url + up.body.url);
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toBe('image/jpeg');
    const bytes = Buffer.from(await img.arrayBuffer());
    expect(Number(img.headers.get('content-length'))).toBe(bytes.length);
    expect(bytes.length).toBe(up.body.bytes);
    expect((await sharp(bytes).metadata()).width).toBe(64);
    expect(fs.readdirSync(localDirs.content)).toEqual([]);
  });

  it('stores a chat image and its thumbnail in the bucket, readable only by the signed, unexpired URL', async () => {
    const up = await postFile(`/api/v1/doctor/conversations/${convId}/images`, zw.token, await png(1200, 800), '化验单.png', 'image/png');
    expect(up.status).toBe(201);
    const id = up.body.id as string;
    expect(await s3.keys('chat/')).toEqual([`chat/${id}`, `chat/${id}.thumb.jpg`]);
    expect(fs.readdirSync(localDirs.chat)).toEqual([]);

    const sent = await s.api('POST', `/api/v1/doctor/conversations/${convId}/messages`, { token: zw.token, body: { clientId: clientId(), kind: 'image', imageId: id } });
    expect(sent.status).toBe(201);
    const full = await fetch(s.bff.url + sent.body.image.url);
    expect(full.status).toBe(200);
    expect(full.headers.get('content-type')).toBe('image/png');
    expect(full.headers.get('cache-control')).toBe('no-store');
    expect((await sharp(Buffer.from(await full.arrayBuffer())).metadata()).width).toBe(1200);
    const thumb = await fetch(s.bff.url + sent.body.image.thumbUrl);
    expect(thumb.status).toBe(200);
    const meta = await sharp(Buffer.from(await thumb.arrayBuffer())).metadata();
    expect([meta.format, Math.max(meta.width!, meta.height!)]).toEqual(['jpeg', 320]);

    // A wrong signature, the full image's signature used for the thumbnail, no signature, and a
    // correctly signed URL that has expired: all refused.
    const base = `${s.bff.url}/api/v1/doctor/images/${id}`;
    expect((await fetch(s.bff.url + sent.body.image.url.replace(/sig=[^&]+/, 'sig=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'))).status).toBe(404);
    expect((await fetch(s.bff.url + sent.body.image.url + '&thumb=1')).status).toBe(404);
    expect((await fetch(base)).status).toBe(400);
    const expired = s.bff.services.doctor.images.urls(id, Date.now() - 2 * 3600 * 1000);
    const refused = await fetch(s.bff.url + expired.url);
    expect(refused.status).toBe(404);
    expect(((await refused.json()) as any).error.message).toBe('图片链接已失效，请刷新后重试');
    expect((await fetch(s.bff.url + expired.thumbUrl)).status).toBe(404);
  });

  it('removes the stored objects again when the upload’s row cannot be written', async () => {
    const before = await s3.keys();
    for (const [entity, url] of [
      [ChatImage, `/api/v1/doctor/conversations/${convId}/images`],
      [ContentImage, '/api/v1/console/content/images'],
    ] as const) {
      const repo = s.bff.services.ds.getRepository(entity);
      const insert = jest.spyOn(repo, 'insert').mockRejectedValueOnce(new Error('database gone'));
      try {
        expect((await postFile(url, url.includes('console') ? op : zw.token, await png(30, 30), 'a.png', 'image/png')).status).toBe(500);
      } finally {
        insert.mockRestore();
      }
    }
    expect(await s3.keys()).toEqual(before);
  });

  it('answers 503 with a message a resident can act on while the storage server is down', async () => {
    const cover = await postFile('/api/v1/console/content/images', op, await png(16, 16), 'cover.png', 'image/png');
    await s3.close();
    s3Closed = true;
    const read = await s.api('GET', cover.body.url);
    expect(read.status).toBe(503);
    expect(read.body.error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', message: '图片存储暂时无法访问，请稍后再试' });
    const up = await postFile(`/api/v1/doctor/conversations/${convId}/images`, zw.token, await png(20, 20), 'a.png', 'image/png');
    expect(up.status).toBe(503);
    expect(up.body.error.code).toBe('UPSTREAM_UNAVAILABLE');
  });
});
